//===--- SummaryExport.h - a TU's function summaries for other TUs -*- C++
//-*-===//
//
// A hidden clang-tidy check, conctidy-internal-summary-export, that computes
// the summary of every externally visible function defined in the
// translation unit (outside system headers) and hands the table to the
// worker (SummaryFile.h), which writes it for the link phase. It reports
// nothing. Channels are recognized with the options of
// conc-unreceived-channel-send, as that check would.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_SUMMARYEXPORT_H
#define CONCTIDY_TOOLS_CONCTIDY_SUMMARYEXPORT_H

#include "conctidy/Analysis/SummaryFile.h"

namespace conctidy::cli {

inline constexpr char SummaryExportCheckName[] =
    "conctidy-internal-summary-export";

/// Makes the check store its table in \p Sink (nullptr: compute nothing).
/// One translation unit per process, so a global is enough.
void setSummaryExportSink(SummaryTable *Sink);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_SUMMARYEXPORT_H

//===--- SarifReport.h - --format=sarif -------------------------*- C++ -*-===//
//
// A SARIF 2.1.0 log with one run: a rule per check, carrying its help from
// docs/checks; a result per diagnostic other than compiler errors (the
// conc-* findings, and compiler warnings if the configuration enables them)
// with its location, enclosing function
// (logical location), notes (related locations), fix-its (fixes) and a
// line-independent fingerprint; compiler errors and failed translation units
// as tool execution notifications.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_SARIFREPORT_H
#define CONCTIDY_TOOLS_CONCTIDY_SARIFREPORT_H

#include "Findings.h"
#include "Report.h"
#include "llvm/Support/raw_ostream.h"

namespace conctidy::cli {

/// Files under \p BaseDir are written relative to it (uriBaseId
/// "SRCROOT"), others as absolute file URIs.
void writeSarifReport(llvm::ArrayRef<Finding> Findings,
                      llvm::ArrayRef<TranslationUnitResult> Results,
                      llvm::StringRef BaseDir, llvm::raw_ostream &OS);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_SARIFREPORT_H

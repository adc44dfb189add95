//===--- JsonReport.h - --format=json ---------------------------*- C++ -*-===//
//
// conctidy's own JSON report: every diagnostic with its check, level, file,
// line, column, enclosing function, notes and fix-its; the translation units
// that failed and why; and the summary. docs/cli.md documents the format.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_JSONREPORT_H
#define CONCTIDY_TOOLS_CONCTIDY_JSONREPORT_H

#include "Findings.h"
#include "Report.h"
#include "llvm/Support/raw_ostream.h"

namespace conctidy::cli {

void writeJsonReport(llvm::ArrayRef<Finding> Findings,
                     llvm::ArrayRef<TranslationUnitResult> Results,
                     const Summary &S, llvm::raw_ostream &OS);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_JSONREPORT_H

//===--- ExitCode.h - conctidy's exit codes ---------------------*- C++ -*-===//
//
// The process exit codes of the conctidy CLI; docs/cli.md documents them.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_EXITCODE_H
#define CONCTIDY_TOOLS_CONCTIDY_EXITCODE_H

namespace conctidy::cli {

enum class ExitCode : int {
  /// Every translation unit was analyzed and nothing was found.
  Clean = 0,
  /// At least one conc-* check reported a finding.
  Findings = 1,
  /// A bad option, or an input or configuration that cannot be loaded.
  UsageError = 2,
  /// At least one translation unit could not be analyzed (it does not
  /// compile). Takes precedence over Findings.
  AnalysisFailed = 3,
  /// Stopped by a signal: 128 + the signal, as a shell reports a death by
  /// it; nothing was written.
  InterruptedByHangup = 129,    // SIGHUP
  InterruptedByInterrupt = 130, // SIGINT
  InterruptedByTerminate = 143, // SIGTERM
};

inline int toInt(ExitCode Code) { return static_cast<int>(Code); }

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_EXITCODE_H

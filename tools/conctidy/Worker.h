//===--- Worker.h - analyze one translation unit in a child -----*- C++ -*-===//
//
// `conctidy --conctidy-worker=<file> --conctidy-worker-output=<json> <the
// parent's arguments>` analyzes one translation unit and writes its result
// (Wire.h) to <json>. The parent runs one such process per translation unit,
// so a crash or a hang in the analysis of one file costs only that file.
//
// For testing, the worker honors two environment variables: if its file's
// path contains the value of CONCTIDY_TEST_CRASH_ON it aborts, and if it
// contains that of CONCTIDY_TEST_HANG_ON it sleeps forever.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_WORKER_H
#define CONCTIDY_TOOLS_CONCTIDY_WORKER_H

#include "ExitCode.h"
#include "Options.h"

namespace conctidy::cli {

/// Runs the worker for CL.WorkerFile; returns Clean once the result is
/// written, UsageError if it could not be.
ExitCode runWorker(CommandLine &CL);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_WORKER_H

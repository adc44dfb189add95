//===--- Driver.h - what a conctidy run does --------------------*- C++ -*-===//
//
// Loads the configuration and inputs, analyzes each translation unit, and
// reports the results.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_DRIVER_H
#define CONCTIDY_TOOLS_CONCTIDY_DRIVER_H

#include "ExitCode.h"
#include "Options.h"

namespace conctidy::cli {

ExitCode run(CommandLine &CL);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_DRIVER_H

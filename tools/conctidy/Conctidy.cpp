//===--- Conctidy.cpp - the conctidy command-line tool --------------------===//
//
// `conctidy -p <build-dir> [files...]` or `conctidy files... -- <flags>`:
// runs the conc-* checks through the clang-tidy library. See docs/cli.md.
//
//===----------------------------------------------------------------------===//

#include "Driver.h"
#include "LspServer.h"
#include "Options.h"
#include "llvm/Support/InitLLVM.h"

// Keeps the object file that registers the conc-* checks
// (lib/Checks/ConcTidyModule.cpp) in the link.
extern volatile int ConcTidyModuleAnchorSource;
[[maybe_unused]] static int ConcTidyModuleAnchorDestination =
    ConcTidyModuleAnchorSource;

int main(int Argc, const char **Argv) {
  llvm::InitLLVM X(Argc, Argv);
  // `conctidy lsp [options]`: the language server (LspServer.h).
  if (Argc >= 2 && llvm::StringRef(Argv[1]) == "lsp")
    return conctidy::cli::runLanguageServer(
        Argv[0], std::vector<std::string>(Argv + 2, Argv + Argc));
  std::optional<conctidy::cli::CommandLine> CL =
      conctidy::cli::parseCommandLine(Argc, Argv);
  if (!CL)
    return conctidy::cli::toInt(conctidy::cli::ExitCode::UsageError);
  return conctidy::cli::toInt(conctidy::cli::run(*CL));
}

//===--- Analyzer.cpp - analyze one translation unit ----------------------===//

#include "Analyzer.h"
#include "Config.h"
#include "clang-tidy/ClangTidy.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"

using namespace clang::tidy;
using namespace llvm;

namespace conctidy::cli {

bool isFinding(const ClangTidyError &Diag) {
  return StringRef(Diag.DiagnosticName).starts_with("conc-");
}

bool isCompilerError(const ClangTidyError &Diag) {
  // Compiler errors are named "clang-diagnostic-error", or after their
  // warning flag if -Werror turned a warning into one.
  return Diag.DiagLevel == ClangTidyError::Error && !Diag.IsWarningAsError &&
         StringRef(Diag.DiagnosticName).starts_with("clang-diagnostic-");
}

TranslationUnitResult
analyzeTranslationUnit(const clang::tooling::CompilationDatabase &Database,
                       StringRef File, const TidyConfig &Config,
                       IntrusiveRefCntPtr<vfs::OverlayFileSystem> BaseFS) {
  TranslationUnitResult Result;
  Result.File = File.str();
  // clang's tooling aborts the process if a compile command's directory does
  // not exist (a stale database); fail just this translation unit instead.
  for (const clang::tooling::CompileCommand &Command :
       Database.getCompileCommands(File))
    if (!sys::fs::is_directory(Command.Directory)) {
      Result.Failed = true;
      Result.Problem = "the directory of its compile command, '" +
                       Command.Directory + "', does not exist";
      return Result;
    }

  ClangTidyContext Context(Config.makeProvider(),
                           /*AllowEnablingAnalyzerAlphaCheckers=*/false,
                           /*EnableModuleHeadersParsing=*/false,
                           /*ExperimentalCustomChecks=*/false);
  // Quiet: no "N warnings generated." per translation unit; conctidy prints
  // its own summary.
  Result.Diagnostics = runClangTidy(Context, Database, {Result.File},
                                    std::move(BaseFS), /*ApplyAnyFix=*/false,
                                    /*EnableCheckProfile=*/false,
                                    /*StoreCheckProfile=*/"", /*Quiet=*/true);
  Result.Failed = any_of(Result.Diagnostics, isCompilerError);
  return Result;
}

} // namespace conctidy::cli

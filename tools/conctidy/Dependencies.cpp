//===--- Dependencies.cpp - which translation units include a file --------===//

#include "Dependencies.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/DependencyScanning/DependencyScanningService.h"
#include "clang/Tooling/DependencyScanningTool.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

using namespace clang::tooling;
using namespace llvm;

namespace conctidy::cli {

/// The prerequisites of a make rule ("out.o: a.cpp b.h \\\n c.h"), with
/// escaped spaces ("\ ") and "$$" read as make writes them.
static std::vector<std::string> prerequisites(StringRef Rule) {
  size_t Colon = Rule.find(": ");
  if (Colon == StringRef::npos)
    return {};
  Rule = Rule.drop_front(Colon + 2);
  std::vector<std::string> Paths;
  std::string Current;
  for (size_t I = 0; I < Rule.size(); ++I) {
    char C = Rule[I];
    if (C == '\\' && I + 1 < Rule.size() &&
        (Rule[I + 1] == ' ' || Rule[I + 1] == '#')) {
      Current += Rule[++I];
      continue;
    }
    if (C == '\\' && I + 1 < Rule.size() &&
        (Rule[I + 1] == '\n' || Rule[I + 1] == '\r')) {
      ++I;
      continue;
    }
    if (C == '$' && I + 1 < Rule.size() && Rule[I + 1] == '$') {
      Current += '$';
      ++I;
      continue;
    }
    if (C == ' ' || C == '\n' || C == '\r' || C == '\t') {
      if (!Current.empty())
        Paths.push_back(std::move(Current));
      Current.clear();
      continue;
    }
    Current += C;
  }
  if (!Current.empty())
    Paths.push_back(std::move(Current));
  return Paths;
}

namespace {
/// Counts the errors (the base class does) and prints nothing.
struct ErrorCounter : clang::DiagnosticConsumer {
  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
  }
};
} // namespace

std::vector<bool> includesAny(const CompilationDatabase &Database,
                              ArrayRef<std::string> Files,
                              const StringSet<> &Headers, unsigned Jobs) {
  // The database is not made to be read from several threads.
  std::vector<std::vector<CompileCommand>> Commands;
  for (const std::string &File : Files)
    Commands.push_back(Database.getCompileCommands(File));

  clang::dependencies::DependencyScanningService Service(
      clang::dependencies::ScanningMode::DependencyDirectivesScan,
      clang::dependencies::ScanningOutputFormat::Make);
  // std::vector<bool> packs bits: each thread writes a char of its own.
  std::vector<char> Includes(Files.size(), 0);
  DefaultThreadPool Pool(hardware_concurrency(std::max(1u, Jobs)));
  for (size_t I = 0; I < Files.size(); ++I)
    Pool.async([&, I] {
      DependencyScanningTool Tool(Service);
      for (const CompileCommand &Command : Commands[I]) {
        ErrorCounter Errors;
        std::optional<std::string> Rule = Tool.getDependencyFile(
            Command.CommandLine, Command.Directory, Errors);
        // A missing header may be the changed one, or include it.
        if (!Rule || Errors.getNumErrors()) {
          Includes[I] = 1;
          return;
        }
        for (const std::string &Dependency : prerequisites(*Rule)) {
          SmallString<256> Path;
          if (sys::path::is_absolute(Dependency)) {
            Path = Dependency;
          } else {
            Path = Command.Directory;
            sys::path::append(Path, Dependency);
          }
          sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
          if (Headers.contains(Path)) {
            Includes[I] = 1;
            return;
          }
        }
      }
    });
  Pool.wait();
  return std::vector<bool>(Includes.begin(), Includes.end());
}

} // namespace conctidy::cli

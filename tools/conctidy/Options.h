//===--- Options.h - conctidy's command line --------------------*- C++ -*-===//
//
// Parses the command line of the conctidy CLI into a CommandLine value.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_OPTIONS_H
#define CONCTIDY_TOOLS_CONCTIDY_OPTIONS_H

#include "Config.h"
#include "clang/Tooling/CompilationDatabase.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace conctidy::cli {

enum class OutputFormat { Text, Json, Sarif };

/// What the user asked for.
struct CommandLine {
  /// The argument of '-p': a build directory (or its compile_commands.json).
  std::optional<std::string> BuildPath;
  /// The compiler flags given after '--', as a database for any file.
  std::unique_ptr<clang::tooling::CompilationDatabase> FixedDatabase;
  /// The files named on the command line, as given.
  std::vector<std::string> Paths;
  /// --exclude: patterns of files not to analyze.
  std::vector<std::string> Excludes;
  /// --checks, --config and --config-file.
  ConfigSettings Config;
  bool ListChecks = false;
  bool Quiet = false;
  /// -j: translation units analyzed at once.
  unsigned Jobs = 1;
  /// --timeout: seconds one translation unit may take; 0: no limit.
  unsigned TimeoutSeconds = 0;

  /// argv[0], to find this program again.
  std::string Argv0;
  /// --format and -o (only for JSON and SARIF; empty: stdout).
  OutputFormat Format = OutputFormat::Text;
  std::optional<std::string> OutputFile;
  /// --baseline: leave out the findings this file records.
  std::optional<std::string> BaselineFile;
  /// --write-baseline: record all findings in this file.
  std::optional<std::string> WriteBaselineFile;

  /// --diff=<rev> and --diff-file=<patch|->: analyze the changed files and
  /// report only the findings on changed lines.
  std::optional<std::string> DiffRevision;
  std::optional<std::string> DiffFile;

  /// --fix: apply the fix-its to the files.
  bool Fix = false;
  /// --export-fixes: write the fix-its to this YAML file.
  std::optional<std::string> ExportFixesFile;

  /// The arguments as given, without argv[0]; workers get them again.
  std::vector<std::string> Arguments;
  /// In a worker process (Worker.h): the file to analyze and where to write
  /// its result.
  std::optional<std::string> WorkerFile;
  std::optional<std::string> WorkerOutput;
  /// In a worker: the file with its compile commands, and the parent's pid.
  std::optional<std::string> WorkerCommands;
  std::optional<unsigned> ParentPid;
  /// In a worker for the language server: find the file's compile command
  /// as clangd does (Worker.h).
  bool WorkerDiscover = false;
  /// In a worker of the first --cross-tu pass: compute the summaries only
  /// and write them here.
  std::optional<std::string> WorkerExportSummaries;
  /// In a worker of the second pass: the linked summaries to read.
  std::optional<std::string> WorkerLinkedSummaries;
  /// In a worker for --cache-dir: record the unit's inputs and linked
  /// lookups (InputDigests.h).
  bool WorkerDigestInputs = false;

  /// --cache-dir: reuse the results of unchanged units (ResultCache.h).
  std::optional<std::string> CacheDir;

  /// --cross-tu and --summaries-dir.
  bool CrossTU = false;
  /// --cross-tu-rounds: export rounds of the link phase (at least 1).
  unsigned CrossTURounds = 1;
  std::optional<std::string> SummariesDir;
};

/// Parses the command line. --help and --version print and exit the
/// process. On a usage error, prints it to stderr and returns std::nullopt.
std::optional<CommandLine> parseCommandLine(int Argc, const char **Argv);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_OPTIONS_H

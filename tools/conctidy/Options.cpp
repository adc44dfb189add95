//===--- Options.cpp - conctidy's command line ----------------------------===//

#include "Options.h"
#include "Version.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang::tooling;
using namespace llvm;

namespace conctidy::cli {

static const char Overview[] = R"(conctidy - finds concurrency bugs in C++ code

conctidy runs the conc-* clang-tidy checks (for example conc-unjoined-thread)
over the translation units of a compilation database, or over files given
with their compiler flags after '--'. Findings are printed to stdout exactly
as clang-tidy prints them; a summary goes to stderr.

Examples:
  Analyze every file of a CMake build (configured with
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON):
    conctidy -p build

  Analyze two files of that build, or the files that globs match:
    conctidy -p build src/pool.cpp src/main.cpp
    conctidy -p build 'src/**/*.cpp' --exclude='src/third_party/**'

  Analyze a file with explicit compiler flags:
    conctidy worker.cpp -- -std=c++17 -Iinclude

  Apply the fix-its, or write them for clang-apply-replacements:
    conctidy -p build --fix
    conctidy -p build --export-fixes=fixes.yaml

  In CI: a SARIF report, only the findings that are not in the baseline:
    conctidy -p build --baseline=conctidy-baseline.json --format=sarif -o conctidy.sarif

  In a pull request: only the findings on the lines it changes:
    conctidy -p build --diff=origin/main...

  Run one check only, or list the enabled checks:
    conctidy --checks='-*,conc-unjoined-thread' -p build
    conctidy --list-checks
)";

static cl::OptionCategory Category("conctidy options");

static cl::extrahelp ExitCodeHelp(R"(
Exit codes:
  0  no findings, and every translation unit was analyzed
  1  at least one finding (that is not in the --baseline)
  2  usage error: bad option, or a compilation database, file,
     configuration, baseline or patch that cannot be loaded, a
     configuration that enables no check or names an unknown one,
     or an output file that cannot be written
  3  at least one translation unit failed to analyze (it does not
     compile, its analysis crashed or timed out); takes precedence
     over 1
  129, 130, 143  stopped by SIGHUP, SIGINT or SIGTERM (128 + the
     signal): the workers are killed, nothing is written

The language server for editors: conctidy lsp (see docs/editors.md).
)");

static const char BuildPathHelp[] =
    R"(Build directory with compile_commands.json (or the
path of a JSON compilation database). Without files,
all files of the database are analyzed.)";
static cl::opt<std::string> BuildPath("p", cl::desc(BuildPathHelp),
                                      cl::value_desc("build-dir"),
                                      cl::cat(Category));

static cl::list<std::string>
    Paths(cl::Positional,
          cl::desc("[<file|pattern> ...] [-- <compiler flags>]"),
          cl::cat(Category));

static const char ExcludeHelp[] =
    R"(Do not analyze the files this glob matches ('*',
'?', '[...]' within a path component, '**' for any
depth; relative to the working directory). May be
given more than once.)";
static cl::list<std::string> Excludes("exclude", cl::desc(ExcludeHelp),
                                      cl::value_desc("pattern"),
                                      cl::cat(Category));

static const char ChecksHelp[] =
    R"(Comma-separated list of check globs, as in
clang-tidy; a '-' prefix removes checks. Applied on
top of the configuration, whose default is 'conc-*'
and which .clang-tidy files can change.)";
static cl::opt<std::string> Checks("checks", cl::desc(ChecksHelp),
                                   cl::value_desc("globs"), cl::cat(Category));

static const char ConfigHelp[] =
    R"(Configuration in YAML/JSON, as clang-tidy's
--config, e.g. --config="{Checks: '-*,conc-*'}".
.clang-tidy files are then not read, unless it
says InheritParentConfig: true.)";
static cl::opt<std::string> Config("config", cl::desc(ConfigHelp),
                                   cl::value_desc("yaml"), cl::cat(Category));

static const char ConfigFileHelp[] =
    R"(Like --config, with the configuration read from
this file (clang-tidy's format).)";
static cl::opt<std::string> ConfigFile("config-file", cl::desc(ConfigFileHelp),
                                       cl::value_desc("file"),
                                       cl::cat(Category));

static const char AllowUnknownKeysHelp[] =
    R"(Leave out, with a warning, the keys of a .clang-tidy
file or --config-file that clang-tidy does not know
(e.g. one written for a newer clang-tidy), instead
of refusing the configuration.)";
static cl::opt<bool> AllowUnknownKeys("allow-unknown-config-keys",
                                      cl::desc(AllowUnknownKeysHelp),
                                      cl::cat(Category));

static cl::opt<bool> ListChecks("list-checks",
                                cl::desc("List the enabled checks and exit."),
                                cl::cat(Category));

static cl::opt<bool>
    Quiet("quiet", cl::desc("Do not print the progress and summary lines."),
          cl::cat(Category));

static const char JobsHelp[] =
    R"(Analyze this many translation units at once, each
in its own process (default: the number of CPUs).
The output is the same whatever the number.)";
static cl::opt<unsigned> Jobs("j", cl::desc(JobsHelp), cl::value_desc("N"),
                              cl::Prefix, cl::cat(Category));

static const char TimeoutHelp[] =
    R"(Give up on a translation unit whose analysis takes
longer than this (default: 600; 0: no limit); it
then counts as failed.)";
static cl::opt<unsigned> Timeout("timeout", cl::desc(TimeoutHelp),
                                 cl::value_desc("seconds"), cl::init(600),
                                 cl::cat(Category));

static cl::opt<OutputFormat>
    Format("format", cl::desc("Output format (default: text)."),
           cl::values(clEnumValN(OutputFormat::Text, "text",
                                 "clang-tidy's diagnostics on stdout"),
                      clEnumValN(OutputFormat::Json, "json",
                                 "conctidy's JSON report (see docs/cli.md)"),
                      clEnumValN(OutputFormat::Sarif, "sarif", "SARIF 2.1.0")),
           cl::init(OutputFormat::Text), cl::cat(Category));

static const char OutputHelp[] =
    R"(Write the JSON or SARIF report to this file instead
of stdout. The file is replaced at once at the end
of the run, never left half-written.)";
static cl::opt<std::string> OutputFile("o", cl::desc(OutputHelp),
                                       cl::value_desc("file"),
                                       cl::cat(Category));

static const char BaselineHelp[] =
    R"(Leave out the findings recorded in this baseline
file (see --write-baseline); only new findings are
reported and counted for the exit code.)";
static cl::opt<std::string> BaselineFile("baseline", cl::desc(BaselineHelp),
                                         cl::value_desc("file"),
                                         cl::cat(Category));

static const char WriteBaselineHelp[] =
    R"(Record every finding of this run in a baseline file,
keyed on check, file, enclosing function and line
text (not line numbers); the recorded findings are
then not reported.)";
static cl::opt<std::string> WriteBaselineFile("write-baseline",
                                              cl::desc(WriteBaselineHelp),
                                              cl::value_desc("file"),
                                              cl::cat(Category));

static const char FixHelp[] =
    R"(Apply the fix-its of the diagnostics reported to
the files, as clang-tidy --fix. A replacement that
several translation units suggest is made once;
a fix that conflicts with another is skipped with
a warning.)";
static cl::opt<bool> Fix("fix", cl::desc(FixHelp), cl::cat(Category));

static const char ExportFixesHelp[] =
    R"(Write the diagnostics and their fix-its to this
file in clang-tidy's YAML format (for
clang-apply-replacements), replaced at once.)";
static cl::opt<std::string> ExportFixesFile("export-fixes",
                                            cl::desc(ExportFixesHelp),
                                            cl::value_desc("file"),
                                            cl::cat(Category));

static const char DiffHelp[] =
    R"(Analyze only the translation units of the files
that 'git diff -U0 <rev>' changes, and those that
include a changed header, and report only the
findings on added or changed lines, e.g.
--diff=origin/main... for a pull request,
--diff=HEAD for uncommitted changes.)";
static cl::opt<std::string> DiffRevision("diff", cl::desc(DiffHelp),
                                         cl::value_desc("rev"),
                                         cl::cat(Category));

static const char DiffFileHelp[] =
    R"(Like --diff, with the unified diff read from this
file ('-': stdin); paths as 'patch -p1' reads them,
relative to the working directory.)";
static cl::opt<std::string> DiffFile("diff-file", cl::desc(DiffFileHelp),
                                     cl::value_desc("patch"),
                                     cl::cat(Category));

static const char CrossTUHelp[] =
    R"(Follow calls into functions defined in other
translation units of the database: a first pass
writes each unit's function summaries, a link
phase merges them, and the analysis reads them
for the functions whose body is not in its unit
(each unit is parsed twice). Off by default.)";
static cl::opt<bool> CrossTU("cross-tu", cl::desc(CrossTUHelp),
                             cl::cat(Category));

static const char CrossTURoundsHelp[] =
    R"(With --cross-tu, link up to this many rounds: in
each round after the first, the units that call a
function whose summary changed are summarized
again with the linked table, so that a call chain
through N+1 files is followed with N rounds
(default: 1, callees' own bodies: a call into
another file is followed one file deep).)";
static cl::opt<unsigned> CrossTURounds("cross-tu-rounds",
                                       cl::desc(CrossTURoundsHelp),
                                       cl::value_desc("n"), cl::init(1),
                                       cl::cat(Category));

static const char SummariesDirHelp[] =
    R"(With --cross-tu, keep the summary files here: one
per translation unit and 'linked.summaries.json'
(default: a temporary directory, removed at exit).)";
static cl::opt<std::string> SummariesDir("summaries-dir",
                                         cl::desc(SummariesDirHelp),
                                         cl::value_desc("dir"),
                                         cl::cat(Category));

static const char CacheDirHelp[] =
    R"(Keep each translation unit's result (and with
--cross-tu its summaries) in this directory, and
reuse it while the unit's compile command, every
file it includes, the configuration and conctidy
are the same.)";
static cl::opt<std::string> CacheDir("cache-dir", cl::desc(CacheDirHelp),
                                     cl::value_desc("dir"), cl::cat(Category));

// The worker processes' options (Worker.h); not for users.
static cl::opt<bool> WorkerDigestInputs("conctidy-worker-digest-inputs",
                                        cl::ReallyHidden);
static cl::opt<std::string>
    WorkerExportSummaries("conctidy-worker-export-summaries", cl::ReallyHidden);
static cl::opt<std::string>
    WorkerLinkedSummaries("conctidy-worker-linked-summaries", cl::ReallyHidden);
static cl::opt<std::string> WorkerFile("conctidy-worker", cl::ReallyHidden);
static cl::opt<std::string> WorkerOutput("conctidy-worker-output",
                                         cl::ReallyHidden);
static cl::opt<std::string> WorkerCommands("conctidy-worker-commands",
                                           cl::ReallyHidden);
static cl::opt<unsigned> ParentPid("conctidy-parent", cl::ReallyHidden);
static cl::opt<bool> WorkerDiscover("conctidy-worker-discover",
                                    cl::ReallyHidden);

static void printVersion(raw_ostream &OS) {
  OS << "conctidy " << ConctidyVersion << " (LLVM " << LLVMVersion << ")\n";
}

static void usageError(const Twine &Message) {
  errs() << "conctidy: error: " << Message
         << "\nRun 'conctidy --help' for usage.\n";
}

std::optional<CommandLine> parseCommandLine(int Argc, const char **Argv) {
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter(printVersion);

  std::vector<std::string> Arguments(Argv + 1, Argv + Argc);
  // Everything after '--' is compiler flags, as for clang-tidy.
  std::string FlagsError;
  std::unique_ptr<FixedCompilationDatabase> Fixed =
      FixedCompilationDatabase::loadFromCommandLine(Argc, Argv, FlagsError);
  if (!FlagsError.empty()) {
    usageError("invalid compiler flags after '--': " + FlagsError);
    return std::nullopt;
  }
  if (!cl::ParseCommandLineOptions(Argc, Argv, Overview, &errs()))
    return std::nullopt;

  CommandLine Result;
  Result.FixedDatabase = std::move(Fixed);
  Result.Paths.assign(Paths.begin(), Paths.end());
  Result.Excludes.assign(Excludes.begin(), Excludes.end());
  Result.ListChecks = ListChecks;
  Result.Quiet = Quiet;
  Result.Argv0 = Argv[0];
  Result.Arguments = std::move(Arguments);
  Result.Jobs = Jobs.getNumOccurrences()
                    ? unsigned(Jobs)
                    : llvm::hardware_concurrency().compute_thread_count();
  if (Result.Jobs == 0) {
    usageError("'-j' needs a number of at least 1");
    return std::nullopt;
  }
  Result.TimeoutSeconds = Timeout;
  Result.Format = Format;
  if (OutputFile.getNumOccurrences()) {
    if (OutputFile.empty()) {
      usageError("'-o' needs a file name");
      return std::nullopt;
    }
    if (Result.Format == OutputFormat::Text) {
      usageError("'-o' needs '--format=json' or '--format=sarif'");
      return std::nullopt;
    }
    Result.OutputFile = OutputFile;
  }
  if (BaselineFile.getNumOccurrences())
    Result.BaselineFile = BaselineFile;
  if (WriteBaselineFile.getNumOccurrences())
    Result.WriteBaselineFile = WriteBaselineFile;
  if (Result.BaselineFile && Result.WriteBaselineFile) {
    usageError("'--baseline' and '--write-baseline' cannot be used together");
    return std::nullopt;
  }
  Result.Fix = Fix;
  if (ExportFixesFile.getNumOccurrences()) {
    if (ExportFixesFile.empty()) {
      usageError("'--export-fixes' needs a file name");
      return std::nullopt;
    }
    Result.ExportFixesFile = ExportFixesFile;
  }
  if (DiffRevision.getNumOccurrences()) {
    if (DiffRevision.empty() || StringRef(DiffRevision).starts_with("-")) {
      usageError("'--diff' needs a revision, e.g. '--diff=origin/main...'");
      return std::nullopt;
    }
    Result.DiffRevision = DiffRevision;
  }
  if (DiffFile.getNumOccurrences()) {
    if (DiffFile.empty()) {
      usageError("'--diff-file' needs a file name, or '-' for stdin");
      return std::nullopt;
    }
    Result.DiffFile = DiffFile;
  }
  if (Result.DiffRevision && Result.DiffFile) {
    usageError("'--diff' and '--diff-file' cannot be used together");
    return std::nullopt;
  }
  if (WorkerFile.getNumOccurrences()) {
    Result.WorkerFile = WorkerFile;
    Result.WorkerOutput = WorkerOutput;
    if (WorkerCommands.getNumOccurrences())
      Result.WorkerCommands = WorkerCommands;
    if (ParentPid.getNumOccurrences())
      Result.ParentPid = ParentPid;
    Result.WorkerDiscover = WorkerDiscover;
    if (WorkerExportSummaries.getNumOccurrences())
      Result.WorkerExportSummaries = WorkerExportSummaries;
    if (WorkerLinkedSummaries.getNumOccurrences())
      Result.WorkerLinkedSummaries = WorkerLinkedSummaries;
    Result.WorkerDigestInputs = WorkerDigestInputs;
  }
  Result.CrossTU = CrossTU;
  if (CacheDir.getNumOccurrences()) {
    if (CacheDir.empty()) {
      usageError("'--cache-dir' needs a directory");
      return std::nullopt;
    }
    Result.CacheDir = CacheDir;
  }
  if (CrossTURounds.getNumOccurrences()) {
    if (CrossTURounds == 0) {
      usageError("'--cross-tu-rounds' must be at least 1");
      return std::nullopt;
    }
    if (!CrossTU) {
      usageError("'--cross-tu-rounds' needs '--cross-tu'");
      return std::nullopt;
    }
  }
  Result.CrossTURounds = CrossTURounds;
  if (SummariesDir.getNumOccurrences()) {
    if (SummariesDir.empty()) {
      usageError("'--summaries-dir' needs a directory");
      return std::nullopt;
    }
    if (!CrossTU) {
      usageError("'--summaries-dir' needs '--cross-tu'");
      return std::nullopt;
    }
    Result.SummariesDir = SummariesDir;
  }
  if (Checks.getNumOccurrences())
    Result.Config.Checks = Checks;
  if (Config.getNumOccurrences())
    Result.Config.Config = Config;
  if (ConfigFile.getNumOccurrences())
    Result.Config.ConfigFile = ConfigFile;
  Result.Config.AllowUnknownKeys = AllowUnknownKeys;

  if (BuildPath.getNumOccurrences()) {
    if (BuildPath.empty()) {
      usageError("'-p' needs a build directory");
      return std::nullopt;
    }
    Result.BuildPath = BuildPath;
  }
  if (Result.Config.Config && Result.Config.ConfigFile) {
    usageError("'--config' and '--config-file' cannot be used together");
    return std::nullopt;
  }
  if (Result.ListChecks || Result.WorkerFile)
    return Result;
  if (Result.BuildPath && Result.FixedDatabase) {
    usageError("'-p' and compiler flags after '--' cannot be used together");
    return std::nullopt;
  }
  if (!Result.BuildPath && !Result.FixedDatabase) {
    usageError("no compilation database; use '-p <build-dir>', or give the "
               "files followed by '--' and their compiler flags");
    return std::nullopt;
  }
  if (Result.FixedDatabase && Result.Paths.empty()) {
    usageError("no input files before '--'");
    return std::nullopt;
  }
  return Result;
}

} // namespace conctidy::cli

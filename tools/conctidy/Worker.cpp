//===--- Worker.cpp - analyze one translation unit in a child -------------===//

#include "Worker.h"
#include "Analyzer.h"
#include "Config.h"
#include "FunctionIndex.h"
#include "InputDigests.h"
#include "Inputs.h"
#include "OutputFile.h"
#include "Paths.h"
#include "SummaryExport.h"
#include "Wire.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <csignal>
#include <set>
#include <cstdlib>
#include <sys/prctl.h>
#include <thread>
#include <unistd.h>

using namespace llvm;

namespace conctidy::cli {

static bool testHookMatches(const char *Variable, StringRef File) {
  std::optional<std::string> Value = sys::Process::GetEnv(Variable);
  return Value && !Value->empty() && File.contains(*Value);
}

static void runTestHooks(StringRef File) {
  if (testHookMatches("CONCTIDY_TEST_CRASH_ON", File)) {
    sys::Process::PreventCoreFiles();
    std::abort();
  }
  if (testHookMatches("CONCTIDY_TEST_HANG_ON", File))
    for (;;)
      std::this_thread::sleep_for(std::chrono::seconds(1));
}

/// Keeps the functions that contain a diagnostic: the others are of no use
/// to the parent, and a translation unit can define thousands.
static void keepEnclosingFunctions(TranslationUnitResult &Result) {
  std::vector<FunctionSpan> Kept;
  for (FunctionSpan &F : Result.Functions) {
    bool Encloses = any_of(Result.Diagnostics, [&](const auto &Diag) {
      unsigned Offset = Diag.Message.FileOffset;
      return F.Begin <= Offset && Offset <= F.End &&
             absolutePath(Diag.Message.FilePath, Diag.BuildDirectory) == F.File;
    });
    if (Encloses)
      Kept.push_back(std::move(F));
  }
  Result.Functions = std::move(Kept);
}

/// Each function of \p Looked with the digest of its entry in \p Linked
/// ("" for none), into \p Result.
static void recordLookups(const SummaryTable &Linked,
                          const std::set<std::string> &Looked,
                          TranslationUnitResult &Result) {
  for (const std::string &USR : Looked) {
    std::string Entry = Linked.entryText(USR);
    Result.LinkedLookups.emplace_back(USR,
                                      Entry.empty() ? "" : digestOf(Entry));
  }
}

namespace {

/// The compile commands the parent handed over, for the one file analyzed.
class HandedCommands : public clang::tooling::CompilationDatabase {
public:
  explicit HandedCommands(std::vector<clang::tooling::CompileCommand> Commands)
      : Commands(std::move(Commands)) {}
  std::vector<clang::tooling::CompileCommand>
  getCompileCommands(StringRef) const override {
    return Commands;
  }
  std::vector<std::string> getAllFiles() const override {
    std::vector<std::string> Files;
    for (const clang::tooling::CompileCommand &Command : Commands)
      Files.push_back(Command.Filename);
    return Files;
  }
  std::vector<clang::tooling::CompileCommand>
  getAllCompileCommands() const override {
    return Commands;
  }

private:
  std::vector<clang::tooling::CompileCommand> Commands;
};

} // namespace

/// The compile commands of \p File found as clangd finds them: the
/// compile_commands.json in the closest parent directory or its 'build'
/// subdirectory (commands for files that are not in it, such as headers,
/// are inferred from similar files), or compile_flags.txt; else no flags.
/// Says which on stderr (the language server logs it).
static std::unique_ptr<clang::tooling::CompilationDatabase>
discoverDatabase(StringRef File) {
  for (StringRef Dir = sys::path::parent_path(File); !Dir.empty();
       Dir = sys::path::parent_path(Dir)) {
    for (StringRef Sub : {"", "build"}) {
      SmallString<256> Path(Dir);
      sys::path::append(Path, Sub, "compile_commands.json");
      if (!sys::fs::is_regular_file(Path))
        continue;
      Expected<Inputs> In = loadDatabase(Path);
      if (!In) {
        errs() << "conctidy: warning: " << toString(In.takeError()) << '\n';
        continue;
      }
      errs() << "conctidy: compile commands from '" << In->DatabasePath
             << "'\n";
      return clang::tooling::inferMissingCompileCommands(
          std::move(In->Database));
    }
    SmallString<256> Flags(Dir);
    sys::path::append(Flags, "compile_flags.txt");
    if (sys::fs::is_regular_file(Flags)) {
      std::string Error;
      if (std::unique_ptr<clang::tooling::CompilationDatabase> Fixed =
              clang::tooling::FixedCompilationDatabase::loadFromFile(Flags,
                                                                     Error)) {
        errs() << "conctidy: compile flags from '" << Flags << "'\n";
        return Fixed;
      }
    }
  }
  errs() << "conctidy: warning: no compile_commands.json or compile_flags.txt "
            "found for '"
         << File << "'; analyzing it without flags\n";
  return std::make_unique<clang::tooling::FixedCompilationDatabase>(
      sys::path::parent_path(File), std::vector<std::string>());
}

static ExitCode fail(const Twine &Message) {
  errs() << "conctidy: error: " << Message << '\n';
  return ExitCode::UsageError;
}

ExitCode runWorker(CommandLine &CL) {
  // Die with the parent, so that no worker outlives it (and its --timeout).
  if (CL.ParentPid) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != static_cast<pid_t>(*CL.ParentPid))
      return fail("the parent process is gone");
  }
  IntrusiveRefCntPtr<vfs::OverlayFileSystem> BaseFS(
      new vfs::OverlayFileSystem(vfs::getRealFileSystem()));
  CL.Config.Warn = false; // the parent warned
  Expected<TidyConfig> Config = TidyConfig::create(CL.Config, BaseFS);
  if (!Config)
    return fail(toString(Config.takeError()));

  std::unique_ptr<clang::tooling::CompilationDatabase> Database;
  if (CL.WorkerCommands) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Text =
        MemoryBuffer::getFile(*CL.WorkerCommands);
    if (!Text)
      return fail("cannot read '" + *CL.WorkerCommands +
                  "': " + Text.getError().message());
    Expected<std::vector<clang::tooling::CompileCommand>> Commands =
        readCommands((*Text)->getBuffer());
    if (!Commands)
      return fail("cannot read '" + *CL.WorkerCommands +
                  "': " + toString(Commands.takeError()));
    Database = std::make_unique<HandedCommands>(std::move(*Commands));
  } else if (CL.WorkerDiscover && !CL.BuildPath) {
    Database = discoverDatabase(*CL.WorkerFile);
  } else if (CL.BuildPath) {
    Expected<Inputs> In = loadDatabase(*CL.BuildPath);
    if (!In)
      return fail(toString(In.takeError()));
    Database = std::move(In->Database);
    // The language server with -p: headers get the command of a similar
    // file, as when the database is found.
    if (CL.WorkerDiscover)
      Database =
          clang::tooling::inferMissingCompileCommands(std::move(Database));
  } else {
    Database = std::move(CL.FixedDatabase);
  }
  if (!Database)
    return fail("no compilation database");

  const std::string &File = *CL.WorkerFile;
  runTestHooks(File);

  InitializeAllTargetInfos();
  InitializeAllTargetMCs();
  InitializeAllAsmParsers();

  TranslationUnitResult Result;
  // With --cache-dir: the files the unit reads, for the cache's key.
  std::vector<InputDigest> Inputs;
  auto WithDigests = [&](TidyConfig C) {
    if (!CL.WorkerDigestInputs)
      return C;
    setInputDigestSink(&Inputs);
    return C.withExtraCheck(InputDigestsCheckName);
  };
  if (CL.WorkerExportSummaries) {
    // A --cross-tu export round: the summaries only, written for the link
    // phase; compiler errors still fail the unit. From the second round on
    // the unit reads the table the previous rounds linked, so that its
    // summaries hold what its callees in other units do; in every round it
    // says which functions of other units it asked about, so that the
    // parent knows which units a changed entry concerns.
    SummaryTable Linked;
    if (CL.WorkerLinkedSummaries) {
      Expected<SummaryTable> Read =
          SummaryTable::open(*CL.WorkerLinkedSummaries);
      if (Read)
        Linked = std::move(*Read);
      else
        errs() << "conctidy: warning: " << toString(Read.takeError())
               << "; functions of other translation units stay unknown\n";
    }
    std::set<std::string> Looked;
    Linked.setLookupLog(&Looked);
    setLinkedSummaries(&Linked);
    SummaryTable Table;
    setSummaryExportSink(&Table);
    Result = analyzeTranslationUnit(
        *Database, File,
        WithDigests(Config->withOnlyCheck(SummaryExportCheckName)), BaseFS);
    setSummaryExportSink(nullptr);
    setLinkedSummaries(nullptr);
    Linked.setLookupLog(nullptr);
    recordLookups(Linked, Looked, Result);
    if (Error Err =
            writeFileAtomically(*CL.WorkerExportSummaries,
                                [&](raw_ostream &OS) { Table.write(OS); }))
      return fail(toString(std::move(Err)));
  } else {
    // The second pass reads the linked summaries of the whole database; a
    // file that cannot be used leaves other units' functions unknown.
    std::optional<SummaryTable> Linked;
    if (CL.WorkerLinkedSummaries) {
      Expected<SummaryTable> Read =
          SummaryTable::open(*CL.WorkerLinkedSummaries);
      if (Read) {
        Linked = std::move(*Read);
        setLinkedSummaries(&*Linked);
      } else {
        errs() << "conctidy: warning: " << toString(Read.takeError())
               << "; functions of other translation units stay unknown\n";
      }
    }
    std::set<std::string> Looked;
    if (Linked && CL.WorkerDigestInputs)
      Linked->setLookupLog(&Looked);
    std::vector<FunctionSpan> Functions;
    setFunctionIndexSink(&Functions);
    Result = analyzeTranslationUnit(
        *Database, File,
        WithDigests(Config->withExtraCheck(FunctionIndexCheckName)), BaseFS);
    setFunctionIndexSink(nullptr);
    setLinkedSummaries(nullptr);
    if (Linked)
      Linked->setLookupLog(nullptr);
    if (Linked)
      recordLookups(*Linked, Looked, Result);
    Result.Functions = std::move(Functions);
    keepEnclosingFunctions(Result);
  }

  setInputDigestSink(nullptr);
  Result.Inputs = std::move(Inputs);

  std::error_code EC;
  raw_fd_ostream Out(*CL.WorkerOutput, EC, sys::fs::OF_None);
  if (EC)
    return fail("cannot write '" + *CL.WorkerOutput + "': " + EC.message());
  writeResult(Result, Out);
  Out.close();
  if (Out.has_error()) {
    Out.clear_error();
    return fail("cannot write '" + *CL.WorkerOutput + "'");
  }
  return ExitCode::Clean;
}

} // namespace conctidy::cli

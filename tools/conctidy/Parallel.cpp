//===--- Parallel.cpp - analyze translation units in worker processes -----===//

#include "Parallel.h"
#include "Wire.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

using namespace llvm;
using Clock = std::chrono::steady_clock;

namespace conctidy::cli {

std::string summaryFileFor(StringRef Dir, StringRef File) {
  SmallString<256> Path(Dir);
  std::string Name;
  raw_string_ostream OS(Name);
  OS << sys::path::filename(File) << '.'
     << format_hex_no_prefix(xxh3_64bits(File), 16) << ".summaries.json";
  sys::path::append(Path, OS.str());
  return std::string(Path);
}

static volatile sig_atomic_t PendingInterrupt = 0;

static void onInterrupt(int Signal) {
  if (!PendingInterrupt)
    PendingInterrupt = Signal;
}

void catchInterrupts() {
  struct sigaction Action;
  std::memset(&Action, 0, sizeof(Action));
  Action.sa_handler = onInterrupt;
  sigemptyset(&Action.sa_mask);
  for (int Signal : {SIGINT, SIGTERM, SIGHUP})
    ::sigaction(Signal, &Action, nullptr);
}

int pendingInterrupt() { return PendingInterrupt; }

namespace {

/// A worker that is running.
struct Running {
  size_t Index;
  pid_t Pid = 0;
  Clock::time_point Started;
  std::string ResultPath;
  std::string LogPath;
  std::string CommandsPath;
};

TranslationUnitResult failure(StringRef File, const Twine &Problem) {
  TranslationUnitResult Result;
  Result.File = File.str();
  Result.Failed = true;
  Result.Problem = Problem.str();
  return Result;
}

std::string readAndRemove(StringRef Path) {
  std::string Text;
  if (ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
          MemoryBuffer::getFile(Path, /*IsText=*/false,
                                /*RequiresNullTerminator=*/false))
    Text = (*Buffer)->getBuffer().str();
  sys::fs::remove(Path);
  return Text;
}

/// Leaves out of a worker's log clang's "[1/1] (1/3) Processing file ..."
/// lines, which say nothing to the user; sets \p Skipped if clang's tooling
/// found no compile command ("Skipping <file>. Compile command not found.").
std::string cleanLog(StringRef Log, bool &Skipped) {
  std::string Kept;
  while (!Log.empty()) {
    auto [Line, Rest] = Log.split('\n');
    bool HadNewline = Line.size() < Log.size();
    Log = Rest;
    if (Line.starts_with("[") && Line.contains("] ") &&
        Line.contains(" Processing file ") && Line.ends_with("."))
      continue;
    if (Line.starts_with("Skipping ") &&
        Line.ends_with(". Compile command not found.")) {
      Skipped = true;
      continue;
    }
    Kept += Line;
    if (HadNewline)
      Kept += '\n';
  }
  return Kept;
}

class Scheduler {
public:
  Scheduler(ArrayRef<std::string> Files, const WorkerPlan &Plan,
            StringRef TempDir)
      : Files(Files), Plan(Plan), TempDir(TempDir), Results(Files.size()) {}

  /// Analyzes every file, or stops at an interrupt (pendingInterrupt()).
  std::vector<TranslationUnitResult> run(InOrderCallback OnResult,
                                         ProgressCallback OnProgress);

  /// Kills the running workers and removes their files.
  void stopAll();

private:
  void start(size_t Index);
  /// Collects the worker if it is done or overdue; false if it runs on.
  bool poll(Running &Worker);
  TranslationUnitResult collect(Running &Worker, int Status);
  void kill(Running &Worker);

  ArrayRef<std::string> Files;
  const WorkerPlan &Plan;
  std::string TempDir;
  std::vector<std::optional<TranslationUnitResult>> Results;
  std::vector<Running> Active;
};

} // namespace

pid_t spawnInOwnGroup(const std::vector<std::string> &Args, StringRef LogPath,
                      std::string &Error) {
  std::vector<char *> Argv;
  for (const std::string &Arg : Args)
    Argv.push_back(const_cast<char *>(Arg.c_str()));
  Argv.push_back(nullptr);
  std::string Log = LogPath.str();

  posix_spawn_file_actions_t Actions;
  posix_spawnattr_t Attributes;
  posix_spawn_file_actions_init(&Actions);
  posix_spawnattr_init(&Attributes);
  posix_spawn_file_actions_addopen(&Actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&Actions, 1, Log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&Actions, 1, 2);
  posix_spawnattr_setpgroup(&Attributes, 0);
  sigset_t Default, Unblocked;
  sigemptyset(&Default);
  for (int Signal : {SIGINT, SIGTERM, SIGHUP, SIGPIPE})
    sigaddset(&Default, Signal);
  sigemptyset(&Unblocked);
  posix_spawnattr_setsigdefault(&Attributes, &Default);
  posix_spawnattr_setsigmask(&Attributes, &Unblocked);
  posix_spawnattr_setflags(&Attributes, POSIX_SPAWN_SETPGROUP |
                                            POSIX_SPAWN_SETSIGDEF |
                                            POSIX_SPAWN_SETSIGMASK);
  pid_t Pid = 0;
  int Status =
      posix_spawn(&Pid, Argv[0], &Actions, &Attributes, Argv.data(), environ);
  posix_spawn_file_actions_destroy(&Actions);
  posix_spawnattr_destroy(&Attributes);
  if (Status != 0) {
    Error = std::strerror(Status);
    return 0;
  }
  return Pid;
}

namespace {

void Scheduler::start(size_t Index) {
  const std::string &File = Files[Index];
  std::vector<clang::tooling::CompileCommand> Commands =
      Plan.Database->getCompileCommands(File);
  if (Commands.empty()) {
    Results[Index] =
        failure(File, "it has no compile command in the compilation database");
    return;
  }
  for (clang::tooling::CompileCommand &Command : Commands) {
    SmallString<256> Directory(Command.Directory);
    sys::fs::make_absolute(Directory);
    Command.Directory = std::string(Directory);
  }

  Running Worker;
  Worker.Index = Index;
  Worker.Started = Clock::now();
  SmallString<256> Base(TempDir);
  sys::path::append(Base, std::to_string(Index));
  Worker.ResultPath = (Base + ".json").str();
  Worker.LogPath = (Base + ".log").str();
  Worker.CommandsPath = (Base + ".commands.json").str();
  {
    std::error_code EC;
    raw_fd_ostream OS(Worker.CommandsPath, EC, sys::fs::OF_None);
    if (!EC) {
      writeCommands(Commands, OS);
      OS.close();
      if (OS.has_error()) {
        EC = OS.error();
        OS.clear_error();
      }
    }
    if (EC) {
      sys::fs::remove(Worker.CommandsPath);
      Results[Index] =
          failure(File, "cannot write its compile command for the worker: " +
                            EC.message());
      return;
    }
  }

  std::vector<std::string> Args = {
      Plan.Executable, "--conctidy-worker=" + File,
      "--conctidy-worker-output=" + Worker.ResultPath,
      "--conctidy-worker-commands=" + Worker.CommandsPath,
      "--conctidy-parent=" + std::to_string(::getpid())};
  if (!Plan.ExportSummariesDir.empty())
    Args.push_back("--conctidy-worker-export-summaries=" +
                   summaryFileFor(Plan.ExportSummariesDir, File));
  if (!Plan.LinkedSummaries.empty())
    Args.push_back("--conctidy-worker-linked-summaries=" +
                   Plan.LinkedSummaries);
  if (Plan.DigestInputs)
    Args.push_back("--conctidy-worker-digest-inputs");
  Args.insert(Args.end(), Plan.Arguments.begin(), Plan.Arguments.end());
  std::string Error;
  Worker.Pid = spawnInOwnGroup(Args, Worker.LogPath, Error);
  if (!Worker.Pid) {
    sys::fs::remove(Worker.CommandsPath);
    sys::fs::remove(Worker.LogPath);
    Results[Index] = failure(File, "cannot run a worker process: " + Error);
    return;
  }
  Active.push_back(std::move(Worker));
}

TranslationUnitResult Scheduler::collect(Running &Worker, int Status) {
  const std::string &File = Files[Worker.Index];
  bool Skipped = false;
  std::string Log = cleanLog(readAndRemove(Worker.LogPath), Skipped);
  std::string Output = readAndRemove(Worker.ResultPath);
  sys::fs::remove(Worker.CommandsPath);
  if (WIFSIGNALED(Status)) {
    // The log holds LLVM's stack dump; the reason is enough here.
    const char *Name = strsignal(WTERMSIG(Status));
    return failure(File, "the analysis crashed (" +
                             Twine(Name ? Name : "a signal") + ")");
  }
  int Code = WIFEXITED(Status) ? WEXITSTATUS(Status) : -1;
  if (Code != 0) {
    TranslationUnitResult Result =
        failure(File, "the worker exited with code " + Twine(Code));
    Result.Log = std::move(Log);
    return Result;
  }
  Expected<TranslationUnitResult> Parsed = readResult(Output);
  if (!Parsed)
    return failure(File, "cannot read the worker's result: " +
                             toString(Parsed.takeError()));
  Parsed->File = File;
  Parsed->Log = std::move(Log);
  if (Skipped && !Parsed->Failed) {
    Parsed->Failed = true;
    Parsed->Problem = "clang found no compile command for it";
  }
  return std::move(*Parsed);
}

void Scheduler::kill(Running &Worker) {
  ::kill(-Worker.Pid, SIGKILL);
  int Status;
  while (::waitpid(Worker.Pid, &Status, 0) < 0 && errno == EINTR) {
  }
  sys::fs::remove(Worker.LogPath);
  sys::fs::remove(Worker.ResultPath);
  sys::fs::remove(Worker.CommandsPath);
}

bool Scheduler::poll(Running &Worker) {
  int Status = 0;
  pid_t Exited = ::waitpid(Worker.Pid, &Status, WNOHANG);
  if (Exited == Worker.Pid) {
    // Anything the worker started dies with it.
    ::kill(-Worker.Pid, SIGKILL);
    Results[Worker.Index] = collect(Worker, Status);
    return true;
  }
  if (Exited < 0 && errno != EINTR) {
    Results[Worker.Index] =
        failure(Files[Worker.Index], "cannot wait for the worker process: " +
                                         Twine(std::strerror(errno)));
    kill(Worker);
    return true;
  }
  if (!Plan.TimeoutSeconds ||
      Clock::now() - Worker.Started < std::chrono::seconds(Plan.TimeoutSeconds))
    return false;
  kill(Worker);
  Results[Worker.Index] =
      failure(Files[Worker.Index], "the analysis timed out after " +
                                       Twine(Plan.TimeoutSeconds) + " s");
  return true;
}

void Scheduler::stopAll() {
  for (Running &Worker : Active)
    kill(Worker);
  Active.clear();
}

std::vector<TranslationUnitResult> Scheduler::run(InOrderCallback OnResult,
                                                  ProgressCallback OnProgress) {
  size_t Next = 0, Reported = 0, Done = 0;
  unsigned Jobs = std::max(1u, Plan.Jobs);
  while (Reported < Files.size() && !pendingInterrupt()) {
    while (Active.size() < Jobs && Next < Files.size() && !pendingInterrupt()) {
      start(Next);
      if (Results[Next]) // could not even start
        OnProgress(++Done, Files.size(), Files[Next]);
      ++Next;
    }
    bool Finished = false;
    for (size_t I = 0; I < Active.size();) {
      if (!poll(Active[I])) {
        ++I;
        continue;
      }
      Finished = true;
      OnProgress(++Done, Files.size(), Files[Active[I].Index]);
      Active.erase(Active.begin() + I);
    }
    while (Reported < Files.size() && Results[Reported])
      OnResult(*Results[Reported++]);
    if (!Finished && !Active.empty())
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (pendingInterrupt()) {
    stopAll();
    return {};
  }
  std::vector<TranslationUnitResult> All;
  All.reserve(Results.size());
  for (std::optional<TranslationUnitResult> &Result : Results)
    All.push_back(std::move(*Result));
  return All;
}

} // namespace

Expected<std::vector<TranslationUnitResult>>
analyzeInWorkers(ArrayRef<std::string> Files, const WorkerPlan &Plan,
                 InOrderCallback OnResult, ProgressCallback OnProgress) {
  SmallString<256> TempDir;
  if (std::error_code EC = sys::fs::createUniqueDirectory("conctidy", TempDir))
    return createStringError("cannot make a temporary directory: " +
                             EC.message());
  std::vector<TranslationUnitResult> Results =
      Scheduler(Files, Plan, TempDir).run(OnResult, OnProgress);
  sys::fs::remove_directories(TempDir);
  if (int Signal = pendingInterrupt())
    return createStringError("interrupted by signal " + Twine(Signal));
  return std::move(Results);
}

} // namespace conctidy::cli

//===--- Parallel.cpp - analyze translation units in worker processes -----===//

#include "Parallel.h"
#include "Wire.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include <chrono>
#include <optional>
#include <signal.h>
#include <thread>

using namespace llvm;
using Clock = std::chrono::steady_clock;

namespace conctidy::cli {

namespace {

/// A worker that is running.
struct Running {
  size_t Index;
  sys::ProcessInfo Process;
  Clock::time_point Started;
  std::string ResultPath;
  std::string LogPath;
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

class Scheduler {
public:
  Scheduler(ArrayRef<std::string> Files, const WorkerPlan &Plan,
            StringRef TempDir)
      : Files(Files), Plan(Plan), TempDir(TempDir), Results(Files.size()) {}

  std::vector<TranslationUnitResult> run(InOrderCallback OnResult,
                                         ProgressCallback OnProgress);

private:
  void start(size_t Index);
  /// Collects the worker if it is done or overdue; false if it runs on.
  bool poll(Running &Worker);
  TranslationUnitResult collect(Running &Worker, const sys::ProcessInfo &Exited,
                                StringRef WaitMessage);

  ArrayRef<std::string> Files;
  const WorkerPlan &Plan;
  std::string TempDir;
  std::vector<std::optional<TranslationUnitResult>> Results;
  std::vector<Running> Active;
};

void Scheduler::start(size_t Index) {
  const std::string &File = Files[Index];
  Running Worker;
  Worker.Index = Index;
  Worker.Started = Clock::now();
  SmallString<256> Base(TempDir);
  sys::path::append(Base, std::to_string(Index));
  Worker.ResultPath = (Base + ".json").str();
  Worker.LogPath = (Base + ".log").str();

  std::vector<std::string> Args = {Plan.Executable, "--conctidy-worker=" + File,
                                   "--conctidy-worker-output=" +
                                       Worker.ResultPath};
  Args.insert(Args.end(), Plan.Arguments.begin(), Plan.Arguments.end());
  std::vector<StringRef> ArgRefs(Args.begin(), Args.end());
  // No stdin; stdout and stderr into one log, replayed in order later.
  std::optional<StringRef> Redirects[] = {
      StringRef(""), StringRef(Worker.LogPath), StringRef(Worker.LogPath)};
  std::string Error;
  bool ExecutionFailed = false;
  Worker.Process =
      sys::ExecuteNoWait(Plan.Executable, ArgRefs, std::nullopt, Redirects,
                         /*MemoryLimit=*/0, &Error, &ExecutionFailed);
  if (ExecutionFailed || Worker.Process.Pid == 0) {
    Results[Index] = failure(File, "cannot run a worker process: " + Error);
    return;
  }
  Active.push_back(std::move(Worker));
}

TranslationUnitResult Scheduler::collect(Running &Worker,
                                         const sys::ProcessInfo &Exited,
                                         StringRef WaitMessage) {
  const std::string &File = Files[Worker.Index];
  std::string Log = readAndRemove(Worker.LogPath);
  std::string Output = readAndRemove(Worker.ResultPath);
  if (Exited.ReturnCode == -2)
    // The log holds LLVM's stack dump; the reason is enough here.
    return failure(
        File, "the analysis crashed (" +
                  (WaitMessage.empty() ? StringRef("a signal") : WaitMessage) +
                  ")");
  if (Exited.ReturnCode != 0) {
    TranslationUnitResult Result = failure(
        File, "the worker exited with code " + Twine(Exited.ReturnCode));
    Result.Log = std::move(Log);
    return Result;
  }
  Expected<TranslationUnitResult> Parsed = readResult(Output);
  if (!Parsed)
    return failure(File, "cannot read the worker's result: " +
                             toString(Parsed.takeError()));
  Parsed->File = File;
  Parsed->Log = std::move(Log);
  return std::move(*Parsed);
}

bool Scheduler::poll(Running &Worker) {
  std::string Message;
  sys::ProcessInfo Exited = sys::Wait(Worker.Process, /*SecondsToWait=*/0,
                                      &Message, nullptr, /*Polling=*/true);
  if (Exited.Pid != 0) {
    Results[Worker.Index] = collect(Worker, Exited, Message);
    return true;
  }
  if (!Plan.TimeoutSeconds ||
      Clock::now() - Worker.Started < std::chrono::seconds(Plan.TimeoutSeconds))
    return false;
  ::kill(Worker.Process.Pid, SIGKILL);
  sys::Wait(Worker.Process, std::nullopt);
  readAndRemove(Worker.LogPath);
  readAndRemove(Worker.ResultPath);
  Results[Worker.Index] =
      failure(Files[Worker.Index], "the analysis timed out after " +
                                       Twine(Plan.TimeoutSeconds) + " s");
  return true;
}

std::vector<TranslationUnitResult> Scheduler::run(InOrderCallback OnResult,
                                                  ProgressCallback OnProgress) {
  size_t Next = 0, Reported = 0, Done = 0;
  unsigned Jobs = std::max(1u, Plan.Jobs);
  while (Reported < Files.size()) {
    while (Active.size() < Jobs && Next < Files.size()) {
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
  sys::fs::remove(TempDir);
  return std::move(Results);
}

} // namespace conctidy::cli

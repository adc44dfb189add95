// Channels whose senders can never block forever: no report.
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:' --allow-empty
// RUN: %conctidy --checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:' --allow-empty

#include <boost/fiber/all.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

using boost::fibers::buffered_channel;
using boost::fibers::channel_op_status;
using boost::fibers::unbuffered_channel;

bool runCheck(int Index);
bool cancelled();
void drain(unbuffered_channel<bool> &Ch);
void worker(std::shared_ptr<unbuffered_channel<bool>> Ch);

template <typename Fn> struct ScopeExit {
  Fn F;
  ~ScopeExit() { F(); }
};
template <typename Fn> ScopeExit<Fn> makeScopeExit(Fn F) { return {F}; }

// The buffer holds every value (16 holds 15, for 10 senders).
bool bufferLargeEnough() {
  auto Results = std::make_shared<buffered_channel<bool>>(16);
  for (int I = 0; I < 10; ++I)
    std::thread([Results, I] { Results->push(runCheck(I)); }).detach();
  for (int I = 0; I < 10; ++I)
    if (!Results->value_pop())
      return false;
  return true;
}

// Closed explicitly on the early exit: blocked senders get 'closed'.
bool closedOnEarlyExit() {
  auto Results = std::make_shared<unbuffered_channel<bool>>();
  for (int I = 0; I < 10; ++I)
    std::thread([Results, I] { Results->push(runCheck(I)); }).detach();
  for (int I = 0; I < 10; ++I) {
    if (!Results->value_pop()) {
      Results->close();
      return false;
    }
  }
  return true;
}

// Closed by a scope guard on every exit.
bool closedByGuard() {
  auto Results = std::make_shared<unbuffered_channel<bool>>();
  auto Guard = makeScopeExit([Results] { Results->close(); });
  for (int I = 0; I < 10; ++I)
    std::thread([Results, I] { Results->push(runCheck(I)); }).detach();
  for (int I = 0; I < 10; ++I)
    if (!Results->value_pop())
      return false;
  return true;
}

// Receives every value before deciding.
bool receivesAllFirst() {
  auto Results = std::make_shared<unbuffered_channel<bool>>();
  for (int I = 0; I < 10; ++I)
    std::thread([Results, I] { Results->push(runCheck(I)); }).detach();
  bool All = true;
  for (int I = 0; I < 10; ++I)
    All = Results->value_pop() && All;
  return All;
}

// Timed sends and try_push give up on their own.
bool timedSenders() {
  auto Results = std::make_shared<buffered_channel<bool>>(2);
  for (int I = 0; I < 10; ++I)
    std::thread([Results, I] {
      Results->push_wait_for(runCheck(I), std::chrono::seconds(1));
    }).detach();
  for (int I = 0; I < 10; ++I)
    std::thread([Results, I] { Results->try_push(runCheck(I)); }).detach();
  return Results->value_pop();
}

// Every path through the loop drains the channel: the loop ends only
// through its condition.
int drainingLoop(int N) {
  auto Codes = std::make_shared<unbuffered_channel<bool>>();
  for (int I = 0; I < N; ++I)
    std::thread([Codes, I] { Codes->push(runCheck(I)); }).detach();
  int Failures = 0;
  for (int I = 0; I < N; ++I)
    if (!Codes->value_pop())
      ++Failures;
  return Failures;
}

// A range-for over the channel receives until it is closed.
int rangeFor() {
  auto Ch = std::make_shared<unbuffered_channel<int>>();
  std::thread([Ch] {
    Ch->push(1);
    Ch->close();
  }).detach();
  int Sum = 0;
  for (int V : *Ch)
    Sum += V;
  return Sum;
}

// A local Boost channel is closed by its destructor: blocked senders wake
// up (the dangling capture is another matter, see the docs).
bool localChannelClosedByDestructor() {
  unbuffered_channel<bool> Results;
  for (int I = 0; I < 10; ++I)
    std::thread([&Results, I] { Results.push(runCheck(I)); }).detach();
  return Results.value_pop();
}

// The futures are destroyed after the channel, which closes it first.
bool futuresOutliveChannel() {
  std::vector<std::future<int>> Pending;
  unbuffered_channel<bool> Results;
  for (int I = 0; I < 10; ++I)
    Pending.push_back(std::async([&Results, I] {
      Results.push(runCheck(I));
      return I;
    }));
  return Results.value_pop();
}

// The early exit comes before any sender is started.
bool exitBeforeSpawn() {
  auto Results = std::make_shared<unbuffered_channel<bool>>();
  if (cancelled())
    return false;
  std::thread([Results] { Results->push(runCheck(0)); }).detach();
  return Results->value_pop();
}

// The channel is handed to code this analysis does not see.
bool handedToHelper() {
  auto Results = std::make_shared<unbuffered_channel<bool>>();
  for (int I = 0; I < 10; ++I)
    std::thread([Results, I] { Results->push(runCheck(I)); }).detach();
  drain(*Results);
  return true;
}

// Senders whose body is in another translation unit.
bool sendersElsewhere() {
  auto Results = std::make_shared<unbuffered_channel<bool>>();
  for (int I = 0; I < 10; ++I)
    std::thread(worker, Results).detach();
  return Results->value_pop();
}

// A sender that sends only on some paths is not counted.
bool conditionalSender() {
  auto Results = std::make_shared<unbuffered_channel<bool>>();
  std::thread([Results] {
    if (runCheck(0))
      Results->push(true);
  }).detach();
  if (cancelled())
    return false;
  return true;
}

// A timed receive whose success is tested: the value was received.
int timedReceiveSucceeds() {
  auto Done = std::make_shared<unbuffered_channel<int>>();
  std::thread([Done] { Done->push(1); }).detach();
  int V = 0;
  if (Done->pop_wait_for(V, std::chrono::seconds(5)) ==
      channel_op_status::success)
    return V;
  Done->close();
  return -1;
}

// Templates: the dependent channel type is not analyzed, and neither are
// the instantiations.
template <typename T> T dependentChannel() {
  auto Ch = std::make_shared<unbuffered_channel<T>>();
  std::thread([Ch] { Ch->push(T()); }).detach();
  if (cancelled())
    return T();
  return Ch->value_pop();
}
template int dependentChannel<int>();

// The channel itself is not handed to any task.
bool notShared() {
  auto Results = std::make_shared<unbuffered_channel<bool>>();
  std::thread([] { runCheck(0); }).detach();
  if (cancelled())
    return false;
  return true;
}

// A task that can return before its send is not counted as a sender.
bool senderThatMayQuit() {
  auto Results = std::make_shared<unbuffered_channel<bool>>();
  auto Done = std::make_shared<bool>(false);
  std::thread([Results, Done] {
    bool Ok = runCheck(0);
    if (*Done)
      return;
    Results->push(Ok);
  }).detach();
  if (cancelled())
    return false;
  return true;
}

// A throw leaves the function through the destructors the CFG leaves out:
// the scope guard closes the channel, and so does a local Boost channel.
bool guardOnThrow() {
  auto Results = std::make_shared<unbuffered_channel<bool>>();
  auto Guard = makeScopeExit([Results] { Results->close(); });
  for (int I = 0; I < 10; ++I)
    std::thread([Results, I] { Results->push(runCheck(I)); }).detach();
  for (int I = 0; I < 10; ++I)
    if (!Results->value_pop())
      throw 1;
  return true;
}

bool localChannelOnThrow() {
  unbuffered_channel<bool> Results;
  for (int I = 0; I < 10; ++I)
    std::thread([&Results, I] { Results.push(runCheck(I)); }).detach();
  if (!Results.value_pop())
    throw 1;
  return true;
}

// A call that does not return (abort, a failed assertion's panic) is not
// an early return.
[[noreturn]] void fatal(const char *Message);
bool assertsFatally() {
  auto Results = std::make_shared<unbuffered_channel<bool>>();
  for (int I = 0; I < 10; ++I)
    std::thread([Results, I] { Results->push(runCheck(I)); }).detach();
  if (cancelled())
    fatal("cancelled");
  bool All = true;
  for (int I = 0; I < 10; ++I)
    All = Results->value_pop() && All;
  return All;
}

// Another task receives: the spawning function makes no claim.
void siblingReceiver() {
  auto Ch = std::make_shared<unbuffered_channel<int>>();
  std::thread([Ch] {
    Ch->push(1);
    Ch->push(2);
  }).detach();
  std::thread([Ch] {
    int V = 0;
    Ch->pop(V);
    Ch->pop(V);
  }).detach();
}

// An object whose class's destructor closes the channel is a guard too.
struct Closer {
  std::shared_ptr<unbuffered_channel<bool>> Ch;
  ~Closer() { Ch->close(); }
};
bool classGuard() {
  auto Results = std::make_shared<unbuffered_channel<bool>>();
  Closer Guard{Results};
  for (int I = 0; I < 10; ++I)
    std::thread([Results, I] { Results->push(runCheck(I)); }).detach();
  if (!Results->value_pop())
    throw 1;
  return Results->value_pop();
}

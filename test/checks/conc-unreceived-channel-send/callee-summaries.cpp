// What callees do to the channel, from their summaries (any depth): a helper
// chain that only looks at the channel leaves the early return a bug; one
// that closes it, receives from it or loses track of it makes no claim.
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <boost/fiber/all.hpp>
#include <memory>
#include <thread>

using Channel = boost::fibers::unbuffered_channel<int>;

int compute(int);
bool failed(int);
void log(bool);
void archive(Channel &);

// Three calls deep, the channel is only looked at.
void logState3(Channel &C) { log(C.is_closed()); }
void logState2(Channel &C) { logState3(C); }
void logState(Channel &C) { logState2(C); }

int firstResult() {
  auto Results = std::make_shared<Channel>();
  for (int I = 0; I < 2; ++I)
    std::thread([Results, I] { Results->push(compute(I)); }).detach();
  // CHECK: callee-summaries.cpp:[[@LINE-1]]:41: warning: send on 'Results' (boost::fibers::unbuffered_channel) can block forever: 'firstResult' may return at line [[@LINE+6]] before receiving all 2 values; use a 'boost::fibers::buffered_channel' of capacity 4 (it holds 3 values) [conc-unreceived-channel-send]
  // CHECK: callee-summaries.cpp:[[@LINE+5]]:5: note: 'firstResult' leaves here after receiving 1 value
  // CHECK: callee-summaries.cpp:[[@LINE-3]]:5: note: tasks that send 2 values are started here with 'std::thread'
  logState(*Results);
  int V = Results->value_pop();
  if (failed(V))
    return -1;
  return Results->value_pop();
}

// Three calls deep, the helper closes the channel: no claim.
void shutdown3(Channel &C) { C.close(); }
void shutdown2(Channel &C) { shutdown3(C); }
void shutdown(Channel &C) { shutdown2(C); }

int firstResultClosed() {
  auto Results = std::make_shared<Channel>();
  for (int I = 0; I < 2; ++I)
    std::thread([Results, I] { Results->push(compute(I)); }).detach();
  int V = Results->value_pop();
  if (failed(V)) {
    shutdown(*Results);
    return -1;
  }
  return Results->value_pop();
}

// Three calls deep, the helper drains what is left: no claim.
void drain3(Channel &C) {
  int V = 0;
  while (C.pop(V) == boost::fibers::channel_op_status::success)
    ;
}
void drain2(Channel &C) { drain3(C); }
void drain(Channel &C) { drain2(C); }

int firstResultDrained() {
  auto Results = std::make_shared<Channel>();
  for (int I = 0; I < 2; ++I)
    std::thread([Results, I] { Results->push(compute(I)); }).detach();
  int V = Results->value_pop();
  if (failed(V)) {
    drain(*Results);
    return -1;
  }
  return Results->value_pop();
}

// A helper whose body is not in this file: anything may happen.
int firstResultArchived() {
  auto Results = std::make_shared<Channel>();
  for (int I = 0; I < 2; ++I)
    std::thread([Results, I] { Results->push(compute(I)); }).detach();
  int V = Results->value_pop();
  if (failed(V)) {
    archive(*Results);
    return -1;
  }
  return Results->value_pop();
}

// A virtual helper: one visible overrider closes the channel, no claim.
struct Cleanup {
  virtual ~Cleanup();
  virtual void run(Channel &C) {}
};
struct ClosingCleanup : Cleanup {
  void run(Channel &C) override { shutdown(C); }
};

int firstResultVirtual(Cleanup &After) {
  auto Results = std::make_shared<Channel>();
  for (int I = 0; I < 2; ++I)
    std::thread([Results, I] { Results->push(compute(I)); }).detach();
  int V = Results->value_pop();
  if (failed(V)) {
    After.run(*Results);
    return -1;
  }
  return Results->value_pop();
}

// A helper that never returns (three calls deep to abort()): no claim.
[[noreturn]] void abort3();
void fatal2() { abort3(); }
void fatal(const char *) { fatal2(); }

int firstResultFatal() {
  auto Results = std::make_shared<Channel>();
  for (int I = 0; I < 2; ++I)
    std::thread([Results, I] { Results->push(compute(I)); }).detach();
  int V = Results->value_pop();
  if (failed(V)) {
    fatal("bad result");
    return -1;
  }
  return Results->value_pop();
}

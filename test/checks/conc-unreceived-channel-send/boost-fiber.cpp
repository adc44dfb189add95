// Boost.Fiber channels: senders on threads, std::async tasks and fibers;
// receivers that leave early.
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <boost/fiber/all.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

using boost::fibers::channel_op_status;

bool runCheck(int Index);
int runCommand(const char *Command);
void log(int);
bool cancelled();

// The ten-checks handler: each check runs on a detached thread and reports
// on an unbuffered channel; the handler returns at the first failure.
bool handleRequest() {
  auto Results = std::make_shared<boost::fibers::unbuffered_channel<bool>>();
  for (int I = 0; I < 10; ++I)
    std::thread([Results, I] { Results->push(runCheck(I)); }).detach();
  // CHECK: boost-fiber.cpp:[[@LINE-1]]:41: warning: send on 'Results' (boost::fibers::unbuffered_channel) can block forever: 'handleRequest' may return at line [[@LINE+6]] before receiving all 10 values; use a 'boost::fibers::buffered_channel' of capacity 16 (it holds 15 values) [conc-unreceived-channel-send]
  // CHECK: boost-fiber.cpp:[[@LINE+5]]:7: note: 'handleRequest' leaves here after receiving 1 value
  // CHECK: boost-fiber.cpp:[[@LINE-3]]:5: note: tasks that send 10 values are started here with 'std::thread'
  for (int I = 0; I < 10; ++I) {
    bool Ok = Results->value_pop();
    if (!Ok)
      return false;
  }
  return true;
}

// A background command runner that gives up when the command is slow: the
// runner blocks forever in push() once nobody waits for it.
int runWithTimeout(const char *Command) {
  auto Done = std::make_shared<boost::fibers::unbuffered_channel<int>>();
  std::thread([Done, Command] { Done->push(runCommand(Command)); }).detach();
  // CHECK: boost-fiber.cpp:[[@LINE-1]]:39: warning: send on 'Done' (boost::fibers::unbuffered_channel) can block forever: 'runWithTimeout' may return at line [[@LINE+6]] before receiving the value; use a 'boost::fibers::buffered_channel' of capacity 2 (it holds 1 value) [conc-unreceived-channel-send]
  // CHECK: boost-fiber.cpp:[[@LINE+5]]:5: note: 'runWithTimeout' leaves here after receiving 0 values
  // CHECK: boost-fiber.cpp:[[@LINE-3]]:3: note: the task that sends the value is started here with 'std::thread'
  int Status = 0;
  if (Done->pop_wait_for(Status, std::chrono::seconds(5)) ==
      channel_op_status::timeout)
    return -1;
  return Status;
}

// std::async senders with the channel captured by reference: the futures'
// destructors wait for the blocked tasks, so the caller hangs as well.
int firstFailure(std::vector<int> &Jobs) {
  boost::fibers::unbuffered_channel<int> Codes;
  std::vector<std::future<int>> Pending;
  for (int Job : Jobs)
    Pending.push_back(std::async(std::launch::async, [&Codes, Job] {
      Codes.push(runCommand("job"));
      return Job;
    }));
  // CHECK: boost-fiber.cpp:[[@LINE-3]]:13: warning: send on 'Codes' (boost::fibers::unbuffered_channel) may block forever: 'firstFailure' may return at line [[@LINE+8]] before receiving all values, and the destructor of the 'std::future' waits for the blocked task; close 'Codes' on every path that returns early [conc-unreceived-channel-send]
  // CHECK: boost-fiber.cpp:[[@LINE+7]]:7: note: 'firstFailure' leaves here after receiving 1 value
  // CHECK: boost-fiber.cpp:[[@LINE-8]]:33: note: the destructor of 'Pending' waits for the blocked task, so 'firstFailure' hangs too
  // CHECK: boost-fiber.cpp:[[@LINE-7]]:23: note: tasks that send an unknown number of values are started here with 'std::async'
  for (int I = 0; I < static_cast<int>(Jobs.size()); ++I) {
    int Code = 0;
    Codes.pop(Code);
    if (Code != 0)
      return Code;
  }
  return 0;
}

// A buffered_channel(8) holds 7 values: the eighth sender still blocks.
bool eightWorkers() {
  auto Out = std::make_shared<boost::fibers::buffered_channel<bool>>(8);
  for (int I = 0; I < 8; ++I)
    std::thread([Out, I] { Out->push(runCheck(I)); }).detach();
  // CHECK: boost-fiber.cpp:[[@LINE-1]]:33: warning: send on 'Out' (boost::fibers::buffered_channel) can block forever: 'eightWorkers' may return at line [[@LINE+4]] before receiving all 8 values; give 'Out' room for 8 values [conc-unreceived-channel-send]
  // CHECK: boost-fiber.cpp:[[@LINE+3]]:5: note: 'eightWorkers' leaves here after receiving 0 values
  // CHECK: boost-fiber.cpp:[[@LINE-3]]:5: note: tasks that send 8 values are started here with 'std::thread'
  if (cancelled())
    return false;
  bool All = true;
  for (int I = 0; I < 8; ++I)
    All &= Out->value_pop();
  return All;
}

// Fibers as senders, and a receive loop left with break: each send is
// reported, each with its evidence.
void fiberProducers() {
  auto Ch = std::make_shared<boost::fibers::unbuffered_channel<int>>();
  boost::fibers::fiber([Ch] { Ch->push(1); }).detach();
  // CHECK: boost-fiber.cpp:[[@LINE-1]]:35: warning: send on 'Ch' (boost::fibers::unbuffered_channel) can block forever: 'fiberProducers' may reach its end at line [[@LINE+14]] before receiving all 2 values; use a 'boost::fibers::buffered_channel' of capacity 4 (it holds 3 values) [conc-unreceived-channel-send]
  // CHECK: boost-fiber.cpp:[[@LINE+13]]:1: note: 'fiberProducers' leaves here after receiving 1 value
  // CHECK: boost-fiber.cpp:[[@LINE-3]]:3: note: tasks that send 2 values are started here with 'boost::fibers::fiber'
  boost::fibers::fiber([Ch] { Ch->push(2); }).detach();
  // CHECK: boost-fiber.cpp:[[@LINE-1]]:35: warning: send on 'Ch' (boost::fibers::unbuffered_channel) can block forever: 'fiberProducers' may reach its end at line [[@LINE+10]] before receiving all 2 values
  // CHECK: boost-fiber.cpp:[[@LINE+9]]:1: note: 'fiberProducers' leaves here after receiving 1 value
  // CHECK: boost-fiber.cpp:[[@LINE-7]]:3: note: tasks that send 2 values are started here with 'boost::fibers::fiber'
  int V = 0;
  for (;;) {
    Ch->pop(V);
    if (V == 1)
      break;
  }
  log(V);
}

// A member function started with the channel as its argument.
class Prober {
public:
  bool probeAll() {
    auto Out = std::make_shared<boost::fibers::unbuffered_channel<bool>>();
    for (int I = 0; I < 3; ++I)
      std::thread(&Prober::probe, this, Out, I).detach();
    if (cancelled())
      return false;
    return Out->value_pop() && Out->value_pop() && Out->value_pop();
  }

private:
  void probe(std::shared_ptr<boost::fibers::unbuffered_channel<bool>> Out,
             int I) {
    Out->push(runCheck(I));
    // CHECK: boost-fiber.cpp:[[@LINE-1]]:10: warning: send on 'Out' (boost::fibers::unbuffered_channel) can block forever: 'probeAll' may return at line [[@LINE-8]] before receiving all 3 values; use a 'boost::fibers::buffered_channel' of capacity 4 (it holds 3 values) [conc-unreceived-channel-send]
    // CHECK: boost-fiber.cpp:[[@LINE-9]]:7: note: 'probeAll' leaves here after receiving 0 values
    // CHECK: boost-fiber.cpp:[[@LINE-12]]:7: note: tasks that send 3 values are started here with 'std::thread'
  }
};

// A send on each branch of an if/else: the task always sends one value.
bool vote(int Peer);
bool electLeader(int Peers) {
  auto Votes = std::make_shared<boost::fibers::unbuffered_channel<int>>();
  for (int P = 0; P < Peers; ++P)
    boost::fibers::fiber([Votes, P] {
      if (vote(P))
        Votes->push(1);
      else
        Votes->push(0);
    }).detach();
  // CHECK: boost-fiber.cpp:[[@LINE-4]]:16: warning: send on 'Votes' (boost::fibers::unbuffered_channel) may block forever: 'electLeader' may return at line [[@LINE+10]] before receiving all values; close 'Votes' on every path that returns early [conc-unreceived-channel-send]
  // CHECK: boost-fiber.cpp:[[@LINE+9]]:7: note: 'electLeader' leaves here after receiving 1 value
  // CHECK: boost-fiber.cpp:[[@LINE-8]]:5: note: tasks that send an unknown number of values are started here with 'boost::fibers::fiber'
  // CHECK: boost-fiber.cpp:[[@LINE-5]]:16: warning: send on 'Votes' (boost::fibers::unbuffered_channel) may block forever: 'electLeader' may return at line [[@LINE+7]] before receiving all values; close 'Votes' on every path that returns early [conc-unreceived-channel-send]
  // CHECK: boost-fiber.cpp:[[@LINE+6]]:7: note: 'electLeader' leaves here after receiving 1 value
  // CHECK: boost-fiber.cpp:[[@LINE-11]]:5: note: tasks that send an unknown number of values are started here with 'boost::fibers::fiber'
  int Granted = 1;
  for (int P = 0; P < Peers; ++P) {
    Granted += Votes->value_pop();
    if (Granted > Peers / 2)
      return true;
  }
  return false;
}

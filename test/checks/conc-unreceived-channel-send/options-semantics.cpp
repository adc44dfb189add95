// What the options can say beyond names: a capacity of zero means
// unbounded, the capacity comes from a setter, a receive drains everything.
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' \
// RUN:   -config="{CheckOptions: {conc-unreceived-channel-send.ChannelTypes: '::util::Pipe', conc-unreceived-channel-send.SendMethods: 'put', conc-unreceived-channel-send.ReceiveMethods: 'take', conc-unreceived-channel-send.CloseMethods: 'shutdown', conc-unreceived-channel-send.ZeroCapacityIsUnbounded: true, conc-unreceived-channel-send.DrainMethods: 'drain', conc-unreceived-channel-send.RecognizeQueues: false}}" \
// RUN:   %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ARG -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unreceived-channel-send' \
// RUN:   --config="{CheckOptions: {conc-unreceived-channel-send.ChannelTypes: '::util::Pipe', conc-unreceived-channel-send.SendMethods: 'put', conc-unreceived-channel-send.ReceiveMethods: 'take', conc-unreceived-channel-send.CloseMethods: 'shutdown', conc-unreceived-channel-send.ZeroCapacityIsUnbounded: true, conc-unreceived-channel-send.DrainMethods: 'drain', conc-unreceived-channel-send.RecognizeQueues: false}}" \
// RUN:   %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ARG -implicit-check-not='{{warning|error}}:'
// The capacity from a setter (no constructor argument): unset is unbounded.
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' \
// RUN:   -config="{CheckOptions: {conc-unreceived-channel-send.ChannelTypes: '::util::Pipe', conc-unreceived-channel-send.SendMethods: 'put', conc-unreceived-channel-send.ReceiveMethods: 'take', conc-unreceived-channel-send.CapacityArgument: -1, conc-unreceived-channel-send.CapacitySetter: 'resize', conc-unreceived-channel-send.RecognizeQueues: false}}" \
// RUN:   %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SETTER -implicit-check-not='{{warning|error}}:'

#include <thread>

namespace util {
class Pipe {
public:
  explicit Pipe(int Slots = 0);
  void resize(int Slots);
  void put(int Value);
  int take();
  void drain();
  void shutdown();
};
} // namespace util

int fetch(int);
bool stale(int);

// ZeroCapacityIsUnbounded: a pipe of capacity 0 never blocks.
int zeroSlots() {
  util::Pipe P(0);
  for (int I = 0; I < 3; ++I)
    std::thread([&P, I] { P.put(fetch(I)); }).detach();
  int V = P.take();
  if (stale(V))
    return -1;
  return V;
}

int oneSlot() {
  util::Pipe P(1);
  for (int I = 0; I < 3; ++I)
    std::thread([&P, I] { P.put(fetch(I)); }).detach();
  // ARG: options-semantics.cpp:[[@LINE-1]]:29: warning: send on 'P' (util::Pipe) can block forever: 'oneSlot' may return at line [[@LINE+5]] before receiving all 3 values; give 'P' room for 3 values [conc-unreceived-channel-send]
  // ARG: options-semantics.cpp:[[@LINE+4]]:5: note: 'oneSlot' leaves here after receiving 1 value
  // ARG: options-semantics.cpp:[[@LINE-3]]:5: note: tasks that send 3 values are started here with 'std::thread'
  int V = P.take();
  if (stale(V))
    return -1;
  return V + P.take() + P.take();
}

// DrainMethods: drain() receives every value, so the early path is fine.
int drained() {
  util::Pipe P(1);
  for (int I = 0; I < 3; ++I)
    std::thread([&P, I] { P.put(fetch(I)); }).detach();
  int V = P.take();
  if (stale(V)) {
    P.drain();
    return -1;
  }
  return V + P.take() + P.take();
}

// CapacitySetter: resize() before the senders start sets the capacity.
int resized() {
  util::Pipe P;
  P.resize(1);
  for (int I = 0; I < 3; ++I)
    std::thread([&P, I] { P.put(fetch(I)); }).detach();
  // SETTER: options-semantics.cpp:[[@LINE-1]]:29: warning: send on 'P' (util::Pipe) can block forever: 'resized' may return at line [[@LINE+5]] before receiving all 3 values; give 'P' room for 3 values [conc-unreceived-channel-send]
  // SETTER: options-semantics.cpp:[[@LINE+4]]:5: note: 'resized' leaves here after receiving 1 value
  // SETTER: options-semantics.cpp:[[@LINE-3]]:5: note: tasks that send 3 values are started here with 'std::thread'
  int V = P.take();
  if (stale(V))
    return -1;
  return V + P.take() + P.take();
}

// Without resize(), unbounded.
int neverResized() {
  util::Pipe P;
  for (int I = 0; I < 3; ++I)
    std::thread([&P, I] { P.put(fetch(I)); }).detach();
  int V = P.take();
  if (stale(V))
    return -1;
  return V;
}

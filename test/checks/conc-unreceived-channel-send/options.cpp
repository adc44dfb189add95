// A project's own rendezvous channel, configured in .clang-tidy options.
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DEFAULT -implicit-check-not='{{warning|error}}:' --allow-empty
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' \
// RUN:   -config="{CheckOptions: {conc-unreceived-channel-send.ChannelTypes: '::util::Rendezvous;util::Mailbox', conc-unreceived-channel-send.SendMethods: 'put', conc-unreceived-channel-send.ReceiveMethods: 'take', conc-unreceived-channel-send.CloseMethods: 'shutdown', conc-unreceived-channel-send.CapacityArgument: 0, conc-unreceived-channel-send.AsyncCalls: 'schedule'}}" \
// RUN:   %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unreceived-channel-send' \
// RUN:   --config="{CheckOptions: {conc-unreceived-channel-send.ChannelTypes: '::util::Rendezvous;util::Mailbox', conc-unreceived-channel-send.SendMethods: 'put', conc-unreceived-channel-send.ReceiveMethods: 'take', conc-unreceived-channel-send.CloseMethods: 'shutdown', conc-unreceived-channel-send.CapacityArgument: 0, conc-unreceived-channel-send.AsyncCalls: 'schedule'}}" \
// RUN:   %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <functional>
#include <memory>

// DEFAULT-NOT: warning:

namespace util {
template <typename T> class Rendezvous {
public:
  explicit Rendezvous(int Slots = 0);
  void put(T Value);
  T take();
  void shutdown();
};
} // namespace util

void schedule(std::function<void()> Task);
int fetch(int);
bool stale();

int firstFresh() {
  auto Box = std::make_shared<util::Rendezvous<int>>();
  for (int I = 0; I < 3; ++I)
    schedule([Box, I] { Box->put(fetch(I)); });
  // CHECK: options.cpp:[[@LINE-1]]:30: warning: send on 'Box' (util::Rendezvous) can block forever: 'firstFresh' may return at line [[@LINE+6]] before receiving all 3 values; give 'Box' room for 3 values [conc-unreceived-channel-send]
  // CHECK: options.cpp:[[@LINE+5]]:7: note: 'firstFresh' leaves here after receiving 1 value
  // CHECK: options.cpp:[[@LINE-3]]:5: note: tasks that send 3 values are started here with 'schedule'
  for (int I = 0; I < 3; ++I) {
    int V = Box->take();
    if (!stale())
      return V;
  }
  return -1;
}

// Room for every value, from the configured capacity argument.
int roomForAll() {
  auto Box = std::make_shared<util::Rendezvous<int>>(3);
  for (int I = 0; I < 3; ++I)
    schedule([Box, I] { Box->put(fetch(I)); });
  return Box->take();
}

// Shut down on the early exit.
int shutDown() {
  auto Box = std::make_shared<util::Rendezvous<int>>();
  for (int I = 0; I < 3; ++I)
    schedule([Box, I] { Box->put(fetch(I)); });
  int V = Box->take();
  Box->shutdown();
  return V;
}

// boost::thread's destructor calls std::terminate only in Boost.Thread's
// version 3 and later; by default it detaches.
// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=V2 --allow-empty -implicit-check-not='{{warning|error}}:'
// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks \
// RUN:   -DBOOST_THREAD_PROVIDES_THREAD_DESTRUCTOR_CALLS_TERMINATE_IF_JOINABLE 2>&1 \
// RUN:   | FileCheck %s --check-prefix=V3 -implicit-check-not='{{warning|error}}:'
// Same findings through the conctidy CLI (exit 1 with findings, 0 without):
// RUN: %conctidy --checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=V2 --allow-empty -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks \
// RUN:   -DBOOST_THREAD_PROVIDES_THREAD_DESTRUCTOR_CALLS_TERMINATE_IF_JOINABLE 2>&1 \
// RUN:   | FileCheck %s --check-prefix=V3 -implicit-check-not='{{warning|error}}:'
// V2-NOT: warning:

#include <boost/thread.hpp>

void work();
bool failed();

void earlyReturn() {
  boost::thread t(work);
  // V3: boost-thread.cpp:[[@LINE-1]]:17: warning: 't' ('boost::thread') can be destroyed while joinable, which calls 'std::terminate'; join or detach it on every path [conc-unjoined-thread]
  if (failed())
    return;
  // V3: boost-thread.cpp:[[@LINE-1]]:5: note: 't' is still joinable when this 'return' leaves its scope
  t.join();
}

void timedJoinDoesNotCount() {
  boost::thread t(work);
  // V3: boost-thread.cpp:[[@LINE-1]]:17: warning: 't' ('boost::thread')
  t.try_join_for(10);
}

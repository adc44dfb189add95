// Boost.Thread's real mutex and guards, abseil's Mutex and MutexLock.
// REQUIRES: boost-thread-headers, absl-headers
// RUN: %clang_tidy -checks='-*,conc-lock-order-inversion,conc-self-deadlock' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-lock-order-inversion,conc-self-deadlock' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <absl/synchronization/mutex.h>
#include <boost/thread/locks.hpp>
#include <boost/thread/mutex.hpp>
#include <boost/thread/recursive_mutex.hpp>

class Sessions {
public:
  void open() {
    boost::lock_guard<boost::mutex> a(table_);
    absl::MutexLock b(&log_);
  }
  void flush() {
    absl::MutexLock b(&log_);
    boost::unique_lock<boost::mutex> a(table_);
  }
  void nested() {
    boost::lock_guard<boost::recursive_mutex> a(r_);
    boost::lock_guard<boost::recursive_mutex> b(r_); // Recursive: fine.
  }
  void relock() {
    absl::MutexLock b(&log_);
    log_.Lock();
  }

private:
  boost::mutex table_;
  absl::Mutex log_;
  boost::recursive_mutex r_;
};

// CHECK: boost-absl.cpp:21:5: warning: 'Sessions::table_' is acquired here while 'Sessions::log_' is held, but 'Sessions::log_' is acquired while 'Sessions::table_' is held in 'Sessions::open': two threads can deadlock (a member lock stands for that member of every object of its class); take both with 'std::scoped_lock', or always take 'Sessions::table_' before 'Sessions::log_' [conc-lock-order-inversion]
// CHECK: boost-absl.cpp:20:5: note: 'Sessions::log_' is acquired here
// CHECK: boost-absl.cpp:17:5: note: 'Sessions::log_' is acquired here while 'Sessions::table_' is held, in 'Sessions::open'
// CHECK: boost-absl.cpp:16:5: note: 'Sessions::table_' is acquired here
// CHECK: boost-absl.cpp:29:5: warning: 'log_' is acquired here while it is already held, and 'absl::Mutex' is not recursive: the thread waits for itself forever; release it first, or do not lock it again here [conc-self-deadlock]
// CHECK: boost-absl.cpp:28:5: note: 'log_' is acquired here

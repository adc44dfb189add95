// The real libstdc++, a thread body and a detached callback as entry
// points, and project lock classes recognized by their shape (leveldb's
// port::Mutex / MutexLock, a pthread wrapper).
// RUN: %clang_tidy -checks='-*,conc-lock-order-inversion,conc-self-deadlock,conc-join-under-lock' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-lock-order-inversion,conc-self-deadlock,conc-join-under-lock' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <functional>
#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <thread>

namespace port {
class Mutex {
public:
  void Lock() { mu_.lock(); }
  void Unlock() { mu_.unlock(); }

private:
  std::mutex mu_;
};
} // namespace port

class MutexLock {
public:
  explicit MutexLock(port::Mutex *mu) : mu_(mu) { this->mu_->Lock(); }
  ~MutexLock() { this->mu_->Unlock(); }

private:
  port::Mutex *const mu_;
};

class PthreadMutex {
public:
  PthreadMutex() { pthread_mutex_init(&m_, nullptr); }
  void lock() { pthread_mutex_lock(&m_); }
  void unlock() { pthread_mutex_unlock(&m_); }

private:
  pthread_mutex_t m_;
};

// A thread body and a public method, in opposite orders, through project
// classes.
class DB {
public:
  void Start() {
    bg_ = std::thread([this] {
      MutexLock l(&mutex_);
      std::lock_guard<PthreadMutex> g(files_);
    });
  }
  void Compact() {
    std::lock_guard<PthreadMutex> g(files_);
    MutexLock l(&mutex_);
  }

private:
  port::Mutex mutex_;
  PthreadMutex files_;
  std::thread bg_;
};

// A shared_mutex read lock and a callback run elsewhere.
class Config {
public:
  void subscribe(std::function<void()> &out) {
    out = [this] {
      std::unique_lock<std::mutex> n(notify_);
      std::shared_lock<std::shared_mutex> r(rw_);
    };
  }
  void reload() {
    std::unique_lock<std::shared_mutex> w(rw_);
    std::lock_guard<std::mutex> n(notify_);
  }
  // Relocking a shared_mutex held for reading to write: a self-deadlock.
  void upgrade() {
    std::shared_lock<std::shared_mutex> r(rw_);
    std::unique_lock<std::shared_mutex> w(rw_);
  }

private:
  std::shared_mutex rw_;
  std::mutex notify_;
};

// CHECK: real-headers.cpp:57:5: warning: 'DB::mutex_' is acquired here while 'DB::files_' is held, but 'DB::files_' is acquired while 'DB::mutex_' is held in the lambda in 'DB::Start': two threads can deadlock (a member lock stands for that member of every object of its class); take both with 'std::scoped_lock', or always take 'DB::mutex_' before 'DB::files_' [conc-lock-order-inversion]
// CHECK: real-headers.cpp:56:5: note: 'DB::files_' is acquired here
// CHECK: real-headers.cpp:52:7: note: 'DB::files_' is acquired here while 'DB::mutex_' is held, in the lambda in 'DB::Start'
// CHECK: real-headers.cpp:51:7: note: 'DB::mutex_' is acquired here
// CHECK: real-headers.cpp:77:5: warning: 'Config::notify_' is acquired here while 'Config::rw_' is held, but 'Config::rw_' is acquired while 'Config::notify_' is held in the lambda in 'Config::subscribe': two threads can deadlock (a member lock stands for that member of every object of its class); take both with 'std::scoped_lock', or always take 'Config::notify_' before 'Config::rw_' [conc-lock-order-inversion]
// CHECK: real-headers.cpp:76:5: note: 'Config::rw_' is acquired here
// CHECK: real-headers.cpp:72:7: note: 'Config::rw_' is acquired here while 'Config::notify_' is held, in the lambda in 'Config::subscribe'
// CHECK: real-headers.cpp:71:7: note: 'Config::notify_' is acquired here
// CHECK: real-headers.cpp:82:5: warning: 'rw_' is acquired here while it is already held, and 'std::shared_mutex' is not recursive: the thread waits for itself forever; release it first, or do not lock it again here [conc-self-deadlock]
// CHECK: real-headers.cpp:81:5: note: 'rw_' is acquired here

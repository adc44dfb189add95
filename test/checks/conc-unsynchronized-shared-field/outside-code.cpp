// Shared data reached from outside its class (thread bodies, friends),
// public helpers the class calls under its lock, getters, locks released on
// purpose, and spin locks over std::atomic<int>; the real libstdc++.
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

// leveldb's db_bench: a struct with its lock, shared with thread bodies
// through a pointer; the main thread's object is a local whose address the
// threads get.
struct SharedState {
  std::mutex mu;
  std::condition_variable cv;
  int total = 0;
  int num_initialized = 0;
  bool start = false;
};

struct ThreadArg {
  SharedState *shared;
};

void threadBody(ThreadArg *arg) {
  SharedState *shared = arg->shared;
  {
    std::lock_guard<std::mutex> l(shared->mu);
    shared->num_initialized++;
  }
  if (shared->start)
    // CHECK: outside-code.cpp:[[@LINE-1]]:15: warning: 'start' ('bool') is read here without holding 'mu'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-field]
    return;
}

void runBenchmark(int n) {
  SharedState shared;
  std::vector<ThreadArg> args(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    args[i].shared = &shared;
    threads.emplace_back(threadBody, &args[i]);
  }
  std::unique_lock<std::mutex> l(shared.mu);
  while (shared.num_initialized < n)
    shared.cv.wait(l);
  shared.start = true;
  // CHECK: outside-code.cpp:[[@LINE-1]]:10: note: 'mu' is held here, where 'start' is written
  l.unlock();
  for (std::thread &t : threads)
    t.join();
}

// A member of a member of an object (thread->shared->count), locked
// through the same path: guarded.
struct Counter {
  std::mutex mu;
  int count = 0;
};
struct Worker {
  Counter *counter;
};
void work(Worker *w) {
  std::lock_guard<std::mutex> l(w->counter->mu);
  w->counter->count++;
}
int peek(Worker *w) {
  std::lock_guard<std::mutex> l(w->counter->mu);
  return w->counter->count;
}

// A public helper that every caller in the class calls with the lock held
// (glog's FlushUnlocked()): it starts with the lock.
class LogFile {
public:
  void write(int n) {
    std::lock_guard<std::mutex> l(lock_);
    bytes_ += n;
    flushUnlocked();
  }
  void flush() {
    std::lock_guard<std::mutex> l(lock_);
    flushUnlocked();
  }
  void flushUnlocked() { bytes_ = 0; }

private:
  std::mutex lock_;
  int bytes_ = 0;
};

// A private helper called only by a friend that holds the object's lock
// (thrift's sentries).
class Sync {
  friend class Sentry;

public:
  int pending() {
    std::lock_guard<std::mutex> l(mu_);
    return pending_;
  }

private:
  void wakeupAnyone() { pending_ = 0; }
  std::mutex mu_;
  int pending_ = 0;
};
class Sentry {
public:
  explicit Sentry(Sync *s) : sync_(s) {}
  ~Sentry() {
    std::lock_guard<std::mutex> l(sync_->mu_);
    sync_->wakeupAnyone();
  }

private:
  Sync *sync_;
};

// The same helper called by a friend that does not lock: reported.
class Mailbox {
  friend class Poster;

public:
  int size() {
    std::lock_guard<std::mutex> l(mu_);
    return size_;
  }

private:
  void add() { size_++; }
  // CHECK: outside-code.cpp:[[@LINE-1]]:16: warning: 'size_' ('int') is written here without holding 'mu_'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-field]
  // CHECK: outside-code.cpp:[[@LINE-6]]:12: note: 'mu_' is held here, where 'size_' is read
  std::mutex mu_;
  int size_ = 0;
};
class Poster {
public:
  void post(Mailbox &m) { m.add(); }
};

// A setter without the lock that its getter takes to return the value
// (abseil's flag setters with the lock removed).
class Flags {
public:
  void setMode(int m) { mode_ = m; }
  // CHECK: outside-code.cpp:[[@LINE-1]]:25: warning: 'mode_' ('int') is written here without holding 'mu_'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-field]
  int mode() {
    std::lock_guard<std::mutex> l(mu_);
    return mode_;
    // CHECK: outside-code.cpp:[[@LINE-1]]:12: note: 'mu_' is held here, where 'mode_' is read
  }

private:
  std::mutex mu_;
  int mode_ = 0;
};

// A spin lock over std::atomic<int> (libstdc++ declares exchange() in
// __atomic_base<int>) and its holder.
class SpinLock {
public:
  void Lock() {
    while (word_.exchange(1, std::memory_order_acquire))
      ;
  }
  void Unlock() { word_.store(0, std::memory_order_release); }

private:
  std::atomic<int> word_{0};
};
class SpinLockHolder {
public:
  explicit SpinLockHolder(SpinLock *l) : l_(l) { l_->Lock(); }
  ~SpinLockHolder() { l_->Unlock(); }

private:
  SpinLock *l_;
};
class Pool {
public:
  void init() { next_ = 8; }
  // CHECK: outside-code.cpp:[[@LINE-1]]:17: warning: 'next_' ('int') is written here without holding 'mu_'; 2 of 2 other accesses hold it [conc-unsynchronized-shared-field]
  int generate() {
    SpinLockHolder l(&mu_);
    return next_++;
    // CHECK: outside-code.cpp:[[@LINE-1]]:12: note: 'mu_' is held here, where 'next_' is written
  }
  int fill() {
    SpinLockHolder l(&mu_);
    return next_--;
  }

private:
  SpinLock mu_;
  int next_ = 0;
};

// A file-static helper whose every caller holds the global lock starts
// with it (glog's helpers of SendToLog); one with an unlocked caller does
// not.
static std::mutex log_mutex;
static int threshold = 0;
static int email_level = 0;

static bool maybeLogToStderr(int severity) { return severity >= threshold; }
static bool maybeEmail(int severity) { return severity >= email_level; }
// CHECK: outside-code.cpp:[[@LINE-1]]:59: warning: 'email_level' ('int') is read here without holding 'log_mutex'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-field]

void sendToLog(int severity) {
  std::lock_guard<std::mutex> l(log_mutex);
  maybeLogToStderr(severity);
  maybeEmail(severity);
}
void setThresholds(int t, int e) {
  std::lock_guard<std::mutex> l(log_mutex);
  threshold = t;
  email_level = e;
  // CHECK: outside-code.cpp:[[@LINE-1]]:3: note: 'log_mutex' is held here, where 'email_level' is written
}
void crashFlush() { maybeEmail(3); }

// One function that forgets the lock in its loop is reported, however many
// of its accesses go without it (leveldb's BackgroundThreadMain).
class Background {
public:
  void schedule(int job) {
    std::lock_guard<std::mutex> l(mu_);
    if (pending_ == 0)
      cv_.notify_one();
    pending_ = job;
  }
  void main() {
    while (true) {
      while (pending_ == 0)
      // CHECK: outside-code.cpp:[[@LINE-1]]:14: warning: 'pending_' ('int') is read here without holding 'mu_'; 2 of 5 other accesses hold it [conc-unsynchronized-shared-field]
      // CHECK: outside-code.cpp:[[@LINE-6]]:5: note: 'mu_' is held here, where 'pending_' is written
        ;
      int job = pending_;
      // CHECK: outside-code.cpp:[[@LINE-1]]:17: warning: 'pending_' ('int') is read here without holding 'mu_'; 2 of 5 other accesses hold it [conc-unsynchronized-shared-field]
      // CHECK: outside-code.cpp:[[@LINE-10]]:5: note: 'mu_' is held here, where 'pending_' is written
      pending_ = 0;
      // CHECK: outside-code.cpp:[[@LINE-1]]:7: warning: 'pending_' ('int') is written here without holding 'mu_'; 2 of 5 other accesses hold it [conc-unsynchronized-shared-field]
      // CHECK: outside-code.cpp:[[@LINE-13]]:5: note: 'mu_' is held here, where 'pending_' is written
      (void)job;
      if (pending_ > 1)
      // CHECK: outside-code.cpp:[[@LINE-1]]:11: warning: 'pending_' ('int') is read here without holding 'mu_'; 2 of 5 other accesses hold it [conc-unsynchronized-shared-field]
      // CHECK: outside-code.cpp:[[@LINE-17]]:5: note: 'mu_' is held here, where 'pending_' is written
        return;
    }
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  int pending_ = 0;
};

// No-report traps of conc-unsynchronized-shared-field (and the map check
// on the same classes); the real libstdc++.
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-field,conc-unsynchronized-shared-map' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -allow-empty -implicit-check-not='{{warning|error}}:'
// RUN: %conctidy --checks='-*,conc-unsynchronized-shared-field,conc-unsynchronized-shared-map' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -allow-empty -implicit-check-not='{{warning|error}}:'

#include <atomic>
#include <map>
#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <string>
#include <thread>

// Every caller of the private helper holds the lock, including one that
// runs from a static thread trampoline and one that nothing calls.
class Server {
public:
  void handle(int fd) {
    std::lock_guard<std::mutex> g(mu_);
    account(fd);
  }
  void start() { pthread_create(&tid_, nullptr, &Server::trampoline, this); }

private:
  static void *trampoline(void *self) {
    static_cast<Server *>(self)->loop();
    return nullptr;
  }
  void loop() {
    std::lock_guard<std::mutex> g(mu_);
    account(-1);
    drain();
  }
  // Called only from loop(), which only the trampoline calls.
  void drain() {
    handled_ = 0;
    byFd_.clear();
  }
  void unusedDebugDump() {
    std::lock_guard<std::mutex> g(mu_);
    account(0);
  }
  void account(int fd) {
    ++handled_;
    lastFd_ = fd;
    byFd_[fd]++;
  }
  std::mutex mu_;
  pthread_t tid_;
  int handled_ = 0;
  int lastFd_ = 0;
  std::map<int, int> byFd_;
};

// Written once in the constructor, read-only after; fields touched only in
// constructors and destructors; atomics; const members.
class Settings {
public:
  explicit Settings(int n) : limit_(n), name_("x") { scratch_ = n; }
  ~Settings() { scratch_ = 0; }
  int limit() const { return limit_; }
  const std::string &name() const { return name_; }
  void bump() {
    std::lock_guard<std::mutex> g(mu_);
    ++bumps_;
    ++hits_;
  }
  int bumps() {
    std::lock_guard<std::mutex> g(mu_);
    return bumps_;
  }
  int hits() const { return hits_; }
  int max() const { return kMax; }

private:
  std::mutex mu_;
  int limit_;
  std::string name_;
  int scratch_ = 0;
  int bumps_ = 0;
  std::atomic<int> hits_{0};
  const int kMax = 8;
};

// A wrapper whose lock() does nothing is no lock.
struct NullMutex {
  void lock() {}
  void unlock() {}
};

class SingleThreaded {
public:
  void set(int v) {
    std::lock_guard<NullMutex> g(mu_);
    value_ = v;
  }
  int get() const { return value_; }

private:
  NullMutex mu_;
  int value_ = 0;
};

// Two instances, each with its own lock, always taken.
class Account {
public:
  void deposit(int n) {
    std::lock_guard<std::mutex> g(mu_);
    balance_ += n;
  }
  void transfer(Account &to, int n) {
    std::scoped_lock both(mu_, to.mu_);
    balance_ -= n;
    to.balance_ += n;
  }

private:
  std::mutex mu_;
  int balance_ = 0;
};

// A class template whose every access holds the lock.
template <typename T> class Box {
public:
  void put(T v) {
    std::lock_guard<std::mutex> g(mu_);
    value_ = v;
    full_ = true;
  }
  bool full() {
    std::lock_guard<std::mutex> g(mu_);
    return full_;
  }

private:
  std::mutex mu_;
  T value_;
  bool full_ = false;
};
template class Box<int>;

// A chain of private helpers, each called with the lock held by the one
// before: every one of them holds it, however deep the chain.
class Chain {
public:
  void run() {
    std::lock_guard<std::mutex> g(mu_);
    h0();
  }
  int count() {
    std::lock_guard<std::mutex> g(mu_);
    return count_;
  }

private:
  void h0() { map_[0] = 0; ++count_; h1(); }
  void h1() { map_[1] = 1; ++count_; h2(); }
  void h2() { map_[2] = 2; ++count_; h3(); }
  void h3() { map_[3] = 3; ++count_; h4(); }
  void h4() { map_[4] = 4; ++count_; h5(); }
  void h5() { map_[5] = 5; ++count_; h6(); }
  void h6() { map_[6] = 6; ++count_; h7(); }
  void h7() { map_[7] = 7; ++count_; h8(); }
  void h8() { map_[8] = 8; ++count_; h9(); }
  void h9() { map_[9] = 9; ++count_; h10(); }
  void h10() { map_.clear(); }
  std::mutex mu_;
  std::map<int, int> map_;
  int count_ = 0;
};

// A member whose class is made of atomics (or derives from one) is
// thread-safe: updated under a lock, copied without it.
struct Counter : std::atomic<long> {
  void add(long N) { fetch_add(N, std::memory_order_relaxed); }
};
struct Tracker {
  std::atomic<long> Values[4];
  Counter Total;
};

class Profile {
public:
  void update() {
    std::lock_guard<std::mutex> g(mu_);
    tracker_.Values[0]++;
    tracker_.Total.add(1);
    ++updates_;
  }
  long total() const { return tracker_.Total.load(); }
  int updates() {
    std::lock_guard<std::mutex> g(mu_);
    return updates_;
  }

private:
  std::mutex mu_;
  Tracker tracker_;
  int updates_ = 0;
};

// A private helper called only from a member template, with an argument of
// dependent type (an unresolved call), and a protected helper: both start
// with the lock their callers hold.
class Alerts {
public:
  template <typename T> void emplace(T *A) {
    std::lock_guard<std::mutex> g(mu_);
    notify(A);
  }
  void flush() {
    std::lock_guard<std::mutex> g(mu_);
    reset();
  }

protected:
  virtual void reset() { generation_ = 0; }

private:
  void notify(void *) { ++generation_; }
  std::mutex mu_;
  int generation_ = 0;
};

// A global of a class that is declared but not defined here (a crash once:
// its bases were read without a definition).
struct Incomplete;
extern Incomplete OpaqueGlobal;
template <typename T> struct Hook;
extern Hook<int> OpaqueHook;

// A private helper that takes the guard as a lock token, called only from a
// friend class that holds the lock.
class Info {
public:
  void add(int K) {
    std::lock_guard<std::mutex> G(Mu);
    Map[K] = K;
    ++Count;
  }

private:
  friend class Sentry;
  void wakeup(const std::lock_guard<std::mutex> &) {
    if (!Map.empty())
      Map.erase(Map.begin());
    --Count;
  }
  std::mutex Mu;
  std::map<int, int> Map;
  int Count = 0;
};

class Sentry {
public:
  explicit Sentry(Info &I) : I(I) {}
  ~Sentry() {
    std::lock_guard<std::mutex> G(I.Mu);
    I.wakeup(G);
  }

private:
  Info &I;
};

// leveldb's DBImpl::Write: the front writer releases the lock on purpose
// inside its guard's scope, reads what only the front writer changes, and
// takes the lock back before the guard ends.
class MutexLike {
public:
  void Lock() { mu_.lock(); }
  void Unlock() { mu_.unlock(); }

private:
  std::mutex mu_;
};
class MutexLockLike {
public:
  explicit MutexLockLike(MutexLike *m) : m_(m) { m_->Lock(); }
  ~MutexLockLike() { m_->Unlock(); }

private:
  MutexLike *m_;
};
class WriterQueue {
public:
  void write() {
    MutexLockLike l(&mutex_);
    mutex_.Unlock();
    *log_ = 1;
    mutex_.Lock();
  }
  void newLog() {
    MutexLockLike l(&mutex_);
    log_ = new int(0);
  }

private:
  MutexLike mutex_;
  int *log_ = nullptr;
};

// A lock that fewer than half of the other accesses hold guards something
// else: the serving thread's own descriptor (thrift's TServerSocket).
class ServingSocket {
public:
  void listen() {
    reader_ = 1;
    reader_ = 2;
  }
  void accept() {
    if (reader_ > 0)
      reader_ = 3;
    if (reader_ > 1)
      reader_ = 4;
  }
  void close() {
    std::lock_guard<std::mutex> l(mu_);
    reader_ = -1;
    other_ = 0;
  }
  void interrupt() {
    std::lock_guard<std::mutex> l(mu_);
    other_ = 1;
    if (reader_ >= 0)
      reader_ = -2;
  }

private:
  std::mutex mu_;
  int reader_ = 0;
  int other_ = 0;
};

// Initialized once, lazily, under the lock, and read after its own
// initialization (abseil's graphcycles arena).
static std::mutex arena_mu;
static int *arena = nullptr;
static void initArenaIfNecessary() {
  std::lock_guard<std::mutex> l(arena_mu);
  if (arena == nullptr)
    arena = new int(0);
}
int allocate() {
  initArenaIfNecessary();
  return *arena;
}

// Functions whose names say they are unsynchronized on purpose.
class CordInfo {
public:
  void track(int *rep) {
    std::lock_guard<std::mutex> l(mu_);
    rep_ = rep;
  }
  int *ref() {
    std::lock_guard<std::mutex> l(mu_);
    return rep_;
  }
  int *getRepForTesting() { return rep_; }
  void unsafeSetRep(int *rep) { rep_ = rep; }

private:
  std::mutex mu_;
  int *rep_ = nullptr;
};

// A class that is its own lockable (abseil's CordzInfo): Unlock() reads
// before it releases the mutex it expects held, and AssertHeld(), empty
// under NDEBUG, asserts what Lock() takes.
class SelfLocking {
public:
  void Lock() { mutex_.lock(); }
  void Unlock() {
    bool tracked = rep_ != nullptr;
    mutex_.unlock();
    (void)tracked;
  }
  void AssertHeld() {}
  void setRep(int *rep) {
    AssertHeld();
    rep_ = rep;
  }
  int *rep() {
    std::lock_guard<std::mutex> l(mutex_);
    return rep_;
  }
  void track(int *rep) {
    std::lock_guard<std::mutex> l(mutex_);
    rep_ = rep;
  }

private:
  std::mutex mutex_;
  int *rep_ = nullptr;
};

// Data published before an atomic flag is set and read only when it is
// (abseil's finalized flag registry).
class Registry {
public:
  void finalize() {
    std::lock_guard<std::mutex> l(mu_);
    flat_ = 1;
    finalized_.store(true, std::memory_order_release);
  }
  int find() {
    if (finalized_.load(std::memory_order_acquire))
      return flat_;
    std::lock_guard<std::mutex> l(mu_);
    return flat_ + 1;
  }

private:
  std::mutex mu_;
  std::atomic<bool> finalized_{false};
  int flat_ = 0;
};

// A local object filled before the thread that shares it starts, and read
// after it is joined (abseil's mutex_test.cc); the workers lock.
struct Progress {
  std::mutex Mu;
  int Done = 0;
  bool Finished = false;
};
static void work(Progress *P) {
  std::lock_guard<std::mutex> G(P->Mu);
  ++P->Done;
  P->Finished = P->Done == 2;
}
int runWorkers() {
  Progress P;
  P.Done = 0;
  P.Finished = false;
  std::thread A(work, &P), B(work, &P);
  A.join();
  B.join();
  return P.Done;
}

// Fields written under a reader lock and a second, exclusive lock: the
// second guards them (abseil's MutexReaderWakeupBug).
struct Readers {
  std::shared_mutex Mu;
  std::mutex CountMu;
  int Unfinished = 2;
};
static void readAndCount(Readers *R) {
  std::shared_lock<std::shared_mutex> Read(R->Mu);
  std::lock_guard<std::mutex> G(R->CountMu);
  --R->Unfinished;
}
static int unfinished(Readers *R) {
  std::shared_lock<std::shared_mutex> Read(R->Mu);
  std::lock_guard<std::mutex> G(R->CountMu);
  return R->Unfinished;
}
void runReaders(Readers *R) {
  std::thread A(readAndCount, R), B(readAndCount, R), C(unfinished, R);
  A.join();
  B.join();
  C.join();
}

// GUARDED_BY data in functions excluded from the thread-safety analysis
// (abseil's CordzInfo::GetCordRepForTesting, UnsafeSetCordRep): the
// author turned the checking off there, as -Wthread-safety honours.
class OptedOut {
public:
  void set(int V) {
    std::lock_guard<std::mutex> G(Mu);
    Value = V;
  }
  int getForTesting() const __attribute__((no_thread_safety_analysis)) {
    return Value;
  }
  void reset() { unsafeSet(0); }

private:
  void unsafeSet(int V) __attribute__((no_thread_safety_analysis)) {
    Value = V;
  }
  mutable std::mutex Mu;
  int Value __attribute__((guarded_by(Mu))) = 0;
};

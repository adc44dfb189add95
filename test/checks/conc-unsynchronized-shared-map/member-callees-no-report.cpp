// Traps for the member-access part of the summaries: each case reaches a
// member through callees, and each one is synchronized.
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 -nostdinc++ -isystem %mocks -isystem %inputs/c 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error|note}}:' -allow-empty
// RUN: %conctidy --checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 -nostdinc++ -isystem %mocks -isystem %inputs/c 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error|note}}:' -allow-empty

#include <map>
#include <mutex>
#include <thread>

// A member object that locks itself: its own lock guards its map, whatever
// the owner holds around its calls.
class LockedTable {
public:
  void put(int K) {
    std::lock_guard<std::mutex> G(Mu);
    Rows[K] = K;
  }
  bool has(int K) {
    std::lock_guard<std::mutex> G(Mu);
    return Rows.count(K) != 0;
  }

private:
  std::mutex Mu;
  std::map<int, int> Rows;
};

class Owner {
public:
  void add(int K) {
    std::lock_guard<std::mutex> G(Mu);
    Table.put(K);
    ++Adds;
  }
  bool has(int K) { return Table.has(K); }
  int adds() {
    std::lock_guard<std::mutex> G(Mu);
    return Adds;
  }

private:
  std::mutex Mu;
  LockedTable Table;
  int Adds = 0;
};

// A plain member object reached only under the owner's lock, also through
// a helper chain, and filled once by the constructor.
class Index {
public:
  void insert(int K) { Keys[K] = K; }
  bool contains(int K) const { return Keys.count(K) != 0; }

private:
  std::map<int, int> Keys;
};

class Catalog {
public:
  Catalog() { Names.insert(0); }
  void add(int K) {
    std::lock_guard<std::mutex> G(Mu);
    store(K);
  }
  bool known(int K) {
    std::lock_guard<std::mutex> G(Mu);
    return lookup(K);
  }

private:
  void store(int K) { Names.insert(K); }
  bool lookup(int K) { return check(K); }
  bool check(int K) { return Names.contains(K); }

  std::mutex Mu;
  Index Names;
};

// A free function given the object, called only with the object's lock;
// a member function that takes the lock itself, called without it; a copy
// of the object taken by value.
struct Counters {
  std::mutex Mu;
  std::map<int, int> Seen;
  void note(int K) {
    std::lock_guard<std::mutex> G(Mu);
    Seen[K]++;
  }
};

void countLocked(Counters *C, int K) { C->Seen[K]++; }
int inspectCopy(Counters C) { return C.Seen.count(1); }

void worker(Counters *C) {
  {
    std::lock_guard<std::mutex> G(C->Mu);
    countLocked(C, 1);
  }
  C->note(2);
}

void run(Counters &C) {
  std::thread T(worker, &C);
  C.note(3);
  T.join();
}

// A queue guarded by its owner's lock, named through a back-reference
// (libtorrent's job queues, `m_owner.m_job_mutex`); the owner takes its own
// mutex around the queue's calls: the same lock under another name.
struct Pool;
struct JobList {
  void push(int J) { Items[J] = J; }
  std::map<int, int> Items;
};
struct JobQueue {
  Pool &Owner;
  JobList Jobs;
  void drain();
};
struct Pool {
  std::mutex JobMutex;
  JobQueue Queue{*this};
  JobQueue &queueFor(int) { return Queue; }
  void add(int J) {
    std::unique_lock<std::mutex> L(JobMutex);
    JobQueue &Q = queueFor(J);
    Q.Jobs.push(J);
  }
};
void JobQueue::drain() {
  std::lock_guard<std::mutex> L(Owner.JobMutex);
  Jobs.Items.clear();
}

// A helper that reaches the arena through a block's header while its
// caller holds the arena's lock under the parameter's name (abseil's
// low_level_alloc): unknown, not unguarded.
struct Arena {
  std::mutex Mu;
  int Random = 0;
};
struct Block {
  Arena *Owner;
};
static void bumpRandom(Block *B) {
  Arena *A = B->Owner;
  A->Random++;
}
void releaseBlock(Arena *A, Block *B) {
  std::lock_guard<std::mutex> L(A->Mu);
  bumpRandom(B);
}
int peekRandom(Arena *A) {
  std::lock_guard<std::mutex> L(A->Mu);
  return A->Random;
}

// A lock given up on purpose inside its guard's scope, in code outside the
// class (the worker releases the manager's lock around the callback it
// reads, then takes it back).
struct Manager {
  std::mutex Mu;
  std::map<int, int> Callbacks;
  void setCallback(int K) {
    std::lock_guard<std::mutex> L(Mu);
    Callbacks[K] = K;
  }
};
struct ManagerWorker {
  Manager *M;
  void loop() {
    std::unique_lock<std::mutex> L(M->Mu);
    M->Mu.unlock();
    (void)M->Callbacks.count(1);
    M->Mu.lock();
  }
};

// The locks a callee takes through a local reference it made (spdlog's
// `auto &R = registry::instance();` in a factory), named from the caller
// as the data is.
class LoggerRegistry {
public:
  static LoggerRegistry &instance();
  void init(int K) {
    std::lock_guard<std::mutex> L(Mu);
    Levels[K] = K;
  }
  void drop(int K) {
    std::lock_guard<std::mutex> L(Mu);
    Levels.erase(K);
  }

private:
  std::mutex Mu;
  std::map<int, int> Levels;
};
struct LoggerFactory {
  static void create(int K) {
    auto &R = LoggerRegistry::instance();
    R.init(K);
  }
};
void makeLogger() { LoggerFactory::create(1); }

// The locks of a thread a callee starts, named from the caller too (an
// owner calling a connection's method that writes under the connection's
// lock on a thread of its own).
struct Connection {
  std::mutex Mu;
  std::map<int, int> Pending;
  void sendAsync() {
    std::thread T([this] {
      std::lock_guard<std::mutex> L(Mu);
      Pending[1] = 1;
    });
    T.join();
  }
  void close() {
    std::lock_guard<std::mutex> L(Mu);
    Pending.clear();
  }
};
struct ConnectionOwner {
  Connection *C;
  void send() { C->sendAsync(); }
};

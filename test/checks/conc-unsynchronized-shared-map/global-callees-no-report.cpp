// Global data reached through callees: the traps. The callee takes the
// lock itself; the only unlocked call comes before any thread starts, or
// from a function that skips the lock on purpose; the lock is released
// and taken again by a callee around the access; the threads share a lock
// given to them as a parameter.
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 -nostdinc++ -isystem %mocks -isystem %inputs/c 2>&1 \
// RUN:   | FileCheck %s -allow-empty -implicit-check-not='{{warning|error|note}}:'
// RUN: %conctidy --checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 -nostdinc++ -isystem %mocks -isystem %inputs/c 2>&1 \
// RUN:   | FileCheck %s -allow-empty -implicit-check-not='{{warning|error|note}}:'

#include <map>
#include <mutex>
#include <thread>

std::mutex Mu;
std::map<int, int> Table;

void put(int K) { Table[K] = K; }
void putLocked(int K) {
  std::lock_guard<std::mutex> G(Mu);
  put(K);
}
// The reader's callee takes the lock itself.
int getLocked(int K) {
  std::lock_guard<std::mutex> G(Mu);
  return Table.count(K);
}
int get(int K) { return getLocked(K); }

// Filled before the threads start: not concurrent.
void seed() { put(0); }

// Skips the lock on purpose, on a thread of its own.
void dumpUnsafe() { put(-1); }

void writer() { putLocked(1); }
void reader() { get(1); }

// Each logger's own lock, held around a call that fills a global list
// (glog's LogFileObject::lock_ and logging_directories_list): it guards
// nothing shared by all loggers.
std::map<int, int> *Dirs;
const std::map<int, int> &dirs() {
  if (!Dirs)
    Dirs = new std::map<int, int>;
  return *Dirs;
}
class FileLogger {
  std::mutex Lock;

public:
  void write() {
    std::lock_guard<std::mutex> G(Lock);
    dirs();
  }
  void flush() {
    std::lock_guard<std::mutex> G(Lock);
    (*Dirs)[1] = 1;
  }
};
void clearDirs() {
  delete Dirs;
  Dirs = nullptr;
}

// A counter bumped by a function several threads run, under a mutex they
// are all given (libtorrent's test_time.cpp: a failed TEST_CHECK under the
// loop's lock): no guard can be named after the parameter, but the write
// holds a lock, so it is no unlocked write.
std::map<int, int> Failures;
void reportFailure(int I) { Failures[I] = I; }
void checkLoop(std::mutex *M, int *Last) {
  for (int I = 0; I < 10; ++I) {
    std::lock_guard<std::mutex> L(*M);
    if (I < *Last)
      reportFailure(I);
    *Last = I;
  }
}
void runChecks() {
  std::mutex M;
  int Last = 0;
  std::thread T1(checkLoop, &M, &Last), T2(checkLoop, &M, &Last);
  T1.join();
  T2.join();
}

int main() {
  seed();
  std::thread A(writer), B(reader), C(writer), D(dumpUnsafe);
  A.join();
  B.join();
  C.join();
  D.join();
}

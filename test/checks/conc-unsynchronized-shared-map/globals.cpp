// Namespace-scope and static containers.
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 -nostdinc++ -isystem %mocks -isystem %inputs/c 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// Same findings through the conctidy CLI (exit 1 with findings, 0 without):
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 -nostdinc++ -isystem %mocks -isystem %inputs/c 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>
#include <pthread.h>

// A global map written, with no lock, from a function started in a loop.
std::unordered_map<int, int> Results;

void worker(int Id) {
  Results[Id] = Id * Id;
  // CHECK: globals.cpp:[[@LINE-1]]:3: warning: 'Results' ('std::unordered_map<int, int>') is written here without a lock by 'worker', which runs on several threads at once; guard it with a mutex [conc-unsynchronized-shared-map]
}

void runAll(int N) {
  std::vector<std::thread> Threads;
  for (int I = 0; I < N; ++I)
    Threads.emplace_back(std::thread(worker, I));
  for (auto &T : Threads)
    T.join();
}

// pthread-locked globals with one unlocked clear().
static pthread_mutex_t TableLock;
static std::map<int, int> Table;

void tableInsert(int K, int V) {
  pthread_mutex_lock(&TableLock);
  Table[K] = V;
  pthread_mutex_unlock(&TableLock);
}

int tableGet(int K) {
  pthread_mutex_lock(&TableLock);
  int V = Table.count(K) ? Table.at(K) : 0;
  pthread_mutex_unlock(&TableLock);
  return V;
}

void tableReset() {
  Table.clear();
  // CHECK: globals.cpp:[[@LINE-1]]:3: warning: 'Table' ('std::map<int, int>') is written here without holding 'TableLock'; 3 of 3 other accesses hold it
  // CHECK: globals.cpp:[[@LINE-14]]:3: note: 'TableLock' is held here, where 'Table' is written
}

// No report below.

// Each thread has its own.
thread_local std::unordered_map<int, int> PerThread;
void perThreadWorker(int Id) { PerThread[Id] = Id; }
void runPerThread() {
  for (int I = 0; I < 4; ++I)
    std::thread(perThreadWorker, I).detach();
}

// Written under the lock by the workers, read after they were joined.
std::mutex StatsMu;
std::unordered_map<int, int> Stats;
void countWorker(int Id) {
  std::lock_guard<std::mutex> Lock(StatsMu);
  Stats[Id] += 1;
}
int countAll() {
  Stats.clear();
  std::thread A(countWorker, 1), B(countWorker, 2);
  A.join();
  B.join();
  return Stats.size();
}

// Filled before any thread starts, only read afterwards.
std::unordered_map<int, int> Config;
void readConfig(int Id) { (void)Config.count(Id); }
void startReaders() {
  Config[1] = 2;
  for (int I = 0; I < 4; ++I)
    std::thread(readConfig, I).detach();
}

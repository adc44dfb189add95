// A pthread read-write lock has no recursive kind: taking its write lock
// again, or its read lock while holding the write lock, deadlocks (glog's
// SetVLOGLevel, fixed upstream in 2c50384). Reads after reads do not. Real
// <pthread.h>.
// RUN: %clang_tidy -checks='-*,conc-self-deadlock' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-self-deadlock' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <pthread.h>

pthread_rwlock_t TableLock = PTHREAD_RWLOCK_INITIALIZER;
int Table = 0;

int readTable() {
  pthread_rwlock_rdlock(&TableLock);
  int V = Table;
  pthread_rwlock_unlock(&TableLock);
  return V;
}

int setTable(int V) {
  pthread_rwlock_wrlock(&TableLock);
  Table = V;
  int Old = readTable();
  // CHECK: pthread-rwlock.cpp:[[@LINE-1]]:13: warning: 'readTable' acquires 'TableLock' while it is already held here, and 'pthread_rwlock_t' is not recursive: the thread waits for itself forever; release it before the call, or call a version that expects it held [conc-self-deadlock]
  // CHECK: pthread-rwlock.cpp:[[@LINE-11]]:3: note: 'TableLock' is acquired again here
  // CHECK: pthread-rwlock.cpp:[[@LINE-5]]:3: note: 'TableLock' is acquired here
  pthread_rwlock_unlock(&TableLock);
  return Old;
}

// No report: a read lock taken again while read-locked.
int sumTwice() {
  pthread_rwlock_rdlock(&TableLock);
  int V = readTable();
  pthread_rwlock_unlock(&TableLock);
  return V + V;
}

// No report: a pthread mutex's attributes decide (it may be recursive).
pthread_mutex_t Mu = PTHREAD_MUTEX_INITIALIZER;
void lockMu() {
  pthread_mutex_lock(&Mu);
  pthread_mutex_unlock(&Mu);
}
void lockMuTwice() {
  pthread_mutex_lock(&Mu);
  lockMu();
  pthread_mutex_unlock(&Mu);
}

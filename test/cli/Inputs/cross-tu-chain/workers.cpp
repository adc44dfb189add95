#include "chain.h"
#include <thread>

void insert(int K) {
  std::lock_guard<std::mutex> G(TableMu);
  apiPut(K, 1);
}

void update(int K) {
  apiLock();
  apiPut(K, 2);
  apiUnlock();
}

int lookup(int K) { return apiGet(K); }

int lockedLookup(int K) { return apiLockedGet(K); }

void run() {
  std::thread A(insert, 1), B(update, 2), C(lookup, 3), D(lockedLookup, 4);
  A.join();
  B.join();
  C.join();
  D.join();
}

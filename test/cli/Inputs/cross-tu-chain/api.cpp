#include "chain.h"

void apiPut(int K, int V) { storePut(K, V); }
int apiGet(int K) { return storeGet(K); }
int apiLockedGet(int K) {
  storeLock();
  int V = storeGet(K);
  storeUnlock();
  return V;
}
void apiLock() { storeLock(); }
void apiUnlock() { storeUnlock(); }

#include "chain.h"

void storePut(int K, int V) { tableWrite(K, V); }
int storeGet(int K) { return tableRead(K); }
void storeLock() { lockTable(); }
void storeUnlock() { unlockTable(); }

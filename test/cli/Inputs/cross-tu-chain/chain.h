// A table whose accessors and lock wrappers are three files away from the
// workers that use them: workers.cpp -> api.cpp -> store.cpp -> table.cpp.
#include <map>
#include <mutex>

extern std::mutex TableMu;
extern std::map<int, int> Table;

// table.cpp: the accesses and the locking themselves.
void tableWrite(int K, int V);
int tableRead(int K);
void lockTable();
void unlockTable();

// store.cpp: forwards to table.cpp.
void storePut(int K, int V);
int storeGet(int K);
void storeLock();
void storeUnlock();

// api.cpp: forwards to store.cpp.
void apiPut(int K, int V);
int apiGet(int K);
int apiLockedGet(int K);
void apiLock();
void apiUnlock();

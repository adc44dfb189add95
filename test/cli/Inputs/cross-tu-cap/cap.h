// A table written 70 times by storeAll() (over the summary files' cap of
// 64 access records per function and part) and then a tail entry; the
// lock is taken by the callers, in workers.cpp.
#include <map>
#include <mutex>

extern std::mutex CapMu;
extern std::map<int, int> Rows;
extern std::map<int, int> Tail;

void storeAll(int V);
int tailEntry();

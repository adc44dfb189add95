// A compile cache and a hit counter whose accessors are in cache.cpp; the
// lock is taken by their callers, in workers.cpp.
#include <map>
#include <mutex>

extern std::mutex CacheMu;
extern std::map<int, int> Cache;
extern int Hits;

void storeEntry(int K, int V);
int findEntry(int K);
int hitCount();
void bump();

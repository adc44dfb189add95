#include "cache.h"
#include <thread>

void compile(int K) {
  std::lock_guard<std::mutex> G(CacheMu);
  storeEntry(K, K * 2);
  bump();
}

void recompile(int K) {
  std::lock_guard<std::mutex> G(CacheMu);
  storeEntry(K, K * 3);
}

int lookup(int K) { return findEntry(K); }

int lockedHits() {
  std::lock_guard<std::mutex> G(CacheMu);
  return hitCount();
}

void run() {
  std::thread A(compile, 1), B(recompile, 2), C(lookup, 3);
  A.join();
  B.join();
  C.join();
}

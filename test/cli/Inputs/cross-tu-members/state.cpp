#include "registry.h"

void Registry::State::put(int K, int V) { Values[K] = V; }
int Registry::State::get(int K) { return lookup(K); }
int Registry::State::lookup(int K) { return at(K); }
int Registry::State::at(int K) { return Values[K]; }
void Registry::State::clear() { Values.clear(); }

void clearLocked(Registry &R) {
  std::lock_guard<std::mutex> G(R.Mu);
  R.Impl->clear();
}

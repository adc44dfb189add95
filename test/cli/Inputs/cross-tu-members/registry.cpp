#include "registry.h"

Registry::Registry() : Impl(new State) {}

void Registry::add(int K, int V) {
  std::lock_guard<std::mutex> G(Mu);
  Impl->put(K, V);
}

int Registry::find(int K) { return Impl->get(K); }

void Registry::reset() { clearLocked(*this); }

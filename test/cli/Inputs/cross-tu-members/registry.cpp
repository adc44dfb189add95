#include "registry.h"

Registry::Registry() : Impl(new State) {}

void Registry::add(int K, int V) {
  std::lock_guard<std::mutex> G(Mu);
  Impl->put(K, V);
}

int Registry::find(int K) { return Impl->get(K); }

void Registry::reset() { clearLocked(*this); }

void Registry::note(int K) {
  std::lock_guard<std::mutex> G(Mu);
  Pending.Lines.push_back(K);
}

void Registry::flush() { record(Log, Pending, 0); }

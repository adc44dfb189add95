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

void Journal::append(Entries &E, int Line) {
  std::lock_guard<std::mutex> G(JournalMu);
  E.Lines.push_back(Line);
}
void record(Journal &J, Entries &E, int Line) { J.append(E, Line); }

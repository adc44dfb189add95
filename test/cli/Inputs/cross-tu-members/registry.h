// A registry whose data is in a pimpl: the registry's methods, in
// registry.cpp, take its lock; the pimpl's, in state.cpp, never name it.
#include <map>
#include <memory>
#include <mutex>
#include <vector>

// A journal that takes its own lock around the entries it is given
// (state.cpp): it answers for them, as it would in one file.
struct Entries {
  std::vector<int> Lines;
};
class Journal {
public:
  void append(Entries &E, int Line);

private:
  std::mutex JournalMu;
};
void record(Journal &J, Entries &E, int Line);

class Registry {
public:
  Registry();
  void add(int K, int V);
  int find(int K);
  void reset();
  void note(int K);
  void flush();

private:
  struct State;
  friend void clearLocked(Registry &R);
  std::mutex Mu;
  std::unique_ptr<State> Impl;
  Journal Log;
  Entries Pending;
};

struct Registry::State {
  void put(int K, int V);
  int get(int K);
  int lookup(int K);
  int at(int K);
  void clear();
  std::map<int, int> Values;
};

// Clears the registry under its lock (state.cpp).
void clearLocked(Registry &R);

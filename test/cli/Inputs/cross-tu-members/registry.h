// A registry whose data is in a pimpl: the registry's methods, in
// registry.cpp, take its lock; the pimpl's, in state.cpp, never name it.
#include <map>
#include <memory>
#include <mutex>

class Registry {
public:
  Registry();
  void add(int K, int V);
  int find(int K);
  void reset();

private:
  struct State;
  friend void clearLocked(Registry &R);
  std::mutex Mu;
  std::unique_ptr<State> Impl;
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

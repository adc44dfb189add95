#include <thread>

// Defined in helpers.cpp: one joins the thread, one only looks at it.
void finish(std::thread &T);
void report(std::thread &T);
// Defined in no file of the database.
void adopt(std::thread &T);

// A channel and a helper, defined in helpers.cpp, that closes it.
struct Chan {
  explicit Chan(int Capacity);
  ~Chan();
  void send(int);
  int recv();
  void close();
  bool closed() const;
};
void shutdown(Chan &C);
void inspect(Chan &C);

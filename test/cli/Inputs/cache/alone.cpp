#include <thread>

void work();

// Does not include finish.h: its result outlives edits of that header.
int alone(int Jobs) {
  std::thread T(work);
  if (Jobs < 0)
    return -1;
  T.join();
  return 0;
}

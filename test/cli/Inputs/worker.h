// A header with a finding of its own.
#include <thread>

inline void runInBackground(void (*Job)(), bool Wait) {
  std::thread Background(Job);
  if (!Wait)
    return;
  Background.join();
}

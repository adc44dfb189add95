// The finding of unjoined.cpp, suppressed with NOLINT on its line.
#include <thread>

void drain(int Jobs);

int startWorker(int Jobs) {
  std::thread Worker(drain, Jobs); // NOLINT(conc-unjoined-thread)
  if (Jobs < 0)
    return -1;
  Worker.join();
  return 0;
}

// unjoined.cpp in a directory whose .clang-tidy disables conc-*.
#include <thread>

void drain(int Jobs);

int startWorker(int Jobs) {
  std::thread Worker(drain, Jobs);
  if (Jobs < 0)
    return -1;
  Worker.join();
  return 0;
}

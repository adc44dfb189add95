// A worker thread that an early return leaves joinable.
#include <thread>

void drain(int Jobs);

int startWorker(int Jobs) {
  std::thread Worker(drain, Jobs);
  if (Jobs < 0)
    return -1;
  Worker.join();
  return 0;
}

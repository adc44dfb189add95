// A worker thread joined on every path.
#include <thread>

void drain(int Jobs);

int startWorker(int Jobs) {
  std::thread Worker(drain, Jobs);
  if (Jobs < 0) {
    Worker.join();
    return -1;
  }
  Worker.join();
  return 0;
}

// A worker thread that an early return leaves joinable, and an empty
// statement whose warning has a fix-it.
#include <thread>

void drain(int Jobs);

int startWorker(int Jobs) { /* é */ std::thread Worker(drain, Jobs);
  if (Jobs < 0)
    return -1;;
  Worker.join();
  return 0;
}

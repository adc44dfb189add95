// Does not compile: conctidy cannot analyze it.
#include <thread>

int startWorker(int Jobs) {
  std::thread Worker(undeclaredFunction, Jobs);
  Worker.join();
  return 0;
}

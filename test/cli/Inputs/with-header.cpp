// Findings in the main file and in an included header.
#include "worker.h"

void drain(int Jobs);

void startBoth(int Jobs) {
  std::thread First(drain, Jobs);
  std::thread Second(drain, Jobs + 1);
  First.join();
  if (Jobs == 0)
    throw Jobs;
  Second.join();
}

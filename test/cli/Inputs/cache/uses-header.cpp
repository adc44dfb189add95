#include "finish.h"

void work();

// finish() leaves 'T' joinable: a finding while finish.h says so.
void usesHeader() {
  std::thread T(work);
  finish(T);
}

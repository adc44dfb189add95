// C2: data reached through a pointer parameter, written before the thread
// starts and read after it is joined (RunTestCommon, mutex_test.cc
// 363/364/378, where the "join" is a counter under another mutex).
// The same code on a local object is not reported. Expected: no report.
#include <functional>
#include <thread>
#include "absl/synchronization/mutex.h"

struct Ctx { absl::Mutex mu; int g0; };
static void Inc(Ctx *c) { absl::MutexLock l(&c->mu); c->g0++; }
static void Task(Ctx *c, void (*fn)(Ctx *)) { fn(c); }

static int Run(Ctx *c, void (*fn)(Ctx *)) {
  c->g0 = 0;                   // FP: before the thread exists
  std::thread t(std::bind(&Task, c, fn));
  t.join();
  return c->g0;                // FP: after the join
}
int Test() { Ctx c; return Run(&c, &Inc); }

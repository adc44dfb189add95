// C1: a test local written before std::bind(&Fn, &local) is handed to a
// thread pool's Schedule() that conctidy does not model as a spawner.
// mutex_test.cc 515/516, 656-659, 1009. Expected: no report.
#include <functional>
#include "absl/synchronization/mutex.h"

struct Pool {                  // absl::synchronization_internal::ThreadPool
  explicit Pool(int n);
  void Schedule(std::function<void()> fn);
};
struct State {
  absl::Mutex mu;
  int pending;                 // under mu
};
static void Worker(State *s) { absl::MutexLock l(&s->mu); s->pending--; }

void TestPool() {
  Pool pool(2);
  State s;
  s.pending = 2;               // FP: no task can run yet
  pool.Schedule(std::bind(&Worker, &s));
  pool.Schedule(std::bind(&Worker, &s));
}

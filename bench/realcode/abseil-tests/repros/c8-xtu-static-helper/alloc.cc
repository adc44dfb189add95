// C8 (--cross-tu only; low_level_alloc.cc 484/499): a file-static helper
// whose only caller holds the lock ("L >= arena->mu"). Silent without
// --cross-tu; reported once another unit calls Free() (its summary is
// then "called-elsewhere"). Expected: no report.
#include <cstdint>
#include "absl/synchronization/mutex.h"
#include "alloc.h"

struct Arena {
  absl::Mutex mu;
  uint32_t random ABSL_GUARDED_BY(mu) = 0;
  int count ABSL_GUARDED_BY(mu) = 0;
};
static void AddToFreelist(Arena *arena) {   // L >= arena->mu
  arena->random++;                          // FP with --cross-tu
}
void Free(Arena *arena) {
  absl::MutexLock l(&arena->mu);
  AddToFreelist(arena);
  arena->count--;
}
Arena *NewArena() { return new Arena; }

// A scoped guard whose destructor only checks, let go of by a member the
// guarded code calls on its way out (abseil's `ArenaLock` and `Leave()`).
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <cassert>
#include <pthread.h>

class Mutex {
public:
  void Lock() { pthread_mutex_lock(&m_); }
  void Unlock() { pthread_mutex_unlock(&m_); }

private:
  pthread_mutex_t m_ = PTHREAD_MUTEX_INITIALIZER;
};

struct Arena {
  Mutex mu;
  int allocation_count = 0;
  void *freelist = nullptr;
};

class ArenaLock {
public:
  explicit ArenaLock(Arena *arena) : arena_(arena) { arena_->mu.Lock(); }
  ~ArenaLock() { assert(left_ && "haven't left Arena region"); }
  void Leave() {
    arena_->mu.Unlock();
    left_ = true;
  }

private:
  bool left_ = false;
  Arena *arena_;
};

void *Alloc(Arena *arena) {
  ArenaLock section(arena);
  void *Result = arena->freelist;
  arena->freelist = nullptr;
  arena->allocation_count++;
  section.Leave();
  return Result;
}

void Free(Arena *arena, void *v) {
  ArenaLock section(arena);
  arena->freelist = v;
  arena->allocation_count--;
  section.Leave();
}

// The lock is gone: reported.
int Count(Arena *arena) { return arena->allocation_count; }
// CHECK: guard-released-by-member.cpp:[[@LINE-1]]:41: warning: 'allocation_count' ('int') is read here without holding 'mu'; 2 of 2 other accesses hold it [conc-unsynchronized-shared-field]
// CHECK: guard-released-by-member.cpp:[[@LINE-15]]:10: note: 'mu' is held here, where 'allocation_count' is written

// After Leave() the lock is no longer held: reported.
bool Delete(Arena *arena) {
  ArenaLock section(arena);
  bool Empty = arena->freelist == nullptr;
  section.Leave();
  arena->freelist = nullptr;
  // CHECK: guard-released-by-member.cpp:[[@LINE-1]]:10: warning: 'freelist' ('void *') is written here without holding 'mu'; 4 of 4 other accesses hold it [conc-unsynchronized-shared-field]
  // CHECK: guard-released-by-member.cpp:[[@LINE-25]]:10: note: 'mu' is held here, where 'freelist' is written
  return Empty;
}

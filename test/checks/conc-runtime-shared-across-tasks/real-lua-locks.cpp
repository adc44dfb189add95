// Lua states guarded by a project lock, against Lua 5.4's real <lua.hpp>
// and libstdc++: a lua_State driven by several threads is fine when every
// use holds the same lock; a use without it is reported, naming the lock.
// REQUIRES: lua-headers
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 %lua_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 %lua_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <atomic>
#include <future>
#include <lua.hpp>
#include <mutex>
#include <thread>
#include <vector>

// A project lockable, recognized by its shape (lock/unlock).
class SpinLock {
public:
  void lock() {
    while (Flag.test_and_set(std::memory_order_acquire)) {
    }
  }
  void unlock() { Flag.clear(std::memory_order_release); }

private:
  std::atomic_flag Flag = ATOMIC_FLAG_INIT;
};

class Engine {
public:
  // Every copy of the task holds M: no report.
  void startLocked() {
    for (int I = 0; I < 4; ++I)
      Pool.push_back(std::thread([this] {
        std::lock_guard<std::mutex> G(M);
        lua_pcall(L, 0, 0, 0);
      }));
  }

  // A lock of the task's own protects nothing.
  void startOwnLock() {
    for (int I = 0; I < 4; ++I)
      Pool.push_back(std::thread([this] {
        std::mutex Own;
        std::lock_guard<std::mutex> G(Own);
        lua_pcall(L, 0, 0, 0);
        // CHECK: real-lua-locks.cpp:[[@LINE-1]]:19: warning: 'L' ('lua_State *'{{.*}}) is used here on a thread started at line [[@LINE-4]], started in a loop with the same 'L', so several threads drive it at once; a lua_State must be driven by one thread: create one state per thread
        // CHECK: real-lua-locks.cpp:[[@LINE-5]]:22: note: 'std::thread' starts the task on a new thread here
      }));
  }

  // The spawning thread holds the project lock too: no report.
  void evalWhileRunning() {
    std::thread T([this] {
      std::lock_guard<SpinLock> G(Spin);
      luaL_dostring(L, "tick()");
    });
    {
      std::lock_guard<SpinLock> G(Spin);
      lua_getglobal(L, "status");
    }
    T.join();
  }

  // The spawning thread forgets the lock.
  void evalUnlocked() {
    std::thread T([this] {
      std::lock_guard<SpinLock> G(Spin);
      luaL_dostring(L, "tick()");
      // CHECK: real-lua-locks.cpp:[[@LINE-1]]:21: warning: 'L' ('lua_State *'{{.*}}) is used here under 'Spin' on a thread started at line [[@LINE-3]] while the thread that called 'evalUnlocked' uses it without 'Spin'; take 'Spin' there too
      // CHECK: real-lua-locks.cpp:[[@LINE-4]]:17: note: 'std::thread' starts the task on a new thread here
      // CHECK: real-lua-locks.cpp:[[@LINE+2]]:19: note: the thread that started the task uses 'L' here, before waiting for it
    });
    lua_getglobal(L, "status");
    T.join();
  }

  // Two tasks: the second forgets the lock, and is the one reported.
  void twoTasks() {
    std::thread A([this] {
      std::lock_guard<std::mutex> G(M);
      lua_pcall(L, 0, 0, 0);
    });
    std::thread B([this] { lua_pcall(L, 0, 0, 0); });
    // CHECK: real-lua-locks.cpp:[[@LINE-1]]:38: warning: 'L' ('lua_State *'{{.*}}) is used here on a thread started at line [[@LINE-1]] without 'M', which the task started at line [[@LINE-5]] holds when it uses it; take 'M' here too
    // CHECK: real-lua-locks.cpp:[[@LINE-2]]:17: note: 'std::thread' starts the task on a new thread here
    // CHECK: real-lua-locks.cpp:[[@LINE-5]]:17: note: the other task uses 'L' here
    A.join();
    B.join();
  }

  // Two tasks, both under the lock: no report.
  void twoLockedTasks() {
    std::thread A([this] {
      std::lock_guard<std::mutex> G(M);
      lua_pcall(L, 0, 0, 0);
    });
    std::thread B([this] {
      std::unique_lock<std::mutex> G(M);
      lua_getglobal(L, "status");
    });
    A.join();
    B.join();
  }

  // The first task is joined before the second starts: no report.
  void oneAfterTheOther() {
    std::thread A([this] { lua_pcall(L, 0, 0, 0); });
    A.join();
    std::thread B([this] { lua_pcall(L, 0, 0, 0); });
    B.join();
  }

private:
  lua_State *L = luaL_newstate();
  std::mutex M;
  SpinLock Spin;
  std::vector<std::thread> Pool;
};

// A global state and a global lock.
lua_State *GlobalL;
std::mutex GlobalM;

int globalLocked() {
  auto R = std::async(std::launch::async, [] {
    std::lock_guard<std::mutex> G(GlobalM);
    return luaL_dostring(GlobalL, "work()");
  });
  {
    std::lock_guard<std::mutex> G(GlobalM);
    lua_getglobal(GlobalL, "status");
  }
  return R.get();
}

int globalUnlocked() {
  auto R = std::async(std::launch::async, [] {
    return luaL_dostring(GlobalL, "work()");
    // CHECK: real-lua-locks.cpp:[[@LINE-1]]:26: warning: 'GlobalL' ('lua_State *'{{.*}}) is used here on a thread started at line [[@LINE-2]] without 'GlobalM', which the thread that called 'globalUnlocked' holds when it uses it; take 'GlobalM' here too
    // CHECK: real-lua-locks.cpp:[[@LINE-3]]:12: note: 'std::async' starts the task on a new thread here
    // CHECK: real-lua-locks.cpp:[[@LINE+3]]:17: note: the thread that started the task uses 'GlobalL' here, before waiting for it
  });
  std::lock_guard<std::mutex> G(GlobalM);
  lua_getglobal(GlobalL, "status");
  return R.get();
}


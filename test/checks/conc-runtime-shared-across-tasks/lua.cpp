// Lua: a lua_State may be handed to a task, but two threads must never drive
// it at once.
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <future>
#include <lua.hpp>
#include <thread>
#include <vector>

// Shared with std::async while the caller keeps using it.
int RunBoth(lua_State *L) {
  auto Script = std::async(std::launch::async, [L] {
    return luaL_dostring(L, "return compute()");
    // CHECK: lua.cpp:[[@LINE-1]]:26: warning: 'L' ('lua_State *'{{.*}}) is used here on a thread started at line [[@LINE-2]] while the thread that called 'RunBoth' keeps using it; a lua_State must be driven by one thread: create one state per thread [conc-runtime-shared-across-tasks]
    // CHECK: lua.cpp:[[@LINE-3]]:17: note: 'std::async' starts the task on a new thread here
    // CHECK: lua.cpp:[[@LINE+2]]:17: note: the thread that started the task uses 'L' here, before waiting for it
  });
  lua_getglobal(L, "status");
  return Script.get();
}

// Started in a loop: every thread drives the same state.
void RunMany(lua_State *L) {
  std::vector<std::thread> Pool;
  for (int I = 0; I < 4; ++I)
    Pool.push_back(std::thread([L] { lua_pcall(L, 0, 0, 0); }));
  // CHECK: lua.cpp:[[@LINE-1]]:48: warning: 'L' ('lua_State *'{{.*}}) is used here on a thread started at line [[@LINE-1]], started in a loop with the same 'L', so several threads drive it at once; a lua_State must be driven
  // CHECK: lua.cpp:[[@LINE-2]]:20: note: 'std::thread' starts the task on a new thread here
  for (std::thread &T : Pool)
    T.join();
}

// Handed to a thread function as an argument, used after by the caller.
static void script(lua_State *L) { luaL_dostring(L, "work()"); }
// CHECK: lua.cpp:[[@LINE-1]]:50: warning: 'L' ('lua_State *'{{.*}}) is used here on a thread started at line [[@LINE+3]] while the thread that called 'Handoff' keeps using it
// CHECK: lua.cpp:[[@LINE+2]]:15: note: 'std::thread' starts
void Handoff(lua_State *L) {
  std::thread T(script, L);
  lua_settop(L, 0);
  // CHECK: lua.cpp:[[@LINE-1]]:14: note: the thread that started the task uses 'L' here
  T.join();
}

//===--- No report ---===//

// One state per task.
void PerTask() {
  std::vector<std::thread> Pool;
  for (int I = 0; I < 4; ++I)
    Pool.push_back(std::thread([] {
      lua_State *L = luaL_newstate();
      luaL_openlibs(L);
      luaL_dostring(L, "work()");
      lua_close(L);
    }));
  for (std::thread &T : Pool)
    T.join();
}

// Handed over, and never touched again by the spawner.
void HandOver() {
  lua_State *L = luaL_newstate();
  std::thread([L] {
    luaL_dostring(L, "work()");
    lua_close(L);
  }).detach();
}

// The spawner waits before it uses the state again.
int WaitFirst(lua_State *L) {
  auto Script = std::async(std::launch::async,
                           [L] { return luaL_dostring(L, "compute()"); });
  int R = Script.get();
  lua_getglobal(L, "status");
  return R;
}
void JoinFirst(lua_State *L) {
  std::thread T(script, L);
  T.join();
  lua_close(L);
}

// A state created in the loop, one per thread.
void OnePerIteration() {
  for (int I = 0; I < 4; ++I) {
    lua_State *L = luaL_newstate();
    std::thread([L] { lua_close(L); }).detach();
  }
}

// std::async whose future is discarded waits at once: sequential.
void Sequential(lua_State *L) {
  std::async(std::launch::async, [L] { luaL_dostring(L, "a()"); });
  luaL_dostring(L, "b()");
}

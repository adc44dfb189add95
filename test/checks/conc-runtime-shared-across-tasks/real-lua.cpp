// Against Lua 5.4's real <lua.hpp> and libstdc++.
// REQUIRES: lua-headers
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 %lua_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 %lua_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <future>
#include <lua.hpp>

int Shared(lua_State *L) {
  auto Result = std::async(std::launch::async,
                           [L] { return luaL_dostring(L, "return f()"); });
  // CHECK: real-lua.cpp:[[@LINE-1]]:55: warning: 'L' ('lua_State *'{{.*}}) is used here on a thread started at line [[@LINE-2]] while the thread that called 'Shared' keeps using it; a lua_State must be driven by one thread: create one state per thread
  // CHECK: real-lua.cpp:[[@LINE-3]]:17: note: 'std::async' starts the task on a new thread here
  // CHECK: real-lua.cpp:[[@LINE+1]]:17: note: the thread that started the task uses 'L' here, before waiting for it
  lua_getglobal(L, "status");
  return Result.get();
}

// One state per task: no report.
int PerTask() {
  auto Result = std::async(std::launch::async, [] {
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    int R = luaL_dostring(L, "return f()");
    lua_close(L);
    return R;
  });
  return Result.get();
}

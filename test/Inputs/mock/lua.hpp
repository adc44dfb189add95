// Minimal stand-in for Lua's <lua.hpp>.
#pragma once
extern "C" {
typedef struct lua_State lua_State;
lua_State *luaL_newstate(void);
void luaL_openlibs(lua_State *L);
int luaL_dostring(lua_State *L, const char *s);
int lua_pcall(lua_State *L, int nargs, int nresults, int msgh);
int lua_getglobal(lua_State *L, const char *name);
void lua_settop(lua_State *L, int idx);
void lua_close(lua_State *L);
}

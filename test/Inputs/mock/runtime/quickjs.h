// Minimal stand-in for QuickJS's "quickjs.h".
#pragma once
extern "C" {
typedef struct JSRuntime JSRuntime;
typedef struct JSContext JSContext;
typedef struct { long tag; } JSValue;
JSRuntime *JS_NewRuntime(void);
JSContext *JS_NewContext(JSRuntime *rt);
JSValue JS_Eval(JSContext *ctx, const char *input, unsigned long len,
                const char *filename, int flags);
void JS_FreeContext(JSContext *ctx);
void JS_FreeRuntime(JSRuntime *rt);
}

// Minimal stand-in for "duktape.h".
#pragma once
extern "C" {
typedef struct duk_hthread duk_context;
duk_context *duk_create_heap_default(void);
void duk_eval_string(duk_context *ctx, const char *src);
void duk_destroy_heap(duk_context *ctx);
}

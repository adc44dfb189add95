// Minimal stand-in for Node's <node_api.h> (C).
#pragma once
#include <stddef.h>
typedef struct napi_env__ *napi_env;
typedef struct napi_value__ *napi_value;
typedef struct napi_ref__ *napi_ref;
typedef struct napi_async_work__ *napi_async_work;
typedef struct napi_threadsafe_function__ *napi_threadsafe_function;
typedef enum { napi_ok } napi_status;
typedef enum { napi_tsfn_blocking } napi_threadsafe_function_call_mode;
typedef void (*napi_async_execute_callback)(napi_env env, void *data);
typedef void (*napi_async_complete_callback)(napi_env env, napi_status status,
                                             void *data);
#ifdef __cplusplus
extern "C" {
#endif
napi_status napi_create_async_work(napi_env env, napi_value async_resource,
                                   napi_value async_resource_name,
                                   napi_async_execute_callback execute,
                                   napi_async_complete_callback complete,
                                   void *data, napi_async_work *result);
napi_status napi_queue_async_work(napi_env env, napi_async_work work);
napi_status napi_create_string_utf8(napi_env env, const char *str,
                                    size_t length, napi_value *result);
napi_status napi_get_reference_value(napi_env env, napi_ref ref,
                                     napi_value *result);
napi_status napi_call_function(napi_env env, napi_value recv, napi_value func,
                               size_t argc, const napi_value *argv,
                               napi_value *result);
napi_status napi_throw_error(napi_env env, const char *code, const char *msg);
napi_status
napi_call_threadsafe_function(napi_threadsafe_function func, void *data,
                              napi_threadsafe_function_call_mode is_blocking);
#ifdef __cplusplus
}
#endif

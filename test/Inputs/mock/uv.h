// Minimal stand-in for libuv's <uv.h>.
#pragma once
typedef struct uv_loop_s uv_loop_t;
typedef struct uv_work_s {
  void *data;
} uv_work_t;
typedef struct uv_async_s {
  void *data;
} uv_async_t;
typedef void (*uv_work_cb)(uv_work_t *req);
typedef void (*uv_after_work_cb)(uv_work_t *req, int status);
#ifdef __cplusplus
extern "C" {
#endif
uv_loop_t *uv_default_loop(void);
int uv_queue_work(uv_loop_t *loop, uv_work_t *req, uv_work_cb work_cb,
                  uv_after_work_cb after_work_cb);
int uv_async_send(uv_async_t *async);
#ifdef __cplusplus
}
#endif

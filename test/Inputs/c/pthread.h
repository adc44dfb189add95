// Minimal stand-in for <pthread.h>, for fast lit tests.
#pragma once
typedef struct {
  int Opaque;
} pthread_mutex_t;
typedef unsigned long pthread_t;
extern "C" {
int pthread_mutex_lock(pthread_mutex_t *);
int pthread_mutex_unlock(pthread_mutex_t *);
int pthread_mutex_trylock(pthread_mutex_t *);
int pthread_create(pthread_t *, const void *, void *(*)(void *), void *);
int pthread_join(pthread_t, void **);
}

#include "shared.h"

void Counter::lockMu() const { mu_.lock(); }
void Counter::unlockMu() const { mu_.unlock(); }
std::unique_lock<std::mutex> Counter::lock() const {
  return std::unique_lock<std::mutex>(mu_);
}
std::mutex &Counter::mutex() const { return mu_; }

void Mutex::Lock() { Impl.lock(); }
void Mutex::Unlock() { Impl.unlock(); }
void Mutex::ReaderLock() { Impl.lock_shared(); }
void Mutex::ReaderUnlock() { Impl.unlock_shared(); }

Sentry::Sentry(Mutex *M) : M(M) { M->Lock(); }
Sentry::~Sentry() { M->Unlock(); }

ReaderMutexLock::ReaderMutexLock(Mutex *Mu) : M(Mu) { M->ReaderLock(); }
ReaderMutexLock::~ReaderMutexLock() { M->ReaderUnlock(); }

void Worker::lockMu() { mu_.lock(); }
void Worker::unlockMu() { mu_.unlock(); }

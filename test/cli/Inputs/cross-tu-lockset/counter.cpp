#include "shared.h"

void Counter::add(int N) {
  lockMu();
  Count += N;
  unlockMu();
}

int Counter::value() const { return Count; }

int Counter::locked() const {
  lockMu();
  int V = Count;
  unlockMu();
  return V;
}

int Counter::snapshot() const {
  auto L = lock();
  return Count;
}

int Counter::viaMutex() const {
  std::lock_guard<std::mutex> G(mutex());
  return Count;
}

int Counter::drain() {
  lockMu();
  int V = Count;
  unlockMu();
  return V +
         Count;
}

void Account::deposit(int N) {
  Sentry S(&Mu);
  Balance += N;
}

int Account::balance() const { return Balance; }

void Account::touch() {
  ReaderMutexLock L(&Mu);
  ++Hits;
}

void Account::count() {
  Sentry S(&Mu);
  ++Hits;
}

void Worker::start() { Thread = std::thread(&Worker::run, this); }

void Worker::stop() {
  lockMu();
  Stopping = true;
  Thread.join();
  unlockMu();
}

void Worker::run() {
  for (;;) {
    std::lock_guard<std::mutex> G(mu_);
    if (Stopping)
      return;
  }
}

void Counter::name(int N) {
  lockMu();
  Names[N] = N;
  unlockMu();
}

bool Counter::named(int N) const { return Names.count(N) != 0; }

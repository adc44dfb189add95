// Classes whose lock wrappers, lock accessors, lockable and guards are
// defined in helpers.cpp, and whose data is accessed in counter.cpp.
#include <map>
#include <mutex>
#include <shared_mutex>
#include <thread>

class Counter {
public:
  void add(int N);      // counter.cpp: lockMu(), writes, unlockMu()
  int value() const;    // counter.cpp: reads without the lock
  int locked() const;   // counter.cpp: lockMu(), reads, unlockMu()
  int snapshot() const; // counter.cpp: a guard returned by lock()
  int viaMutex() const; // counter.cpp: a lock_guard of mutex()
  int drain();          // counter.cpp: reads under lockMu(), then after unlockMu()
  void name(int N);        // counter.cpp: writes Names under lockMu()
  bool named(int N) const; // counter.cpp: reads Names without the lock

  void lockMu() const;                       // helpers.cpp: mu_.lock()
  void unlockMu() const;                     // helpers.cpp: mu_.unlock()
  std::unique_lock<std::mutex> lock() const; // helpers.cpp: a guard of mu_
  std::mutex &mutex() const;                 // helpers.cpp: mu_

private:
  mutable std::mutex mu_;
  int Count = 0;
  std::map<int, int> Names;
};

// A lockable of the project's own.
class Mutex {
public:
  void Lock();
  void Unlock();
  void ReaderLock();
  void ReaderUnlock();

private:
  std::shared_mutex Impl;
};

// No guard's name: a scoped guard only by what its constructor does.
class Sentry {
public:
  explicit Sentry(Mutex *M);
  ~Sentry();

private:
  Mutex *M;
};

// A guard's name, and its constructor takes the lock shared.
class ReaderMutexLock {
public:
  explicit ReaderMutexLock(Mutex *M);
  ~ReaderMutexLock();

private:
  Mutex *M;
};

class Account {
public:
  void deposit(int N); // counter.cpp: under a Sentry
  int balance() const; // counter.cpp: no lock
  void touch();        // counter.cpp: writes Hits under a ReaderMutexLock
  void count();        // counter.cpp: writes Hits under a Sentry

private:
  mutable Mutex Mu;
  int Balance = 0;
  int Hits = 0;
};

// A thread joined with its lock held, the lock taken by a wrapper in
// helpers.cpp.
class Worker {
public:
  void start(); // counter.cpp: starts run()
  void stop();  // counter.cpp: lockMu(), joins, unlockMu()
  void lockMu();   // helpers.cpp
  void unlockMu(); // helpers.cpp

private:
  void run(); // counter.cpp: takes mu_
  std::mutex mu_;
  bool Stopping = false;
  std::thread Thread;
};

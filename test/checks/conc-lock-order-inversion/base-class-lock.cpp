// A mutex in a base class that several classes derive from (easylogging++'s
// ThreadSafe): each derived class's lock is a kind of its own, so Storage's
// and Registry's are two nodes of the lock graph, not one. The storage is
// reached through a global std::shared_ptr (libstdc++'s `->` is in a base
// class of shared_ptr). Real libstdc++ headers.
// RUN: %clang_tidy -checks='-*,conc-lock-order-inversion' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-lock-order-inversion' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <memory>
#include <mutex>

class ThreadSafe {
public:
  std::mutex &lock() { return m_mutex; }

private:
  std::mutex m_mutex;
};

class Registry : public ThreadSafe {
public:
  int get() {
    std::lock_guard<std::mutex> L(lock());
    return N;
  }
  void sweep();

private:
  int N = 0;
};

class Storage : public ThreadSafe {
public:
  Registry *registry() { return &R; }
  void touch() {
    std::lock_guard<std::mutex> L(lock());
    ++K;
  }

private:
  Registry R;
  int K = 0;
};

extern std::shared_ptr<Storage> TheStorage;

// Storage's lock, then Registry's.
int lookup() {
  std::lock_guard<std::mutex> L(TheStorage->lock());
  return TheStorage->registry()->get();
}

// Registry's lock, then Storage's.
void Registry::sweep() {
  std::lock_guard<std::mutex> L(lock());
  TheStorage->touch();
  // CHECK: base-class-lock.cpp:[[@LINE-21]]:5: warning: 'Storage::m_mutex' is acquired here while 'Registry::m_mutex' is held, but 'Registry::m_mutex' is acquired while 'Storage::m_mutex' is held in 'lookup': two threads can deadlock (a member lock stands for that member of every object of its class); take both with 'std::scoped_lock', or always take 'Storage::m_mutex' before 'Registry::m_mutex' [conc-lock-order-inversion]
  // CHECK: base-class-lock.cpp:[[@LINE-2]]:3: note: through this call to 'Storage::touch'
  // CHECK: base-class-lock.cpp:[[@LINE-4]]:3: note: 'Registry::m_mutex' is acquired here
  // CHECK: base-class-lock.cpp:[[@LINE-10]]:10: note: through this call to 'Registry::get'
  // CHECK: base-class-lock.cpp:[[@LINE-38]]:5: note: 'Registry::m_mutex' is acquired here while 'Storage::m_mutex' is held, in 'lookup'
  // CHECK: base-class-lock.cpp:[[@LINE-13]]:3: note: 'Storage::m_mutex' is acquired here
}

// No report: two other subclasses, each taken alone, and one order between
// them everywhere.
class Cache : public ThreadSafe {
public:
  void fill();
};
class Index : public ThreadSafe {
public:
  void rebuild() { std::lock_guard<std::mutex> L(lock()); }
};
void Cache::fill() {
  std::lock_guard<std::mutex> L(lock());
  Index I;
  I.rebuild();
}
void refresh(Cache &C, Index &I) {
  std::lock_guard<std::mutex> A(C.lock());
  std::lock_guard<std::mutex> B(I.lock());
}

// Orders that cannot deadlock: no report.
// RUN: %clang_tidy -checks='-*,conc-lock-order-inversion,conc-self-deadlock' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -allow-empty -implicit-check-not='{{warning|error}}:'
// RUN: %conctidy --checks='-*,conc-lock-order-inversion' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -allow-empty -implicit-check-not='{{warning|error}}:'

#include <mutex>
#include <thread>

// The same order everywhere.
class Consistent {
public:
  void f() {
    std::lock_guard<std::mutex> a(a_);
    std::lock_guard<std::mutex> b(b_);
  }
  void g() {
    std::unique_lock<std::mutex> a(a_);
    b_.lock();
    b_.unlock();
  }
  void h() {
    std::lock_guard<std::mutex> b(b_); // Only b_.
  }

private:
  std::mutex a_, b_;
};

// Both at once: std::scoped_lock and std::lock avoid the deadlock.
class AllAtOnce {
public:
  void f() { std::scoped_lock<std::mutex, std::mutex> both(a_, b_); }
  void g() { std::scoped_lock<std::mutex, std::mutex> both(b_, a_); }
  void h() {
    std::lock(b_, a_);
    std::lock_guard<std::mutex> lb(b_, std::adopt_lock);
    std::lock_guard<std::mutex> la(a_, std::adopt_lock);
  }
  void i() {
    std::unique_lock<std::mutex> la(a_, std::defer_lock);
    std::unique_lock<std::mutex> lb(b_, std::defer_lock);
    std::lock(la, lb);
  }
  void j() {
    std::lock_guard<std::mutex> a(a_);
    std::lock_guard<std::mutex> b(b_);
  }

private:
  std::mutex a_, b_;
};

// A try_lock that backs off: it never waits while holding the other.
class BackOff {
public:
  void f() {
    std::lock_guard<std::mutex> a(a_);
    std::lock_guard<std::mutex> b(b_);
  }
  void g() {
    for (;;) {
      b_.lock();
      if (a_.try_lock()) {
        a_.unlock();
        b_.unlock();
        return;
      }
      b_.unlock();
    }
  }
  void h() {
    std::lock_guard<std::mutex> b(b_);
    std::unique_lock<std::mutex> a(a_, std::try_to_lock);
    if (!a.owns_lock())
      return;
  }

private:
  std::mutex a_, b_;
};

// The other order only while the object is built (not shared yet) or
// destroyed, and in a private helper only the constructor calls.
class Construction {
public:
  Construction() {
    init();
    std::lock_guard<std::mutex> b(b_);
    std::lock_guard<std::mutex> a(a_);
  }
  ~Construction() {
    std::lock_guard<std::mutex> b(b_);
    std::lock_guard<std::mutex> a(a_);
  }
  void f() {
    std::lock_guard<std::mutex> a(a_);
    std::lock_guard<std::mutex> b(b_);
  }

private:
  void init() {
    std::lock_guard<std::mutex> b(b_);
    std::lock_guard<std::mutex> a(a_);
  }
  std::mutex a_, b_;
};

// Locks of two classes that are never held together.
class Left {
public:
  void f() { std::lock_guard<std::mutex> g(mu_); }

private:
  std::mutex mu_;
};
class Right {
public:
  void f() { std::lock_guard<std::mutex> g(mu_); }
  void g(Left &l) { l.f(); } // Not under mu_.

private:
  std::mutex mu_;
};

// Two objects of one class, in either order (a transfer between two
// accounts): one kind of lock, no cycle between kinds.
struct Account {
  std::mutex mu;
  int balance = 0;
};
void transfer(Account &from, Account &to, int n) {
  std::lock_guard<std::mutex> a(from.mu);
  std::lock_guard<std::mutex> b(to.mu);
  from.balance -= n;
  to.balance += n;
}

// main() runs alone until it starts a thread.
std::mutex gA, gB;
void worker() {
  std::lock_guard<std::mutex> a(gA);
  std::lock_guard<std::mutex> b(gB);
}
int main() {
  {
    std::lock_guard<std::mutex> b(gB);
    std::lock_guard<std::mutex> a(gA);
  }
  std::thread t(worker);
  t.join();
  return 0;
}

// CHECK-NOT: warning:

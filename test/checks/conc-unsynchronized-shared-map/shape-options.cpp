// What shape cannot see: a lock over an OS handle the bodies only pass to
// unknown functions. LockableTypes and ScopedGuardTypes name them; also
// settable once for every check as global options.
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DEFAULT -allow-empty -implicit-check-not='{{warning|error}}:'
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map' \
// RUN:   -config="{CheckOptions: {conc-unsynchronized-shared-map.LockableTypes: '::os::Handle', conc-unsynchronized-shared-map.ScopedGuardTypes: 'os::Hold'}}" \
// RUN:   %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CONFIGURED -implicit-check-not='{{warning|error}}:'
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map' \
// RUN:   -config="{CheckOptions: {LockableTypes: '::os::Handle', ScopedGuardTypes: 'os::Hold'}}" \
// RUN:   %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CONFIGURED -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-map' \
// RUN:   --config="{CheckOptions: {conc-unsynchronized-shared-map.LockableTypes: '::os::Handle', conc-unsynchronized-shared-map.ScopedGuardTypes: 'os::Hold'}}" \
// RUN:   %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CONFIGURED -implicit-check-not='{{warning|error}}:'

#include <map>

// DEFAULT-NOT: warning:

extern "C" void os_lock(void *);
extern "C" void os_unlock(void *);

namespace os {
class Handle {
public:
  void lock() { os_lock(h_); }
  void unlock() { os_unlock(h_); }

private:
  void *h_ = nullptr;
};

class Hold {
public:
  explicit Hold(Handle &h) : h_(h) { os_lock(&h_); }
  ~Hold() { os_unlock(&h_); }

private:
  Handle &h_;
};
} // namespace os

class Jobs {
public:
  void add(int id) {
    os::Hold g(h_);
    jobs_[id] = 1;
  }
  void remove(int id) {
    h_.lock();
    jobs_.erase(id);
    h_.unlock();
  }
  bool has(int id) { return jobs_.count(id) != 0; }
  // CONFIGURED: shape-options.cpp:[[@LINE-1]]:29: warning: 'jobs_' ('std::map<int, int>') is read here without holding 'h_'; 2 of 2 other accesses hold it [conc-unsynchronized-shared-map]
  // CONFIGURED: shape-options.cpp:[[@LINE-9]]:5: note: 'h_' is held here, where 'jobs_' is written

private:
  os::Handle h_;
  std::map<int, int> jobs_;
};

// C5: GUARDED_BY accesses in functions that opt out of thread-safety
// analysis and whose names say they skip the lock (...ForTesting,
// Unsafe...): cordz_info.h 158/163/287. The same names are exempt for a
// member without GUARDED_BY. Expected: no report.
#include <mutex>
#define GUARDED_BY(x) __attribute__((guarded_by(x)))
#define NO_TSA __attribute__((no_thread_safety_analysis))

class Info {
 public:
  void set(int v) { std::lock_guard<std::mutex> g(mu_); v_ = v; }
  int getForTesting() const NO_TSA { return v_; }          // FP
  void setForTesting(int v) NO_TSA { v_ = v; }             // FP
  void reset() { unsafeSet(0); }
 private:
  void unsafeSet(int v) NO_TSA { v_ = v; }                 // FP
  mutable std::mutex mu_;
  int v_ GUARDED_BY(mu_) = 0;
};

// C3: a class with its own lock()/unlock() over a member mutex is a
// lockable by shape; a guard of the member inside it is then named
// '*this', so GUARDED_BY(mu_) is never seen held (cordz_info.cc 374/383,
// cordz_info.h 284/291). Expected: no report.
#include <mutex>
#define GUARDED_BY(x) __attribute__((guarded_by(x)))

class Info {
 public:
  void lock() { mu_.lock(); }
  void unlock() { mu_.unlock(); }
  void set(int v) { std::lock_guard<std::mutex> g(mu_); v_ = v; }   // FP
  int get() { std::lock_guard<std::mutex> g(mu_); return v_; }      // FP
 private:
  std::mutex mu_;
  int v_ GUARDED_BY(mu_) = 0;
};

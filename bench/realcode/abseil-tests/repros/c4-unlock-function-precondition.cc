// C4: a function annotated ABSL_UNLOCK_FUNCTION(mu_) holds mu_ on entry
// (clang's analysis assumes so); its accesses before the unlock are
// reported (cordz_info.cc 387, CordzInfo::Unlock). Expected: no report.
#include "absl/synchronization/mutex.h"

class Info {
 public:
  void Begin() ABSL_EXCLUSIVE_LOCK_FUNCTION(mu_) { mu_.Lock(); Check(v_); }
  void End() ABSL_UNLOCK_FUNCTION(mu_) { Check(v_); mu_.Unlock(); }  // FP
  void Set(int v) { absl::MutexLock l(&mu_); v_ = v; }
 private:
  static void Check(int);
  absl::Mutex mu_;
  int v_ ABSL_GUARDED_BY(mu_) = 0;
};

// C7 (conc-self-deadlock, seen with --cross-tu on cordz_info_test.cc
// 150/153/166): Lock()/Unlock() annotated as lock functions of a class
// that is a lockable by shape; an AssertHeld() between them leaves the
// lock held after Unlock(), so the next acquisition is a "relock".
// Without the AssertHeld() line, or without the two lock-function
// attributes, there is no report. Expected: no report.
#include "absl/synchronization/mutex.h"

class ABSL_LOCKABLE Info {
 public:
  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION(mu_) { mu_.Lock(); }
  void Unlock() ABSL_UNLOCK_FUNCTION(mu_) { mu_.Unlock(); }
  void AssertHeld() ABSL_ASSERT_EXCLUSIVE_LOCK(mu_) { mu_.AssertHeld(); }
  int Peek() { absl::MutexLock l(&mu_); return v_; }
 private:
  absl::Mutex mu_;
  int v_ ABSL_GUARDED_BY(mu_) = 0;
};

int UseAfterUnlock(Info *info) {
  info->Lock();
  info->AssertHeld();
  info->Unlock();
  return info->Peek();    // FP: 'info' was released on the line above
}

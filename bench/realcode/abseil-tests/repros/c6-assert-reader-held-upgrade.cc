// C6 (conc-self-deadlock): AssertReaderHeld() taken as "this thread holds
// mu shared", so the next Lock() is an upgrade; here another thread holds
// the reader lock, and the function disables thread-safety analysis
// (mutex_test.cc 842, MutexReaderDecrementBug). Expected: no report.
#include <thread>
#include "absl/synchronization/mutex.h"

absl::Mutex mu;
void Reader() { mu.ReaderLock(); /* ... */ mu.ReaderUnlock(); }

void Test() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  std::thread t(Reader);
  mu.ReaderLock();
  mu.ReaderUnlock();
  mu.AssertReaderHeld();  // some thread (Reader) holds it in shared mode
  mu.Lock();              // FP: waits for Reader; this thread holds nothing
  mu.Unlock();
  t.join();
}

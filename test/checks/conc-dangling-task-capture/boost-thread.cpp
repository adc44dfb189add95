// A detached boost::thread (a stand-in whose constructor is defined).
// RUN: %clang_tidy -checks='-*,conc-dangling-task-capture' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-dangling-task-capture' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

namespace boost {
class thread {
public:
  template <class F> explicit thread(F f) {}
  thread(thread &&) noexcept;
  ~thread();
  void join();
  void detach();
};
} // namespace boost

void use(int &);

void boostDetached() {
  int Local = 0;
  boost::thread([&Local] { use(Local); }).detach();
  // CHECK: boost-thread.cpp:[[@LINE-1]]:19: warning: 'Local' is captured by reference by a task that can outlive it
  // CHECK: boost-thread.cpp:[[@LINE-2]]:3: note: the task is started here ('boost::thread')
}

void boostJoined() {
  int Local = 0;
  boost::thread T([&Local] { use(Local); });
  T.join();
}

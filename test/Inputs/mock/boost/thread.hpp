// Minimal stand-in for <boost/thread.hpp>, for fast lit tests.
#pragma once
#include <utility>
namespace boost {
class thread {
public:
  thread() noexcept;
  template <class F> explicit thread(F f);
  thread(thread &&) noexcept;
  ~thread();
  thread &operator=(thread &&) noexcept;
  bool joinable() const noexcept;
  void join();
  void detach();
  bool try_join_for(int);
};
} // namespace boost

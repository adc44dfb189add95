// Minimal stand-in for Boost.Fiber's unbuffered_channel (1.74): push()
// returns when a consumer took the value; close() and the destructor wake
// every blocked producer with channel_op_status::closed.
#pragma once
#include <boost/fiber/channel_op_status.hpp>
#include <chrono>
namespace boost {
namespace fibers {
template <typename T> class unbuffered_channel {
public:
  using value_type = T;
  unbuffered_channel();
  ~unbuffered_channel();
  bool is_closed() const noexcept;
  void close() noexcept;
  channel_op_status push(value_type const &value);
  template <typename Duration>
  channel_op_status push_wait_for(value_type const &value, Duration const &d);
  channel_op_status pop(value_type &value);
  value_type value_pop();
  template <typename Duration>
  channel_op_status pop_wait_for(value_type &value, Duration const &d);
  struct iterator {
    T &operator*();
    iterator &operator++();
    bool operator!=(const iterator &) const;
  };
  iterator begin();
  iterator end();
};
} // namespace fibers
} // namespace boost

// Minimal stand-in for Boost.Fiber's buffered_channel (1.74): the capacity
// is a power of two and the channel holds capacity - 1 values.
#pragma once
#include <boost/fiber/channel_op_status.hpp>
#include <chrono>
namespace boost {
namespace fibers {
template <typename T> class buffered_channel {
public:
  using value_type = T;
  explicit buffered_channel(unsigned long capacity);
  ~buffered_channel();
  void close() noexcept;
  channel_op_status push(value_type const &value);
  channel_op_status try_push(value_type const &value);
  template <typename Duration>
  channel_op_status push_wait_for(value_type const &value, Duration const &d);
  channel_op_status pop(value_type &value);
  channel_op_status try_pop(value_type &value);
  value_type value_pop();
  template <typename Duration>
  channel_op_status pop_wait_for(value_type &value, Duration const &d);
};
} // namespace fibers
} // namespace boost

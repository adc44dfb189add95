// Minimal stand-in for Boost.Fiber's channel_op_status.
#pragma once
namespace boost {
namespace fibers {
enum class channel_op_status { success = 0, empty, full, closed, timeout };
} // namespace fibers
} // namespace boost

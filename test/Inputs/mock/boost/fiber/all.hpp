#pragma once
#include <boost/fiber/buffered_channel.hpp>
#include <boost/fiber/unbuffered_channel.hpp>
namespace boost {
namespace fibers {
class fiber {
public:
  template <typename Fn, typename... Args> explicit fiber(Fn &&fn, Args &&...a) {}
  ~fiber();
  void join();
  void detach();
};
} // namespace fibers
} // namespace boost

// Minimal stand-in for asio's experimental channels: max_buffer_size is the
// second constructor argument (0 by default); async_send completes when the
// value is received or buffered.
#pragma once
namespace boost {
namespace asio {
class io_context {};
struct error_code {};
template <typename T> struct awaitable {};
template <typename F, typename Token> void co_spawn(io_context &, F &&, Token) {}
struct detached_t {};
constexpr detached_t detached;
struct use_awaitable_t {};
constexpr use_awaitable_t use_awaitable;
namespace experimental {
template <typename Executor, typename... Signatures> class basic_channel {
public:
  basic_channel(io_context &ctx, unsigned long max_buffer_size = 0);
  ~basic_channel();
  void close();
  void cancel();
  template <typename... Args> bool try_send(Args &&...args);
  template <typename... Args> awaitable<void> async_send(Args &&...args);
  template <typename Token> awaitable<int> async_receive(Token);
};
template <typename... Signatures>
using channel = basic_channel<io_context, Signatures...>;
} // namespace experimental
} // namespace asio
} // namespace boost

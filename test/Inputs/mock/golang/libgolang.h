// Minimal stand-in for pygolang's libgolang.h: chan<T> is a
// reference-counted handle; makechan<T>(n) makes a channel of n slots.
#pragma once
#include <utility>
namespace golang {
struct _selcase {};
int select(const _selcase (&cases)[1]);
template <typename T> class chan {
public:
  chan();
  chan(const chan &);
  ~chan();
  void send(const T &) const;
  T recv() const;
  std::pair<T, bool> recv_() const;
  void close() const;
  _selcase recvs(T *prx = nullptr, bool *pok = nullptr) const;
  _selcase sends(const T *ptx) const;
};
template <typename T> chan<T> makechan(unsigned size = 0);
template <typename F, typename... Args> void go(F &&f, Args &&...args) {}
} // namespace golang

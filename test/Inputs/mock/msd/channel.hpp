// Minimal stand-in for cpp-channel's msd::channel: capacity 0 (the default)
// is an unbounded queue; with a capacity, write() waits for room and
// close() does not wake it.
#pragma once
namespace msd {
template <typename T> class channel {
public:
  channel();
  explicit channel(unsigned long capacity);
  template <typename Type> bool write(Type &&value);
  bool read(T &out);
  void close() noexcept;
  bool closed() const noexcept;
  struct iterator {
    T &operator*();
    iterator &operator++();
    bool operator!=(const iterator &) const;
  };
  iterator begin() noexcept;
  iterator end() noexcept;
};
template <typename T, typename U> channel<T> &operator<<(channel<T> &, U &&);
template <typename T> channel<T> &operator>>(channel<T> &, T &);
} // namespace msd

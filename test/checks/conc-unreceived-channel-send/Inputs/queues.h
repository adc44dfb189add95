// Project-style bounded blocking queues, as real code writes them, for the
// shape recognizer (no configuration names any of them).
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <queue>

namespace pipeline {

// push() waits while full; finish() wakes everyone, but push()'s predicate
// ignores the flag: a pusher blocked on a full queue stays blocked.
template <typename T> class BoundedQueue {
public:
  explicit BoundedQueue(std::size_t Capacity) : Capacity(Capacity) {}
  void push(T Value) {
    std::unique_lock<std::mutex> Lock(M);
    NotFull.wait(Lock, [this] { return Items.size() < Capacity; });
    Items.push_back(std::move(Value));
    NotEmpty.notify_one();
  }
  bool pop(T &Out) {
    std::unique_lock<std::mutex> Lock(M);
    NotEmpty.wait(Lock, [this] { return !Items.empty() || Finished; });
    if (Items.empty())
      return false;
    Out = std::move(Items.front());
    Items.pop_front();
    NotFull.notify_one();
    return true;
  }
  void finish() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Finished = true;
    }
    NotEmpty.notify_all();
    NotFull.notify_all();
  }

private:
  std::mutex M;
  std::condition_variable NotFull, NotEmpty;
  std::deque<T> Items;
  std::size_t Capacity;
  bool Finished = false;
};

// push() gives up once the queue is closed: close() releases the senders.
// A capacity of zero means unbounded, as the predicate says.
template <typename T> class ClosingQueue {
public:
  explicit ClosingQueue(std::size_t MaxSize = 0) : MaxSize(MaxSize) {}
  bool push(T Value) {
    std::unique_lock<std::mutex> Lock(M);
    NotFull.wait(Lock, [&] {
      return Closed || MaxSize == 0 || Items.size() < MaxSize;
    });
    if (Closed)
      return false;
    Items.push(std::move(Value));
    NotEmpty.notify_one();
    return true;
  }
  bool push_for(T Value, std::chrono::milliseconds Timeout) {
    std::unique_lock<std::mutex> Lock(M);
    if (!NotFull.wait_for(Lock, Timeout,
                          [&] { return Closed || Items.size() < MaxSize; }))
      return false;
    Items.push(std::move(Value));
    return true;
  }
  bool pop(T &Out) {
    std::unique_lock<std::mutex> Lock(M);
    while (Items.empty() && !Closed)
      NotEmpty.wait(Lock);
    if (Items.empty())
      return false;
    Out = std::move(Items.front());
    Items.pop();
    NotFull.notify_one();
    return true;
  }
  void close() {
    std::lock_guard<std::mutex> Lock(M);
    Closed = true;
    NotFull.notify_all();
    NotEmpty.notify_all();
  }

private:
  std::mutex M;
  std::condition_variable NotFull, NotEmpty;
  std::queue<T> Items;
  std::size_t MaxSize;
  bool Closed = false;
};

// Not bounded: push() never waits.
class WorkQueue {
public:
  void push(int Job) {
    std::lock_guard<std::mutex> Lock(M);
    Jobs.push_back(Job);
    Ready.notify_one();
  }
  int pop() {
    std::unique_lock<std::mutex> Lock(M);
    Ready.wait(Lock, [this] { return !Jobs.empty(); });
    int Job = Jobs.front();
    Jobs.pop_front();
    return Job;
  }

private:
  std::mutex M;
  std::condition_variable Ready;
  std::deque<int> Jobs;
};

// The capacity comes from a setter; unset, the predicate lets everything
// through (limit 0).
class Mailbox {
public:
  void set_limit(std::size_t N) { Limit = N; }
  void put(int V) {
    std::unique_lock<std::mutex> Lock(M);
    while (Limit != 0 && Count >= Limit)
      Space.wait(Lock);
    Slots.push_back(V);
    ++Count;
    Data.notify_one();
  }
  int take() {
    std::unique_lock<std::mutex> Lock(M);
    while (Count == 0)
      Data.wait(Lock);
    int V = Slots.front();
    Slots.pop_front();
    --Count;
    Space.notify_one();
    return V;
  }

private:
  std::mutex M;
  std::condition_variable Space, Data;
  std::deque<int> Slots;
  std::size_t Count = 0;
  std::size_t Limit = 0;
};

// The capacity is a template argument.
template <typename T, std::size_t N> class FixedRing {
public:
  void push(const T &V) {
    std::unique_lock<std::mutex> Lock(M);
    NotFull.wait(Lock, [this] { return Items.size() != N; });
    Items.push_back(V);
    NotEmpty.notify_one();
  }
  T pop() {
    std::unique_lock<std::mutex> Lock(M);
    NotEmpty.wait(Lock, [this] { return Items.size() > 0; });
    T V = Items.front();
    Items.pop_front();
    NotFull.notify_one();
    return V;
  }

private:
  std::mutex M;
  std::condition_variable NotFull, NotEmpty;
  std::deque<T> Items;
};

// push() re-waits with a timeout until there is room (still blocking);
// a bound of 0 skips the wait (unbounded); shutdown() empties the queue,
// which lets the waiting pushes go on.
template <typename T> class PollingQueue {
public:
  explicit PollingQueue(std::size_t MaxSize = 0) : MaxSize(MaxSize) {}
  void push(T Value) {
    if (MaxSize) {
      while (size() >= MaxSize) {
        std::unique_lock<std::mutex> Lock(M);
        Space.wait_for(Lock, std::chrono::milliseconds(10),
                       [this] { return Items.size() < MaxSize; });
      }
    }
    std::lock_guard<std::mutex> Lock(M);
    Items.push(std::move(Value));
    Data.notify_one();
  }
  void wait_and_pop(T &Out) {
    std::unique_lock<std::mutex> Lock(M);
    Data.wait(Lock, [this] { return !InUse || !Items.empty(); });
    if (!Items.empty()) {
      Out = std::move(Items.front());
      Items.pop();
      Space.notify_one();
    }
  }
  std::size_t size() const {
    std::lock_guard<std::mutex> Lock(M);
    return Items.size();
  }
  void shutdown() {
    InUse = false;
    std::lock_guard<std::mutex> Lock(M);
    while (!Items.empty())
      Items.pop();
    Data.notify_all();
  }

private:
  mutable std::mutex M;
  std::condition_variable Space, Data;
  std::queue<T> Items;
  const std::size_t MaxSize;
  bool InUse = true;
};

} // namespace pipeline

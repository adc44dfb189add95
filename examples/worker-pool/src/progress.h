// Counts finished jobs; one thread reports while others finish jobs.
#ifndef WORKER_POOL_PROGRESS_H
#define WORKER_POOL_PROGRESS_H

#include <condition_variable>
#include <cstddef>
#include <mutex>

class Progress {
public:
  explicit Progress(std::size_t Jobs) : Jobs(Jobs) {}

  void finish(long Cost) {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      ++Finished;
      Total += Cost;
    }
    Changed.notify_all();
  }

  /// No more jobs will finish.
  void close() {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      Closed = true;
    }
    Changed.notify_all();
  }

  /// Waits for a change after \p Seen finished jobs. Returns the number of
  /// finished jobs, or -1 once closed with nothing new.
  long waitForChange(std::size_t Seen) {
    std::unique_lock<std::mutex> Lock(Mutex);
    Changed.wait(Lock, [&] { return Finished != Seen || Closed; });
    if (Finished == Seen)
      return -1;
    return static_cast<long>(Finished);
  }

  std::size_t jobs() const { return Jobs; }

  long total() {
    std::lock_guard<std::mutex> Lock(Mutex);
    return Total;
  }

private:
  const std::size_t Jobs;
  std::mutex Mutex;
  std::condition_variable Changed;
  std::size_t Finished = 0;
  long Total = 0;
  bool Closed = false;
};

#endif // WORKER_POOL_PROGRESS_H

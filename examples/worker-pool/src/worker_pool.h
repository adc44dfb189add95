// A fixed set of threads that run submitted jobs.
#ifndef WORKER_POOL_WORKER_POOL_H
#define WORKER_POOL_WORKER_POOL_H

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

class WorkerPool {
public:
  explicit WorkerPool(std::size_t Threads);
  /// Runs the jobs still queued, then joins the threads.
  ~WorkerPool();

  WorkerPool(const WorkerPool &) = delete;
  WorkerPool &operator=(const WorkerPool &) = delete;

  void submit(std::function<void()> Job);
  /// Waits until every job submitted so far has run.
  void wait();

private:
  void runJobs();

  std::mutex Mutex;
  std::condition_variable JobReady;
  std::condition_variable AllDone;
  std::deque<std::function<void()>> Jobs;
  std::size_t Running = 0;
  bool Stopping = false;
  std::vector<std::thread> Threads;
};

#endif // WORKER_POOL_WORKER_POOL_H

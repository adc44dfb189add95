#include "worker_pool.h"

#include <utility>

WorkerPool::WorkerPool(std::size_t Count) {
  Threads.reserve(Count);
  for (std::size_t I = 0; I < Count; ++I)
    Threads.emplace_back([this] { runJobs(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    Stopping = true;
  }
  JobReady.notify_all();
  for (std::thread &T : Threads)
    T.join();
}

void WorkerPool::submit(std::function<void()> Job) {
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    Jobs.push_back(std::move(Job));
  }
  JobReady.notify_one();
}

void WorkerPool::wait() {
  std::unique_lock<std::mutex> Lock(Mutex);
  AllDone.wait(Lock, [this] { return Jobs.empty() && Running == 0; });
}

void WorkerPool::runJobs() {
  std::unique_lock<std::mutex> Lock(Mutex);
  for (;;) {
    JobReady.wait(Lock, [this] { return Stopping || !Jobs.empty(); });
    if (Jobs.empty())
      return; // Stopping, and nothing left to run.
    std::function<void()> Job = std::move(Jobs.front());
    Jobs.pop_front();
    ++Running;
    Lock.unlock();
    Job();
    Lock.lock();
    --Running;
    if (Jobs.empty() && Running == 0)
      AllDone.notify_all();
  }
}

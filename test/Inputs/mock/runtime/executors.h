// Minimal stand-ins for Qt, Boost.Asio, folly and oneTBB task APIs.
#pragma once
#include <functional>
class QRunnable {
public:
  virtual ~QRunnable();
  virtual void run() = 0;
};
class QThread {
public:
  virtual ~QThread();
  void start();
  bool wait();

protected:
  virtual void run();
};
class QThreadPool {
public:
  static QThreadPool *globalInstance();
  void start(QRunnable *runnable);
  void start(std::function<void()> f);
};
namespace QtConcurrent {
template <class F, class... Args> void run(F &&f, Args &&...args) {}
} // namespace QtConcurrent
namespace boost {
namespace asio {
class io_context {
public:
  void run();
};
class thread_pool {
public:
  explicit thread_pool(unsigned n);
  void join();
};
template <class Ctx, class F> void post(Ctx &ctx, F &&f) {}
} // namespace asio
} // namespace boost
namespace folly {
class Executor {
public:
  virtual ~Executor();
  virtual void add(std::function<void()> f) = 0;
};
class CPUThreadPoolExecutor : public Executor {
public:
  explicit CPUThreadPoolExecutor(unsigned n);
  void add(std::function<void()> f) override;
};
} // namespace folly
namespace tbb {
class task_group {
public:
  template <class F> void run(F &&f) {}
  void wait();
};
} // namespace tbb

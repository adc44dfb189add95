#include "pipeline.h"
#include "progress.h"
#include "worker_pool.h"

#include <chrono>
#include <functional>
#include <iostream>
#include <thread>

static long simulate(const Job &J) {
  std::this_thread::sleep_for(std::chrono::milliseconds(J.Cost));
  return J.Cost;
}

static void reportProgress(Progress &P) {
  std::size_t Seen = 0;
  for (long Finished; (Finished = P.waitForChange(Seen)) >= 0;) {
    Seen = static_cast<std::size_t>(Finished);
    std::cout << "pipeline: " << Seen << '/' << P.jobs() << " jobs done\n";
  }
}

long runPipeline(const PipelineConfig &Config) {
  if (Config.Threads == 0) {
    std::cerr << "pipeline: needs at least one thread\n";
    return -1;
  }

  WorkerPool Pool(Config.Threads);
  Progress P(Config.Jobs.size());
  std::thread Worker(reportProgress, std::ref(P));
  for (const Job &J : Config.Jobs) {
    if (J.Cost <= 0) {
      std::cerr << "pipeline: job '" << J.Name << "' has no cost\n";
      return -1;
    }
    Pool.submit([&P, J] { P.finish(simulate(J)); });
  }
  Pool.wait();
  P.close();
  Worker.join();
  return P.total();
}

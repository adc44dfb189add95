// Runs a list of jobs on a worker pool and reports their progress.
#ifndef WORKER_POOL_PIPELINE_H
#define WORKER_POOL_PIPELINE_H

#include <cstddef>
#include <string>
#include <vector>

struct Job {
  std::string Name;
  /// Work units; must be positive.
  int Cost = 0;
};

struct PipelineConfig {
  std::size_t Threads = 4;
  std::vector<Job> Jobs;
};

/// Runs every job of \p Config. Returns the total cost of the jobs run, or
/// -1 if the configuration is invalid.
long runPipeline(const PipelineConfig &Config);

#endif // WORKER_POOL_PIPELINE_H

// worker-pool [--threads N] [NAME:COST ...]
//
// Runs the jobs given (or a built-in list) on a pool of threads.
#include "pipeline.h"

#include <cstdlib>
#include <iostream>
#include <string>

static bool parseJob(const std::string &Arg, Job &Out) {
  std::string::size_type Colon = Arg.find(':');
  if (Colon == std::string::npos)
    return false;
  Out.Name = Arg.substr(0, Colon);
  Out.Cost = std::atoi(Arg.c_str() + Colon + 1);
  return true;
}

int main(int Argc, char **Argv) {
  PipelineConfig Config;
  for (int I = 1; I < Argc; ++I) {
    std::string Arg = Argv[I];
    if (Arg == "--threads" && I + 1 < Argc) {
      Config.Threads = static_cast<std::size_t>(std::atoi(Argv[++I]));
      continue;
    }
    Job J;
    if (!parseJob(Arg, J)) {
      std::cerr << "usage: worker-pool [--threads N] [NAME:COST ...]\n";
      return 2;
    }
    Config.Jobs.push_back(J);
  }
  if (Config.Jobs.empty())
    Config.Jobs = {{"resize", 30}, {"encode", 50}, {"thumbnail", 10},
                   {"upload", 20}};

  long Total = runPipeline(Config);
  if (Total < 0)
    return 1;
  std::cout << "worker-pool: " << Total << " work units done\n";
  return 0;
}

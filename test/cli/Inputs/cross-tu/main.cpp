#include "helpers.h"

void work();
int compute(int);
bool failed(int);

// Joined by finish(), in helpers.cpp: no report.
void joinedElsewhere() {
  std::thread T(work);
  finish(T);
}

// report() in helpers.cpp only looks at it: 'T' is destroyed joinable,
// found only when the other file's summaries are linked.
void reportedOnly() {
  std::thread T(work);
  report(T);
}

// adopt() is in no file: unknown, no report either way.
void adopted() {
  std::thread T(work);
  adopt(T);
}

// shutdown() in helpers.cpp closes the channel on the early return: no
// report.
int closedElsewhere() {
  Chan Results(0);
  for (int I = 0; I < 2; ++I)
    std::thread([&Results, I] { Results.send(compute(I)); }).detach();
  int V = Results.recv();
  if (failed(V)) {
    shutdown(Results);
    return -1;
  }
  return Results.recv();
}

// inspect() in helpers.cpp only looks at it: the early return leaves a
// sender blocked, found only with the linked summaries.
int inspectedOnly() {
  Chan Results(0);
  for (int I = 0; I < 2; ++I)
    std::thread([&Results, I] { Results.send(compute(I)); }).detach();
  int V = Results.recv();
  inspect(Results);
  if (failed(V))
    return -1;
  return Results.recv();
}

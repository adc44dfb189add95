// Includes worker.h too: its finding must be reported once.
#include "worker.h"

void work();

void runAndWait() { runInBackground(work, true); }

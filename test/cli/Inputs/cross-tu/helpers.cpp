#include "helpers.h"

static void finishDeep(std::thread &T) { T.join(); }
void finish(std::thread &T) { finishDeep(T); }

void report(std::thread &T) { (void)T.joinable(); }

void shutdown(Chan &C) { C.close(); }
void inspect(Chan &C) { (void)C.closed(); }

// Included by uses-header.cpp only; the test edits a copy of it.
#include <thread>

inline void finish(std::thread &T) {}

#include "chain.h"

std::mutex TableMu;
std::map<int, int> Table;

void tableWrite(int K, int V) { Table[K] = V; }
int tableRead(int K) { return Table.count(K); }
void lockTable() { TableMu.lock(); }
void unlockTable() { TableMu.unlock(); }

#include "fix-header.h"
int *second() { return pick();; }

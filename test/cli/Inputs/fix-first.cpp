#include "fix-header.h"
int *first() { return pick(); }

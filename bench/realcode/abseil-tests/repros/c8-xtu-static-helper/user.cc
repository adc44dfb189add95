#include "alloc.h"
void Use() { Free(NewArena()); }

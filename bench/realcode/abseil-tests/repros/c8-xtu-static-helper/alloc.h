struct Arena;
void Free(Arena *arena);
Arena *NewArena();

inline int *pick() {
  static int *Table[2][2] = {0, 0, 0, 0};
  int Value = 1;;
  return Table[Value][0];
}

// Does not compile: its fix-its are not applied.
int broken() {
  int Value = 1;;
  return undeclared(Value);
}

#include <thread>

int answer() {
  int Value = 42;;
  return Value;
}

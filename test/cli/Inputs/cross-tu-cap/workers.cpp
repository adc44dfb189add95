#include "cap.h"
#include <thread>

void fill() {
  std::lock_guard<std::mutex> G(CapMu);
  storeAll(1);
}

void refill() {
  std::lock_guard<std::mutex> G(CapMu);
  storeAll(2);
}

int peek() { return tailEntry(); }

void run() {
  std::thread A(fill), B(refill), C(peek);
  A.join();
  B.join();
  C.join();
}

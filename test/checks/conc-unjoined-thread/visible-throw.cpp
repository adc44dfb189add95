// Calls whose bodies are in the translation unit and can throw are exits
// by exception (on by default; VisibleCallsMayThrow). Unknown calls stay
// governed by AnyCallMayThrow.
// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' -config="{CheckOptions: {conc-unjoined-thread.VisibleCallsMayThrow: false}}" %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -check-prefix=OFF -allow-empty -implicit-check-not='{{warning|error}}:'

#include <thread>

void work();
void unknown(int);

struct ParseError {};

int parse(int X) {
  if (X < 0)
    throw ParseError();
  return X;
}

// Throws through a helper.
int validate(int X) { return parse(X) + 1; }

int caught(int X) {
  try {
    return parse(X);
  } catch (...) {
    return 0;
  }
}

int noexceptWrapper(int X) noexcept { return parse(X); }

void unknownWork();
// Rethrows only what its try block throws, which nothing visible does.
void rethrowsUnknown() {
  try {
    unknownWork();
  } catch (...) {
    throw;
  }
}

// Rethrows what parse() throws.
int rethrowsParse(int X) {
  try {
    return parse(X);
  } catch (...) {
    throw;
  }
}

void g(int X) {
  std::thread T(work);
  // CHECK: visible-throw.cpp:[[@LINE-1]]:15: warning: 'T' ('std::thread') can be destroyed while joinable
  rethrowsUnknown();
  rethrowsParse(X);
  // CHECK: visible-throw.cpp:[[@LINE-1]]:3: note: 'T' is still joinable if this call throws ('rethrowsParse' can throw: its body is in this translation unit)
  T.join();
}

void f(int X) {
  std::thread T(work);
  // CHECK: visible-throw.cpp:[[@LINE-1]]:15: warning: 'T' ('std::thread') can be destroyed while joinable, which calls 'std::terminate'; join or detach it on every path [conc-unjoined-thread]
  unknown(X);
  caught(X);
  noexceptWrapper(X);
  validate(X);
  // CHECK: visible-throw.cpp:[[@LINE-1]]:3: note: 'T' is still joinable if this call throws ('validate' can throw: its body is in this translation unit)
  T.join();
}

void insideTry(int X) {
  std::thread T(work);
  try {
    parse(X);
  } catch (...) {
  }
  T.join();
}

// OFF-NOT: warning

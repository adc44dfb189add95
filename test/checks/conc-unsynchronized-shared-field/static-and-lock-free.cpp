// Static data members used by private static helpers and by code of other
// classes, callers that skip the lock on purpose, lock-free members and
// smart-pointer members; the real libstdc++.
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

// glog's LogDestination: static settings written under a global lock, read
// by private static helpers that a friend calls with the lock held.
static std::mutex log_mutex;

class LogMessage;
class LogDestination {
public:
  static void SetEmailLogging(int Severity, const char *Addresses);
  static void FlushLogFilesUnsafe();
  void Flush();

private:
  friend class LogMessage;
  static void MaybeLogToEmail(int Severity, const char *Message);
  static void MaybeLogToStderr(int Severity, const char *Message);
  void FlushUnlocked();

  std::mutex lock_;
  FILE *file_ = nullptr;
  static int email_severity_;
  static std::string addresses_;
  static int stderr_severity_;
};
int LogDestination::email_severity_ = 99;
std::string LogDestination::addresses_;
int LogDestination::stderr_severity_ = 2;

void LogDestination::SetEmailLogging(int Severity, const char *Addresses) {
  std::lock_guard<std::mutex> L(log_mutex);
  email_severity_ = Severity;
  addresses_ = Addresses;
  stderr_severity_ = Severity;
}

// Called only by LogMessage::send(), with log_mutex held: no report.
void LogDestination::MaybeLogToEmail(int Severity, const char *Message) {
  if (Severity >= email_severity_ && !addresses_.empty())
    std::puts(Message);
}

// Called by LogMessage::sendUnlocked() too, without the lock.
void LogDestination::MaybeLogToStderr(int Severity, const char *Message) {
  if (Severity >= stderr_severity_)
    // CHECK: :[[@LINE-1]]:19: warning: 'stderr_severity_' ('int') is read here without holding 'log_mutex'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-field]
    std::fputs(Message, stderr);
}

// A helper the class calls under its lock; the only other caller says in
// its name that it skips the lock on purpose: no report.
void LogDestination::FlushUnlocked() {
  if (file_)
    std::fflush(file_);
}

void LogDestination::Flush() {
  std::lock_guard<std::mutex> L(lock_);
  FlushUnlocked();
  file_ = nullptr;
}

static LogDestination *Destination;

void LogDestination::FlushLogFilesUnsafe() { Destination->FlushUnlocked(); }

class LogMessage {
public:
  void flush() {
    std::lock_guard<std::mutex> L(log_mutex);
    send();
  }
  void sendUnlocked() {
    LogDestination::MaybeLogToStderr(Severity, Text);
  }

private:
  void send() {
    LogDestination::MaybeLogToEmail(Severity, Text);
    LogDestination::MaybeLogToStderr(Severity, Text);
  }
  int Severity = 0;
  const char *Text = "";
};

// A static data member read by code of another class without the lock.
class Registry {
public:
  static void setLimit(int N) {
    std::lock_guard<std::mutex> L(Mu);
    Limit = N;
  }
  static int limitLocked() {
    std::lock_guard<std::mutex> L(Mu);
    return Limit;
  }

private:
  friend class Client;
  static std::mutex Mu;
  static int Limit;
};
std::mutex Registry::Mu;
int Registry::Limit = 0;

class Client {
public:
  bool tooMany(int N) { return N > Registry::Limit; }
  // CHECK: :[[@LINE-1]]:36: warning: 'Limit' ('int') is read here without holding 'Mu'; 2 of 2 other accesses hold it [conc-unsynchronized-shared-field]
};

// zeromq's mailbox: a single-reader lock-free pipe whose writers serialize
// under a lock; the reader's calls are the pipe's own protocol: no report.
template <typename T> class LockFreePipe {
public:
  void write(const T &V) {
    Last = V;
    Ready.store(true, std::memory_order_release);
  }
  bool read(T *V) {
    if (!Ready.load(std::memory_order_acquire))
      return false;
    *V = Last;
    Ready.store(false, std::memory_order_relaxed);
    return true;
  }

private:
  T Last{};
  std::atomic<bool> Ready{false};
};

class Mailbox {
public:
  void send(int Command) {
    std::lock_guard<std::mutex> L(Sync);
    Pipe.write(Command);
  }
  bool recv(int *Command) { return Pipe.read(Command); }

private:
  std::mutex Sync;
  LockFreePipe<int> Pipe;
};

// thrift's TFileTransport: a shared_ptr member created lazily under the
// lock and tested without it. The pointee locks itself; the pointer does
// not.
class Thread {
public:
  void start() { std::lock_guard<std::mutex> L(Mu); }

private:
  std::mutex Mu;
};

class FileTransport {
public:
  void write() {
    std::lock_guard<std::mutex> L(Mutex);
    if (!Writer)
      Writer = std::make_shared<Thread>();
    Writer->start();
  }
  void close() {
    std::lock_guard<std::mutex> L(Mutex);
    Writer.reset();
  }
  bool flush() { return Writer != nullptr; }
  // CHECK: :[[@LINE-1]]:25: warning: 'Writer' ('std::shared_ptr<Thread>') is read here without holding 'Mutex'; 4 of 4 other accesses hold it [conc-unsynchronized-shared-field]

private:
  std::mutex Mutex;
  std::shared_ptr<Thread> Writer;
};

// glog's first FATAL message, saved under the lock on the way to a crash
// (every path after the write ends in a call that does not return) and
// printed again by the crash handler: no report. The same message saved
// where the process goes on is a race.
[[noreturn]] void fail();
static std::mutex crash_mutex;
static char fatal_message[64];
static char last_message[64];

void logFatal(const char *Message) {
  {
    std::lock_guard<std::mutex> L(crash_mutex);
    fatal_message[0] = Message[0];
  }
  fail();
}

void logError(const char *Message) {
  std::lock_guard<std::mutex> L(crash_mutex);
  last_message[0] = Message[0];
}

void reprintFatalMessage() {
  if (fatal_message[0])
    std::puts(fatal_message);
  if (last_message[0])
    // CHECK: :[[@LINE-1]]:7: warning: 'last_message' ('char[64]') is read here
    // without holding 'crash_mutex'; 1 of 2 other accesses hold it
    // [conc-unsynchronized-shared-field]
    std::puts(last_message);
  // CHECK: :[[@LINE-1]]:15: warning: 'last_message' ('char[64]') is read here
  // without holding 'crash_mutex'; 1 of 2 other accesses hold it
  // [conc-unsynchronized-shared-field]
}

// abseil's flags: the mutex lives in reserved storage that a member
// function hands out; the class has no member of a lock type.
class FlagImpl {
public:
  bool isSpecified() const {
    std::lock_guard<std::mutex> L(*dataGuard());
    return OnCommandLine;
  }
  bool isSpecifiedRacy() const { return OnCommandLine; }
  // CHECK: :[[@LINE-1]]:41: warning: 'OnCommandLine' ('bool') is read here
  // without holding 'DataGuardStorage'; 2 of 2 other accesses hold it
  // [conc-unsynchronized-shared-field]
  void set() {
    std::lock_guard<std::mutex> L(*dataGuard());
    OnCommandLine = true;
  }

private:
  std::mutex *dataGuard() const {
    return reinterpret_cast<std::mutex *>(&DataGuardStorage);
  }
  bool OnCommandLine = false;
  alignas(std::mutex) mutable char DataGuardStorage[sizeof(std::mutex)];
};

// A callback in a global's initializer (abseil's ABSL_FLAG(...).OnUpdate)
// is code of its own, here under the lock.
struct FlagRegistration {
  template <typename F> FlagRegistration &onUpdate(F) { return *this; }
};
static std::mutex processing_guard;
static bool needs_processing = false;
FlagRegistration flagfile = FlagRegistration().onUpdate([] {
  std::lock_guard<std::mutex> L(processing_guard);
  needs_processing = true;
});

void handleGeneratorFlags() {
  if (needs_processing)
    // CHECK: :[[@LINE-1]]:7: warning: 'needs_processing' ('bool') is read here
    // without holding 'processing_guard'; 1 of 2 other accesses hold it
    // [conc-unsynchronized-shared-field]
    needs_processing = false;
  // CHECK: :[[@LINE-1]]:5: warning: 'needs_processing' ('bool') is written here
  // without holding 'processing_guard'; 1 of 2 other accesses hold it
  // [conc-unsynchronized-shared-field]
}

// Code that a call_once runs is initialization: it happens before every
// other call that passes the flag returns (abseil's FlagImpl::Init, run by
// DataGuard()): no report.
class LazyFlag {
public:
  int value() {
    std::call_once(Once, &LazyFlag::init, this);
    std::lock_guard<std::mutex> L(Mu);
    return Value + Default;
  }
  void set(int V) {
    std::call_once(Once, [this] { Default = 1; });
    std::lock_guard<std::mutex> L(Mu);
    Value = V;
    Default = V;
  }

private:
  void init() { Value = Default; }
  std::once_flag Once;
  std::mutex Mu;
  int Value = 0;
  int Default = 0;
};

// A thread's main loop never returns; it is not on the way to a crash.
class Scheduler {
public:
  void schedule(int Item) {
    std::lock_guard<std::mutex> L(Mu);
    Pending = Item;
  }
  [[noreturn]] void backgroundMain() {
    while (true) {
      if (Pending)
        // CHECK: :[[@LINE-1]]:11: warning: 'Pending' ('int') is read here without holding 'Mu'; 1 of 2 other accesses hold it [conc-unsynchronized-shared-field]
        Pending = 0;
      // CHECK: :[[@LINE-1]]:9: warning: 'Pending' ('int') is written here without holding 'Mu'; 1 of 2 other accesses hold it [conc-unsynchronized-shared-field]
    }
  }

private:
  std::mutex Mu;
  int Pending = 0;
};

// Explicit specializations of a member template are code of the class
// (abseil's RandenPoolEntry::Generate<T>()).
class PoolEntry {
public:
  void init() {
    std::lock_guard<std::mutex> L(Mu);
    Next = 0;
  }
  template <typename T> T generate();

private:
  std::mutex Mu;
  unsigned State[8] = {};
  unsigned long Next = 0;
};

template <> unsigned char PoolEntry::generate<unsigned char>() {
  std::lock_guard<std::mutex> L(Mu);
  return static_cast<unsigned char>(State[Next++ % 8]);
}

template <> unsigned short PoolEntry::generate<unsigned short>() {
  return static_cast<unsigned short>(State[Next++ % 8]);
  // CHECK: :[[@LINE-1]]:44: warning: 'Next' ('unsigned long') is written here
  // without holding 'Mu'; 2 of 2 other accesses hold it
  // [conc-unsynchronized-shared-field]
}

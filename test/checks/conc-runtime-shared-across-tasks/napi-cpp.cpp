// node-addon-api: Napi values in AsyncWorker::Execute (a libuv worker
// thread), and the ThreadSafeFunction bridge.
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <napi.h>
#include <thread>

class HashWorker : public Napi::AsyncWorker {
public:
  HashWorker(const Napi::Function &Cb, Napi::Object Options)
      : Napi::AsyncWorker(Cb), Options(Options) {}

protected:
  void Execute() override {
    Rounds = Options.Get("rounds").IsNull() ? 10 : 12;
    // CHECK: napi-cpp.cpp:[[@LINE-1]]:14: warning: 'Options' ('Napi::Object') belongs to the thread that created the 'HashWorker' and is used here on a pool thread; touch JavaScript only on the main thread (the complete callback, OnOK) or call back through a threadsafe function (napi_threadsafe_function, Napi::ThreadSafeFunction) [conc-runtime-shared-across-tasks]
    // CHECK: napi-cpp.cpp:[[@LINE-3]]:8: note: 'Execute' overrides 'Napi::AsyncWorker::Execute', which runs on a pool thread
    Napi::String S = Napi::String::New(Env(), "hashing");
    // CHECK: napi-cpp.cpp:[[@LINE-1]]:40: warning: 'Env()' ('Napi::Env') belongs to the thread that created the 'HashWorker' and is used here on a pool thread; touch
    // CHECK: napi-cpp.cpp:[[@LINE-6]]:8: note: 'Execute' overrides
    report();
    (void)S;
    if (Rounds > 100)
      SetError("too many rounds"); // meant for Execute: no report
  }
  // Runs on the main thread: no report.
  void OnOK() override {
    Callback().Value().Call(Options);
    Napi::String::New(Env(), "done");
  }

private:
  void report() {
    Receiver().Value().Set("state", Napi::String::New(Env(), "running"));
    // CHECK: napi-cpp.cpp:[[@LINE-1]]:5: warning: 'Receiver()' ('ObjectReference') belongs to the thread that created the 'HashWorker' and is used here on a pool thread; touch
    // CHECK: napi-cpp.cpp:[[@LINE-15]]:5: note: the task calls 'report' here
    // CHECK: napi-cpp.cpp:[[@LINE-23]]:8: note: 'Execute' overrides
  }
  Napi::Object Options;
  int Rounds = 0;
};

// AsyncProgressWorker: Execute(progress) runs on the pool, OnProgress on the
// main thread.
class Scanner : public Napi::AsyncProgressWorker<int> {
public:
  Scanner(const Napi::Function &Cb, Napi::Function OnItem)
      : Napi::AsyncProgressWorker<int>(Cb), OnItem(OnItem) {}

protected:
  void Execute(const ExecutionProgress &Progress) override {
    int Item = 1;
    Progress.Send(&Item, 1); // the sanctioned way: no report
    OnItem.Call(nullptr, 0);
    // CHECK: napi-cpp.cpp:[[@LINE-1]]:5: warning: 'OnItem' ('Napi::Function') belongs to the thread that created the 'Scanner' and is used here on a pool thread; touch
    // CHECK: napi-cpp.cpp:[[@LINE-5]]:8: note: 'Execute' overrides 'Napi::AsyncProgressWorker::Execute', which runs on a pool thread
  }
  void OnProgress(const int *, unsigned) override { OnItem.Call(nullptr, 0); }

private:
  Napi::Function OnItem;
};

// A std::thread that calls back through a ThreadSafeFunction: the lambda
// given to BlockingCall runs on the main thread. No report.
void Watch(const Napi::CallbackInfo &Info, Napi::Function Cb) {
  Napi::Env Env = Info.Env();
  auto Tsfn = Napi::ThreadSafeFunction::New(Env, Cb, "watch", 0, 1);
  std::thread([Tsfn] {
    Tsfn.BlockingCall([](Napi::Env Env, Napi::Function Js) {
      Js.Call(Napi::String::New(Env, "changed"));
    });
    Tsfn.Release();
  }).detach();
}

// The same thread touching the callback directly is reported.
void WatchWrong(const Napi::CallbackInfo &Info, Napi::Function Cb) {
  Napi::Env Env = Info.Env();
  std::thread([Cb, Env] {
    Cb.Call(Napi::String::New(Env, "changed"));
    // CHECK: napi-cpp.cpp:[[@LINE-1]]:5: warning: 'Cb' ('Napi::Function') belongs to the thread that called 'WatchWrong' and is used here on a thread started at line [[@LINE-2]]; touch
    // CHECK: napi-cpp.cpp:[[@LINE-3]]:3: note: 'std::thread' starts the task on a new thread here
    // CHECK: napi-cpp.cpp:[[@LINE-3]]:31: warning: 'Env' ('Napi::Env') belongs to the thread that called 'WatchWrong' and is used here on a thread started at line [[@LINE-4]]; touch
    // CHECK: napi-cpp.cpp:[[@LINE-5]]:3: note: 'std::thread' starts
  }).detach();
}

// A Napi::ObjectWrap subclass is a native object: its native fields may be
// used in Execute (sqlite3's Database::_handle); its JavaScript side may not.
class Database : public Napi::ObjectWrap<Database> {
public:
  explicit Database(const Napi::CallbackInfo &Info);
  void *Handle = nullptr;
};
class OpenWorker : public Napi::AsyncWorker {
public:
  OpenWorker(const Napi::Function &Cb, Database *Db)
      : Napi::AsyncWorker(Cb), Db(Db) {}

protected:
  void Execute() override {
    Opened = Db->Handle != nullptr; // no report
    Db->Value().Set("open", Napi::Value());
    // CHECK: napi-cpp.cpp:[[@LINE-1]]:5: warning: 'Db->Value()' ('Object') belongs to the thread that created the 'OpenWorker' and is used here on a pool thread; touch
    // CHECK: napi-cpp.cpp:[[@LINE-4]]:8: note: 'Execute' overrides 'Napi::AsyncWorker::Execute'
  }

private:
  Database *Db;
  bool Opened = false;
};

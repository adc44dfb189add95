// Against Debian's real libstdc++ headers.
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>

class CompileCache {
public:
  const std::string *lookup(const std::string &Key) {
    auto It = Modules.find(Key);
    // CHECK: real-headers.cpp:[[@LINE-1]]:15: warning: 'Modules' ('std::unordered_map<std::string, std::string>'{{.*}}) is read here without holding 'Mu'; 2 of 3 other accesses hold it [conc-unsynchronized-shared-map]
    // CHECK: real-headers.cpp:[[@LINE+7]]:5: note: 'Mu' is held here, where 'Modules' is written
    return It == Modules.end() ? nullptr : &It->second;
    // CHECK: real-headers.cpp:[[@LINE-1]]:18: warning: 'Modules' ('std::unordered_map<std::string, std::string>'{{.*}}) is read here without holding 'Mu'
    // CHECK: real-headers.cpp:[[@LINE+4]]:5: note: 'Mu' is held here
  }
  void store(const std::string &Key, std::string Code) {
    std::lock_guard<std::mutex> Lock(Mu);
    Modules[Key] = std::move(Code);
  }
  void evict(const std::string &Key) {
    std::unique_lock<std::mutex> Lock(Mu);
    Modules.erase(Key);
  }

private:
  std::mutex Mu;
  std::unordered_map<std::string, std::string> Modules;
};

// No report: every access holds the lock, readers in shared mode.
class Settings {
public:
  std::string get(const std::string &Key) const {
    std::shared_lock<std::shared_mutex> Lock(Mu);
    auto It = Values.find(Key);
    return It == Values.end() ? std::string() : It->second;
  }
  void set(const std::string &Key, const std::string &Value) {
    std::unique_lock<std::shared_mutex> Lock(Mu);
    Values[Key] = Value;
  }

private:
  mutable std::shared_mutex Mu;
  std::map<std::string, std::string> Values;
};

// A global cache reached through helpers (the global-access part of the
// summaries), with the real std::lock_guard and std::thread.
std::mutex CacheMu;
std::unordered_map<std::string, int> CompileCache;
void insertCompiled(const std::string &K) { CompileCache[K] = 1; }
int lookupCompiled(const std::string &K) { return CompileCache.count(K); }
// CHECK: real-headers.cpp:[[@LINE-1]]:51: warning: 'CompileCache' ('std::unordered_map<std::string, int>'{{.*}}) is read here without holding 'CacheMu'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-map]
// CHECK: real-headers.cpp:[[@LINE+7]]:43: note: 'startCompiles' reaches it through this call, without holding 'CacheMu'
void compileTask(std::string K) {
  std::lock_guard<std::mutex> G(CacheMu);
  insertCompiled(K);
}
// CHECK: real-headers.cpp:[[@LINE-2]]:3: note: 'CacheMu' is held where this call writes 'CompileCache' (in 'insertCompiled')
void startCompiles() {
  std::thread A(compileTask, "a"), B([] { lookupCompiled("a"); });
  A.join();
  B.join();
}

// A member object's methods, followed through the summaries, with the
// real std::unordered_map, std::mutex and std::lock_guard.
class SymbolTable {
public:
  void add(const std::string &K) { Names[K] = 1; }
  bool has(const std::string &K) const { return Names.count(K) != 0; }
  // CHECK: real-headers.cpp:[[@LINE-1]]:49: warning: 'Symbols.Names' ('std::unordered_map<std::string, int>'{{.*}}) is read here without holding 'Mu'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-map]
  // CHECK: real-headers.cpp:[[@LINE+11]]:61: note: 'defined' reaches it through this call, without holding 'Mu'

private:
  std::unordered_map<std::string, int> Names;
};
class Linker {
public:
  void define(const std::string &K) {
    std::lock_guard<std::mutex> G(Mu);
    Symbols.add(K);
  }
  bool defined(const std::string &K) const { return Symbols.has(K); }

private:
  mutable std::mutex Mu;
  SymbolTable Symbols;
};

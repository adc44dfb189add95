// Options: AsyncCalls, ContainerTypes, IncludeSequenceContainers (on by
// default; NOSEQ turns it off).
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DEFAULT -implicit-check-not='{{warning|error}}:'
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map' \
// RUN:   -config="{CheckOptions: {conc-unsynchronized-shared-map.AsyncCalls: 'schedule', conc-unsynchronized-shared-map.ContainerTypes: '::util::FlatMap', conc-unsynchronized-shared-map.IncludeSequenceContainers: true}}" \
// RUN:   %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CONFIGURED -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DEFAULT -implicit-check-not='{{warning|error}}:'
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map' \
// RUN:   -config="{CheckOptions: {conc-unsynchronized-shared-map.IncludeSequenceContainers: false}}" \
// RUN:   %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOSEQ -implicit-check-not='{{warning|error}}:'

#include <mutex>
#include <unordered_map>
#include <vector>

namespace util {
template <class K, class V> struct FlatMap {
  V &operator[](const K &);
  void erase(const K &);
};
} // namespace util

struct Executor {
  // Asynchronous by default; AsyncCalls replaces the list.
  template <class F> void post(F);
  // Asynchronous once configured.
  template <class F> void schedule(F);
};

class Service {
public:
  void refresh(Executor &E) {
    std::lock_guard<std::mutex> Lock(Mu);
    Cache[1] = 1;
    Flat[1] = 1;
    Log.push_back(1);
    E.post([this] { Cache.erase(1); });
    // DEFAULT: options.cpp:[[@LINE-1]]:21: warning: 'Cache' ('std::unordered_map<int, int>') is written here without holding 'Mu'; 2 of 2 other accesses hold it
    // NOSEQ: options.cpp:[[@LINE-2]]:21: warning: 'Cache' ('std::unordered_map<int, int>') is written here without holding 'Mu'; 2 of 2 other accesses hold it
    E.post([this] { Log.clear(); });
    // DEFAULT: options.cpp:[[@LINE-1]]:21: warning: 'Log' ('std::vector<int>') is written here without holding 'Mu'
    E.schedule([this] { Cache.erase(2); Flat.erase(2); Log.clear(); });
    // CONFIGURED: options.cpp:[[@LINE-1]]:25: warning: 'Cache' ('std::unordered_map<int, int>') is written here without holding 'Mu'; 2 of 2 other accesses hold it
    // CONFIGURED: options.cpp:[[@LINE-2]]:41: warning: 'Flat' ('util::FlatMap<int, int>') is written here without holding 'Mu'
    // CONFIGURED: options.cpp:[[@LINE-3]]:56: warning: 'Log' ('std::vector<int>') is written here without holding 'Mu'
  }

private:
  std::mutex Mu;
  std::unordered_map<int, int> Cache;
  util::FlatMap<int, int> Flat;
  std::vector<int> Log;
};

// RUN: %clang_tidy -checks='-*,conc-lock-order-inversion' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-lock-order-inversion' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <mutex>
#include <vector>

// One method takes orders_ then stock_, another stock_ then orders_.
class Inventory {
public:
  void placeOrder(int id) {
    std::lock_guard<std::mutex> o(orders_);
    std::lock_guard<std::mutex> s(stock_);
    ++count_;
  }
  void restock(int n) {
    std::lock_guard<std::mutex> s(stock_);
    std::lock_guard<std::mutex> o(orders_);
    count_ += n;
  }

private:
  std::mutex orders_;
  std::mutex stock_;
  int count_ = 0;
};

// An event bus holds its lock while it calls a listener, which takes its
// own; the listener's unsubscribe() holds its lock and calls into the bus.
class Bus;
class Listener {
public:
  virtual ~Listener();
  virtual void onEvent(int e) = 0;
};

class Bus {
public:
  void publish(int e) {
    std::lock_guard<std::mutex> g(mu_);
    for (Listener *l : listeners_)
      l->onEvent(e);
  }
  void remove(Listener *l) {
    std::lock_guard<std::mutex> g(mu_);
    erase(l);
  }

private:
  void erase(Listener *);
  std::mutex mu_;
  std::vector<Listener *> listeners_;
};

class Counter : public Listener {
public:
  void onEvent(int e) override {
    std::lock_guard<std::mutex> g(mu_);
    total_ += e;
  }
  void unsubscribe() {
    std::lock_guard<std::mutex> g(mu_);
    bus_->remove(this);
  }

private:
  std::mutex mu_;
  Bus *bus_;
  int total_ = 0;
};

// A chain of three locks, through helpers.
class Pipeline {
public:
  void stage1() {
    std::lock_guard<std::mutex> g(a_);
    lockB();
  }
  void stage2() {
    std::lock_guard<std::mutex> g(b_);
    std::lock_guard<std::mutex> h(c_);
  }
  void stage3() {
    c_.lock();
    a_.lock();
    a_.unlock();
    c_.unlock();
  }

private:
  void lockB() { std::lock_guard<std::mutex> g(b_); }
  std::mutex a_, b_, c_;
};

// CHECK: scenarios.cpp:19:5: warning: 'Inventory::orders_' is acquired here while 'Inventory::stock_' is held, but 'Inventory::stock_' is acquired while 'Inventory::orders_' is held in 'Inventory::placeOrder': two threads can deadlock (a member lock stands for that member of every object of its class); take both with 'std::scoped_lock', or always take 'Inventory::orders_' before 'Inventory::stock_' [conc-lock-order-inversion]
// CHECK: scenarios.cpp:18:5: note: 'Inventory::stock_' is acquired here
// CHECK: scenarios.cpp:14:5: note: 'Inventory::stock_' is acquired here while 'Inventory::orders_' is held, in 'Inventory::placeOrder'
// CHECK: scenarios.cpp:13:5: note: 'Inventory::orders_' is acquired here
// CHECK: scenarios.cpp:46:5: warning: 'Bus::mu_' is acquired here while 'Counter::mu_' is held, but 'Counter::mu_' is acquired while 'Bus::mu_' is held in 'Bus::publish': two threads can deadlock (a member lock stands for that member of every object of its class); take both with 'std::scoped_lock', or always take 'Bus::mu_' before 'Counter::mu_' [conc-lock-order-inversion]
// CHECK: scenarios.cpp:64:5: note: through this call to 'Bus::remove'
// CHECK: scenarios.cpp:63:5: note: 'Counter::mu_' is acquired here
// CHECK: scenarios.cpp:43:7: note: through this call to 'Counter::onEvent'
// CHECK: scenarios.cpp:59:5: note: 'Counter::mu_' is acquired here while 'Bus::mu_' is held, in 'Bus::publish'
// CHECK: scenarios.cpp:41:5: note: 'Bus::mu_' is acquired here
// CHECK: scenarios.cpp:86:5: warning: 'Pipeline::a_' is acquired here while 'Pipeline::c_' is held, which closes the lock order cycle 'Pipeline::a_' -> 'Pipeline::b_' -> 'Pipeline::c_' -> 'Pipeline::a_': threads taking these orders can deadlock (a member lock stands for that member of every object of its class); take the locks together with 'std::scoped_lock', or always take them in one order ('Pipeline::a_', 'Pipeline::b_', 'Pipeline::c_') [conc-lock-order-inversion]
// CHECK: scenarios.cpp:85:5: note: 'Pipeline::c_' is acquired here
// CHECK: scenarios.cpp:78:5: note: through this call to 'Pipeline::lockB'
// CHECK: scenarios.cpp:92:18: note: 'Pipeline::b_' is acquired here while 'Pipeline::a_' is held, in 'Pipeline::stage1'
// CHECK: scenarios.cpp:77:5: note: 'Pipeline::a_' is acquired here
// CHECK: scenarios.cpp:82:5: note: 'Pipeline::c_' is acquired here while 'Pipeline::b_' is held, in 'Pipeline::stage2'
// CHECK: scenarios.cpp:81:5: note: 'Pipeline::b_' is acquired here

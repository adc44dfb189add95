// Qt 5's real QMutex and QMutexLocker; a QMutex made Recursive is never a
// self-deadlock.
// REQUIRES: qt5-headers
// RUN: %clang_tidy -checks='-*,conc-lock-order-inversion,conc-self-deadlock' %s -- -std=c++17 -fPIC %qt5_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-lock-order-inversion,conc-self-deadlock' %s -- -std=c++17 -fPIC %qt5_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <QMutex>
#include <QMutexLocker>

class Model {
public:
  Model() : recursive_(QMutex::Recursive) {}
  void load() {
    QMutexLocker a(&data_);
    QMutexLocker b(&index_);
  }
  void reindex() {
    QMutexLocker b(&index_);
    QMutexLocker a(&data_);
  }
  void refresh() {
    QMutexLocker a(&recursive_);
    QMutexLocker b(&recursive_);
  }
  void again() {
    QMutexLocker a(&data_);
    data_.lock();
  }

private:
  QMutex data_;
  QMutex index_;
  QMutex recursive_;
};

// CHECK: qt.cpp:21:5: warning: 'Model::data_' is acquired here while 'Model::index_' is held, but 'Model::index_' is acquired while 'Model::data_' is held in 'Model::load': two threads can deadlock (a member lock stands for that member of every object of its class); take both with 'std::scoped_lock', or always take 'Model::data_' before 'Model::index_' [conc-lock-order-inversion]
// CHECK: qt.cpp:20:5: note: 'Model::index_' is acquired here
// CHECK: qt.cpp:17:5: note: 'Model::index_' is acquired here while 'Model::data_' is held, in 'Model::load'
// CHECK: qt.cpp:16:5: note: 'Model::data_' is acquired here
// CHECK: qt.cpp:29:5: warning: 'data_' is acquired here while it is already held, and 'QMutex' is not recursive: the thread waits for itself forever; release it first, or do not lock it again here [conc-self-deadlock]
// CHECK: qt.cpp:28:5: note: 'data_' is acquired here

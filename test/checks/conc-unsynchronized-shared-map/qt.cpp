// Qt 5's real QMutex/QMutexLocker, QReadWriteLock/QWriteLocker and QHash:
// QMutexLocker takes a QBasicMutex *, the base of QMutex.
// REQUIRES: qt5-headers
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 -fPIC %qt5_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 -fPIC %qt5_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <QHash>
#include <QMutex>
#include <QMutexLocker>
#include <QReadWriteLock>
#include <QString>

class Registry {
public:
  void add(const QString &k, int v) {
    QMutexLocker locker(&mutex_);
    hash_.insert(k, v);
  }
  int value(const QString &k) const { return hash_.value(k); }
  // CHECK: qt.cpp:[[@LINE-1]]:46: warning: 'hash_' ('QHash<QString, int>') is read here without holding 'mutex_'; 2 of 2 other accesses hold it [conc-unsynchronized-shared-map]
  // CHECK: qt.cpp:[[@LINE-4]]:5: note: 'mutex_' is held here, where 'hash_' is written
  int locked(const QString &k) const {
    QMutexLocker locker(&mutex_);
    return hash_.value(k);
  }
  void setName(const QString &n) {
    QWriteLocker l(&rw_);
    name_ = n;
  }
  QString name() const { return name_; }
  // CHECK: qt.cpp:[[@LINE-1]]:33: warning: 'name_' ('QString') is read here without holding 'rw_'; 2 of 2 other accesses hold it [conc-unsynchronized-shared-field]
  // CHECK: qt.cpp:[[@LINE-4]]:5: note: 'rw_' is held here, where 'name_' is written
  QString lockedName() const {
    QReadLocker l(&rw_);
    return name_;
  }

private:
  mutable QMutex mutex_;
  QHash<QString, int> hash_;
  mutable QReadWriteLock rw_;
  QString name_;
};

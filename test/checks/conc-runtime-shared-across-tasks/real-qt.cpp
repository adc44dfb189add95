// Qt widgets and pixmaps belong to the GUI thread, against Qt 5's real
// headers (QtWidgets, QtConcurrent): a QThread::run override, a
// QtConcurrent::run lambda, QtConcurrent::map, QThreadPool::start, a lambda
// connected without a context object to a signal of an object moved to a
// thread, and a progress callback a loader thread calls; every hand-off
// (emit, queued invokeMethod, QTimer::singleShot with a context, postEvent,
// QFutureWatcher) is no report.
// REQUIRES: qt5-widgets-headers
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' -config="{CheckOptions: {conc-runtime-shared-across-tasks.AsyncCalls: 'startLoading'}}" %s -- -std=c++17 -fPIC %qt5_widgets_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <QtConcurrent/QtConcurrent>
#include <QtCore/QCoreApplication>
#include <QtCore/QEvent>
#include <QtCore/QFutureWatcher>
#include <QtCore/QMetaObject>
#include <QtCore/QThread>
#include <QtCore/QThreadPool>
#include <QtCore/QTimer>
#include <QtGui/QPixmap>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMainWindow>
#include <QtWidgets/QProgressBar>
#include <functional>

// A QThread::run override that touches a widget.
class Loader : public QThread {
public:
  QLabel *Status = nullptr;
  int Done = 0;
  void run() override {
    Done = 1;
    Status->setText("loaded");
    // CHECK: real-qt.cpp:[[@LINE-1]]:5: warning: 'Status' ('QLabel *') belongs to the thread that created the 'Loader' and is used here on another thread; hand the work to the GUI thread: emit a signal, call QMetaObject::invokeMethod with Qt::QueuedConnection, or give connect and QTimer::singleShot a context object [conc-runtime-shared-across-tasks]
    // CHECK: real-qt.cpp:[[@LINE-4]]:8: note: 'run' overrides 'QThread::run', which runs on another thread
  }
};

class Window : public QMainWindow {
public:
  QLabel *Label = nullptr;
  QProgressBar *Bar = nullptr;
  QPixmap Picture;
  int Count = 0;

Q_SIGNALS: // moc gives it a body elsewhere; emitting one is no use.
  void progressed(int Percent);

public:
  void concurrentRun() {
    QtConcurrent::run([this] {
      Count = 2; // The subclass's own field: not a widget use.
      Label->setText("done");
      // CHECK: real-qt.cpp:[[@LINE-1]]:7: warning: 'Label' ('QLabel *') belongs to the thread that called 'concurrentRun' and is used here on a pool thread queued at line [[@LINE-3]]; hand the work to the GUI thread
      // CHECK: real-qt.cpp:[[@LINE-4]]:5: note: 'QtConcurrent::run' queues the task on a thread pool here
    });
  }

  void concurrentMap(QList<int> &Items) {
    QtConcurrent::map(Items, [this](int &I) {
      I = Picture.width();
      // CHECK: real-qt.cpp:[[@LINE-1]]:11: warning: 'Picture' ('QPixmap') belongs to the thread that called 'concurrentMap' and is used here on a pool thread queued at line [[@LINE-2]]; hand the work to the GUI thread
      // CHECK: real-qt.cpp:[[@LINE-3]]:5: note: 'QtConcurrent::map' queues the task on a thread pool here
    });
  }

  void poolStart() {
    QThreadPool::globalInstance()->start([this] {
      resize(10, 10);
      // CHECK: real-qt.cpp:[[@LINE-1]]:7: warning: 'this' ('Window *') belongs to the thread that called 'poolStart' and is used here on a pool thread queued at line [[@LINE-2]]; hand the work to the GUI thread
      // CHECK: real-qt.cpp:[[@LINE-3]]:5: note: 'QThreadPool::start' queues the task on a thread pool here
    });
  }

  // A lambda connected without a context object to a signal of an object
  // moved to another thread runs on that thread.
  void movedWithoutContext(QThread *Thread) {
    QTimer *Ticker = new QTimer;
    Ticker->moveToThread(Thread);
    QObject::connect(Ticker, &QTimer::timeout, [this] {
      Bar->setValue(Count);
      // CHECK: real-qt.cpp:[[@LINE-1]]:7: warning: 'Bar' ('QProgressBar *') belongs to the thread that called 'movedWithoutContext' and is used here on the thread of the sender connected at line [[@LINE-2]]; hand the work to the GUI thread
      // CHECK: real-qt.cpp:[[@LINE-3]]:5: note: 'QObject::connect' connects the callable without a context object, so it runs on the thread that emits the signal; pass a context object
      // CHECK: real-qt.cpp:[[@LINE-5]]:5: note: the sender is moved to another thread here
    });
  }

  // With a context object the lambda runs on the context's thread.
  void movedWithContext(QThread *Thread) {
    QTimer *Ticker = new QTimer;
    Ticker->moveToThread(Thread);
    QObject::connect(Ticker, &QTimer::timeout, this,
                     [this] { Bar->setValue(Count); });
  }

  // Not moved: the lambda runs on the GUI thread.
  void notMoved() {
    QTimer *Ticker = new QTimer;
    QObject::connect(Ticker, &QTimer::timeout, [this] { Bar->setValue(1); });
  }

  // A progress callback that the loader thread calls (startLoading is
  // named in AsyncCalls).
  void progressCallback() {
    startLoading([this](int Percent) {
      Bar->setValue(Percent);
      // CHECK: real-qt.cpp:[[@LINE-1]]:7: warning: 'Bar' ('QProgressBar *') belongs to the thread that called 'progressCallback' and is used here on a pool thread queued at line [[@LINE-2]]; hand the work to the GUI thread
      // CHECK: real-qt.cpp:[[@LINE-3]]:5: note: 'Window::startLoading' queues the task on a thread pool here
    });
  }
  void startLoading(std::function<void(int)> Progress);

  // The hand-offs: no report.
  void handOffs() {
    QtConcurrent::run([this] {
      emit progressed(50);
      QMetaObject::invokeMethod(Label, "setText", Qt::QueuedConnection,
                                Q_ARG(QString, "done"));
      QMetaObject::invokeMethod(this, [this] { Label->setText("done"); });
      QMetaObject::invokeMethod(
          this, [this] { Bar->setValue(100); }, Qt::QueuedConnection);
      QTimer::singleShot(0, this, [this] { Label->clear(); });
      QCoreApplication::postEvent(Label, new QEvent(QEvent::User));
    });
  }

  // A direct invokeMethod and a singleShot without a context run the
  // lambda on the pool thread.
  void directHandOffs() {
    QtConcurrent::run([this] {
      QMetaObject::invokeMethod(
          this, [this] { Label->clear(); }, Qt::DirectConnection);
      // CHECK: real-qt.cpp:[[@LINE-1]]:26: warning: 'Label' ('QLabel *') belongs to the thread that called 'directHandOffs' and is used here on a pool thread queued at line [[@LINE-3]]; hand the work to the GUI thread
      // CHECK: real-qt.cpp:[[@LINE-4]]:5: note: 'QtConcurrent::run' queues the task on a thread pool here
      QTimer::singleShot(0, [this] { Bar->reset(); });
      // CHECK: real-qt.cpp:[[@LINE-1]]:38: warning: 'Bar' ('QProgressBar *') belongs to the thread that called 'directHandOffs' and is used here on a pool thread queued at line [[@LINE-6]]; hand the work to the GUI thread
      // CHECK: real-qt.cpp:[[@LINE-7]]:5: note: 'QtConcurrent::run' queues the task on a thread pool here
    });
  }

  // QFutureWatcher's signals reach the GUI thread: no report.
  void watcher() {
    auto *W = new QFutureWatcher<int>(this);
    QObject::connect(W, &QFutureWatcher<int>::finished,
                     [this, W] { Label->setNum(W->result()); });
    W->setFuture(QtConcurrent::run([] { return 42; }));
  }
};

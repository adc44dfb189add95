// A QThread's own signals, against Qt 5's real headers: "started",
// "finished" and every signal its run() emits are emitted on the new
// thread, so a lambda connected to one without a context object runs
// there. Emitting them from run() is a hand-off, not a use.
// REQUIRES: qt5-widgets-headers
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -fPIC %qt5_widgets_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -fPIC %qt5_widgets_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <QtCore/QThread>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMainWindow>
#include <QtWidgets/QProgressBar>

class Worker : public QThread {
  Q_OBJECT
public:
  // Emitting its own signals from run(): no report.
  void run() override {
    emit progress(50);
    emit progress(100);
  }
signals:
  void progress(int Percent);
  void idle();
};

class Window : public QMainWindow {
public:
  QProgressBar *Bar = nullptr;
  QLabel *Label = nullptr;

  void start() {
    auto *W = new Worker;
    connect(W, &Worker::progress, [this](int P) { Bar->setValue(P); });
    // CHECK: real-qt-thread-signals.cpp:[[@LINE-1]]:51: warning: 'Bar' ('QProgressBar *') belongs to the thread that called 'start' and is used here on the thread of the sender connected at line [[@LINE-1]]; hand the work to the GUI thread
    // CHECK: real-qt-thread-signals.cpp:[[@LINE-2]]:5: note: 'QObject::connect' connects the callable without a context object, so it runs on the thread that emits the signal; pass a context object
    // CHECK: real-qt-thread-signals.cpp:[[@LINE-18]]:10: note: 'Worker::progress' is emitted here, on the thread the sender starts

    // With a context object the call is queued to the GUI thread: no
    // report.
    connect(W, &Worker::progress, this, [this](int P) { Bar->setValue(P); });

    connect(W, &QThread::finished, [this] { Label->setText("done"); });
    // CHECK: real-qt-thread-signals.cpp:[[@LINE-1]]:45: warning: 'Label' ('QLabel *') belongs to the thread that called 'start' and is used here on the thread of the sender connected at line [[@LINE-1]]
    // CHECK: real-qt-thread-signals.cpp:[[@LINE-2]]:5: note: 'QObject::connect' connects the callable without a context object
    // CHECK: real-qt-thread-signals.cpp:[[@LINE-3]]:5: note: 'QThread::finished' is emitted on the thread the sender starts

    // A signal run() never emits: no report.
    connect(W, &Worker::idle, [this] { Label->setText("idle"); });
    W->start();
  }
};

#include "widgets.h"

// A loader thread whose run() calls helpers of another file.
class Loader : public QThread {
public:
  QLabel *Status = nullptr;
  MovableLabel *Badge = nullptr;
  void run() override {
    placeAt(Status, 10, 20);
    requestPlace(Badge, 10, 20);
  }
};

Loader *makeLoader() { return new Loader; }

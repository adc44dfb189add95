#include "widgets.h"

// Repositions the widget: a use, on whatever thread calls it.
void placeAt(QLabel *Label, int X, int Y) {
  Label->move(X, Y);
}

// Emits a signal instead: a hand-off, not a use.
void requestPlace(MovableLabel *Label, int X, int Y) {
  emit Label->moveRequested(X, Y);
}

// Shared by loader.cpp and place.cpp.
#include <QtCore/QThread>
#include <QtWidgets/QLabel>

// A label that asks the GUI thread to move it (a signal; no moc needed to
// analyze it).
class MovableLabel : public QLabel {
  Q_OBJECT
public:
  using QLabel::QLabel;
signals:
  void moveRequested(int X, int Y);
};

// Defined in place.cpp.
void placeAt(QLabel *Label, int X, int Y);
void requestPlace(MovableLabel *Label, int X, int Y);

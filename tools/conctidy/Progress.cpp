//===--- Progress.cpp - a progress line on a terminal ---------------------===//

#include "Progress.h"
#include "llvm/Support/Process.h"
#include <string>

using namespace llvm;

namespace conctidy::cli {

void ProgressLine::update(size_t Done, size_t Total, StringRef File) {
  if (!Enabled)
    return;
  std::string Prefix =
      "[" + std::to_string(Done) + "/" + std::to_string(Total) + "] ";
  unsigned Width = sys::Process::StandardErrColumns();
  if (Width < 20)
    Width = 80;
  size_t Room = Width - 1 > Prefix.size() ? Width - 1 - Prefix.size() : 0;
  // Keep the end of a long path: the file name matters most.
  std::string Shown =
      File.size() <= Room
          ? File.str()
          : ("..." + File.take_back(Room > 3 ? Room - 3 : 0)).str();
  OS << "\r\x1b[K" << Prefix << Shown;
  OS.flush();
  this->Shown = true;
}

void ProgressLine::clear() {
  if (!Shown)
    return;
  OS << "\r\x1b[K";
  OS.flush();
  Shown = false;
}

} // namespace conctidy::cli

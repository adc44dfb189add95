//===--- OutputFile.cpp - write a file all at once or not at all ----------===//

#include "OutputFile.h"
#include "llvm/Support/FileSystem.h"

using namespace llvm;

namespace conctidy::cli {

Error writeFileAtomically(StringRef Path,
                          function_ref<void(raw_ostream &)> Write) {
  if (Path == "-") {
    Write(outs());
    outs().flush();
    return Error::success();
  }
  auto Failed = [&](const Twine &Why) {
    return createStringError("cannot write '" + Path + "': " + Why);
  };
  Expected<sys::fs::TempFile> Temp =
      sys::fs::TempFile::create(Path + "-%%%%%%.tmp");
  if (!Temp)
    return Failed(toString(Temp.takeError()));
  std::error_code WriteError;
  {
    raw_fd_ostream OS(Temp->FD, /*shouldClose=*/false);
    Write(OS);
    OS.flush();
    if (OS.has_error()) {
      WriteError = OS.error();
      OS.clear_error();
    }
  }
  if (WriteError) {
    consumeError(Temp->discard());
    return Failed(WriteError.message());
  }
  if (Error Err = Temp->keep(Path))
    return Failed(toString(std::move(Err)));
  return Error::success();
}

} // namespace conctidy::cli

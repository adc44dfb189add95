//===--- OutputFile.cpp - write a file all at once or not at all ----------===//

#include "OutputFile.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

using namespace llvm;

namespace conctidy::cli {

namespace {

/// Where and how an output path is written.
struct OutputTarget {
  enum Kind {
    /// A regular file, or none yet: a temporary file renamed over it.
    Replace,
    /// A character device, a FIFO, a socket, or a file reached through
    /// /proc or /dev/fd (such as /dev/stdout): opened and written in place.
    WriteThrough,
    /// This process's stdout.
    Stdout,
  } How = Replace;
  /// The path to write, with symbolic links followed.
  std::string Path;
  /// The mode of the existing regular file, if there is one.
  std::optional<mode_t> Mode;
};

bool isStdoutAlias(StringRef Path) {
  return Path == "-" || Path == "/dev/stdout" || Path == "/dev/fd/1" ||
         Path == "/proc/self/fd/1";
}

bool isProcPath(StringRef Path) {
  return Path.starts_with("/proc/") || Path.starts_with("/dev/fd/");
}

Error failure(StringRef Path, const Twine &Why) {
  return createStringError("cannot write '" + Path + "': " + Why);
}

/// Follows the symbolic links of \p Given (a dangling link names the file
/// to create) and decides how to write what it names.
Expected<OutputTarget> resolve(StringRef Given) {
  OutputTarget Target;
  if (isStdoutAlias(Given)) {
    Target.How = OutputTarget::Stdout;
    return Target;
  }
  std::string Path = Given.str();
  for (unsigned Links = 0;; ++Links) {
    if (isProcPath(Path)) {
      Target.How = OutputTarget::WriteThrough;
      Target.Path = Path;
      return Target;
    }
    struct stat Status;
    if (::lstat(Path.c_str(), &Status) != 0) {
      if (errno == ENOENT)
        break; // to be created
      return failure(Given, std::strerror(errno));
    }
    if (!S_ISLNK(Status.st_mode)) {
      if (S_ISDIR(Status.st_mode))
        return failure(Given, "it is a directory");
      if (S_ISREG(Status.st_mode)) {
        Target.Mode = Status.st_mode & 07777;
        break;
      }
      Target.How = OutputTarget::WriteThrough;
      Target.Path = Path;
      return Target;
    }
    if (Links == 40)
      return failure(Given, "too many levels of symbolic links");
    char Buffer[4096];
    ssize_t Length = ::readlink(Path.c_str(), Buffer, sizeof(Buffer) - 1);
    if (Length < 0)
      return failure(Given, std::strerror(errno));
    StringRef Link(Buffer, Length);
    if (sys::path::is_absolute(Link)) {
      Path = Link.str();
    } else {
      SmallString<256> Joined(sys::path::parent_path(Path));
      sys::path::append(Joined, Link);
      Path = std::string(Joined);
    }
  }
  // The directory the file goes in may itself be reached through /proc.
  SmallString<256> Dir(sys::path::parent_path(Path));
  if (Dir.empty())
    Dir = ".";
  SmallString<256> RealDir;
  if (!sys::fs::real_path(Dir, RealDir) && isProcPath(RealDir)) {
    Target.How = OutputTarget::WriteThrough;
    Target.Path = Path;
    return Target;
  }
  Target.Path = Path;
  return Target;
}

/// Writes to \p OS and reports a write error.
std::error_code writeTo(raw_fd_ostream &OS,
                        function_ref<void(raw_ostream &)> Write) {
  Write(OS);
  OS.flush();
  if (!OS.has_error())
    return {};
  std::error_code EC = OS.error();
  OS.clear_error();
  return EC;
}

} // namespace

Error checkOutputPath(StringRef Path) {
  Expected<OutputTarget> Target = resolve(Path);
  if (!Target)
    return Target.takeError();
  if (Target->How != OutputTarget::Replace)
    return Error::success();
  SmallString<256> Dir(sys::path::parent_path(Target->Path));
  if (Dir.empty())
    Dir = ".";
  if (!sys::fs::is_directory(Dir))
    return failure(Path, "No such file or directory");
  return Error::success();
}

Error writeFileAtomically(StringRef Path,
                          function_ref<void(raw_ostream &)> Write) {
  Expected<OutputTarget> Target = resolve(Path);
  if (!Target)
    return Target.takeError();

  if (Target->How == OutputTarget::Stdout) {
    if (std::error_code EC = writeTo(outs(), Write))
      return failure(Path == "-" ? StringRef("<stdout>") : Path, EC.message());
    return Error::success();
  }

  if (Target->How == OutputTarget::WriteThrough) {
    // Never created, truncated or replaced: a device or a pipe is written
    // as it is.
    int FD = ::open(Target->Path.c_str(), O_WRONLY | O_CLOEXEC);
    if (FD < 0)
      return failure(Path, std::strerror(errno));
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    if (std::error_code EC = writeTo(OS, Write))
      return failure(Path, EC.message());
    return Error::success();
  }

  Expected<sys::fs::TempFile> Temp =
      sys::fs::TempFile::create(Target->Path + "-%%%%%%.tmp");
  if (!Temp)
    return failure(Path, toString(Temp.takeError()));
  std::error_code WriteError;
  {
    raw_fd_ostream OS(Temp->FD, /*shouldClose=*/false);
    WriteError = writeTo(OS, Write);
  }
  // Keep the permissions of the file being replaced.
  if (!WriteError && Target->Mode && ::fchmod(Temp->FD, *Target->Mode) != 0)
    WriteError = std::error_code(errno, std::generic_category());
  if (WriteError) {
    consumeError(Temp->discard());
    return failure(Path, WriteError.message());
  }
  if (Error Err = Temp->keep(Target->Path))
    return failure(Path, toString(std::move(Err)));
  return Error::success();
}

} // namespace conctidy::cli

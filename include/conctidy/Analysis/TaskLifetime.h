//===--- TaskLifetime.h - Tasks that outlive what they capture --*- C++ -*-===//
//
// A task that can outlive the scope that started it (a detached thread, a
// task posted to a pool or executor, an async whose future escapes, a
// thread stored in a data member) and that refers to a local, a parameter
// or `this` of the starting function: if no path of that function waits for
// the task before the referred object ends, the task can use it after its
// lifetime, a use-after-free.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_TASKLIFETIME_H
#define CONCTIDY_ANALYSIS_TASKLIFETIME_H

#include "conctidy/Analysis/CFGPathSearch.h"
#include "conctidy/Analysis/Spawn.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <optional>
#include <string>
#include <vector>

namespace conctidy {

class FunctionSummaries;

/// Why a task can outlive the function that starts it.
enum class TaskOutlives {
  Detached,       ///< Its thread is detached.
  Posted,         ///< Posted to a pool or executor.
  FutureEscapes,  ///< The future that would wait for it is returned or
                  ///< stored in a data member.
  StoredInMember, ///< Its thread is stored in a data member.
};

/// How the task refers to the object.
enum class CaptureKind {
  ByReference,        ///< `[&]`, `[&x]`, `std::ref(x)`.
  AddressOf,          ///< `&x` passed to it, or `[p = &x]`.
  ReferenceParameter, ///< A reference parameter: the caller's object.
  This,               ///< `this` (explicitly, or through `[=]`/`[&]`).
};

struct DanglingCapture {
  CaptureKind Kind;
  /// The local or parameter; null for `this`.
  const clang::VarDecl *Captured = nullptr;
  /// Where the task refers to it (the capture, or the argument).
  clang::SourceLocation CaptureLoc;
  /// The spawn (construction, call) and the spawner's name.
  const clang::Expr *SpawnSite = nullptr;
  std::string SpawnerName;
  TaskOutlives Outlives = TaskOutlives::Detached;
  /// The statement that lets the task outlive the scope: the detach, the
  /// post, the return or store of the future, the store of the thread.
  const clang::Stmt *OutlivesAt = nullptr;
  /// How the first path leaves the object's scope (or the function, for
  /// parameters and `this`) while the task may still run.
  ScopeExit End{ScopeExitKind::End, nullptr};
  /// For `this`: the method that starts the task.
  const clang::CXXMethodDecl *Method = nullptr;
};

struct TaskLifetimeOptions {
  SpawnOptions Spawns;
  /// The summaries of the translation unit (what a callee does to a handle
  /// it is given, any depth); null: each query builds its own.
  FunctionSummaries *Summaries = nullptr;
};

/// The references of tasks started in \p Function to its locals,
/// parameters or `this` that can dangle. For `this`, the caller decides
/// with findLocalReceivers() whether an object with automatic storage
/// runs the method. Templates (dependent code) give nothing.
std::vector<DanglingCapture>
findDanglingCaptures(const clang::FunctionDecl &Function,
                     clang::ASTContext &Context,
                     const TaskLifetimeOptions &Options = {});

/// A call of a method on a local object with automatic storage.
struct LocalReceiver {
  const clang::VarDecl *Object = nullptr;
  const clang::CXXMemberCallExpr *Call = nullptr;
  /// How the first path leaves the object's scope after the call.
  ScopeExit End{ScopeExitKind::End, nullptr};
};

/// For each method of \p Methods, the first call in the translation unit
/// on a local object (not a reference, not static) after which the caller
/// uses the object no more, so nothing can wait for the task the method
/// started before the object is destroyed.
llvm::DenseMap<const clang::CXXMethodDecl *, LocalReceiver> findLocalReceivers(
    clang::ASTContext &Context,
    const llvm::SmallPtrSetImpl<const clang::CXXMethodDecl *> &Methods);

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_TASKLIFETIME_H

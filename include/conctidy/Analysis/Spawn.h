//===--- Spawn.h - Calls that run code concurrently with the caller -*- C++
//-*-===//
//
// The one place that recognizes a spawn: a call or construction that runs a
// callable concurrently with its caller (a row of the model's Spawners, or
// a call the user names in an option), the callable it runs, the
// arguments that reach the callable, and the code that then runs.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_SPAWN_H
#define CONCTIDY_ANALYSIS_SPAWN_H

#include "conctidy/Model/ConcurrencyModel.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>
#include <vector>

namespace conctidy {

struct SpawnOptions {
  /// Functions and member functions, plain or qualified names, that run
  /// the first callable they are given on another thread (a project's
  /// `ThreadPool::enqueue`).
  std::vector<std::string> ExtraSpawners;
};

/// A call or construction that runs a callable concurrently with its
/// caller.
struct Spawn {
  /// The CallExpr or CXXConstructExpr.
  const clang::Expr *Site = nullptr;
  /// The callable argument as written (a lambda, a function name, a
  /// function object).
  const clang::Expr *Callable = nullptr;
  /// The arguments that reach the callable (std::thread's extra arguments,
  /// pthread_create's `arg`).
  llvm::SmallVector<const clang::Expr *, 4> Data;
  model::RunsOn Where = model::RunsOn::NewThread;
  /// The spawner's qualified name, for messages ("std::async").
  std::string SpawnerName;
  /// The spawner returns a future whose destructor waits for the callable
  /// (std::async).
  bool FutureWaits = false;

  /// The lambda the callable is, or null.
  const clang::LambdaExpr *lambda() const;
  /// The function that runs: the lambda's call operator, a function given
  /// by name (or address), or a function object's call operator; its
  /// definition when the translation unit has one. Null when unknown.
  const clang::FunctionDecl *body() const;
};

/// \p S as a spawn, or nothing. Looks only at \p S itself (not its
/// children), so callers can ask of every statement they visit.
std::optional<Spawn> asSpawn(const clang::Stmt &S,
                             const SpawnOptions &Options = {});

/// The Spawners row (SpawnerKind::Override) of the virtual method that \p M
/// overrides, directly or not, when that method runs on another thread
/// (Napi::AsyncWorker::Execute, QThread::run); null otherwise.
const model::Spawner *overriddenSpawner(const clang::CXXMethodDecl &M);

/// Whether \p T can be called: a function, a pointer or reference to one, a
/// lambda or a class with an operator().
bool isCallableType(clang::QualType T);

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_SPAWN_H

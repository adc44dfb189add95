//===--- RuntimeAffinity.h - Runtime objects used on other threads -*- C++
//-*-===//
//
// Finds the objects of thread-affine runtimes (the ThreadAffinity model:
// JNIEnv*, napi_env, v8::Local, lua_State*, PyObject*, ...) that code running
// on another thread uses: a task started by a spawner (Spawn.h) or a method
// that overrides one the model says runs on a worker thread
// (Napi::AsyncWorker::Execute). An object comes from the spawning thread
// when the task reaches it through a capture, an argument, a parameter of
// the task function, `this`, a global, or a field or local alias of any of
// these; its uses are followed into the functions the task calls, at any
// depth, through their runtime-use summaries (RuntimeUseSummary.h).
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_RUNTIMEAFFINITY_H
#define CONCTIDY_ANALYSIS_RUNTIMEAFFINITY_H

#include "conctidy/Analysis/Spawn.h"
#include "conctidy/Model/ThreadAffinity.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseMap.h"
#include <string>
#include <vector>

namespace conctidy {

struct AffinityOptions {
  SpawnOptions Spawns;
  /// More thread-affine classes (qualified names, no leading "::"), of the
  /// model's "user" runtime.
  std::vector<std::string> ExtraAffineTypes;
  /// Scoped guard classes (qualified names) that make the user runtime's
  /// objects usable on the current thread.
  std::vector<std::string> ExtraGuardTypes;
};

class FunctionSummaries;
struct ShapeOptions;
/// The summaries' options the runtime analysis needs (the user guard types
/// as capabilities): a FunctionSummaries given to the functions below must
/// be made with them.
ShapeOptions affinityShapeOptions(const AffinityOptions &Options);

/// Which runtime, if any, objects of a type belong to.
class AffinityClassifier {
public:
  explicit AffinityClassifier(const AffinityOptions &Options)
      : Options(Options) {}
  /// The runtime of \p T: a model type, a class derived from one marked
  /// Subclasses, a user type from the options, or a class annotated
  /// `[[clang::annotate("conc::thread_affine")]]`; through typedefs, one
  /// pointer and references. Null when none.
  const model::Runtime *runtimeOf(clang::QualType T);
  /// Whether \p RD is a user guard type from the options.
  bool isUserGuard(const clang::CXXRecordDecl &RD) const;

private:
  const model::Runtime *classRuntime(const clang::CXXRecordDecl &RD,
                                     unsigned Depth);
  const AffinityOptions &Options;
  llvm::DenseMap<const clang::Type *, const model::Runtime *> Cache;
};

/// One thread-affine object used by a task on another thread.
struct AffinityFinding {
  enum class Reason {
    /// A Bound runtime's object used on another thread, or a Guarded one
    /// without its guard.
    WrongThread,
    /// An Owned runtime's object driven by the task while the spawning
    /// thread (or another copy of the task) uses it too.
    SharedOwner,
  };
  Reason Why = Reason::WrongThread;
  const model::Runtime *Runtime = nullptr;
  /// The object: a variable, parameter, field, method (`Env()`), or the
  /// class of `this`.
  const clang::Decl *Object = nullptr;
  /// As written at the use ("env", "work->env", "Env()").
  std::string Name;
  clang::QualType Type;
  /// The first use in the task.
  const clang::Expr *Use = nullptr;
  /// When the use is in a function the task calls: the call in the task
  /// body that leads there.
  const clang::Expr *CallInTask = nullptr;
  /// The function that call runs there (for a virtual call, the
  /// overrider that uses the object).
  const clang::FunctionDecl *CalleeInTask = nullptr;
  /// The object is a global (no creating thread is known).
  bool Global = false;

  /// The task: a spawn (Site is set), or an overriding method.
  std::optional<Spawn> Task;
  /// The function that contains the spawn.
  const clang::FunctionDecl *Spawner = nullptr;
  const clang::CXXMethodDecl *Override = nullptr;
  const model::Spawner *OverrideRow = nullptr;

  /// The task is a callable connected without a context object to a
  /// signal of an object moved to another thread: the move.
  const clang::Expr *MovedBy = nullptr;
  /// The task is a callable connected without a context object to a
  /// signal that a thread object emits on its own thread (QThread's
  /// finished, a signal its run() emits): the signal, and the emit in
  /// run() when that is why (null for the thread's own signals).
  const clang::CXXMethodDecl *ThreadSignal = nullptr;
  const clang::Expr *EmittedAt = nullptr;

  /// SharedOwner: the spawning thread's use after the spawn, or null when
  /// the task is started repeatedly (in a loop) with the same object.
  const clang::Expr *OtherUse = nullptr;
  /// SharedOwner: OtherUse is in another task started by the same function
  /// (the spawn), not on the spawning thread itself.
  const clang::Expr *OtherTask = nullptr;
  /// SharedOwner: a project lock that one of the two uses holds and the
  /// other does not ("" when neither holds one); LockHeldHere says which.
  std::string Lock;
  bool LockHeldHere = false;

  /// The use is in a function defined in another translation unit (a
  /// linked summary, SummaryFile.h): Use is the call in this one, and the
  /// use is only known as text.
  std::string RemoteUse;
  std::string RemoteName;
  std::string RemoteType;
};

/// The findings for the spawns in \p F (and in the lambdas inside it), and
/// for \p F itself when it overrides a method that runs on another thread.
/// Templates and their instantiations yield nothing.
/// Callees, at any depth, are read from the runtime-use part of
/// \p Summaries (one is made for the call when null).
std::vector<AffinityFinding>
findRuntimeSharing(const clang::FunctionDecl &F, clang::ASTContext &Context,
                   AffinityClassifier &Classifier,
                   const AffinityOptions &Options,
                   FunctionSummaries *Summaries = nullptr);

struct RuntimeUseSummary;
/// The runtime-use summary of \p Def (RuntimeUseSummary.h), computed once
/// in \p Summaries (made with affinityShapeOptions(\p Options)).
const RuntimeUseSummary &runtimeUsesOf(const clang::FunctionDecl &Def,
                                       clang::ASTContext &Context,
                                       AffinityClassifier &Classifier,
                                       const AffinityOptions &Options,
                                       FunctionSummaries &Summaries);

/// A call of a Guarded runtime's API at a point where the thread running it
/// has dropped the runtime's guard on every path (the GIL released by
/// Py_BEGIN_ALLOW_THREADS or Py_UNBLOCK_THREADS and not taken back, a
/// v8::Unlocker's scope): the same-thread case, from the lock sets.
struct ReleasedGuardUse {
  const model::Runtime *Runtime = nullptr;
  const clang::CallExpr *Call = nullptr;
  const clang::FunctionDecl *Callee = nullptr;
  /// The release nearest before the call in the source (evidence only).
  const clang::Stmt *Release = nullptr;
};

/// The first such call per runtime in \p F (its own body; lambdas are
/// functions of their own).
std::vector<ReleasedGuardUse> findUsesWithGuardReleased(
    const clang::FunctionDecl &F, clang::ASTContext &Context,
    const AffinityOptions &Options, FunctionSummaries *Summaries = nullptr);

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_RUNTIMEAFFINITY_H

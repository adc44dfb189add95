//===--- ThreadLifetime.h - When does a thread handle stop being joinable -===//
//
// A thread handle (std::thread and the other rows of the model's
// ThreadHandleTypes, or a container of them) is joinable from the moment it
// is given a thread until it is joined, detached, moved from, returned or
// handed to code we cannot see. Destroying it while joinable calls
// std::terminate. This file answers, for a local handle, whether some path
// leaves its scope while it is joinable, and for a data member, whether the
// class starts it but never joins it.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_THREADLIFETIME_H
#define CONCTIDY_ANALYSIS_THREADLIFETIME_H

#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/CFGPathSearch.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <optional>

namespace conctidy {

class FunctionSummaries;

/// What one use of a handle does to it.
enum class HandleEventKind {
  Start,   ///< The handle (or one more element) now owns a thread.
  Join,    ///< Joined (a collection: every element, e.g. in a loop).
  Detach,  ///< Detached.
  Release, ///< Moved from, returned, swapped or reset: no longer ours.
  Escape,  ///< Reference or address given away: assume someone joins it.
  Destroy, ///< The thread is destroyed now (`P.reset()`, `P = nullptr` on a
           ///< smart pointer that owns it).
};

struct HandleEvent {
  HandleEventKind Kind;
  /// The expression the user wrote (for diagnostics).
  const clang::Stmt *Use;
  /// For a start: it replaces (destroys) the thread the handle had, as an
  /// assignment `T = std::thread(...)` or `P.reset(new std::thread(...))`
  /// does, which terminates when that thread is joinable.
  bool Replaces = false;
};

/// Classifies \p T for lifetimes: a thread handle, a collection of them
/// (classifyHandleType), or a std::unique_ptr / std::shared_ptr that owns a
/// single handle, in which case the shape is the handle's and \p ViaOwner is
/// set.
HandleShape classifyLifetimeType(clang::QualType T, bool *ViaOwner = nullptr);

/// Classifies one use \p Ref (a DeclRefExpr or MemberExpr naming a handle
/// of shape \p Shape) inside the function body \p Root, whose parents \p PM
/// knows. Returns nothing for uses that change nothing (joinable(), get_id).
std::optional<HandleEvent> classifyHandleUse(const clang::Expr &Ref,
                                             const HandleShape &Shape,
                                             const clang::ParentMap &PM,
                                             bool ViaOwner = false);

/// Whether initializing a handle of shape \p Shape with \p Init gives it a
/// thread (a default-constructed handle, or an empty container, has none).
bool initStartsThread(const clang::Expr *Init, const HandleShape &Shape,
                      bool ViaOwner = false);

struct LifetimeOptions {
  /// Treat every call that is not noexcept as a possible exit by exception.
  bool AnyCallMayThrow = false;
  /// Treat a call as a possible exit by exception when the callee's body is
  /// in this translation unit (outside system headers) and can throw out of
  /// it, directly or through such calls.
  bool VisibleCallsMayThrow = true;
};

/// Whether \p Callee's body, when this translation unit has it outside
/// system headers, can throw out of it: a `throw` outside every try block,
/// or a call of such a function (any depth: the control part of its
/// summary). noexcept functions cannot.
bool visibleBodyMayThrow(const clang::FunctionDecl &Callee);

/// How a path ends the life of a joinable handle.
enum class JoinableEnd {
  LeavesScope,      ///< It is destroyed leaving its scope (Exit says how).
  Assigned,         ///< A new thread is assigned to it (Exit.Where).
  Reset,            ///< Its owner destroys it (`reset()`, `= nullptr`).
  VisibleCallThrows ///< A call whose body in this file throws (Exit.Where).
};

/// A path on which a local handle leaves its scope still joinable.
struct JoinableExit {
  /// Where the handle was given the thread that is not joined.
  clang::SourceLocation StartLoc;
  ScopeExit Exit;
  JoinableEnd How = JoinableEnd::LeavesScope;
  /// A join or detach of the handle on other paths, if there is one.
  const clang::Stmt *JoinElsewhere = nullptr;
  HandleEventKind JoinElsewhereKind = HandleEventKind::Join;
};

/// The lifetimes of the local thread handles of one function. Builds the
/// function's CFG once; ask for each handle declared in it.
class FunctionThreadLifetimes {
public:
  /// What callees do to a handle passed to them, and whether they throw,
  /// comes from \p Summaries (any depth); without them it builds its own.
  FunctionThreadLifetimes(const clang::FunctionDecl &Function,
                          clang::ASTContext &Context, LifetimeOptions Options,
                          FunctionSummaries *Summaries = nullptr);
  ~FunctionThreadLifetimes();

  /// The first (in source order) start of \p Handle from which a path
  /// leaves the handle's scope while it is joinable, with the first such
  /// exit. Nothing when every path joins, detaches or hands it over, or when
  /// the function cannot be analyzed.
  std::optional<JoinableExit> findJoinableExit(const clang::VarDecl &Handle);

  struct Index;

private:
  const clang::Stmt *Body;
  clang::ASTContext &Context;
  LifetimeOptions Options;
  FunctionSummaries *Sums;
  std::unique_ptr<FunctionSummaries> OwnSums;
  std::unique_ptr<clang::CFG> Graph;
  std::unique_ptr<clang::ParentMap> Parents;
  /// Built on the first query, for every handle of the function at once:
  /// references by variable, element positions, destructors, throwing
  /// elements (so that each query costs what its handle's uses cost).
  std::unique_ptr<Index> Idx;
};

enum class UnjoinedMemberKind {
  NeverJoined,      ///< No code of the class joins or detaches it.
  DestructorPath,   ///< The destructor joins it on some paths only.
  AssignedJoinable, ///< A member function assigns a new thread to it on a
                    ///< path where the thread another function started may
                    ///< still be joinable.
};

/// A data member handle that its class starts but does not always join.
struct UnjoinedMember {
  /// The start: an assignment, an insertion, or the member's initializer.
  /// For AssignedJoinable, the assignment.
  clang::SourceLocation StartLoc;
  UnjoinedMemberKind Kind = UnjoinedMemberKind::NeverJoined;
  /// DestructorPath: how the path leaves the destructor; AssignedJoinable:
  /// the other start.
  clang::SourceLocation OtherLoc;
  /// DestructorPath: a join in the destructor, on other paths, and a field
  /// the destructor tests that a member function changes where the thread
  /// is neither started nor joined.
  const clang::Stmt *JoinInDestructor = nullptr;
  const clang::FieldDecl *StateField = nullptr;
};

/// Whether the class of \p Field starts the handle \p Field in some member
/// function or initializer and no code that can see the member joins,
/// detaches, moves or hands it over; or the destructor joins it on some
/// paths only (and the state it tests can change where the thread is neither
/// started nor joined); or a member function assigns a new thread to it
/// while the thread another function started may be joinable. Nothing unless
/// all such code is in this translation unit: the member is private (or
/// protected in a final class), the class has no friends or nested classes,
/// and every member function is defined here. A method settles the member
/// if it or a method it calls on `this`, at any depth, joins, detaches or
/// hands it over (the member part of the thread summaries, \p Summaries;
/// null: a private set).
std::optional<UnjoinedMember>
findUnjoinedMember(const clang::FieldDecl &Field,
                   FunctionSummaries *Summaries = nullptr);

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_THREADLIFETIME_H

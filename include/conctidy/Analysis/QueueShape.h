//===--- QueueShape.h - Bounded blocking queues by their shape -*- C++ -*-===//
//
// A project's own bounded blocking queue, recognized from its member
// functions with no configuration: one waits on a condition variable until
// a predicate comparing a size or count to a bound allows it and then adds
// an element (a blocking send), one waits until the queue is not empty and
// removes an element (a receive), one sets a flag and notifies every waiter
// (a close). The capacity is what the send's predicate compares against: a
// member set by the constructor or a setter, a constant, or a non-type
// template parameter; a predicate that lets the send through when the
// bound is zero makes a zero capacity unbounded.
//
// Only what the class's definition in the translation unit shows is used.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_QUEUESHAPE_H
#define CONCTIDY_ANALYSIS_QUEUESHAPE_H

#include "conctidy/Model/Channels.h"
#include "clang/AST/DeclCXX.h"
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace conctidy {

/// Where a recognized queue's capacity comes from.
struct QueueBound {
  enum Kind {
    Constant,      ///< Value.
    Member,        ///< The member MemberName (constructor, setter, default).
    TemplateParam, ///< Non-type template parameter TemplateParamIndex.
  } From = Constant;
  uint64_t Value = 0;
  std::string MemberName;
  unsigned TemplateParamIndex = 0;
  /// A setter that stores its argument SetterArg into the member, or
  /// empty.
  std::string Setter;
  unsigned SetterArg = 0;
  /// The send's predicate compares with <= (the queue holds bound + 1).
  int SlotOffset = 0;
  /// The predicate lets sends through when the bound is zero.
  bool ZeroIsUnbounded = false;
};

struct QueueShape {
  /// The class (the pattern of a class template).
  const clang::CXXRecordDecl *Class = nullptr;
  /// Member function names and what they do.
  std::vector<std::pair<std::string, model::ChannelOp>> Operations;
  QueueBound Bound;
  /// What the close (when there is one) does to blocked senders: AllSends
  /// when the send's predicate reads the flag it sets, else None.
  model::SenderRelease CloseReleases = model::SenderRelease::None;
  /// Evidence: the wait in the blocking send, the wait in the receive, the
  /// notify_all in the close (null when there is no close).
  const clang::Stmt *SendWait = nullptr;
  const clang::Stmt *ReceiveWait = nullptr;
  const clang::Stmt *CloseNotify = nullptr;
  std::string SendName, ReceiveName, CloseName;
};

/// \p Class as a bounded blocking queue, or nothing. Classes in system
/// headers are never recognized (libraries have model rows).
std::optional<QueueShape>
recognizeQueueShape(const clang::CXXRecordDecl &Class);

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_QUEUESHAPE_H

//===--- ChannelAccounting.h - Sends that no receive will match -*- C++ -*-===//
//
// For a channel that a function creates and hands to code it spawns: how
// many values the spawned senders send, how many the channel holds, and
// whether some path of the function leaves it (return, throw, co_return, a
// macro that returns) after fewer receives than that, with the channel
// neither closed nor destroyed in a way that releases the senders. Those
// senders block forever.
//
// What a callee does to the channel comes from its summary
// (FunctionSummaries: channel part, any depth); the summaries given must
// have this vocabulary set (FunctionSummaries::setChannelVocabulary), and
// without them each query builds its own.
//
// Counting is deliberately conservative: a spawn in a loop counts the loop's
// trip count when it is a constant (else "unknown, at least two"); a send
// counts only when the task reaches it on every path; a loop that receives
// and ends through its condition received everything; any other use of the
// channel (passed to a function whose summary may receive, close or lose
// track of it, copied, captured by a lambda that is not a task) ends the
// path with no finding.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_CHANNELACCOUNTING_H
#define CONCTIDY_ANALYSIS_CHANNELACCOUNTING_H

#include "conctidy/Analysis/QueueShape.h"
#include "conctidy/Analysis/Spawn.h"
#include "conctidy/Model/Channels.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseMap.h"
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace conctidy {

class FunctionSummaries;

/// How a user channel family behaves beyond its names (the options of
/// the check).
struct UserChannelSemantics {
  /// Constructor argument with the capacity; negative: always unbuffered
  /// (unless CapacitySetter is set).
  int CapacityArg = 0;
  /// A capacity of zero means unbounded.
  bool ZeroIsUnbounded = false;
  /// A member function that sets the capacity, or empty. Without an
  /// argument or a call of it the channel is unbounded.
  std::string CapacitySetter;
  /// Receives that take every value until the channel is closed.
  std::vector<std::string> DrainNames;
};

/// The channel types and operations the analysis knows: the model's rows,
/// the user's (their names are owned here), and classes recognized as
/// bounded blocking queues by their shape (QueueShape), cached per class.
class ChannelVocabulary {
public:
  /// The model's channel libraries.
  ChannelVocabulary();

  /// Adds a user channel family: \p TypeNames (qualified) whose members
  /// \p SendNames block until received, \p ReceiveNames receive and
  /// \p CloseNames release every sender. The capacity is constructor
  /// argument \p CapacityArg (unbuffered when absent), or always zero when
  /// \p CapacityArg is negative.
  void addUserChannels(llvm::ArrayRef<std::string> TypeNames,
                       llvm::ArrayRef<std::string> SendNames,
                       llvm::ArrayRef<std::string> ReceiveNames,
                       llvm::ArrayRef<std::string> CloseNames, int CapacityArg);
  /// The same with the semantics the options can say.
  void addUserChannels(llvm::ArrayRef<std::string> TypeNames,
                       llvm::ArrayRef<std::string> SendNames,
                       llvm::ArrayRef<std::string> ReceiveNames,
                       llvm::ArrayRef<std::string> CloseNames,
                       const UserChannelSemantics &Semantics);

  /// Whether classes are recognized as queues by their shape (on by
  /// default).
  void setRecognizeShapes(bool On) { RecognizeShapes = On; }

  const model::ChannelType *findType(llvm::StringRef QualifiedName) const;
  const model::ChannelType *findFactory(llvm::StringRef QualifiedName) const;
  const model::ChannelOperation *findOperation(llvm::StringRef Family,
                                               llvm::StringRef Name) const;
  /// \p Class as a queue recognized by its shape (cached), or null.
  const model::ChannelType *recognize(const clang::CXXRecordDecl &Class) const;
  /// The shape a recognized type was read from, or null for model and
  /// user rows.
  const QueueShape *shapeOf(const model::ChannelType *Type) const;
  /// Whether closing a channel of \p Family releases blocked senders.
  bool closeReleasesSenders(llvm::StringRef Family) const;
  /// The qualified names of every channel type, for matchers.
  std::vector<std::string> typeNames() const;

private:
  std::deque<model::ChannelType> Types;
  std::deque<model::ChannelOperation> Operations;
  std::vector<std::unique_ptr<std::string>> Names;
  bool RecognizeShapes = true;
  // The cache of recognized classes (filled lazily from const lookups).
  mutable llvm::DenseMap<const clang::CXXRecordDecl *,
                         const model::ChannelType *>
      Recognized;
  mutable std::deque<model::ChannelType> ShapeTypes;
  mutable std::deque<model::ChannelOperation> ShapeOperations;
  mutable std::deque<QueueShape> Shapes;
  mutable std::map<const model::ChannelType *, const QueueShape *> ShapeOfType;
  mutable std::vector<std::unique_ptr<std::string>> ShapeNames;
  llvm::StringRef own(llvm::StringRef S);
};

/// What a variable of type \p T is, as far as channels go: the channel type
/// and whether \p T reaches it through a smart pointer.
struct ChannelShape {
  const model::ChannelType *Type = nullptr;
  bool ThroughPointer = false;
  explicit operator bool() const { return Type != nullptr; }
};
ChannelShape classifyChannelType(clang::QualType T,
                                 const ChannelVocabulary &Vocabulary);

/// A number of values: known, or unknown and at least two.
struct ValueCount {
  bool Known = true;
  uint64_t N = 0;
};

/// Senders that can block forever in one channel, and the path that
/// leaves them there.
struct UnreceivedSends {
  /// The channel: a local variable, or a member (Field).
  const clang::VarDecl *Channel = nullptr;
  const clang::FieldDecl *Field = nullptr;
  const model::ChannelType *Type = nullptr;
  /// The blocking sends in the spawned code.
  std::vector<const clang::Expr *> Sends;
  /// Where the senders are started (the first spawn that hands over the
  /// channel).
  const clang::Expr *Spawn = nullptr;
  std::string SpawnerName;
  /// Values sent by all senders.
  ValueCount Sent;
  /// Values the channel holds without a receiver.
  uint64_t Slots = 0;
  /// The statement that leaves the function (return, co_return, throw), or
  /// null when the path reaches the end of the body.
  const clang::Stmt *Exit = nullptr;
  /// Receives on that path.
  uint64_t Received = 0;
  /// A variable whose destructor then waits for a blocked sender (the
  /// futures of std::async tasks), or null.
  const clang::VarDecl *WaitingVar = nullptr;
  /// For a queue recognized by its shape: what it was recognized from.
  const QueueShape *Shape = nullptr;
  /// The other direction: the spawning function sends (Sends are its own)
  /// and the task started at Spawn, its only consumer, stops receiving at
  /// Exit (in the consumer's body; null for its end).
  const clang::FunctionDecl *Consumer = nullptr;
  /// When the tasks are started by a method of an object that keeps the
  /// channel in a member: the call of that method in the function, and the
  /// member.
  const clang::CXXMemberCallExpr *StartedBy = nullptr;
  const clang::FieldDecl *KeptIn = nullptr;
};

/// The senders of \p Channel (a local of \p Function) that can block
/// forever, or nothing.
std::optional<UnreceivedSends> findUnreceivedSends(
    const clang::VarDecl &Channel, const clang::FunctionDecl &Function,
    clang::ASTContext &Context, const ChannelVocabulary &Vocabulary,
    const SpawnOptions &Spawns, FunctionSummaries *Summaries = nullptr);

/// The other direction: the function that creates \p Channel sends on it
/// after starting its only consumer task, and that consumer can stop
/// receiving (return, break; a test of a received value is a sentinel and
/// makes no claim) without releasing the senders, while more values than
/// the channel holds are still to come. Reported with an unknown count
/// ("may block") only when the capacity is known.
std::optional<UnreceivedSends> findAbandonedSends(
    const clang::VarDecl &Channel, const clang::FunctionDecl &Function,
    clang::ASTContext &Context, const ChannelVocabulary &Vocabulary,
    const SpawnOptions &Spawns, FunctionSummaries *Summaries = nullptr);

/// The same for a member channel \p Channel of the class of \p Method,
/// which starts the senders or the consumer (lambdas capturing `this`,
/// `std::thread(&C::run, this)`).
std::optional<UnreceivedSends> findUnreceivedSends(
    const clang::FieldDecl &Channel, const clang::CXXMethodDecl &Method,
    clang::ASTContext &Context, const ChannelVocabulary &Vocabulary,
    const SpawnOptions &Spawns, FunctionSummaries *Summaries = nullptr);
std::optional<UnreceivedSends> findAbandonedSends(
    const clang::FieldDecl &Channel, const clang::CXXMethodDecl &Method,
    clang::ASTContext &Context, const ChannelVocabulary &Vocabulary,
    const SpawnOptions &Spawns, FunctionSummaries *Summaries = nullptr);

/// What \p Method does to the member channel \p Channel that could release
/// or drain its senders from outside the analyzed method, itself or through
/// the methods it calls (their summaries, any depth): a releasing close, a
/// receive or drain, or nothing.
std::optional<model::ChannelOp>
memberChannelUse(const clang::FieldDecl &Channel,
                 const clang::CXXMethodDecl &Method,
                 const ChannelVocabulary &Vocabulary,
                 FunctionSummaries *Summaries = nullptr);

/// The number of times a `for` loop runs when its bounds are constants
/// (`for (int i = 0; i < 10; ++i)`), or a range-for over a constant-size
/// array; nothing otherwise.
std::optional<uint64_t> constantTripCount(const clang::Stmt &Loop,
                                          clang::ASTContext &Context);

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_CHANNELACCOUNTING_H

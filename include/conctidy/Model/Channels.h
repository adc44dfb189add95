//===--- Channels.h - What Go-style channel libraries do ---------*- C++
//-*-===//
//
// The model of channel libraries, as data: which types are channels, how
// many values each can hold before a send blocks, which member functions
// send, receive and close, and what closing or destroying a channel does to
// a sender that is blocked in it. Every entry was written from the
// library's source (see docs/checks/conc-unreceived-channel-send.md).
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_MODEL_CHANNELS_H
#define CONCTIDY_MODEL_CHANNELS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace conctidy {
namespace model {

/// What closing (or destroying) a channel does to its senders.
enum class SenderRelease {
  None,       ///< Blocked and later senders stay blocked (msd::channel).
  LaterSends, ///< Later sends fail at once; blocked ones stay blocked
              ///< (asio's close()).
  AllSends,   ///< Blocked and later sends return (Boost.Fiber's close(),
              ///< asio's cancel(), pygolang's close() makes them panic).
};

/// Where the number of values a channel holds comes from.
enum class CapacityFrom {
  Fixed,    ///< Always DefaultCapacity (an unbuffered channel).
  Argument, ///< Argument CapacityArg of the constructor or factory, or
            ///< DefaultCapacity when it is absent.
  Setter,   ///< The argument of the last CapacitySetter call on the channel
            ///< before the senders start, or DefaultCapacity (unbounded
            ///< when DefaultUnbounded) without one (TBB's set_capacity).
  Member,   ///< A queue recognized by its shape (analysis/QueueShape): what
            ///< its constructor or setter stores in its bounding member.
};

/// A channel type.
struct ChannelType {
  /// The class or class template.
  llvm::StringRef QualifiedName;
  /// The library, which names its operations in ChannelOperations.
  llvm::StringRef Family;
  CapacityFrom Capacity;
  int CapacityArg;
  unsigned DefaultCapacity;
  /// Values held = capacity + SlotOffset (Boost's buffered_channel of
  /// capacity N holds N - 1).
  int SlotOffset;
  /// A capacity of zero means unbounded: sends never block (msd::channel).
  bool ZeroIsUnbounded;
  /// Copies share one channel (pygolang's reference-counted chan).
  bool SharedHandle;
  /// What the destructor does to blocked senders.
  SenderRelease OnDestroy;
  /// A function that creates the channel, its capacity in argument
  /// CapacityArg ("::golang::makechan"), or empty.
  llvm::StringRef Factory;
  /// The capacity must be a power of two (Boost's buffered_channel).
  bool CapacityPowerOfTwo = false;
  /// The library's buffered channel with the same operations, for an
  /// unbuffered type ("::boost::fibers::buffered_channel"), or empty.
  llvm::StringRef BufferedVariant = "";
  /// A member function that sets the capacity (CapacityFrom::Setter; also
  /// read for Argument), or empty.
  llvm::StringRef CapacitySetter = "";
  /// Without a capacity argument or setter call, sends never block (a
  /// default-constructed tbb::concurrent_bounded_queue).
  bool DefaultUnbounded = false;
  /// A negative capacity means unbounded (TBB's set_capacity(-1)).
  bool NegativeIsUnbounded = false;
};

enum class ChannelOp {
  Send,         ///< Blocks until the value is received or buffered.
  TimedSend,    ///< Gives up after a timeout: never blocks forever.
  TrySend,      ///< Never blocks.
  Receive,      ///< Blocks until a value arrives or the channel is closed.
  TimedReceive, ///< Receives, or gives up after a timeout (its result says).
  TryReceive,   ///< Receives a value only if one is ready (its result says).
  ReceiveAll,   ///< Iteration: receives until the channel is closed.
  Drain,        ///< One call that receives every value sent (a project's
                ///< drain() or join-all, named in the check's options).
  Close,        ///< Closes the channel; Releases says what senders see.
  Opaque,       ///< May receive or not (a select case): no claim after it.
};

/// A member function (or operator) of the channels of one library.
struct ChannelOperation {
  llvm::StringRef Family;
  llvm::StringRef Name;
  ChannelOp Op;
  SenderRelease Releases = SenderRelease::None;
};

llvm::ArrayRef<ChannelType> channelTypes();
llvm::ArrayRef<ChannelOperation> channelOperations();

/// The channel type named \p QualifiedName ("::boost::fibers::
/// unbuffered_channel" or without the leading "::"), or null.
const ChannelType *findChannelType(llvm::StringRef QualifiedName);
/// The channel type that the function \p QualifiedName creates, or null.
const ChannelType *findChannelFactory(llvm::StringRef QualifiedName);
/// The operation \p Name of the channels of \p Family, or null.
const ChannelOperation *findChannelOperation(llvm::StringRef Family,
                                             llvm::StringRef Name);

} // namespace model
} // namespace conctidy

#endif // CONCTIDY_MODEL_CHANNELS_H

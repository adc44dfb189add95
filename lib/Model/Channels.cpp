//===--- Channels.cpp - What Go-style channel libraries do ----------------===//
//
// Each row as the library's source behaves (versions read: Boost.Fiber
// 1.74, asio 1.30 experimental channels, cpp-channel 1.x, pygolang 0.1,
// oneTBB 2021.8 (Debian's libtbb-dev), Boost.Thread 1.74).
//
//===----------------------------------------------------------------------===//

#include "conctidy/Model/Channels.h"
#include "conctidy/Model/Lookup.h"

namespace conctidy {
namespace model {
namespace {

using CF = CapacityFrom;
using SR = SenderRelease;

const ChannelType ChannelTypes[] = {
    // Boost.Fiber: push() on an unbuffered channel returns when a receiver
    // took the value. buffered_channel(N) requires a power of two and holds
    // N - 1 values (full when the producer index is one behind the
    // consumer's). close() and the destructor wake every blocked producer
    // with channel_op_status::closed.
    {"::boost::fibers::unbuffered_channel", "boost.fiber", CF::Fixed, 0, 0, 0,
     false, false, SR::AllSends, "", false,
     "::boost::fibers::buffered_channel"},
    {"::boost::fibers::buffered_channel", "boost.fiber", CF::Argument, 0, 0, -1,
     false, false, SR::AllSends, "", true},
    // asio experimental channels: max_buffer_size is the constructor's
    // second argument, 0 by default; async_send completes when the value is
    // received or buffered. close() fails later sends but leaves waiting
    // ones pending; cancel() and the destructor complete them with
    // operation_aborted.
    {"::boost::asio::experimental::basic_channel", "asio", CF::Argument, 1, 0,
     0, false, false, SR::AllSends, ""},
    {"::boost::asio::experimental::basic_concurrent_channel", "asio",
     CF::Argument, 1, 0, 0, false, false, SR::AllSends, ""},
    {"::asio::experimental::basic_channel", "asio", CF::Argument, 1, 0, 0,
     false, false, SR::AllSends, ""},
    {"::asio::experimental::basic_concurrent_channel", "asio", CF::Argument, 1,
     0, 0, false, false, SR::AllSends, ""},
    // cpp-channel: the default capacity 0 is an unbounded queue (write never
    // waits); with a capacity, write waits for room and close() does not
    // wake it (the wait's predicate ignores the closed flag). The
    // destructor does nothing to waiting writers.
    {"::msd::channel", "msd", CF::Argument, 0, 0, 0, true, false, SR::None, ""},
    // pygolang: chan<T> is a reference-counted handle made by makechan<T>(n)
    // (n = 0: unbuffered). close() makes blocked and later senders panic;
    // a sender's own reference keeps the channel alive.
    {"::golang::chan", "golang", CF::Argument, 0, 0, 0, false, true, SR::None,
     "::golang::makechan"},
    // oneTBB (oneapi/tbb/concurrent_queue.h): a default-constructed
    // concurrent_bounded_queue has an effectively infinite capacity;
    // set_capacity(n) bounds it (n < 0: infinite again) and push()/emplace()
    // then wait on the slots-available monitor while the queue is full.
    // abort() wakes every waiting push and pop, which throw user_abort.
    // The destructor only frees the storage. tbb::concurrent_bounded_queue
    // is a using-declaration of the class in tbb::detail::d2.
    {"::tbb::detail::d2::concurrent_bounded_queue", "tbb", CF::Setter, -1, 0, 0,
     false, false, SR::None, "", false, "", "set_capacity", true, true},
    {"::tbb::concurrent_bounded_queue", "tbb", CF::Setter, -1, 0, 0, false,
     false, SR::None, "", false, "", "set_capacity", true, true},
    // Boost.Thread (boost/thread/concurrent_queues/sync_bounded_queue.hpp):
    // sync_bounded_queue(max_elems) holds max_elems values (a ring of
    // max_elems + 1, full when in + 1 == out); push/push_back/
    // wait_push_back wait on not_full_ while it is full. close() sets
    // closed_ and notifies every waiter, which throw sync_queue_is_closed
    // (wait_push_back returns queue_op_status::closed). The destructor
    // only frees the ring. boost::sync_bounded_queue is a
    // using-declaration of it.
    {"::boost::concurrent::sync_bounded_queue", "boost.sync", CF::Argument, 0,
     0, 0, false, false, SR::None, ""},
};

using CO = ChannelOp;

const ChannelOperation ChannelOperations[] = {
    {"boost.fiber", "push", CO::Send},
    {"boost.fiber", "push_wait_for", CO::TimedSend},
    {"boost.fiber", "push_wait_until", CO::TimedSend},
    {"boost.fiber", "try_push", CO::TrySend},
    {"boost.fiber", "pop", CO::Receive},
    {"boost.fiber", "value_pop", CO::Receive},
    {"boost.fiber", "pop_wait_for", CO::TimedReceive},
    {"boost.fiber", "pop_wait_until", CO::TimedReceive},
    {"boost.fiber", "try_pop", CO::TryReceive},
    {"boost.fiber", "begin", CO::ReceiveAll},
    {"boost.fiber", "close", CO::Close, SR::AllSends},

    {"asio", "async_send", CO::Send},
    {"asio", "try_send", CO::TrySend},
    {"asio", "try_send_n", CO::TrySend},
    {"asio", "try_send_via_dispatch", CO::TrySend},
    {"asio", "try_send_n_via_dispatch", CO::TrySend},
    {"asio", "async_receive", CO::Receive},
    {"asio", "try_receive", CO::TryReceive},
    {"asio", "close", CO::Close, SR::LaterSends},
    {"asio", "cancel", CO::Close, SR::AllSends},
    {"asio", "reset", CO::Close, SR::AllSends},

    {"msd", "write", CO::Send},
    {"msd", "operator<<", CO::Send},
    {"msd", "read", CO::Receive},
    {"msd", "operator>>", CO::Receive},
    {"msd", "begin", CO::ReceiveAll},
    {"msd", "close", CO::Close, SR::None},

    {"golang", "send", CO::Send},
    {"golang", "recv", CO::Receive},
    {"golang", "recv_", CO::Receive},
    {"golang", "close", CO::Close, SR::AllSends},
    // Cases of select(): whether they receive depends on which one wins.
    {"golang", "recvs", CO::Opaque},
    {"golang", "sends", CO::Opaque},

    {"tbb", "push", CO::Send},
    {"tbb", "emplace", CO::Send},
    {"tbb", "try_push", CO::TrySend},
    {"tbb", "try_emplace", CO::TrySend},
    {"tbb", "pop", CO::Receive},
    {"tbb", "try_pop", CO::TryReceive},
    // Wakes the pushes that wait; one that starts later waits again when
    // the queue is full, so the check takes abort() as releasing (no
    // claim) rather than claim more than the code shows.
    {"tbb", "abort", CO::Close, SR::AllSends},

    {"boost.sync", "push", CO::Send},
    {"boost.sync", "push_back", CO::Send},
    {"boost.sync", "wait_push_back", CO::Send},
    {"boost.sync", "operator<<", CO::Send},
    {"boost.sync", "try_push", CO::TrySend},
    {"boost.sync", "try_push_back", CO::TrySend},
    {"boost.sync", "nonblocking_push_back", CO::TrySend},
    {"boost.sync", "pull", CO::Receive},
    {"boost.sync", "pull_front", CO::Receive},
    {"boost.sync", "wait_pull_front", CO::Receive},
    {"boost.sync", "operator>>", CO::Receive},
    {"boost.sync", "try_pull", CO::TryReceive},
    {"boost.sync", "try_pull_front", CO::TryReceive},
    {"boost.sync", "nonblocking_pull_front", CO::TryReceive},
    {"boost.sync", "close", CO::Close, SR::AllSends},
};

} // namespace

llvm::ArrayRef<ChannelType> channelTypes() { return ChannelTypes; }
llvm::ArrayRef<ChannelOperation> channelOperations() {
  return ChannelOperations;
}

const ChannelType *findChannelType(llvm::StringRef QualifiedName) {
  return findByQualifiedName(channelTypes(), QualifiedName);
}

const ChannelType *findChannelFactory(llvm::StringRef QualifiedName) {
  for (const ChannelType &T : ChannelTypes)
    if (!T.Factory.empty() && sameQualifiedName(T.Factory, QualifiedName))
      return &T;
  return nullptr;
}

const ChannelOperation *findChannelOperation(llvm::StringRef Family,
                                             llvm::StringRef Name) {
  for (const ChannelOperation &O : ChannelOperations)
    if (O.Family == Family && O.Name == Name)
      return &O;
  return nullptr;
}

} // namespace model
} // namespace conctidy

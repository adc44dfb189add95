//===--- ConcurrencyModel.cpp - The tables of the concurrency model -------===//
//
// One table per kind of rule. To teach conctidy a new API, add a row here;
// nothing else should need to change.
//
//===----------------------------------------------------------------------===//

#include "conctidy/Model/ConcurrencyModel.h"
#include "conctidy/Model/Lookup.h"

namespace conctidy {
namespace model {

namespace {

using JD = JoinableDestruction;

// Types that own a thread. The destructor's behaviour on a joinable thread
// is what conc-unjoined-thread is about.
const ThreadHandleType ThreadHandleTypes[] = {
    {"::std::thread", JD::Terminates, ""},
    {"::std::jthread", JD::Joins, ""},
    // Boost.Thread: `~thread()` calls std::terminate only when
    // BOOST_THREAD_PROVIDES_THREAD_DESTRUCTOR_CALLS_TERMINATE_IF_JOINABLE is
    // defined (BOOST_THREAD_VERSION >= 3); by default it detaches.
    {"::boost::thread", JD::Terminates,
     "BOOST_THREAD_PROVIDES_THREAD_DESTRUCTOR_CALLS_TERMINATE_IF_JOINABLE"},
    {"::boost::scoped_thread", JD::Joins, ""},
    {"::boost::strict_scoped_thread", JD::Joins, ""},
};

// Member functions of the thread handles above. Timed joins
// (try_join_for, timed_join) may return with the thread still running, so
// they do not count as joins.
const ThreadHandleMember ThreadHandleMembers[] = {
    {"join", HandleEffect::Join},
    {"detach", HandleEffect::Detach},
    {"joinable", HandleEffect::Query},
    {"get_id", HandleEffect::Query},
    {"native_handle", HandleEffect::Query},
    {"get_stop_source", HandleEffect::Query},
    {"get_stop_token", HandleEffect::Query},
    {"request_stop", HandleEffect::Query},
    {"interrupt", HandleEffect::Query},
    {"interruption_requested", HandleEffect::Query},
    {"try_join_for", HandleEffect::Query},
    {"try_join_until", HandleEffect::Query},
    {"timed_join", HandleEffect::Query},
    {"swap", HandleEffect::Swap},
};

// Containers that destroy their elements with themselves.
const OwningContainer OwningContainers[] = {
    {"::std::vector"},
    {"::std::deque"},
    {"::std::list"},
    {"::std::forward_list"},
    {"::std::array"},
    {"::std::optional"},
    {"::std::map"},
    {"::std::unordered_map"},
    {"::boost::container::vector"},
    {"::boost::container::small_vector"},
    {"::llvm::SmallVector"},
    {"::absl::InlinedVector"},
};

const ContainerInsertion ContainerInsertions[] = {
    {"emplace_back"}, {"push_back"},    {"emplace_front"},
    {"push_front"},   {"emplace"},      {"insert"},
    {"try_emplace"},  {"emplace_hint"}, {"insert_or_assign"},
};

using SK = SpawnerKind;

// APIs that run a callable concurrently with their caller.
const Spawner Spawners[] = {
    {SK::Constructor, "::std::thread", 0, RunsOn::NewThread},
    {SK::Constructor, "::std::jthread", 0, RunsOn::NewThread},
    {SK::Constructor, "::boost::thread", 0, RunsOn::NewThread},
    {SK::Constructor, "::boost::scoped_thread", 0, RunsOn::NewThread},
    {SK::FreeFunction, "::std::async", AnyCallableArg, RunsOn::MaybeNewThread,
     ForwardsRest, true},
    {SK::FreeFunction, "::boost::async", AnyCallableArg,
     RunsOn::MaybeNewThread},
    {SK::FreeFunction, "::pthread_create", 2, RunsOn::NewThread, 3},
    {SK::FreeFunction, "::thrd_create", 1, RunsOn::NewThread, 2},
    {SK::MemberFunction, "::boost::thread_group::create_thread", 0,
     RunsOn::NewThread},
    {SK::Constructor, "::boost::fibers::fiber", AnyCallableArg, RunsOn::Fiber},
    {SK::FreeFunction, "::boost::fibers::async", AnyCallableArg, RunsOn::Fiber},
    {SK::FreeFunction, "::golang::go", 0, RunsOn::NewThread},
    // Thread pools and executors.
    {SK::FreeFunction, "::uv_queue_work", 2, RunsOn::ThreadPool, 1},
    // napi_create_async_work(env, resource, name, execute, complete, data,
    // result): `execute` runs on a libuv worker thread.
    {SK::FreeFunction, "::napi_create_async_work", 3, RunsOn::ThreadPool, 5},
    {SK::FreeFunction, "::QtConcurrent::run", AnyCallableArg,
     RunsOn::ThreadPool},
    {SK::FreeFunction, "::QtConcurrent::map", AnyCallableArg,
     RunsOn::ThreadPool, NoData},
    {SK::FreeFunction, "::QtConcurrent::mapped", AnyCallableArg,
     RunsOn::ThreadPool, NoData},
    {SK::FreeFunction, "::QtConcurrent::filter", AnyCallableArg,
     RunsOn::ThreadPool, NoData},
    {SK::FreeFunction, "::QtConcurrent::filtered", AnyCallableArg,
     RunsOn::ThreadPool, NoData},
    {SK::FreeFunction, "::QtConcurrent::blockingMap", AnyCallableArg,
     RunsOn::ThreadPool, NoData},
    {SK::FreeFunction, "::QtConcurrent::blockingMapped", AnyCallableArg,
     RunsOn::ThreadPool, NoData},
    {SK::MemberFunction, "::QThreadPool::start", 0, RunsOn::ThreadPool, NoData},
    {SK::MemberFunction, "::QThreadPool::tryStart", 0, RunsOn::ThreadPool,
     NoData},
    {SK::FreeFunction, "::boost::asio::post", AnyCallableArg,
     RunsOn::ThreadPool, NoData, false, "::boost::asio::thread_pool"},
    {SK::MemberFunction, "::folly::Executor::add", 0, RunsOn::ThreadPool,
     NoData},
    {SK::MemberFunction, "::folly::ThreadPoolExecutor::add", 0,
     RunsOn::ThreadPool, NoData},
    {SK::MemberFunction, "::folly::CPUThreadPoolExecutor::add", 0,
     RunsOn::ThreadPool, NoData},
    {SK::MemberFunction, "::folly::IOThreadPoolExecutor::add", 0,
     RunsOn::ThreadPool, NoData},
    {SK::MemberFunction, "::tbb::task_group::run", 0, RunsOn::ThreadPool,
     NoData},
    {SK::MemberFunction, "::tbb::detail::d1::task_group::run", 0,
     RunsOn::ThreadPool, NoData},
    // Overrides that run on another thread.
    {SK::Override, "::Napi::AsyncWorker::Execute", 0, RunsOn::ThreadPool},
    {SK::Override, "::Napi::AsyncProgressWorker::Execute", 0,
     RunsOn::ThreadPool},
    {SK::Override, "::Napi::AsyncProgressQueueWorker::Execute", 0,
     RunsOn::ThreadPool},
    {SK::Override, "::Nan::AsyncWorker::Execute", 0, RunsOn::ThreadPool},
    {SK::Override, "::Nan::AsyncProgressWorkerBase::Execute", 0,
     RunsOn::ThreadPool},
    {SK::Override, "::QThread::run", 0, RunsOn::NewThread},
    {SK::Override, "::QRunnable::run", 0, RunsOn::ThreadPool},
};

// Lockable types.
const MutexType MutexTypes[] = {
    {"::std::mutex", false, false},
    {"::std::timed_mutex", false, false},
    {"::std::recursive_mutex", false, true},
    {"::std::recursive_timed_mutex", false, true},
    {"::std::shared_mutex", true, false},
    {"::std::shared_timed_mutex", true, false},
    {"::boost::mutex", false, false},
    {"::boost::timed_mutex", false, false},
    {"::boost::recursive_mutex", false, true},
    {"::boost::recursive_timed_mutex", false, true},
    {"::boost::shared_mutex", true, false},
    {"::absl::Mutex", true, false},
    {"::QMutex", false, false},
    {"::QBasicMutex", false, false},
    {"::QRecursiveMutex", false, true},
    {"::QReadWriteLock", true, false},
    {"::pthread_mutex_t", false, false},
    {"::pthread_rwlock_t", true, false},
    {"::pthread_spinlock_t", false, false},
};

using LE = LockEffect;
using LM = LockMode;

// Member functions of lockable types and of movable guards. Names are
// unique across the libraries modelled, so one table serves them all.
const LockMember LockMembers[] = {
    // std, boost
    {"lock", LE::Acquire, LM::Exclusive},
    {"unlock", LE::Release, LM::Exclusive},
    {"try_lock", LE::TryAcquire, LM::Exclusive},
    {"try_lock_for", LE::TryAcquire, LM::Exclusive},
    {"try_lock_until", LE::TryAcquire, LM::Exclusive},
    {"lock_shared", LE::Acquire, LM::Shared},
    {"unlock_shared", LE::Release, LM::Shared},
    {"try_lock_shared", LE::TryAcquire, LM::Shared},
    {"try_lock_shared_for", LE::TryAcquire, LM::Shared},
    {"try_lock_shared_until", LE::TryAcquire, LM::Shared},
    // absl::Mutex
    {"Lock", LE::Acquire, LM::Exclusive},
    {"Unlock", LE::Release, LM::Exclusive},
    {"TryLock", LE::TryAcquire, LM::Exclusive},
    {"WriterLock", LE::Acquire, LM::Exclusive},
    {"WriterUnlock", LE::Release, LM::Exclusive},
    {"ReaderLock", LE::Acquire, LM::Shared},
    {"ReaderUnlock", LE::Release, LM::Shared},
    {"ReaderTryLock", LE::TryAcquire, LM::Shared},
    // Qt
    {"tryLock", LE::TryAcquire, LM::Exclusive},
    {"lockForWrite", LE::Acquire, LM::Exclusive},
    {"lockForRead", LE::Acquire, LM::Shared},
    {"tryLockForWrite", LE::TryAcquire, LM::Exclusive},
    {"tryLockForRead", LE::TryAcquire, LM::Shared},
    {"relock", LE::Acquire, LM::Exclusive},
};

// How projects spell the members of their own lockables (wrappers of a
// mutex, spin locks): what shape recognition looks for.
const LockSpelling LockSpellings[] = {
    {"lock", LE::Acquire, LM::Exclusive},
    {"Lock", LE::Acquire, LM::Exclusive},
    {"acquire", LE::Acquire, LM::Exclusive},
    {"Acquire", LE::Acquire, LM::Exclusive},
    {"Enter", LE::Acquire, LM::Exclusive},
    {"lock_exclusive", LE::Acquire, LM::Exclusive},
    {"WriterLock", LE::Acquire, LM::Exclusive},
    {"WriteLock", LE::Acquire, LM::Exclusive},
    {"LockExclusive", LE::Acquire, LM::Exclusive},
    {"lockForWrite", LE::Acquire, LM::Exclusive},
    {"wrlock", LE::Acquire, LM::Exclusive},
    {"lock_shared", LE::Acquire, LM::Shared},
    {"LockShared", LE::Acquire, LM::Shared},
    {"ReaderLock", LE::Acquire, LM::Shared},
    {"ReadLock", LE::Acquire, LM::Shared},
    {"lockForRead", LE::Acquire, LM::Shared},
    {"rdlock", LE::Acquire, LM::Shared},
    {"unlock", LE::Release, LM::Exclusive},
    {"Unlock", LE::Release, LM::Exclusive},
    {"UnLock", LE::Release, LM::Exclusive},
    {"release", LE::Release, LM::Exclusive},
    {"Release", LE::Release, LM::Exclusive},
    {"Leave", LE::Release, LM::Exclusive},
    {"unlock_exclusive", LE::Release, LM::Exclusive},
    {"WriterUnlock", LE::Release, LM::Exclusive},
    {"WriteUnlock", LE::Release, LM::Exclusive},
    {"UnlockExclusive", LE::Release, LM::Exclusive},
    {"unlock_shared", LE::Release, LM::Shared},
    {"UnlockShared", LE::Release, LM::Shared},
    {"ReaderUnlock", LE::Release, LM::Shared},
    {"ReadUnlock", LE::Release, LM::Shared},
    {"try_lock", LE::TryAcquire, LM::Exclusive},
    {"TryLock", LE::TryAcquire, LM::Exclusive},
    {"tryLock", LE::TryAcquire, LM::Exclusive},
    {"try_lock_shared", LE::TryAcquire, LM::Shared},
    {"ReaderTryLock", LE::TryAcquire, LM::Shared},
};

// Free functions that lock or unlock.
const LockFunction LockFunctions[] = {
    {"::pthread_mutex_lock", LE::Acquire, LM::Exclusive, 0, false},
    {"::pthread_mutex_trylock", LE::TryAcquire, LM::Exclusive, 0, true},
    {"::pthread_mutex_timedlock", LE::TryAcquire, LM::Exclusive, 0, true},
    {"::pthread_mutex_unlock", LE::Release, LM::Exclusive, 0, false},
    {"::pthread_rwlock_wrlock", LE::Acquire, LM::Exclusive, 0, false},
    {"::pthread_rwlock_trywrlock", LE::TryAcquire, LM::Exclusive, 0, true},
    {"::pthread_rwlock_rdlock", LE::Acquire, LM::Shared, 0, false},
    {"::pthread_rwlock_tryrdlock", LE::TryAcquire, LM::Shared, 0, true},
    {"::pthread_rwlock_unlock", LE::Release, LM::Exclusive, 0, false},
    {"::pthread_spin_lock", LE::Acquire, LM::Exclusive, 0, false},
    {"::pthread_spin_trylock", LE::TryAcquire, LM::Exclusive, 0, true},
    {"::pthread_spin_unlock", LE::Release, LM::Exclusive, 0, false},
    {"::std::lock", LE::Acquire, LM::Exclusive, AllArgs, false},
    {"::boost::lock", LE::Acquire, LM::Exclusive, AllArgs, false},
};

// Scoped guards.
const GuardType GuardTypes[] = {
    {"::std::lock_guard", LM::Exclusive, false, false},
    {"::std::scoped_lock", LM::Exclusive, true, false},
    {"::std::unique_lock", LM::Exclusive, false, true},
    {"::std::shared_lock", LM::Shared, false, true},
    {"::boost::lock_guard", LM::Exclusive, false, false},
    {"::boost::unique_lock", LM::Exclusive, false, true},
    {"::boost::shared_lock", LM::Shared, false, true},
    {"::boost::upgrade_lock", LM::Shared, false, true},
    {"::boost::mutex::scoped_lock", LM::Exclusive, false, true},
    {"::absl::MutexLock", LM::Exclusive, false, false},
    {"::absl::WriterMutexLock", LM::Exclusive, false, false},
    {"::absl::ReaderMutexLock", LM::Shared, false, false},
    {"::QMutexLocker", LM::Exclusive, false, true},
    {"::QWriteLocker", LM::Exclusive, false, true},
    {"::QReadLocker", LM::Shared, false, true},
};

const GuardTagType GuardTagTypes[] = {
    {"::std::defer_lock_t", GuardTag::DeferLock},
    {"::std::try_to_lock_t", GuardTag::TryToLock},
    {"::std::adopt_lock_t", GuardTag::AdoptLock},
    {"::boost::defer_lock_t", GuardTag::DeferLock},
    {"::boost::try_to_lock_t", GuardTag::TryToLock},
    {"::boost::adopt_lock_t", GuardTag::AdoptLock},
};

// Containers that concurrent writers corrupt. Sequence containers only
// with conc-unsynchronized-shared-map.IncludeSequenceContainers.
const SharedContainer SharedContainers[] = {
    {"::std::map", false},
    {"::std::multimap", false},
    {"::std::set", false},
    {"::std::multiset", false},
    {"::std::unordered_map", false},
    {"::std::unordered_multimap", false},
    {"::std::unordered_set", false},
    {"::std::unordered_multiset", false},
    {"::absl::flat_hash_map", false},
    {"::absl::flat_hash_set", false},
    {"::absl::node_hash_map", false},
    {"::absl::node_hash_set", false},
    {"::absl::btree_map", false},
    {"::absl::btree_set", false},
    {"::absl::btree_multimap", false},
    {"::absl::btree_multiset", false},
    {"::boost::unordered_map", false},
    {"::boost::unordered::unordered_map", false},
    {"::boost::unordered::unordered_multimap", false},
    {"::boost::unordered::unordered_set", false},
    {"::boost::unordered::unordered_multiset", false},
    {"::boost::unordered::unordered_flat_map", false},
    {"::boost::unordered::unordered_flat_set", false},
    {"::boost::unordered::unordered_node_map", false},
    {"::boost::unordered::unordered_node_set", false},
    {"::boost::unordered_set", false},
    {"::boost::unordered_flat_map", false},
    {"::boost::unordered_flat_set", false},
    {"::boost::unordered_node_map", false},
    {"::boost::container::flat_map", false},
    {"::boost::container::flat_set", false},
    {"::folly::F14FastMap", false},
    {"::folly::F14NodeMap", false},
    {"::folly::F14ValueMap", false},
    {"::folly::F14VectorMap", false},
    {"::folly::F14FastSet", false},
    {"::tsl::robin_map", false},
    {"::tsl::robin_set", false},
    {"::QMap", false},
    {"::QHash", false},
    {"::QSet", false},
    {"::std::vector", true},
    {"::std::deque", true},
    {"::std::list", true},
    {"::std::forward_list", true},
    {"::std::queue", true},
    {"::std::stack", true},
    {"::std::priority_queue", true},
    {"::QList", true},
    {"::QVector", true},
};

using AK = AccessKind;

// Members of the shared containers. A member not listed here reads when it
// is const and writes otherwise. Lookups and iteration read even through
// their non-const overloads: they do not change the container's structure.
const ContainerMember ContainerMembers[] = {
    {"find", AK::Read},          {"count", AK::Read},
    {"contains", AK::Read},      {"at", AK::Read},
    {"size", AK::Read},          {"empty", AK::Read},
    {"begin", AK::Read},         {"end", AK::Read},
    {"cbegin", AK::Read},        {"cend", AK::Read},
    {"rbegin", AK::Read},        {"rend", AK::Read},
    {"equal_range", AK::Read},   {"lower_bound", AK::Read},
    {"upper_bound", AK::Read},   {"bucket_count", AK::Read},
    {"load_factor", AK::Read},   {"max_size", AK::Read},
    {"front", AK::Read},         {"back", AK::Read},
    {"value", AK::Read},         {"keys", AK::Read},
    {"values", AK::Read},        {"length", AK::Read},
    {"c_str", AK::Read},         {"data", AK::Read},
    {"insert", AK::Write},       {"insert_or_assign", AK::Write},
    {"emplace", AK::Write},      {"emplace_hint", AK::Write},
    {"try_emplace", AK::Write},  {"erase", AK::Write},
    {"erase_if", AK::Write},     {"clear", AK::Write},
    {"swap", AK::Write},         {"merge", AK::Write},
    {"extract", AK::Write},      {"rehash", AK::Write},
    {"reserve", AK::Write},      {"push_back", AK::Write},
    {"emplace_back", AK::Write}, {"pop_back", AK::Write},
    {"push_front", AK::Write},   {"emplace_front", AK::Write},
    {"pop_front", AK::Write},    {"resize", AK::Write},
    {"assign", AK::Write},       {"append", AK::Write},
    {"remove", AK::Write},       {"take", AK::Write},
    {"push", AK::Write},         {"pop", AK::Write},
    {"top", AK::Read},           {"prepend", AK::Write},
};

// Functions that call their callable argument before returning, on the
// calling thread.
const SynchronousCaller SynchronousCallers[] = {
    {"::std::condition_variable::wait"},
    {"::std::condition_variable::wait_for"},
    {"::std::condition_variable::wait_until"},
    {"::std::condition_variable_any::wait"},
    {"::std::condition_variable_any::wait_for"},
    {"::std::condition_variable_any::wait_until"},
    {"::std::call_once"},
    {"::std::invoke"},
    {"::std::for_each"},
    {"::std::for_each_n"},
    {"::std::find_if"},
    {"::std::find_if_not"},
    {"::std::count_if"},
    {"::std::any_of"},
    {"::std::all_of"},
    {"::std::none_of"},
    {"::std::remove_if"},
    {"::std::erase_if"},
    {"::std::sort"},
    {"::std::stable_sort"},
    {"::std::transform"},
    {"::std::accumulate"},
    {"::absl::Condition::Condition"},
};

// Functions and constructors whose function argument runs only under a
// mutex (abseil evaluates a Condition with the mutex held, in every mode).
const LockHeldCaller LockHeldCallers[] = {
    {"::absl::Condition::Condition"},
    {"::absl::Mutex::EnableInvariantDebugging"},
};

const OnceCaller OnceCallers[] = {
    {"::std::call_once", 1},
    {"::absl::call_once", 1},
    {"::absl::base_internal::LowLevelCallOnce", 1},
    {"::pthread_once", 1},
};

const SmartPointer SmartPointers[] = {
    {"::std::unique_ptr", Ownership::Unique},
    {"::std::shared_ptr", Ownership::Shared},
    {"::boost::shared_ptr", Ownership::Shared},
    {"::boost::scoped_ptr", Ownership::Unique},
    {"::boost::intrusive_ptr", Ownership::Shared},
    {"::boost::movelib::unique_ptr", Ownership::Unique},
    {"::boost::interprocess::unique_ptr", Ownership::Unique},
    {"::QScopedPointer", Ownership::Unique},
    {"::QSharedPointer", Ownership::Shared},
    {"::QPointer", Ownership::Observer},
};

// Members that return once the tasks they wait for have finished. Timed
// waits (wait_for, try_acquire_for) can return early and are left out.

const TaskWait TaskWaits[] = {
    {"::std::latch", "wait"},
    {"::std::latch", "arrive_and_wait"},
    {"::std::barrier", "arrive_and_wait"},
    {"::boost::latch", "wait"},
    {"::boost::barrier", "wait"},
    {"::std::future", "get"},
    {"::std::future", "wait"},
    {"::std::shared_future", "get"},
    {"::std::shared_future", "wait"},
    {"::boost::future", "get"},
    {"::boost::future", "wait"},
    {"::boost::shared_future", "get"},
    {"::boost::shared_future", "wait"},
    {"::std::condition_variable", "wait"},
    {"::std::condition_variable_any", "wait"},
    {"::std::counting_semaphore", "acquire"},
    {"::boost::asio::thread_pool", "join"},
    {"::boost::asio::thread_pool", "wait"},
    {"::boost::thread_group", "join_all"},
    {"::tbb::task_group", "wait"},
    {"::tbb::detail::d1::task_group", "wait"},
    {"::QThreadPool", "waitForDone"},
    {"::QFuture", "waitForFinished"},
    {"::QFuture", "result"},
    {"::folly::Baton", "wait"},
    {"::folly::SemiFuture", "get"},
    {"::folly::Future", "get"},
};

} // namespace

llvm::ArrayRef<TaskWait> taskWaits() { return TaskWaits; }

bool isTaskWait(llvm::StringRef ClassName, llvm::StringRef Member) {
  for (const TaskWait &W : TaskWaits)
    if (W.Member == Member && sameQualifiedName(W.ClassName, ClassName))
      return true;
  return false;
}

llvm::ArrayRef<ThreadHandleType> threadHandleTypes() {
  return ThreadHandleTypes;
}
llvm::ArrayRef<ThreadHandleMember> threadHandleMembers() {
  return ThreadHandleMembers;
}
llvm::ArrayRef<OwningContainer> owningContainers() { return OwningContainers; }
llvm::ArrayRef<ContainerInsertion> containerInsertions() {
  return ContainerInsertions;
}
llvm::ArrayRef<Spawner> spawners() { return Spawners; }
llvm::ArrayRef<MutexType> mutexTypes() { return MutexTypes; }
llvm::ArrayRef<LockMember> lockMembers() { return LockMembers; }
llvm::ArrayRef<LockSpelling> lockSpellings() { return LockSpellings; }
const LockSpelling *findLockSpelling(llvm::StringRef Name) {
  return findByName(lockSpellings(), Name);
}
llvm::ArrayRef<LockFunction> lockFunctions() { return LockFunctions; }
llvm::ArrayRef<GuardType> guardTypes() { return GuardTypes; }
llvm::ArrayRef<GuardTagType> guardTagTypes() { return GuardTagTypes; }
llvm::ArrayRef<SharedContainer> sharedContainers() { return SharedContainers; }
llvm::ArrayRef<ContainerMember> containerMembers() { return ContainerMembers; }
llvm::ArrayRef<SynchronousCaller> synchronousCallers() {
  return SynchronousCallers;
}

const SharedContainer *findSharedContainer(llvm::StringRef QualifiedName) {
  return findByQualifiedName(sharedContainers(), QualifiedName);
}

const ContainerMember *findContainerMember(llvm::StringRef Name) {
  return findByName(containerMembers(), Name);
}

llvm::ArrayRef<OnceCaller> onceCallers() { return OnceCallers; }

const OnceCaller *findOnceCaller(llvm::StringRef QualifiedName) {
  return findByQualifiedName(onceCallers(), QualifiedName);
}

llvm::ArrayRef<SmartPointer> smartPointers() { return SmartPointers; }

const SmartPointer *findSmartPointer(llvm::StringRef QualifiedName) {
  return findByQualifiedName(smartPointers(), QualifiedName);
}

bool isSynchronousCaller(llvm::StringRef QualifiedName) {
  return findByQualifiedName(synchronousCallers(), QualifiedName) != nullptr;
}

llvm::ArrayRef<LockHeldCaller> lockHeldCallers() { return LockHeldCallers; }

bool isLockHeldCaller(llvm::StringRef QualifiedName) {
  return findByQualifiedName(lockHeldCallers(), QualifiedName) != nullptr;
}

const ThreadHandleType *findThreadHandleType(llvm::StringRef QualifiedName) {
  return findByQualifiedName(threadHandleTypes(), QualifiedName);
}

const Spawner *findSpawner(SpawnerKind Kind, llvm::StringRef QualifiedName) {
  for (const Spawner &S : Spawners)
    if (S.Kind == Kind && sameQualifiedName(S.QualifiedName, QualifiedName))
      return &S;
  return nullptr;
}

const MutexType *findMutexType(llvm::StringRef QualifiedName) {
  return findByQualifiedName(mutexTypes(), QualifiedName);
}

const GuardType *findGuardType(llvm::StringRef QualifiedName) {
  return findByQualifiedName(guardTypes(), QualifiedName);
}

const LockFunction *findLockFunction(llvm::StringRef QualifiedName) {
  return findByQualifiedName(lockFunctions(), QualifiedName);
}

const ThreadHandleMember *findThreadHandleMember(llvm::StringRef Name) {
  return findByName(threadHandleMembers(), Name);
}

const LockMember *findLockMember(llvm::StringRef Name) {
  return findByName(lockMembers(), Name);
}

bool isContainerInsertion(llvm::StringRef MemberName) {
  return findByName(containerInsertions(), MemberName) != nullptr;
}

std::vector<llvm::StringRef> terminatingThreadHandleNames() {
  std::vector<llvm::StringRef> Names;
  for (const ThreadHandleType &T : ThreadHandleTypes)
    if (T.OnDestroy == JoinableDestruction::Terminates)
      Names.push_back(T.QualifiedName);
  return Names;
}

std::vector<llvm::StringRef> owningContainerNames() {
  std::vector<llvm::StringRef> Names;
  for (const OwningContainer &C : OwningContainers)
    Names.push_back(C.QualifiedName);
  return Names;
}

} // namespace model
} // namespace conctidy

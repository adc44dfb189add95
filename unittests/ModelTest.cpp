//===--- ModelTest.cpp - The concurrency model's tables -------------------===//

#include "conctidy/Model/ConcurrencyModel.h"
#include "llvm/ADT/StringSet.h"
#include "gtest/gtest.h"

using namespace conctidy::model;

namespace {

TEST(ModelTest, ThreadHandlesAndTheirDestructors) {
  const ThreadHandleType *Std = findThreadHandleType("std::thread");
  ASSERT_NE(Std, nullptr);
  EXPECT_EQ(Std->OnDestroy, JoinableDestruction::Terminates);
  EXPECT_TRUE(Std->OnlyIfMacro.empty());
  EXPECT_EQ(findThreadHandleType("::std::jthread")->OnDestroy,
            JoinableDestruction::Joins);
  // boost::thread terminates only from Boost.Thread version 3 on.
  EXPECT_FALSE(findThreadHandleType("boost::thread")->OnlyIfMacro.empty());
  EXPECT_EQ(findThreadHandleType("std::mutex"), nullptr);
}

TEST(ModelTest, TerminatingHandleNamesForMatchers) {
  std::vector<llvm::StringRef> Names = terminatingThreadHandleNames();
  EXPECT_NE(llvm::find(Names, "::std::thread"), Names.end());
  EXPECT_EQ(llvm::find(Names, "::std::jthread"), Names.end());
  for (llvm::StringRef Name : Names)
    EXPECT_TRUE(Name.starts_with("::")) << Name.str();
}

TEST(ModelTest, HandleMembers) {
  EXPECT_EQ(findThreadHandleMember("join")->Effect, HandleEffect::Join);
  EXPECT_EQ(findThreadHandleMember("detach")->Effect, HandleEffect::Detach);
  EXPECT_EQ(findThreadHandleMember("joinable")->Effect, HandleEffect::Query);
  // A timed join may return with the thread still running.
  EXPECT_EQ(findThreadHandleMember("try_join_for")->Effect,
            HandleEffect::Query);
  EXPECT_EQ(findThreadHandleMember("frobnicate"), nullptr);
  EXPECT_TRUE(isContainerInsertion("emplace_back"));
  EXPECT_FALSE(isContainerInsertion("clear"));
}

TEST(ModelTest, Spawners) {
  const Spawner *Thread = findSpawner(SpawnerKind::Constructor, "std::thread");
  ASSERT_NE(Thread, nullptr);
  EXPECT_EQ(Thread->CallableArg, 0);
  const Spawner *Async = findSpawner(SpawnerKind::FreeFunction, "std::async");
  ASSERT_NE(Async, nullptr);
  EXPECT_EQ(Async->CallableArg, AnyCallableArg);
  EXPECT_EQ(Async->Where, RunsOn::MaybeNewThread);
  EXPECT_EQ(
      findSpawner(SpawnerKind::FreeFunction, "pthread_create")->CallableArg, 2);
  EXPECT_EQ(findSpawner(SpawnerKind::FreeFunction, "std::thread"), nullptr);
}

TEST(ModelTest, LockVocabulary) {
  EXPECT_TRUE(findMutexType("std::shared_mutex")->HasSharedMode);
  EXPECT_TRUE(findMutexType("std::recursive_mutex")->Recursive);
  EXPECT_FALSE(findMutexType("pthread_mutex_t")->HasSharedMode);
  const GuardType *Scoped = findGuardType("std::scoped_lock");
  ASSERT_NE(Scoped, nullptr);
  EXPECT_TRUE(Scoped->LocksAllArgs);
  EXPECT_TRUE(findGuardType("std::unique_lock")->Movable);
  EXPECT_EQ(findGuardType("std::shared_lock")->Mode, LockMode::Shared);
  EXPECT_EQ(findLockMember("lock_shared")->Mode, LockMode::Shared);
  EXPECT_EQ(findLockMember("try_lock")->Effect, LockEffect::TryAcquire);
  const LockFunction *TryLock = findLockFunction("pthread_mutex_trylock");
  ASSERT_NE(TryLock, nullptr);
  EXPECT_TRUE(TryLock->SuccessIsZero);
  EXPECT_EQ(findLockFunction("std::lock")->MutexArg, AllArgs);
}

// Each table names each entry once.
template <typename Row, typename GetName>
void expectUnique(llvm::ArrayRef<Row> Rows, GetName Name) {
  llvm::StringSet<> Seen;
  for (const Row &R : Rows)
    EXPECT_TRUE(Seen.insert(Name(R)).second) << "duplicate " << Name(R).str();
}

TEST(ModelTest, TablesHaveNoDuplicates) {
  auto Qualified = [](const auto &R) { return R.QualifiedName; };
  auto Plain = [](const auto &R) { return R.Name; };
  expectUnique(threadHandleTypes(), Qualified);
  expectUnique(owningContainers(), Qualified);
  expectUnique(mutexTypes(), Qualified);
  expectUnique(guardTypes(), Qualified);
  expectUnique(lockFunctions(), Qualified);
  expectUnique(guardTagTypes(), Qualified);
  expectUnique(threadHandleMembers(), Plain);
  expectUnique(lockMembers(), Plain);
  expectUnique(containerInsertions(), Plain);
}

} // namespace

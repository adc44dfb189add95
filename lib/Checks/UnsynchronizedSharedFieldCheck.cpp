//===--- UnsynchronizedSharedFieldCheck.cpp - conc-unsynchronized-shared-field ===//

#include "UnsynchronizedSharedFieldCheck.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "clang/AST/DeclCXX.h"

using namespace clang;

namespace conctidy {

namespace {

/// Types that synchronize themselves or that no one writes: atomics, locks,
/// condition variables, once flags, thread handles and the like.
bool isSynchronizationType(QualType T, FunctionSummaries &Sums) {
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  // A smart pointer is data: the pointer races, whatever its pointee locks.
  if (!RD || isSmartPointer(RD))
    return false;
  if (Sums.isLockableType(T) || Sums.isGuardClass(*RD) ||
      model::findThreadHandleType(qualifiedName(*RD)))
    return true;
  // A condition variable of the project's own (wait and notify members),
  // or an object that locks itself (a thread-safe queue, a mailbox).
  if (RD->hasDefinition()) {
    bool Waits = false, Notifies = false;
    for (const CXXMethodDecl *M : RD->getDefinition()->methods())
      if (M->getIdentifier()) {
        StringRef N = M->getName();
        Waits |= N == "wait" || N == "Wait" || N == "timedwait";
        Notifies |= N.starts_with("notify") || N.starts_with("Notify") ||
                    N == "broadcast" || N == "signal" || N == "Signal" ||
                    N == "SignalAll";
      }
    if ((Waits && Notifies) || classHasLock(*RD->getDefinition(), Sums))
      return true;
    // A class of atomics only (a set of relaxed counters) is thread-safe;
    // so is a lock-free structure, whose members synchronize through an
    // atomic of its own (zeromq's single-reader `ypipe_t`): its member
    // calls are its protocol, not data the lock must guard.
    bool Fields = false, AllAtomic = true, AnyAtomic = false;
    for (const FieldDecl *F : RD->getDefinition()->fields()) {
      Fields = true;
      QualType FT = F->getType();
      while (const ArrayType *AT = FT->getAsArrayTypeUnsafe())
        FT = AT->getElementType();
      const CXXRecordDecl *FR = FT->getAsCXXRecordDecl();
      bool Synchronized =
          FT->isAtomicType() ||
          (FR && !model::findThreadHandleType(qualifiedName(*FR)) &&
           isSynchronizationType(FT, Sums));
      AnyAtomic |= Synchronized;
      AllAtomic &= Synchronized || FT.isConstQualified();
    }
    if (Fields && (AllAtomic || AnyAtomic))
      return true;
  }
  // A class derived from an atomic (abseil's counters).
  if (RD->hasDefinition())
    for (const CXXBaseSpecifier &Base : RD->getDefinition()->bases())
      if (isSynchronizationType(Base.getType(), Sums))
        return true;
  if (!RD->getIdentifier())
    return false;
  StringRef Name = RD->getName();
  return Name.starts_with("atomic") || Name == "condition_variable" ||
         Name == "condition_variable_any" || Name == "once_flag" ||
         Name == "counting_semaphore" || Name == "latch" ||
         Name == "barrier" || Name == "QAtomicInt" || Name == "QAtomicPointer" ||
         Name == "QWaitCondition" || Name == "Notification" ||
         Name == "CondVar";
}

} // namespace

bool UnsynchronizedSharedFieldCheck::isTargetType(
    QualType T, FunctionSummaries &Sums) const {
  if (T.isNull() || T->isDependentType() || T.isConstQualified() ||
      T->isReferenceType() || T.isVolatileQualified())
    return false;
  // Containers are the map check's.
  if (isSharedContainer(T) || isSynchronizationType(T, Sums))
    return false;
  if (const auto *AT = T->getAs<AtomicType>())
    return (void)AT, false;
  return true;
}

} // namespace conctidy

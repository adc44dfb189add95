//===--- ConcTidyModule.cpp - The `conc` clang-tidy module ----------------===//
//
// Registers the conc-* checks with clang-tidy's module registry. Loaded into
// clang-tidy-22 with -load (the plugin), or linked into the conctidy CLI.
//
//===----------------------------------------------------------------------===//

#include "DanglingTaskCaptureCheck.h"
#include "JoinUnderLockCheck.h"
#include "LockOrderInversionCheck.h"
#include "RuntimeSharedAcrossTasksCheck.h"
#include "SelfDeadlockCheck.h"
#include "UnjoinedThreadCheck.h"
#include "UnreceivedChannelSendCheck.h"
#include "UnsynchronizedSharedFieldCheck.h"
#include "UnsynchronizedSharedMapCheck.h"
#include "clang-tidy/ClangTidyModule.h"

namespace conctidy {

class ConcModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(
      clang::tidy::ClangTidyCheckFactories &CheckFactories) override {
    CheckFactories.registerCheck<DanglingTaskCaptureCheck>(
        "conc-dangling-task-capture");
    CheckFactories.registerCheck<JoinUnderLockCheck>("conc-join-under-lock");
    CheckFactories.registerCheck<LockOrderInversionCheck>(
        "conc-lock-order-inversion");
    CheckFactories.registerCheck<RuntimeSharedAcrossTasksCheck>(
        "conc-runtime-shared-across-tasks");
    CheckFactories.registerCheck<SelfDeadlockCheck>("conc-self-deadlock");
    CheckFactories.registerCheck<UnjoinedThreadCheck>("conc-unjoined-thread");
    CheckFactories.registerCheck<UnreceivedChannelSendCheck>(
        "conc-unreceived-channel-send");
    CheckFactories.registerCheck<UnsynchronizedSharedFieldCheck>(
        "conc-unsynchronized-shared-field");
    CheckFactories.registerCheck<UnsynchronizedSharedMapCheck>(
        "conc-unsynchronized-shared-map");
  }
};

} // namespace conctidy

static clang::tidy::ClangTidyModuleRegistry::Add<conctidy::ConcModule>
    X("conctidy-module", "Concurrency bug checks (conctidy).");

// Referenced by the conctidy CLI so that the linker keeps this object file.
// NOLINTNEXTLINE(misc-use-internal-linkage)
volatile int ConcTidyModuleAnchorSource = 0;

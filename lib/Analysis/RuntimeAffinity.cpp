//===--- RuntimeAffinity.cpp - Runtime objects used on other threads ------===//

#include "conctidy/Analysis/RuntimeAffinity.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Analysis/LockSet.h"
#include "conctidy/Analysis/RuntimeUseSummary.h"
#include "conctidy/Analysis/SummaryFile.h"
#include "conctidy/Model/Lookup.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <memory>

using namespace clang;

namespace conctidy {

//===----------------------------------------------------------------------===//
// Which runtime a type belongs to
//===----------------------------------------------------------------------===//

static bool hasAffineAnnotation(const Decl &D) {
  for (const auto *A : D.specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == model::ThreadAffineAnnotation)
      return true;
  return false;
}

const model::Runtime *AffinityClassifier::classRuntime(const CXXRecordDecl &RD,
                                                       unsigned Depth) {
  std::string Names[2] = {qualifiedName(RD), ""};
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(&RD))
    Names[1] = qualifiedName(*Spec->getSpecializedTemplate());
  for (const std::string &N : Names)
    if (!N.empty() && model::findNativeWrapper(N))
      return nullptr;
  for (const std::string &N : Names) {
    if (N.empty())
      continue;
    if (const model::ThreadAffineType *T = model::findThreadAffineType(N))
      if (Depth == 0 || T->Subclasses)
        return model::findRuntime(T->Runtime);
    if (llvm::is_contained(Options.ExtraAffineTypes, N))
      return model::findRuntime(model::UserRuntimeName);
  }
  if (hasAffineAnnotation(RD))
    return model::findRuntime(model::UserRuntimeName);
  if (Depth > 6 || !RD.hasDefinition())
    return nullptr;
  for (const CXXBaseSpecifier &B : RD.bases())
    if (const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl())
      if (const model::Runtime *R = classRuntime(*Base, Depth + 1))
        return R;
  return nullptr;
}

const model::Runtime *AffinityClassifier::runtimeOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType().getCanonicalType();
  const Type *Key = T.getTypePtr();
  auto It = Cache.find(Key);
  if (It != Cache.end())
    return It->second;
  const model::Runtime *R = nullptr;
  QualType U = T;
  if (const auto *PT = U->getAs<PointerType>())
    U = PT->getPointeeType();
  if (!U->isDependentType()) {
    if (const CXXRecordDecl *CRD = U->getAsCXXRecordDecl()) {
      R = classRuntime(*CRD, 0);
    } else if (const RecordDecl *RD = U->getAsRecordDecl()) {
      // C: no classes, no bases.
      if (const model::ThreadAffineType *Row =
              model::findThreadAffineType(qualifiedName(*RD)))
        R = model::findRuntime(Row->Runtime);
      else if (hasAffineAnnotation(*RD))
        R = model::findRuntime(model::UserRuntimeName);
    }
  }
  Cache[Key] = R;
  return R;
}

bool AffinityClassifier::isUserGuard(const CXXRecordDecl &RD) const {
  return !Options.ExtraGuardTypes.empty() &&
         llvm::is_contained(Options.ExtraGuardTypes, qualifiedName(RD));
}

namespace {

//===----------------------------------------------------------------------===//
// The analysis of one task
//===----------------------------------------------------------------------===//

/// Whether \p Name starts with one of the runtime's API prefixes.
bool isApiName(StringRef Name, const model::Runtime &R) {
  llvm::SmallVector<StringRef, 4> Prefixes;
  R.ApiPrefixes.split(Prefixes, ';', -1, false);
  for (StringRef P : Prefixes) {
    P.consume_front("::");
    if (Name.starts_with(P))
      return true;
  }
  return false;
}

bool isAnyApiName(StringRef Name) {
  return llvm::any_of(model::runtimes(), [&](const model::Runtime &R) {
    return isApiName(Name, R);
  });
}

/// Whether \p D is the program's own member of a subclass of a runtime
/// type whose subclass members are native (a QWidget subclass's field or
/// method), so using it is no use of the runtime's object.
bool nativeMember(const Decl *D, const model::Runtime &R,
                  const SourceManager &SM) {
  return R.SubclassMembersAreNative && D &&
         !SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation()));
}

/// Whether \p T points to (or is) \p Class or a class derived from it.
bool pointsToClass(QualType T, StringRef Class) {
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  Class.consume_front("::");
  if (qualifiedName(*RD) == Class)
    return true;
  return !RD->forallBases(
      [&](const CXXRecordDecl *Base) { return qualifiedName(*Base) != Class; });
}

/// The bridge row for call \p C of \p Name, when its conditions hold (a
/// context object is given, no Qt::DirectConnection).
const model::Bridge *bridgeCall(const CallExpr &C, StringRef Name) {
  const model::Bridge *B = model::findBridge(Name);
  if (!B)
    return nullptr;
  if (!B->NeedsContextOf.empty() &&
      llvm::none_of(C.arguments(), [&](const Expr *A) {
        return pointsToClass(A->IgnoreParenImpCasts()->getType(),
                             B->NeedsContextOf);
      }))
    return nullptr;
  if (!B->UnlessArgument.empty())
    for (const Expr *A : C.arguments())
      if (const auto *DRE = dyn_cast<DeclRefExpr>(A->IgnoreParenImpCasts()))
        if (const auto *EC = dyn_cast<EnumConstantDecl>(DRE->getDecl()))
          if (model::sameQualifiedName(B->UnlessArgument, qualifiedName(*EC)))
            return nullptr;
  return B;
}

/// The parameter of \p FD (the definition's, when there is one) that
/// receives argument \p I of \p C.
const ParmVarDecl *parameterFor(const FunctionDecl &FD, const CallExpr &C,
                                unsigned I) {
  const FunctionDecl *Def = FD.getDefinition() ? FD.getDefinition() : &FD;
  if (isa<CXXOperatorCallExpr>(C) && isa<CXXMethodDecl>(Def)) {
    if (I == 0)
      return nullptr; // The object.
    --I;
  }
  return I < Def->getNumParams() ? Def->getParamDecl(I) : nullptr;
}

/// What a task reaches an object through.
struct Root {
  bool Outside = false;
  bool Global = false;
  /// The object's identity: the outermost member or method, else the
  /// variable, else the class of `this`.
  const Decl *Key = nullptr;
  /// The variable at the root, if the root is one.
  const VarDecl *Var = nullptr;
  /// Where an object from outside comes from, in the terms of the frame's
  /// function (through local aliases): its parameter, `this`, a global.
  int Param = -1;
  bool ViaThis = false;
  bool ViaGlobal = false;
};

/// One function of the task: the task body itself, or one it calls.
struct Frame {
  const FunctionDecl *Fn = nullptr;
  /// The function's runtime-use summary is being computed: uses are noted
  /// by their source (parameter, `this`, global), the caller decides.
  bool Summary = false;
  bool AllParamsOutside = false;
  llvm::SmallPtrSet<const ParmVarDecl *, 4> OutsideParams;
  bool ThisOutside = false;
  /// Runtimes whose guard the caller holds at the call.
  llvm::SmallPtrSet<const model::Runtime *, 2> GuardedAtEntry;
  /// For parameters bound to a variable of the spawning function: that
  /// variable (Owned runtimes compare the spawner's uses with it).
  llvm::DenseMap<const ParmVarDecl *, const VarDecl *> Origin;

  std::unique_ptr<ParentMap> PM;
  std::optional<llvm::DenseMap<const Decl *, SourceLocation>> FirstRebind;
  /// The runtimes' capabilities held per path (LockSet.h), made on the
  /// first question.
  std::unique_ptr<LockSetAnalysis> Locks;
  llvm::DenseMap<const VarDecl *, Root> AliasMemo;

  ParentMap &parents() {
    if (!PM)
      PM = std::make_unique<ParentMap>(Fn->getBody());
    return *PM;
  }
};

/// A finding of a task before the spawner-side checks of Owned runtimes.
struct Candidate {
  AffinityFinding Finding;
  const Decl *Origin = nullptr;
  /// Owned runtimes: the program's locks the task holds at the use (or at
  /// the call that leads to it).
  llvm::SmallVector<HeldLock, 2> Locks;
  /// In a summary: where the object comes from, and whether the caller's
  /// guard decides.
  RuntimeUse::Source From = RuntimeUse::Source::Param;
  unsigned Param = 0;
  bool NeedsCallerGuard = false;
};

class TaskAnalyzer {
public:
  TaskAnalyzer(ASTContext &Context, AffinityClassifier &Classifier,
               const AffinityOptions &Options, FunctionSummaries &Sums)
      : Context(Context), SM(Context.getSourceManager()),
        Classifier(Classifier), Options(Options), Sums(Sums) {}

  /// Analyzes the task whose code is \p Body; \p Task is its spawn, if any.
  std::vector<Candidate> run(const FunctionDecl &Body,
                             const std::optional<Spawn> &Task);
  /// The runtime-use summary of \p Def (RuntimeUseSummary.h).
  RuntimeUseSummary summarize(const FunctionDecl &Def);

  /// Whether \p E (an object of runtime \p R) is used at this place in
  /// \p F: called, dereferenced, or passed to the runtime's API.
  /// \p DefinedCallsCount: passing it to a function defined in the
  /// translation unit counts too.
  bool isUse(const Expr *E, Frame &F, const model::Runtime &R,
             bool DefinedCallsCount = false);
  Root rootOf(const Expr *E, Frame &F, unsigned Depth = 0);
  bool before(SourceLocation A, SourceLocation B) const {
    return SM.isBeforeInTranslationUnit(SM.getExpansionLoc(A),
                                        SM.getExpansionLoc(B));
  }
  const model::Runtime *kindAdjusted(const model::Runtime *R,
                                     model::Affinity &Kind) const {
    Kind = R->Kind;
    if (R->Name == model::UserRuntimeName && !Options.ExtraGuardTypes.empty())
      Kind = model::Affinity::Guarded;
    return R;
  }

private:
  void walk(const Stmt *S, Frame &F);
  void checkReference(const Expr *E, Frame &F);
  void follow(const CallExpr &C, Frame &F);
  /// `delete p`: the destructor's uses, with `this` as \p p.
  void followDestructor(const clang::CXXDeleteExpr &D, Frame &F);
  void enter(const FunctionDecl &Callee, const Expr *Object,
             llvm::ArrayRef<const Expr *> Args, const Expr &Site, Frame &F);
  /// A callee defined in another translation unit: its uses from the
  /// linked summaries (SummaryFile.h).
  void enterLinked(const FunctionDecl &Callee,
                   llvm::ArrayRef<PortableRuntimeUse> Uses, const Expr *Object,
                   llvm::ArrayRef<const Expr *> Args, const Expr &Site,
                   Frame &F);
  /// \p E as written, when it is short and not a macro; else "".
  std::string spelled(const Expr *E) const;
  bool varOutside(const VarDecl &V, Frame &F, Root &R, unsigned Depth);
  bool reboundBefore(const Decl *Key, const Expr *Use, Frame &F);
  /// Whether the runtime's guard is held at \p At on every path, for the
  /// object \p Of when the guard is per object (see guardedObject; null:
  /// for any); \p Released: the function dropped it on every path to there.
  bool guarded(const Stmt *At, Frame &F, const model::Runtime &R,
               const ValueDecl *Of, bool *Released = nullptr);
  /// The object \p Arg passes to a callee's use of the runtime \p R, when
  /// the argument is that runtime's object itself (not one holding it).
  const ValueDecl *passedObject(const Expr *Arg, const model::Runtime &R);
  void note(Candidate C, const Root &Rt, Frame &F);
  const Decl *originOf(const Root &Rt, Frame &F);

public:
  /// The lock sets of \p F, made on the first question (null when the
  /// function has no CFG).
  LockSetAnalysis *locks(Frame &F);
  /// The program's own locks held on every path to \p At in \p F: not the
  /// runtimes' capabilities, nor (\p WithoutLocals, for a task) locks of
  /// the function's own locals: no other thread can hold those.
  llvm::SmallVector<HeldLock, 2> projectLocks(const Stmt *At, Frame &F,
                                              bool WithoutLocals = true);

  ASTContext &Context;
  const SourceManager &SM;
  AffinityClassifier &Classifier;
  const AffinityOptions &Options;
  FunctionSummaries &Sums;

  // Per task (or summary).
  llvm::SmallPtrSet<const Decl *, 8> Reported;
  std::vector<Candidate> Found;
};

bool declaredInside(const DeclContext *DC, const FunctionDecl *Fn) {
  for (; DC; DC = DC->getParent())
    if (DC == Fn)
      return true;
  return false;
}

bool TaskAnalyzer::varOutside(const VarDecl &V, Frame &F, Root &R,
                              unsigned Depth) {
  if (V.getTLSKind() != VarDecl::TLS_None)
    return false;
  if (V.hasGlobalStorage()) {
    R.Global = R.ViaGlobal = true;
    return true;
  }
  if (!declaredInside(V.getDeclContext(), F.Fn))
    return true; // Captured from the function that started the task.
  if (const auto *P = dyn_cast<ParmVarDecl>(&V)) {
    if (P->getDeclContext() == F.Fn) {
      R.Param = P->getFunctionScopeIndex();
      return F.AllParamsOutside || F.OutsideParams.count(P);
    }
    return false; // A parameter of a lambda inside the task.
  }
  // A local: an alias of something from outside?
  if (Depth > 4)
    return false;
  auto It = F.AliasMemo.find(&V);
  Root Init;
  if (It != F.AliasMemo.end()) {
    Init = It->second;
  } else {
    F.AliasMemo[&V] = Root();
    if (const Expr *E = V.getInit())
      Init = rootOf(E, F, Depth + 1);
    F.AliasMemo[&V] = Init;
  }
  R.Param = Init.Param;
  R.ViaThis = Init.ViaThis;
  R.ViaGlobal = Init.ViaGlobal;
  return Init.Outside;
}

Root TaskAnalyzer::rootOf(const Expr *E, Frame &F, unsigned Depth) {
  Root R;
  const Decl *Key = nullptr;
  for (unsigned Steps = 0; E && Steps < 16; ++Steps) {
    E = ignoreWrappers(E)->IgnoreParenCasts();
    if (const auto *M = dyn_cast<MemberExpr>(E)) {
      if (!Key)
        Key = M->getMemberDecl();
      E = M->getBase();
      continue;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      // A getter (`Env()`, `info.Env()`, `obj.ptr()`) returns what the
      // object holds; a call with arguments (`Global::Get(isolate)`) makes
      // a new object on this thread.
      if (MC->getNumArgs() > 0 &&
          !isa_and_nonnull<CXXConversionDecl>(MC->getMethodDecl()))
        return R;
      // A handle a guarded runtime makes for the caller
      // (`isolate->GetCurrentContext()`): the task's own, made on this
      // thread (whether the guard is held is the isolate's own question).
      if (const Expr *Obj = MC->getImplicitObjectArgument())
        if (const model::Runtime *ObjR = Classifier.runtimeOf(Obj->getType()))
          if (ObjR->Kind == model::Affinity::Guarded) {
            const model::Runtime *ResR = Classifier.runtimeOf(MC->getType());
            if (ResR && ResR != ObjR)
              return R;
          }
      if (!Key)
        Key = MC->getMethodDecl();
      E = MC->getImplicitObjectArgument();
      continue;
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() != UO_Deref && U->getOpcode() != UO_AddrOf)
        return R;
      E = U->getSubExpr();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
      continue;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      OverloadedOperatorKind Op = OC->getOperator();
      if ((Op == OO_Arrow || Op == OO_Star || Op == OO_Subscript) &&
          OC->getNumArgs() > 0) {
        E = OC->getArg(0);
        continue;
      }
      return R;
    }
    if (const auto *This = dyn_cast<CXXThisExpr>(E)) {
      R.Outside = F.ThisOutside;
      R.ViaThis = true;
      R.Key = Key ? Key : This->getType()->getPointeeCXXRecordDecl();
      return R;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
      if (!V)
        return R;
      R.Key = Key ? Key : V;
      R.Var = V;
      R.Outside = varOutside(*V, F, R, Depth);
      return R;
    }
    return R;
  }
  return R;
}

bool TaskAnalyzer::isUse(const Expr *E, Frame &F, const model::Runtime &R,
                         bool DefinedCallsCount) {
  ParentMap &PM = F.parents();
  const Stmt *Child = E;
  const Stmt *P = PM.getParent(E);
  // Climb through what does not use the value: parentheses, casts,
  // temporaries, copies, conversions (Napi::Value to napi_value).
  while (P) {
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(P)) {
      if (Cast->getType()->isVoidType())
        return false;
    } else if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
      // A copy, or a conversion to another of the runtime's types
      // (napi_env to Napi::Env): the same object.
      if (!(CE->getNumArgs() == 1 &&
            (CE->getConstructor()->isCopyOrMoveConstructor() ||
             Classifier.runtimeOf(CE->getType()) == &R)))
        break;
    } else if (const auto *M = dyn_cast<MemberExpr>(P)) {
      if (!isa<CXXConversionDecl>(M->getMemberDecl()))
        break;
      const Stmt *Call = PM.getParent(M);
      if (!Call || !isa<CXXMemberCallExpr>(Call))
        break;
      P = Call;
    } else if (!(isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P) ||
                 isa<MaterializeTemporaryExpr>(P) ||
                 isa<CXXBindTemporaryExpr>(P) || isa<ExprWithCleanups>(P))) {
      break;
    }
    Child = P;
    P = PM.getParent(P);
  }
  if (!P)
    return false;
  if (const auto *M = dyn_cast<MemberExpr>(P))
    return !nativeMember(M->getMemberDecl(), R, SM);
  if (const auto *U = dyn_cast<UnaryOperator>(P))
    return U->getOpcode() == UO_Deref;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P)) {
    if (OC->getNumArgs() == 0 || OC->getArg(0) != Child)
      return false;
    switch (OC->getOperator()) {
    case OO_Equal:
    case OO_EqualEqual:
    case OO_ExclaimEqual:
    case OO_Exclaim:
    case OO_AmpAmp:
    case OO_PipePipe:
    case OO_Amp:
      return false;
    default:
      return true;
    }
  }
  if (const auto *C = dyn_cast<CallExpr>(P)) {
    if (C->getCallee() == Child)
      return false;
    const FunctionDecl *FD = C->getDirectCallee();
    if (!FD)
      return false;
    // Passed to a parameter that the callee never reads
    // (`OnExecute(Napi::Env /*DO_NOT_USE*/)`).
    for (unsigned I = 0; I < C->getNumArgs(); ++I)
      if (C->getArg(I) == Child)
        if (const ParmVarDecl *Parm = parameterFor(*FD, *C, I))
          if (!Parm->isReferenced() && FD->hasBody())
            return false;
    std::string Name = qualifiedName(*FD);
    // A bridge's arguments are never uses (a direct invokeMethod runs its
    // callable here, which the walk looks into).
    if (model::findBridge(Name) || model::findAffinityGuard(Name))
      return false;
    if (isApiName(Name, R))
      return true;
    return DefinedCallsCount && FD->hasBody();
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
    const CXXConstructorDecl *Ctor = CE->getConstructor();
    for (unsigned I = 0; I < CE->getNumArgs() && I < Ctor->getNumParams(); ++I)
      if (CE->getArg(I) == Child && Ctor->hasBody() &&
          !Ctor->getParamDecl(I)->isReferenced())
        return false;
    const CXXRecordDecl *Class = Ctor->getParent();
    std::string Name = qualifiedName(*Class);
    if (model::findAffinityGuard(Name) || model::findBridge(Name) ||
        Classifier.isUserGuard(*Class))
      return false;
    return isApiName(Name, R);
  }
  return false;
}

bool TaskAnalyzer::reboundBefore(const Decl *Key, const Expr *Use, Frame &F) {
  if (!F.FirstRebind) {
    F.FirstRebind.emplace();
    auto Note = [&](const Expr *Target, SourceLocation Loc) {
      Target = Target->IgnoreParenImpCasts();
      const Decl *D = nullptr;
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Target))
        D = DRE->getDecl();
      else if (const auto *M = dyn_cast<MemberExpr>(Target))
        D = M->getMemberDecl();
      if (!D)
        return;
      auto It = F.FirstRebind->find(D);
      if (It == F.FirstRebind->end() || before(Loc, It->second))
        (*F.FirstRebind)[D] = Loc;
    };
    llvm::SmallVector<const Stmt *, 32> Work{F.Fn->getBody()};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S)
        continue;
      if (const auto *B = dyn_cast<BinaryOperator>(S)) {
        if (B->getOpcode() == BO_Assign)
          Note(B->getLHS(), B->getOperatorLoc());
      } else if (const auto *U = dyn_cast<UnaryOperator>(S)) {
        if (U->getOpcode() == UO_AddrOf)
          Note(U->getSubExpr(), U->getOperatorLoc());
      } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S)) {
        if (OC->getOperator() == OO_Equal && OC->getNumArgs() == 2)
          Note(OC->getArg(0), OC->getOperatorLoc());
      }
      for (const Stmt *Child : S->children())
        Work.push_back(Child);
    }
  }
  auto It = F.FirstRebind->find(Key);
  return It != F.FirstRebind->end() && before(It->second, Use->getBeginLoc());
}

bool TaskAnalyzer::guarded(const Stmt *At, Frame &F, const model::Runtime &R,
                           const ValueDecl *Of, bool *Released) {
  if (R.Capability.empty())
    return F.GuardedAtEntry.count(&R);
  if (!locks(F))
    return F.GuardedAtEntry.count(&R);
  // In a lambda inside the function: what holds where the lambda is.
  ParentMap &PM = F.parents();
  for (const Stmt *S = At; S; S = PM.getParent(S))
    if (const LockState *Held = F.Locks->before(S)) {
      bool Holds = Held->holdsCapability(R.Capability, Of);
      if (Released)
        *Released = !Holds && Held->releasedCapability(R.Capability, Of);
      return Holds;
    }
  return true; // Unreachable.
}

const ValueDecl *TaskAnalyzer::passedObject(const Expr *Arg,
                                            const model::Runtime &R) {
  if (!Arg || Arg->isTypeDependent() ||
      Classifier.runtimeOf(Arg->getType()) != &R)
    return nullptr;
  return guardedObject(Arg);
}

LockSetAnalysis *TaskAnalyzer::locks(Frame &F) {
  if (!F.Locks) {
    LockState Entry;
    for (const model::Runtime *Held : F.GuardedAtEntry)
      if (!Held->Capability.empty())
        Entry.acquire(LockPath::capability(Held->Capability),
                      model::LockMode::Exclusive);
    F.Locks = std::make_unique<LockSetAnalysis>(*F.Fn, Context,
                                                std::move(Entry), &Sums);
  }
  return F.Locks->valid() ? F.Locks.get() : nullptr;
}

llvm::SmallVector<HeldLock, 2>
TaskAnalyzer::projectLocks(const Stmt *At, Frame &F, bool WithoutLocals) {
  llvm::SmallVector<HeldLock, 2> Out;
  LockSetAnalysis *L = locks(F);
  if (!L)
    return Out;
  ParentMap &PM = F.parents();
  for (const Stmt *S = At; S; S = PM.getParent(S))
    if (const LockState *Held = L->before(S)) {
      for (const HeldLock &H : Held->held()) {
        if (H.Path.Root == LockPath::RootKind::Capability)
          continue;
        if (const auto *RV = dyn_cast_or_null<VarDecl>(H.Path.RootDecl))
          if (WithoutLocals && H.Path.Root == LockPath::RootKind::Variable &&
              !RV->hasGlobalStorage() &&
              declaredInside(RV->getDeclContext(), F.Fn))
            continue;
        Out.push_back(H);
      }
      break;
    }
  return Out;
}

const Decl *TaskAnalyzer::originOf(const Root &Rt, Frame &F) {
  // A member of `this` (`L`, `this->L`): the object the spawner shares.
  if (!Rt.Var && Rt.ViaThis && Rt.Key && isa<FieldDecl>(Rt.Key) && !F.Summary)
    return Rt.Key;
  if (!Rt.Var || Rt.Key != Rt.Var)
    return nullptr;
  if (const auto *P = dyn_cast<ParmVarDecl>(Rt.Var))
    if (P->getDeclContext() == F.Fn)
      return F.Origin.lookup(P);
  if (Rt.Global || !declaredInside(Rt.Var->getDeclContext(), F.Fn))
    return Rt.Var;
  return nullptr;
}

void TaskAnalyzer::checkReference(const Expr *E, Frame &F) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (!isa<VarDecl>(DRE->getDecl()))
      return;
  } else if (!isa<MemberExpr>(E) && !isa<CXXMemberCallExpr>(E) &&
             !isa<CXXThisExpr>(E)) {
    return;
  }
  if (E->isTypeDependent())
    return;
  const model::Runtime *R = Classifier.runtimeOf(E->getType());
  if (!R)
    return;
  // `Options.Get("x")`, `Receiver().Value()`, `Env()` converted to napi_env:
  // the object reached first is the one to report.
  const Expr *Sub = nullptr;
  if (const auto *M = dyn_cast<MemberExpr>(E))
    Sub = M->getBase();
  else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    Sub = MC->getImplicitObjectArgument();
  if (Sub)
    if (const model::Runtime *SubR =
            Classifier.runtimeOf(ignoreWrappers(Sub)->getType())) {
      const Decl *Member = isa<MemberExpr>(E)
                               ? cast<MemberExpr>(E)->getMemberDecl()
                               : cast<CXXMemberCallExpr>(E)->getMethodDecl();
      if (!nativeMember(Member, *SubR, SM))
        return;
    }
  Root Rt = rootOf(E, F);
  if (!Rt.Outside || !Rt.Key || Reported.count(Rt.Key))
    return;
  if (!isUse(E, F, *R) || reboundBefore(Rt.Key, E, F))
    return;
  model::Affinity Kind;
  kindAdjusted(R, Kind);
  bool Released = false;
  if (Kind == model::Affinity::Guarded &&
      guarded(E, F, *R, guardedObject(E), &Released))
    return;
  Candidate C;
  C.NeedsCallerGuard =
      F.Summary && Kind == model::Affinity::Guarded && !Released;
  if (Kind == model::Affinity::Owned) {
    // In a summary, a parameter's origin is the caller's to say.
    if (!F.Summary || Rt.Param < 0) {
      C.Origin = originOf(Rt, F);
      if (!C.Origin)
        return;
    }
    C.Finding.Why = AffinityFinding::Reason::SharedOwner;
    if (!F.Summary)
      C.Locks = projectLocks(E, F);
  }
  Reported.insert(Rt.Key);
  AffinityFinding &Out = C.Finding;
  Out.Runtime = R;
  Out.Object = Rt.Key;
  // The declared type (a by-copy capture is const in the lambda).
  const auto *VD = dyn_cast<ValueDecl>(Rt.Key);
  Out.Type = VD && !isa<FunctionDecl>(VD) ? VD->getType()
                                          : E->getType().getUnqualifiedType();
  Out.Use = E;
  Out.Global = Rt.Global;
  // The name as written, when it is short and not a macro.
  Out.Name = spelled(E);
  if (Out.Name.empty()) {
    if (const auto *ND = dyn_cast<NamedDecl>(Rt.Key))
      Out.Name = ND->getNameAsString();
    else
      Out.Name = "this";
  }
  note(std::move(C), Rt, F);
}

std::string TaskAnalyzer::spelled(const Expr *E) const {
  if (isa<CXXThisExpr>(E))
    return "this";
  if (!E->getBeginLoc().isFileID() || !E->getEndLoc().isFileID())
    return "";
  StringRef Text =
      Lexer::getSourceText(CharSourceRange::getTokenRange(E->getSourceRange()),
                           SM, Context.getLangOpts());
  if (Text.empty() || Text.size() > 40 || Text.contains('\n'))
    return "";
  return Text.str();
}

void TaskAnalyzer::enterLinked(const FunctionDecl &Callee,
                               llvm::ArrayRef<PortableRuntimeUse> Uses,
                               const Expr *Object,
                               llvm::ArrayRef<const Expr *> Args,
                               const Expr &Site, Frame &F) {
  std::string Name = qualifiedName(Callee);
  if (isAnyApiName(Name) || model::findBridge(Name) ||
      model::findAffinityGuard(Name))
    return;
  for (const PortableRuntimeUse &U : Uses) {
    const model::Runtime *R = model::findRuntime(U.Runtime);
    if (!R)
      continue;
    Root Arg;
    const Expr *ArgExpr = nullptr;
    switch (U.From) {
    case 'p':
      if (U.Param >= Args.size())
        continue;
      ArgExpr = Args[U.Param];
      Arg = rootOf(ArgExpr, F);
      break;
    case 't':
      if (!Object)
        continue;
      Arg = rootOf(Object, F);
      break;
    default:
      // A global: its owner is not known here, so only a wrong-thread use
      // is reported.
      if (U.SharedOwner)
        continue;
      Arg.Outside = Arg.Global = Arg.ViaGlobal = true;
      break;
    }
    const Decl *Key = Arg.Key && U.From != 'g' ? Arg.Key : &Callee;
    if (!Arg.Outside || Reported.count(Key))
      continue;
    bool Released = false;
    if (U.NeedsCallerGuard &&
        guarded(&Site, F, *R, passedObject(ArgExpr, *R), &Released))
      continue;
    Candidate C;
    C.NeedsCallerGuard = U.NeedsCallerGuard && !Released;
    AffinityFinding &Out = C.Finding;
    Out.Runtime = R;
    Out.Object = Key;
    Out.Use = &Site;
    Out.Global = U.From == 'g';
    Out.RemoteUse = U.Where;
    Out.RemoteName = U.Name;
    if (ArgExpr) {
      Out.Type = ArgExpr->getType().getUnqualifiedType();
      Out.Name = spelled(ignoreWrappers(ArgExpr)->IgnoreParenImpCasts());
    }
    if (Out.Name.empty())
      Out.Name = U.Name;
    if (Out.Type.isNull())
      Out.RemoteType = U.Type;
    if (U.SharedOwner) {
      Out.Why = AffinityFinding::Reason::SharedOwner;
      if (!F.Summary || Arg.Param < 0)
        C.Origin = originOf(Arg, F);
      if (!C.Origin && !(F.Summary && Arg.Param >= 0))
        continue;
      if (!F.Summary)
        C.Locks = projectLocks(&Site, F);
    }
    if (!F.Summary) {
      Out.CallInTask = &Site;
      Out.CalleeInTask = &Callee;
    }
    Reported.insert(Key);
    note(std::move(C), Arg, F);
  }
}

void TaskAnalyzer::note(Candidate C, const Root &Rt, Frame &F) {
  if (F.Summary) {
    if (Rt.Param >= 0) {
      C.From = RuntimeUse::Source::Param;
      C.Param = Rt.Param;
    } else if (Rt.ViaThis) {
      C.From = RuntimeUse::Source::This;
    } else if (Rt.ViaGlobal) {
      C.From = RuntimeUse::Source::Global;
    } else {
      return;
    }
  }
  Found.push_back(std::move(C));
}

void TaskAnalyzer::followDestructor(const CXXDeleteExpr &D, Frame &F) {
  const CXXRecordDecl *RD = D.getDestroyedType()->getAsCXXRecordDecl();
  const CXXDestructorDecl *Dtor =
      RD && RD->hasDefinition() ? RD->getDestructor() : nullptr;
  if (Dtor)
    enter(*Dtor, D.getArgument(), {}, D, F);
}

void TaskAnalyzer::follow(const CallExpr &C, Frame &F) {
  if (isa<CXXOperatorCallExpr>(C))
    return;
  const FunctionDecl *FD = C.getDirectCallee();
  if (!FD)
    return;
  const Expr *Object = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&C))
    Object = MC->getImplicitObjectArgument();
  llvm::ArrayRef<const Expr *> Args(C.getArgs(), C.getNumArgs());
  if (!Sums.dispatchesVirtually(C)) {
    enter(*FD, Object, Args, C, F);
    return;
  }
  // A virtual call may run any of the overriders the summaries see.
  for (const FunctionDecl *Target : Sums.targets(C).Defs)
    enter(*Target, Object, Args, C, F);
}

void TaskAnalyzer::enter(const FunctionDecl &Target, const Expr *Object,
                         llvm::ArrayRef<const Expr *> Args, const Expr &Site,
                         Frame &F) {
  const FunctionDecl *FD = &Target;
  if (const auto *M = dyn_cast<CXXMethodDecl>(FD))
    if (M->getParent()->isLambda())
      return;
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def || !Def->getBody()) {
    if (!SM.isInSystemHeader(FD->getLocation()))
      if (const PortableSummary *P = Sums.linked(*FD))
        if (!P->RuntimeUses.empty())
          enterLinked(*FD, P->RuntimeUses, Object, Args, Site, F);
    return;
  }
  if (SM.isInSystemHeader(Def->getLocation()) || Def->isDependentContext() ||
      isInTemplateInstantiation(*Def) || Def == F.Fn)
    return;
  std::string Name = qualifiedName(*FD);
  if (isAnyApiName(Name) || model::findBridge(Name) ||
      model::findAffinityGuard(Name))
    return;
  // What the callee uses, at any depth, from its summary; mapped onto this
  // call's object and arguments.
  const RuntimeUseSummary &Uses =
      Sums.runtimeUses().get(*Def, [&](const FunctionDecl &D) {
        TaskAnalyzer Callee(Context, Classifier, Options, Sums);
        return Callee.summarize(D);
      });
  for (const RuntimeUse &U : Uses.Uses) {
    Root Arg;
    const Expr *ArgExpr = nullptr;
    switch (U.From) {
    case RuntimeUse::Source::Param:
      if (U.Param >= Args.size())
        continue;
      ArgExpr = Args[U.Param];
      Arg = rootOf(ArgExpr, F);
      break;
    case RuntimeUse::Source::This:
      if (!Object)
        continue;
      Arg = rootOf(Object, F);
      break;
    case RuntimeUse::Source::Global:
      Arg.Outside = Arg.Global = Arg.ViaGlobal = true;
      break;
    }
    if (!Arg.Outside || Reported.count(U.Finding.Object))
      continue;
    bool Released = false;
    if (U.NeedsCallerGuard &&
        guarded(&Site, F, *U.Finding.Runtime,
                passedObject(ArgExpr, *U.Finding.Runtime), &Released))
      continue;
    Candidate C;
    C.Finding = U.Finding;
    C.NeedsCallerGuard = U.NeedsCallerGuard && !Released;
    if (U.Finding.Why == AffinityFinding::Reason::SharedOwner) {
      if (U.From == RuntimeUse::Source::Global)
        C.Origin = dyn_cast_or_null<VarDecl>(U.Finding.Object);
      else if (!F.Summary || Arg.Param < 0)
        C.Origin = originOf(Arg, F);
      if (!C.Origin && !(F.Summary && Arg.Param >= 0))
        continue;
      if (!F.Summary)
        C.Locks = projectLocks(&Site, F);
    }
    if (!F.Summary) {
      C.Finding.CallInTask = &Site;
      C.Finding.CalleeInTask = Def;
    }
    Reported.insert(U.Finding.Object);
    note(std::move(C), Arg, F);
  }
}

void TaskAnalyzer::walk(const Stmt *S, Frame &F) {
  if (!S)
    return;
  if (const auto *E = dyn_cast<Expr>(S)) {
    if (isa<CallExpr>(E) || isa<CXXConstructExpr>(E)) {
      // A task started from the task is analyzed on its own.
      if (std::optional<Spawn> Nested = asSpawn(*E, Options.Spawns)) {
        for (const Stmt *Child : E->children())
          if (Child != Nested->Callable)
            walk(Child, F);
        return;
      }
    }
    if (const auto *C = dyn_cast<CallExpr>(E)) {
      // A lambda given to a bridge runs on the runtime's own thread.
      if (const FunctionDecl *FD = C->getDirectCallee())
        if (bridgeCall(*C, qualifiedName(*FD))) {
          for (const Stmt *Child : E->children())
            if (!isa_and_nonnull<LambdaExpr>(
                    Child ? ignoreWrappers(cast<Expr>(Child)) : nullptr))
              walk(Child, F);
          return;
        }
    }
    checkReference(E, F);
    if (const auto *C = dyn_cast<CallExpr>(E))
      follow(*C, F);
    else if (const auto *D = dyn_cast<CXXDeleteExpr>(E))
      followDestructor(*D, F);
  }
  for (const Stmt *Child : S->children())
    walk(Child, F);
}

RuntimeUseSummary TaskAnalyzer::summarize(const FunctionDecl &Def) {
  Reported.clear();
  Found.clear();
  Frame F;
  F.Fn = &Def;
  F.Summary = true;
  F.AllParamsOutside = true;
  F.ThisOutside = true;
  walk(Def.getBody(), F);
  RuntimeUseSummary S;
  for (Candidate &C : Found) {
    RuntimeUse U;
    U.From = C.From;
    U.Param = C.Param;
    U.Finding = std::move(C.Finding);
    U.NeedsCallerGuard = C.NeedsCallerGuard;
    S.Uses.push_back(std::move(U));
  }
  return S;
}

std::vector<Candidate> TaskAnalyzer::run(const FunctionDecl &Body,
                                         const std::optional<Spawn> &Task) {
  Reported.clear();
  Found.clear();
  Frame F;
  F.Fn = &Body;
  F.AllParamsOutside = true;
  F.ThisOutside = true;
  if (Task) {
    // The spawn's data arguments reach the last parameters.
    unsigned NP = Body.getNumParams(), ND = Task->Data.size();
    for (unsigned I = 0; I < ND && I < NP; ++I)
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(ignoreWrappers(Task->Data[I])))
        if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
          F.Origin[Body.getParamDecl(NP - ND + I)] = V;
  }
  walk(Body.getBody(), F);
  return std::move(Found);
}

/// Whether a spawn's future is discarded, so that its destructor waits for
/// the task at once (std::async).
bool resultDiscarded(const Expr &Site, ParentMap &PM) {
  const Stmt *P = PM.getParent(&Site);
  while (P && (isa<ImplicitCastExpr>(P) || isa<MaterializeTemporaryExpr>(P) ||
               isa<CXXBindTemporaryExpr>(P) || isa<ExprWithCleanups>(P)))
    P = PM.getParent(P);
  return !P || isa<CompoundStmt>(P);
}

bool isWaitCall(const Stmt *S) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
    if (const CXXMethodDecl *M = MC->getMethodDecl())
      if (M->getIdentifier())
        return llvm::is_contained(
            {"join", "get", "wait", "waitForFinished", "result", "wait_for"},
            M->getName());
  if (const auto *C = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *FD = C->getDirectCallee())
      if (FD->getIdentifier())
        return llvm::is_contained({"pthread_join", "thrd_join"}, FD->getName());
  return false;
}

/// Whether two uses holding \p A and \p B exclude each other: they hold a
/// lock in common, and not both in shared mode.
bool exclusive(llvm::ArrayRef<HeldLock> A, llvm::ArrayRef<HeldLock> B) {
  for (const HeldLock &X : A)
    for (const HeldLock &Y : B)
      if (X.Path == Y.Path && (X.Mode == model::LockMode::Exclusive ||
                               Y.Mode == model::LockMode::Exclusive))
        return true;
  return false;
}

/// How an Owned runtime's object is driven at the same time as a task's
/// use of it.
struct Concurrency {
  /// The other use (null: another copy of the task, started in a loop).
  const Expr *OtherUse = nullptr;
  /// The spawn of the other task OtherUse is in (null: the spawning thread).
  const Expr *OtherTask = nullptr;
  /// A lock one of the two holds and the other does not.
  std::string Lock;
  bool LockHeldHere = false;
};

/// Whether \p E is a use of \p Origin: the variable, or the member of
/// `this`.
bool refersTo(const Stmt *S, const Decl &Origin) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    return DRE->getDecl() == &Origin;
  if (const auto *M = dyn_cast<MemberExpr>(S))
    return M->getMemberDecl() == &Origin &&
           isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts());
  return false;
}

/// For an Owned runtime's object \p Origin that the task \p Task (one of
/// \p Spawns of the spawning function) uses holding \p TaskLocks: whether
/// the spawning thread, another task it starts, or another copy of the
/// task, may drive it at the same time without a lock in common.
std::optional<Concurrency>
drivenConcurrently(const Spawn &Task, llvm::ArrayRef<Spawn> Spawns,
                   const Decl &Origin, llvm::ArrayRef<HeldLock> TaskLocks,
                   const model::Runtime &R, Frame &SpawnerFrame,
                   TaskAnalyzer &A) {
  ParentMap &PM = SpawnerFrame.parents();
  // Started in a loop around the object: several tasks share it, unless
  // every copy holds the same lock.
  if (TaskLocks.empty())
    for (const Stmt *P = PM.getParent(Task.Site); P; P = PM.getParent(P))
      if (isLoop(P) && !(A.before(P->getBeginLoc(), Origin.getLocation()) &&
                         A.before(Origin.getLocation(), P->getEndLoc())))
        return Concurrency();
  if (Task.FutureWaits && resultDiscarded(*Task.Site, PM))
    return std::nullopt;
  // A use by the spawning thread (or a task it starts) after the spawn,
  // before it waits.
  SourceLocation SpawnEnd = Task.Site->getEndLoc();
  SourceLocation Wait;
  llvm::SmallVector<const Stmt *, 32> Work{SpawnerFrame.Fn->getBody()};
  llvm::SmallVector<const Expr *, 8> Uses;
  llvm::SmallVector<SourceLocation, 4> Waits;
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || S == Task.Callable)
      continue;
    if (isWaitCall(S)) {
      Waits.push_back(S->getBeginLoc());
      if (A.before(SpawnEnd, S->getBeginLoc()) &&
          (Wait.isInvalid() || A.before(S->getBeginLoc(), Wait)))
        Wait = S->getBeginLoc();
    }
    if (refersTo(S, Origin))
      Uses.push_back(cast<Expr>(S));
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  // Whether the spawning thread waits for something between \p From and
  // \p To.
  auto WaitsBetween = [&](SourceLocation From, SourceLocation To) {
    return llvm::any_of(Waits, [&](SourceLocation W) {
      return A.before(From, W) && A.before(W, To);
    });
  };
  llvm::sort(Uses, [&](const Expr *X, const Expr *Y) {
    return A.before(X->getBeginLoc(), Y->getBeginLoc());
  });
  // The lock sets of the lambdas the uses are in, one per lambda.
  llvm::DenseMap<const LambdaExpr *, std::unique_ptr<Frame>> Lambdas;
  std::optional<Concurrency> Unlocked, LockedApart;
  for (const Expr *U : Uses) {
    bool After = A.before(SpawnEnd, U->getBeginLoc());
    if (After && Wait.isValid() && A.before(Wait, U->getBeginLoc()))
      continue;
    if (!A.isUse(U, SpawnerFrame, R, /*DefinedCallsCount=*/true))
      continue;
    const LambdaExpr *In = nullptr;
    for (const Stmt *P = PM.getParent(U); P && !In; P = PM.getParent(P))
      In = dyn_cast<LambdaExpr>(P);
    Frame *UseFrame = &SpawnerFrame;
    Concurrency C;
    C.OtherUse = U;
    if (In) {
      std::unique_ptr<Frame> &Slot = Lambdas[In];
      if (!Slot) {
        Slot = std::make_unique<Frame>();
        Slot->Fn = In->getCallOperator();
      }
      UseFrame = Slot.get();
      for (const Spawn &Other : Spawns)
        if (Other.Callable &&
            ignoreWrappers(Other.Callable)->IgnoreParenCasts() == In)
          C.OtherTask = Other.Site;
    }
    // A use before the spawn counts when it is in another task still
    // running (not waited for in between).
    if (!After && (!C.OtherTask || WaitsBetween(C.OtherTask->getEndLoc(),
                                                Task.Site->getBeginLoc())))
      continue;
    llvm::SmallVector<HeldLock, 2> OtherLocks =
        A.projectLocks(U, *UseFrame, /*WithoutLocals=*/In != nullptr);
    if (exclusive(TaskLocks, OtherLocks))
      continue;
    // Two tasks, one of which takes a lock the other does not: reported at
    // the task without it; otherwise at the first of the two.
    if (C.OtherTask &&
        (TaskLocks.empty() == OtherLocks.empty() ? !After : !TaskLocks.empty()))
      continue;
    if (!TaskLocks.empty() || !OtherLocks.empty()) {
      C.LockHeldHere = !TaskLocks.empty();
      C.Lock =
          (C.LockHeldHere ? TaskLocks : OtherLocks).front().Path.spelling();
      if (!LockedApart)
        LockedApart = C;
    } else if (!Unlocked) {
      Unlocked = C;
    }
  }
  // A use that names a lock is the more useful evidence.
  return LockedApart ? LockedApart : Unlocked;
}

/// Collects the spawns in \p S (nested lambdas included).
void collectSpawns(const Stmt *S, const SpawnOptions &Options,
                   std::vector<Spawn> &Out) {
  if (!S)
    return;
  if (isa<CallExpr>(S) || isa<CXXConstructExpr>(S))
    if (std::optional<Spawn> Sp = asSpawn(*S, Options))
      Out.push_back(std::move(*Sp));
  for (const Stmt *Child : S->children())
    collectSpawns(Child, Options, Out);
}

/// The calls and guard variables in \p S that drop a runtime's capability
/// (PyEval_SaveThread, gil_scoped_release, v8::Unlocker), outside nested
/// lambdas; and the calls of the runtimes' APIs.
struct ReleaseScan {
  std::vector<std::pair<const Stmt *, const model::Runtime *>> Releases;
  std::vector<const CallExpr *> Calls;

  void scan(const Stmt *S) {
    if (!S)
      return;
    if (const auto *L = dyn_cast<LambdaExpr>(S)) {
      for (const Expr *Init : L->capture_inits())
        scan(Init);
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D))
          if (const CXXRecordDecl *RD = V->getType()->getAsCXXRecordDecl())
            if (RD->getIdentifier())
              note(S, qualifiedName(*RD),
                   model::AffinityGuardForm::ScopedRelease);
    } else if (const auto *C = dyn_cast<CallExpr>(S)) {
      if (const FunctionDecl *FD = C->getDirectCallee()) {
        if (FD->getIdentifier()) {
          std::string Name = qualifiedName(*FD);
          if (!note(S, Name, model::AffinityGuardForm::CallRelease) &&
              isAnyApiName(Name))
            Calls.push_back(C);
        }
      }
    }
    for (const Stmt *Child : S->children())
      scan(Child);
  }

  bool note(const Stmt *S, StringRef Name, model::AffinityGuardForm Form) {
    const model::AffinityGuard *G = model::findAffinityGuard(Name);
    if (!G || G->Form != Form)
      return false;
    if (const model::Runtime *R = model::findRuntime(G->Runtime))
      if (R->Kind == model::Affinity::Guarded && !R->Capability.empty())
        Releases.push_back({S, R});
    return true;
  }
};

/// The variable or member an object expression names (`worker`,
/// `this->worker`, `&worker`), or null.
const Decl *objectDecl(const Expr *E) {
  if (!E)
    return nullptr;
  E = ignoreWrappers(E)->IgnoreParenCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf)
      E = U->getSubExpr()->IgnoreParenCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl();
  if (const auto *M = dyn_cast<MemberExpr>(E))
    return M->getMemberDecl();
  return nullptr;
}

/// Why a connection's callable runs on another thread.
struct DirectEvidence {
  /// The sender's move to another thread.
  const Expr *MovedBy = nullptr;
  /// Or a signal a thread object emits on its own thread, and the emit in
  /// its run method (null for the thread class's own signals).
  const CXXMethodDecl *Signal = nullptr;
  const Expr *EmittedAt = nullptr;
};

/// The method \p E names (`&Worker::progress`), or null.
const CXXMethodDecl *namedMethod(const Expr *E) {
  E = ignoreWrappers(E)->IgnoreParenCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf)
      E = U->getSubExpr()->IgnoreParenCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<CXXMethodDecl>(DRE->getDecl());
  return nullptr;
}

/// The first call of \p Signal in \p S, or null.
const Expr *findCallOf(const Stmt *S, const CXXMethodDecl &Signal) {
  if (!S)
    return nullptr;
  if (const auto *C = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *FD = C->getDirectCallee())
      if (FD->getCanonicalDecl() == Signal.getCanonicalDecl())
        return C;
  for (const Stmt *Child : S->children())
    if (const Expr *Found = findCallOf(Child, Signal))
      return Found;
  return nullptr;
}

/// When \p Signal, connected on \p Sender (an expression), is emitted on
/// the thread a thread object starts (SignalingThread): why.
std::optional<DirectEvidence> threadSignal(const Expr *Sender,
                                           const CXXMethodDecl *Signal) {
  if (!Signal || !Sender)
    return std::nullopt;
  QualType T = Sender->IgnoreParenImpCasts()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *Class = T->getAsCXXRecordDecl();
  if (!Class || !Class->hasDefinition())
    return std::nullopt;
  for (const model::SignalingThread &Row : model::signalingThreads()) {
    if (!pointsToClass(T, Row.QualifiedName))
      continue;
    DirectEvidence E;
    E.Signal = Signal;
    llvm::SmallVector<StringRef, 2> Own;
    Row.OwnSignals.split(Own, ';', -1, false);
    if (Signal->getIdentifier() &&
        model::sameQualifiedName(Row.QualifiedName,
                                 qualifiedName(*Signal->getParent())) &&
        llvm::is_contained(Own, Signal->getName()))
      return E;
    // A signal of the subclass that its run override emits.
    llvm::SmallVector<const CXXRecordDecl *, 4> Classes{Class};
    for (unsigned I = 0; I < Classes.size() && I < 8; ++I) {
      const CXXRecordDecl *RD = Classes[I];
      for (const CXXMethodDecl *M : RD->methods())
        if (M->getIdentifier() && M->getName() == Row.RunMethod &&
            M->size_overridden_methods() > 0)
          if (const FunctionDecl *Def = M->getDefinition())
            if (const Expr *Emit = findCallOf(Def->getBody(), *Signal)) {
              E.EmittedAt = Emit;
              return E;
            }
      for (const CXXBaseSpecifier &B : RD->bases())
        if (const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl())
          if (Base->hasDefinition())
            Classes.push_back(Base);
    }
  }
  return std::nullopt;
}

/// The connections in \p S of a callable to a signal without a context
/// object, where the signal is emitted on another thread: the sender is
/// moved there, or is a thread object emitting it from its own thread.
/// The callable runs there (a task), with the evidence.
void collectDirectConnections(
    const Stmt *Body, std::vector<Spawn> &Out,
    llvm::DenseMap<const Expr *, DirectEvidence> &Evidence) {
  llvm::DenseMap<const Decl *, const Expr *> Moved;
  std::vector<const CallExpr *> Connects;
  llvm::SmallVector<const Stmt *, 32> Work{Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *C = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *FD = C->getDirectCallee())
        if (FD->getIdentifier() &&
            (FD->getName() == "moveToThread" || FD->getName() == "connect")) {
          std::string Name = qualifiedName(*FD);
          if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
            if (model::findThreadMover(Name))
              if (const Decl *D = objectDecl(MC->getImplicitObjectArgument()))
                Moved.try_emplace(D, C);
          } else if (const model::DirectConnection *DC =
                         model::findDirectConnection(Name)) {
            if (C->getNumArgs() == DC->NumArgs)
              Connects.push_back(C);
          }
        }
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  for (const CallExpr *C : Connects) {
    const model::DirectConnection *DC =
        model::findDirectConnection(qualifiedName(*C->getDirectCallee()));
    DirectEvidence Why;
    auto It = Moved.find(objectDecl(C->getArg(DC->SenderArg)));
    if (It != Moved.end()) {
      Why.MovedBy = It->second;
    } else if (std::optional<DirectEvidence> E =
                   threadSignal(C->getArg(DC->SenderArg),
                                namedMethod(C->getArg(DC->SenderArg + 1)))) {
      Why = *E;
    } else {
      continue;
    }
    Spawn Sp;
    Sp.Site = C;
    Sp.Callable = C->getArg(DC->CallableArg);
    Sp.Where = model::RunsOn::NewThread;
    Sp.SpawnerName = DC->QualifiedName.drop_front(2).str();
    if (!Sp.body())
      continue;
    Evidence[C] = Why;
    Out.push_back(std::move(Sp));
  }
}

} // namespace

std::vector<ReleasedGuardUse>
findUsesWithGuardReleased(const FunctionDecl &F, ASTContext &Context,
                          const AffinityOptions &Options,
                          FunctionSummaries *Summaries) {
  std::vector<ReleasedGuardUse> Out;
  if (!F.doesThisDeclarationHaveABody() || !F.getBody() ||
      F.isDependentContext() || F.isInvalidDecl() ||
      isInTemplateInstantiation(F))
    return Out;
  ReleaseScan Scan;
  Scan.scan(F.getBody());
  if (Scan.Releases.empty() || Scan.Calls.empty())
    return Out;
  std::unique_ptr<FunctionSummaries> Own;
  if (!Summaries) {
    Own = std::make_unique<FunctionSummaries>(Context,
                                              affinityShapeOptions(Options));
    Summaries = Own.get();
  }
  LockSetAnalysis Locks(F, Context, {}, Summaries);
  if (!Locks.valid())
    return Out;
  const SourceManager &SM = Context.getSourceManager();
  auto Before = [&](SourceLocation A, SourceLocation B) {
    return SM.isBeforeInTranslationUnit(SM.getExpansionLoc(A),
                                        SM.getExpansionLoc(B));
  };
  llvm::SmallPtrSet<const model::Runtime *, 2> Done;
  for (const CallExpr *C : Scan.Calls) {
    std::string Name = qualifiedName(*C->getDirectCallee());
    if (model::isGuardFreeCall(Name) || model::findBridge(Name))
      continue;
    const LockState *Held = Locks.before(C);
    if (!Held)
      continue;
    for (const auto &[Release, R] : Scan.Releases) {
      if (Done.count(R) || !isApiName(Name, *R))
        continue;
      LockPath Cap = LockPath::capability(R->Capability);
      if (Held->holds(Cap) || !llvm::is_contained(Held->released(), Cap))
        continue;
      ReleasedGuardUse U;
      U.Runtime = R;
      U.Call = C;
      U.Callee = C->getDirectCallee();
      // The release nearest before the call, as the evidence.
      for (const auto &[Other, OR] : Scan.Releases)
        if (OR == R && Before(Other->getBeginLoc(), C->getBeginLoc()) &&
            (!U.Release ||
             Before(U.Release->getBeginLoc(), Other->getBeginLoc())))
          U.Release = Other;
      Done.insert(R);
      Out.push_back(U);
    }
  }
  return Out;
}

const RuntimeUseSummary &runtimeUsesOf(const FunctionDecl &Def,
                                       ASTContext &Context,
                                       AffinityClassifier &Classifier,
                                       const AffinityOptions &Options,
                                       FunctionSummaries &Summaries) {
  return Summaries.runtimeUses().get(Def, [&](const FunctionDecl &D) {
    TaskAnalyzer A(Context, Classifier, Options, Summaries);
    return A.summarize(D);
  });
}

ShapeOptions affinityShapeOptions(const AffinityOptions &Options) {
  ShapeOptions S;
  S.CapabilityGuardTypes = Options.ExtraGuardTypes;
  return S;
}

std::vector<AffinityFinding> findRuntimeSharing(const FunctionDecl &F,
                                                ASTContext &Context,
                                                AffinityClassifier &Classifier,
                                                const AffinityOptions &Options,
                                                FunctionSummaries *Summaries) {
  std::vector<AffinityFinding> Out;
  if (!F.doesThisDeclarationHaveABody() || !F.getBody() ||
      F.isDependentContext() || F.isInvalidDecl() ||
      isInTemplateInstantiation(F))
    return Out;
  const SourceManager &SM = Context.getSourceManager();
  std::unique_ptr<FunctionSummaries> Own;
  if (!Summaries) {
    Own = std::make_unique<FunctionSummaries>(Context,
                                              affinityShapeOptions(Options));
    Summaries = Own.get();
  }
  TaskAnalyzer A(Context, Classifier, Options, *Summaries);

  // A method that runs on a worker thread because of what it overrides.
  if (const auto *M = dyn_cast<CXXMethodDecl>(&F))
    if (const model::Spawner *Row = overriddenSpawner(*M))
      for (Candidate &C : A.run(F, std::nullopt)) {
        if (C.Finding.Why == AffinityFinding::Reason::SharedOwner)
          continue; // The other thread's uses are not known.
        C.Finding.Override = M;
        C.Finding.OverrideRow = Row;
        Out.push_back(std::move(C.Finding));
      }

  std::vector<Spawn> Spawns;
  collectSpawns(F.getBody(), Options.Spawns, Spawns);
  llvm::DenseMap<const Expr *, DirectEvidence> Direct;
  collectDirectConnections(F.getBody(), Spawns, Direct);
  if (Spawns.empty())
    return Out;
  Frame SpawnerFrame;
  SpawnerFrame.Fn = &F;
  for (const Spawn &S : Spawns) {
    if (S.Where == model::RunsOn::Fiber)
      continue;
    const FunctionDecl *Body = S.body();
    const FunctionDecl *Def = nullptr;
    if (!Body || !Body->hasBody(Def) || !Def || !Def->getBody() ||
        Def->isDependentContext() || isInTemplateInstantiation(*Def) ||
        SM.isInSystemHeader(Def->getLocation()))
      continue;
    std::optional<Spawn> Task = S;
    for (Candidate &C : A.run(*Def, Task)) {
      if (C.Finding.Why == AffinityFinding::Reason::SharedOwner) {
        std::optional<Concurrency> With = drivenConcurrently(
            S, Spawns, *C.Origin, C.Locks, *C.Finding.Runtime, SpawnerFrame, A);
        if (!With)
          continue;
        C.Finding.OtherUse = With->OtherUse;
        C.Finding.OtherTask = With->OtherTask;
        C.Finding.Lock = With->Lock;
        C.Finding.LockHeldHere = With->LockHeldHere;
      }
      C.Finding.Task = S;
      C.Finding.Spawner = &F;
      DirectEvidence Why = Direct.lookup(S.Site);
      C.Finding.MovedBy = Why.MovedBy;
      C.Finding.ThreadSignal = Why.Signal;
      C.Finding.EmittedAt = Why.EmittedAt;
      Out.push_back(std::move(C.Finding));
    }
  }
  return Out;
}

} // namespace conctidy

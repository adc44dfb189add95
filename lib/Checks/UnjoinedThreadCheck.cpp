//===--- UnjoinedThreadCheck.cpp - conc-unjoined-thread -------------------===//

#include "UnjoinedThreadCheck.h"
#include "SummariesOption.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Preprocessor.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace conctidy {

UnjoinedThreadCheck::UnjoinedThreadCheck(StringRef Name,
                                         tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      AnyCallMayThrow(Options.get("AnyCallMayThrow", false)),
      VisibleCallsMayThrow(Options.get("VisibleCallsMayThrow", true)),
      SummariesFile(Options.getLocalOrGlobal(SummariesFileOption, "")) {}

void UnjoinedThreadCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AnyCallMayThrow", AnyCallMayThrow);
  Options.store(Opts, "VisibleCallsMayThrow", VisibleCallsMayThrow);
}

void UnjoinedThreadCheck::registerPPCallbacks(const SourceManager &,
                                              Preprocessor *PP,
                                              Preprocessor *) {
  this->PP = PP;
}

void UnjoinedThreadCheck::registerMatchers(MatchFinder *Finder) {
  // A cheap pre-filter on the type's name; classifyHandleType() decides.
  std::vector<StringRef> Names = model::terminatingThreadHandleNames();
  for (StringRef Container : model::owningContainerNames())
    Names.push_back(Container);
  // Smart pointers that own a thread.
  Names.push_back("::std::unique_ptr");
  Names.push_back("::std::shared_ptr");
  auto MayHoldHandles = qualType(hasUnqualifiedDesugaredType(
      anyOf(recordType(hasDeclaration(cxxRecordDecl(hasAnyName(Names)))),
            constantArrayType())));
  Finder->addMatcher(varDecl(hasLocalStorage(), unless(parmVarDecl()),
                             unless(isExpansionInSystemHeader()),
                             hasType(MayHoldHandles))
                         .bind("local"),
                     this);
  Finder->addMatcher(
      fieldDecl(unless(isExpansionInSystemHeader()), hasType(MayHoldHandles))
          .bind("member"),
      this);
}

bool UnjoinedThreadCheck::destructionTerminates(
    const HandleShape &Shape) const {
  if (Shape.Handle->OnDestroy != model::JoinableDestruction::Terminates)
    return false;
  if (Shape.Handle->OnlyIfMacro.empty())
    return true;
  return PP && PP->isMacroDefined(Shape.Handle->OnlyIfMacro);
}

void UnjoinedThreadCheck::check(const MatchFinder::MatchResult &Result) {
  // Instantiations are skipped here rather than with the isInstantiated()
  // matcher, which would build a parent map of the whole translation unit.
  if (const auto *D = Result.Nodes.getNodeAs<Decl>("local"))
    if (isInTemplateInstantiation(*D))
      return;
  if (const auto *D = Result.Nodes.getNodeAs<Decl>("member"))
    if (isInTemplateInstantiation(*D))
      return;
  if (const auto *Var = Result.Nodes.getNodeAs<VarDecl>("local")) {
    HandleShape Shape = classifyLifetimeType(Var->getType());
    if (Shape && destructionTerminates(Shape))
      checkLocal(*Var, Shape, *Result.Context);
    return;
  }
  if (const auto *Field = Result.Nodes.getNodeAs<FieldDecl>("member")) {
    HandleShape Shape = classifyLifetimeType(Field->getType());
    if (Shape && destructionTerminates(Shape))
      checkMember(*Field);
  }
}

/// The advice that ends the main message.
static StringRef advice(const HandleShape &Shape, const LangOptions &LO) {
  bool Std = Shape.Handle->QualifiedName == "::std::thread";
  if (Shape.IsCollection)
    return Std && LO.CPlusPlus20
               ? "join or detach them on every path, or hold 'std::jthread's"
               : "join or detach them on every path";
  return Std && LO.CPlusPlus20
             ? "join or detach it on every path, or use 'std::jthread'"
             : "join or detach it on every path";
}

FunctionSummaries &UnjoinedThreadCheck::summaries(ASTContext &Context) {
  if (!Summaries || &Summaries->context() != &Context) {
    Summaries = std::make_unique<FunctionSummaries>(Context);
    std::string Error = useSummariesFile(*Summaries, SummariesFile);
    if (!Error.empty())
      configurationDiag(Error);
  }
  return *Summaries;
}

void UnjoinedThreadCheck::checkLocal(const VarDecl &Handle,
                                     const HandleShape &Shape,
                                     ASTContext &Context) {
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Handle.getParentFunctionOrMethod());
  if (!Function || !Function->hasBody() || Handle.isInvalidDecl())
    return;
  std::unique_ptr<FunctionThreadLifetimes> &Lifetimes = Functions[Function];
  if (!Lifetimes)
    Lifetimes = std::make_unique<FunctionThreadLifetimes>(
        *Function, Context,
        LifetimeOptions{AnyCallMayThrow, VisibleCallsMayThrow},
        &summaries(Context));
  std::optional<JoinableExit> Exit = Lifetimes->findJoinableExit(Handle);
  if (!Exit)
    return;

  if (Exit->How == JoinableEnd::Assigned) {
    diag(Exit->StartLoc,
         "%0 (%1) can still be joinable when a new thread is assigned to it, "
         "which calls 'std::terminate'; join or detach it before the "
         "assignment")
        << &Handle << Handle.getType();
    diag(Exit->Exit.Where->getBeginLoc(),
         "%0 is assigned here while still joinable", DiagnosticIDs::Note)
        << &Handle;
    return;
  }
  if (Exit->How == JoinableEnd::Reset) {
    diag(Exit->StartLoc,
         "%0 (%1) can destroy its thread while joinable, which calls "
         "'std::terminate'; join or detach it first")
        << &Handle << Handle.getType();
    diag(Exit->Exit.Where->getBeginLoc(),
         "%0 destroys the thread here while it is still joinable",
         DiagnosticIDs::Note)
        << &Handle;
    return;
  }

  if (Shape.IsCollection)
    diag(Exit->StartLoc, "%0 (%1) can be destroyed while it holds joinable "
                         "threads, which calls 'std::terminate'; %2")
        << &Handle << Handle.getType() << advice(Shape, getLangOpts());
  else
    diag(Exit->StartLoc, "%0 (%1) can be destroyed while joinable, which "
                         "calls 'std::terminate'; %2")
        << &Handle << Handle.getType() << advice(Shape, getLangOpts());

  // Notes: the path's exit, then a join on other paths. %select{0|1}1 says
  // the handle is a collection.
  const ScopeExit &X = Exit->Exit;
  unsigned Many = Shape.IsCollection;
  switch (X.Kind) {
  case ScopeExitKind::End:
    diag(X.Where->getEndLoc(),
         "%0 is destroyed here, at the end of its scope, while "
         "%select{joinable|it holds joinable threads}1",
         DiagnosticIDs::Note)
        << &Handle << Many;
    break;
  case ScopeExitKind::Throw:
    diag(X.Where->getBeginLoc(),
         "%0 %select{is still joinable|still holds joinable threads}1 when "
         "this exception leaves its scope",
         DiagnosticIDs::Note)
        << &Handle << Many;
    break;
  case ScopeExitKind::CallMayThrow:
    if (Exit->How == JoinableEnd::VisibleCallThrows) {
      const NamedDecl *Callee = nullptr;
      if (const auto *Call = dyn_cast<CallExpr>(X.Where))
        Callee = Call->getDirectCallee();
      else if (const auto *Construct = dyn_cast<CXXConstructExpr>(X.Where))
        Callee = Construct->getConstructor();
      diag(X.Where->getBeginLoc(),
           "%0 %select{is still joinable|still holds joinable threads}1 if "
           "this call throws (%2 can throw: its body is in this translation "
           "unit)",
           DiagnosticIDs::Note)
          << &Handle << Many << Callee;
      break;
    }
    diag(X.Where->getBeginLoc(),
         "%0 %select{is still joinable|still holds joinable threads}1 if this "
         "call throws (option 'AnyCallMayThrow')",
         DiagnosticIDs::Note)
        << &Handle << Many;
    break;
  default:
    diag(X.Where->getBeginLoc(),
         "%0 %select{is still joinable|still holds joinable threads}1 when "
         "this '%2' leaves its scope",
         DiagnosticIDs::Note)
        << &Handle << Many << scopeExitSpelling(X.Kind);
    break;
  }
  if (Exit->JoinElsewhere)
    diag(Exit->JoinElsewhere->getBeginLoc(),
         "%0 is %select{joined|detached}1 here, but not on that path",
         DiagnosticIDs::Note)
        << &Handle << (Exit->JoinElsewhereKind == HandleEventKind::Detach);
}

void UnjoinedThreadCheck::checkMember(const FieldDecl &Field) {
  std::optional<UnjoinedMember> Member =
      findUnjoinedMember(Field, &summaries(Field.getASTContext()));
  if (!Member)
    return;
  if (Member->Kind == UnjoinedMemberKind::DestructorPath) {
    diag(Member->StartLoc,
         "%0 (%1) is joined on some paths of the destructor of %2 only; "
         "destroying it while joinable calls 'std::terminate'; join it "
         "whenever it is joinable")
        << &Field << Field.getType() << Field.getParent();
    diag(Member->OtherLoc,
         "the destructor can leave here with %0 still joinable, when %1 says "
         "so",
         DiagnosticIDs::Note)
        << &Field << Member->StateField;
    diag(Member->StateField->getLocation(),
         "%0 is changed by a member function that neither starts nor joins "
         "%1",
         DiagnosticIDs::Note)
        << Member->StateField << &Field;
    if (Member->JoinInDestructor)
      diag(Member->JoinInDestructor->getBeginLoc(),
           "%0 is joined here, but not on that path", DiagnosticIDs::Note)
          << &Field;
    return;
  }
  if (Member->Kind == UnjoinedMemberKind::AssignedJoinable) {
    diag(Member->StartLoc,
         "a new thread is assigned to %0 (%1) here while the thread started "
         "elsewhere may still be joinable, which calls 'std::terminate'; "
         "join or detach it before the assignment")
        << &Field << Field.getType();
    diag(Member->OtherLoc, "%0 is also started here", DiagnosticIDs::Note)
        << &Field;
    diag(Field.getLocation(), "%0 declared here", DiagnosticIDs::Note)
        << &Field;
    return;
  }
  diag(Member->StartLoc,
       "%0 (%1) is started here, but no member function of %2 joins or "
       "detaches it; destroying it calls 'std::terminate'")
      << &Field << Field.getType() << Field.getParent();
  diag(Field.getLocation(), "%0 declared here", DiagnosticIDs::Note) << &Field;
}

void UnjoinedThreadCheck::onEndOfTranslationUnit() {
  Functions.clear();
  Summaries.reset();
}

} // namespace conctidy

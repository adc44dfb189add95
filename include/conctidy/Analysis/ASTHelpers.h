//===--- ASTHelpers.h - Small AST queries over the model --------*- C++ -*-===//

#ifndef CONCTIDY_ANALYSIS_ASTHELPERS_H
#define CONCTIDY_ANALYSIS_ASTHELPERS_H

#include "conctidy/Model/ConcurrencyModel.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/Type.h"
#include <string>

namespace clang {
class ParentMap;
} // namespace clang

namespace conctidy {

/// The fully qualified name of \p D without inline namespaces
/// ("std::thread" for libc++'s std::__1::thread).
std::string qualifiedName(const clang::NamedDecl &D);

/// What a type holds, as far as thread handles go.
struct HandleShape {
  /// The thread handle type, or null when the type holds none.
  const model::ThreadHandleType *Handle = nullptr;
  /// The type is a container or array of handles rather than one handle.
  bool IsCollection = false;
  /// The handle (or element) type as written, for messages.
  clang::QualType HandleType;

  explicit operator bool() const { return Handle != nullptr; }
};

/// Classifies \p T: a thread handle, an owning container or array of them
/// (nested any depth), or neither.
HandleShape classifyHandleType(clang::QualType T);

/// The qualified name of the class or class template a type names, through
/// references, pointers and smart pointers, also when it is dependent
/// (`std::map<K, V>` gives "std::map"); empty for other types.
std::string dataTypeName(clang::QualType T);

/// Whether \p F is the body of a lambda written inside a function (it is
/// analyzed with that function). A lambda at namespace scope (a callback in
/// a global's initializer) is a function of its own.
bool isLambdaInFunction(const clang::FunctionDecl &F);

/// The model's row for \p RD when it is a specialization of a smart
/// pointer template the model names (model::smartPointers()), or null.
const model::SmartPointer *modelledSmartPointer(const clang::CXXRecordDecl *RD);

/// Whether \p RD is a smart pointer whose `->`, `*` and `get()` give the
/// object it points to: one the model names (`std::shared_ptr`,
/// `boost::scoped_ptr`, `QPointer`...), or by its shape a specialization of
/// a class template whose `operator->` returns a pointer to its first
/// template argument (a project's own `scoped_ptr<T>`).
bool isSmartPointer(const clang::CXXRecordDecl *RD);

/// The type a smart pointer type points to (its first template argument),
/// or a null type when \p T is not one.
clang::QualType smartPointee(clang::QualType T);

/// The class a type names, through references, pointers and smart pointers
/// (`std::unique_ptr<Impl>` gives Impl); null for other types.
const clang::CXXRecordDecl *pointeeRecord(clang::QualType T);

/// The declaration statement in \p Body that declares \p Var, or null.
const clang::DeclStmt *findDeclStmt(const clang::Stmt &Body,
                                    const clang::VarDecl &Var);

/// \p E without parentheses, implicit casts, temporaries and the no-op
/// constructions that wrap a prvalue (copy/move elision in C++14).
const clang::Expr *ignoreWrappers(const clang::Expr *E);

/// Whether \p D is, or is inside, a template instantiation (the template
/// itself is analyzed once instead). Walks the declaration contexts, so it
/// needs no parent map (unlike the isInstantiated() matcher).
bool isInTemplateInstantiation(const clang::Decl &D);

/// The parent of \p S in \p PM, looking through parentheses and implicit
/// casts; \p Child, when given, is set to the child of that parent on the
/// way from \p S.
const clang::Stmt *semanticParent(const clang::Stmt *S,
                                  const clang::ParentMap &PM,
                                  const clang::Stmt **Child = nullptr);

/// Whether a value passed as \p T (a parameter's or a variable's type) can
/// be changed through it: a reference or pointer to non-const. A null type
/// (unknown) can.
bool isMutableReferenceOrPointer(clang::QualType T);

/// Whether \p S is a loop statement (for, while, do, range-for).
bool isLoop(const clang::Stmt *S);

/// Calls \p Visit on \p S and all its descendants, lambda bodies included.
template <typename Fn> void forEachStmt(const clang::Stmt *S, Fn &&Visit) {
  if (!S)
    return;
  Visit(S);
  for (const clang::Stmt *Child : S->children())
    forEachStmt(Child, Visit);
}

/// Calls \p Visit on \p S and its descendants without entering lambda
/// bodies (a lambda's captures are visited; its body is code of its own).
template <typename Fn> void forEachOwnStmt(const clang::Stmt *S, Fn &&Visit) {
  if (!S)
    return;
  Visit(S);
  if (const auto *L = llvm::dyn_cast<clang::LambdaExpr>(S)) {
    for (const clang::Expr *Init : L->capture_inits())
      forEachOwnStmt(Init, Visit);
    return;
  }
  for (const clang::Stmt *Child : S->children())
    forEachOwnStmt(Child, Visit);
}

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_ASTHELPERS_H

//===--- LspServer.h - `conctidy lsp`: the checks in an editor --*- C++ -*-===//
//
// A language server (LSP 3.17 over stdio, JSON-RPC with Content-Length
// framing) that runs beside clangd: clangd cannot load clang-tidy plugins,
// so an editor runs this second server for the conc-* diagnostics only.
//
// On didOpen and didSave it analyzes the file in a worker process (Worker.h,
// with --conctidy-worker-discover: the compile command is found as clangd
// finds it), publishes the diagnostics with the notes as related
// information, and offers the fix-its as quick-fix code actions. A new save
// kills the run in progress for that file (one analysis per file at a time);
// the server itself never waits for a run, so requests are answered at once.
// docs/editors.md shows how to configure editors.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_LSPSERVER_H
#define CONCTIDY_TOOLS_CONCTIDY_LSPSERVER_H

#include "llvm/ADT/ArrayRef.h"
#include <string>
#include <vector>

namespace conctidy::cli {

/// Serves stdin and stdout until 'exit' (0 after 'shutdown', else 1), the
/// end of stdin (1), or SIGINT/SIGTERM/SIGHUP (128 + the signal).
/// \p WorkerArguments (e.g. --checks) are given to every worker.
int runLanguageServer(const char *Argv0,
                      llvm::ArrayRef<std::string> WorkerArguments);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_LSPSERVER_H

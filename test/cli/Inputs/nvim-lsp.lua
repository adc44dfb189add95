-- Opens a file in headless Neovim with `conctidy lsp` attached through the
-- built-in LSP client, waits for its diagnostics and prints them, with the
-- related information and the code actions, to stdout.
-- Environment: CONCTIDY (the binary), FILE (the file to open).
local out = io.stdout
local client = vim.lsp.start_client({
  name = 'conctidy',
  cmd = { vim.env.CONCTIDY, 'lsp', '--checks=conc-*,clang-diagnostic-extra-semi-stmt' },
  root_dir = vim.fn.fnamemodify(vim.env.FILE, ':h'),
})
vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.FILE))
vim.lsp.buf_attach_client(0, client)
local found = vim.wait(120000, function()
  return #vim.diagnostic.get(0) >= 2
end, 50)
out:write(string.format('diagnostics: %d%s\n', #vim.diagnostic.get(0),
  found and '' or ' (timed out)'))
local diagnostics = vim.diagnostic.get(0)
table.sort(diagnostics, function(a, b) return a.lnum < b.lnum end)
for _, d in ipairs(diagnostics) do
  local lsp = d.user_data and d.user_data.lsp or {}
  out:write(string.format('%d:%d: %s [%s] (%s)\n', d.lnum + 1, d.col + 1,
    d.message, lsp.code or '?', d.source or '?'))
  for _, r in ipairs(lsp.relatedInformation or {}) do
    out:write(string.format('  %s:%d:%d: %s\n',
      vim.fn.fnamemodify(vim.uri_to_fname(r.location.uri), ':t'),
      r.location.range.start.line + 1, r.location.range.start.character + 1,
      r.message))
  end
end
local params = {
  textDocument = vim.lsp.util.make_text_document_params(),
  range = { start = { line = 0, character = 0 }, ['end'] = { line = 100, character = 0 } },
  context = { diagnostics = {} },
}
local replies = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 10000) or {}
for _, reply in pairs(replies) do
  for _, action in ipairs(reply.result or {}) do
    out:write('code action: ' .. action.title .. '\n')
  end
end
vim.lsp.stop_client(client)
vim.wait(5000, function() return vim.lsp.client_is_stopped(client) end, 50)
out:write(string.format('stopped: %s\n', tostring(vim.lsp.client_is_stopped(client))))
out:flush()
vim.cmd('qa!')

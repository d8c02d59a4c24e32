-- Drives the Cable Text language server from Neovim 0.7 (headless, `-u NONE`): opens a cable,
-- asks for the outline and hovers, waits for pushed diagnostics, and writes what it saw as JSON.
-- Inputs come from the environment (set by test/e2e/neovim.e2e.test.ts):
--   CABLE_SERVER  path of dist/server.js      CABLE_FILE  the .cable file to open
--   CABLE_OUT     where to write the JSON     CABLE_QUERIES  JSON list of {name, line, character}
local out = {}
local function finish()
  local f = io.open(os.getenv('CABLE_OUT'), 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  local file = os.getenv('CABLE_FILE')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'cable'
  out.nvim = vim.version()

  local client_id = vim.lsp.start_client({
    name = 'cable',
    cmd = { 'node', os.getenv('CABLE_SERVER'), '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
  })
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  out.initialized = vim.wait(15000, function() return client.initialized == true end, 50)
  out.server_name = client.server_capabilities and client.server_capabilities.hoverProvider and 'hover ok' or 'no hover'

  local uri = vim.uri_from_bufnr(bufnr)
  local symbols = client.request_sync('textDocument/documentSymbol', { textDocument = { uri = uri } }, 10000, bufnr)
  out.symbols = symbols and symbols.result or vim.NIL
  out.symbols_error = symbols and symbols.err or vim.NIL

  out.hovers = {}
  for _, q in ipairs(vim.fn.json_decode(os.getenv('CABLE_QUERIES'))) do
    local res = client.request_sync('textDocument/hover', {
      textDocument = { uri = uri },
      position = { line = q.line, character = q.character },
    }, 10000, bufnr)
    local value = vim.NIL
    if res and res.result and res.result.contents then value = res.result.contents.value or vim.NIL end
    table.insert(out.hovers, { name = q.name, value = value })
  end

  -- Neovim 0.7 has no pull diagnostics: the server must push them.
  out.diagnostics_arrived = vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out.diagnostics, { lnum = d.lnum, col = d.col, message = d.message, severity = d.severity, code = d.code or vim.NIL })
  end
  client.stop()
end)
if not ok then out.error = tostring(err) end
finish()

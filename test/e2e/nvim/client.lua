-- Drives Neovim 0.7 (headless) started with the documented configuration as its init file
-- (`nvim -u docs/editors/neovim.lua`): opens two cables of one folder, lets that configuration
-- start and attach the server, asks for the outline and hovers, waits for pushed diagnostics, and
-- writes what it saw as JSON. Inputs come from the environment (test/e2e/neovim.e2e.test.ts):
--   CABLE_FILE  the .cable file to open     CABLE_OTHER  a second .cable file of the same folder
--   CABLE_OUT   where to write the JSON     CABLE_QUERIES  JSON list of {name, line, character}
local out = {}
local function finish()
  local f = io.open(os.getenv('CABLE_OUT'), 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qall!')
end

local function attached(bufnr)
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.name == 'cable' then return c end
  end
  return nil
end

local ok, err = pcall(function()
  out.nvim = vim.version()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('CABLE_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo[bufnr].filetype
  out.attached = vim.wait(15000, function() return attached(bufnr) ~= nil end, 50)
  local client = attached(bufnr)
  out.initialized = vim.wait(15000, function() return client.initialized == true end, 50)
  out.config = { cmd = client.config.cmd, init_options = client.config.init_options, root_dir = client.config.root_dir }
  out.omnifunc = vim.bo[bufnr].omnifunc

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

  -- A second cable of the same folder joins the same server.
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('CABLE_OTHER')))
  local other = vim.api.nvim_get_current_buf()
  vim.wait(15000, function() return attached(other) ~= nil end, 50)
  out.other_client_id = attached(other) and attached(other).id or vim.NIL
  out.client_id = client.id
  out.clients = #vim.lsp.get_active_clients()
  -- The workspace index of that folder, from the server: both cables by reference ID.
  out.workspace_symbols = {}
  vim.wait(15000, function()
    local ws = client.request_sync('workspace/symbol', { query = '0' }, 10000, other)
    out.workspace_symbols = {}
    for _, s in ipairs(ws and ws.result or {}) do table.insert(out.workspace_symbols, s.name) end
    return #out.workspace_symbols >= 2
  end, 100)
  client.stop()
end)
if not ok then out.error = tostring(err) end
finish()

-- Cable Text in Neovim 0.7 or later, with the built-in LSP client (no plugin).
-- Put this in your init.lua, or save it and `dofile()` it from there. It starts
-- `cable-language-server` from the PATH (README, "Other editors", says how to get it).
-- CI runs test/e2e/neovim.e2e.test.ts against this very file.

vim.cmd([[autocmd BufRead,BufNewFile *.cable setfiletype cable]])

local cable = {
  name = 'cable',
  cmd = { 'cable-language-server', '--stdio' },
  -- The settings of the VS Code extension's `cable.*`, under the same names (README).
  init_options = {
    cable = {
      rules = { ['split-word'] = 'error', ['paragraph-numbering'] = 'off' },
      outline = { maxParagraphs = 5000 },
      workspaceIndex = { enabled = true, maxFiles = 100000 },
      workspaceSymbols = { maxResults = 1000 },
    },
  },
}

-- The workspace whose .cable files are indexed: the nearest folder above with .git, else the file's folder.
local function root_dir(bufnr)
  local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':p:h')
  local git = vim.fn.finddir('.git', dir .. ';')
  if git ~= '' then return vim.fn.fnamemodify(git, ':p:h:h') end
  return dir
end

local function on_attach(_, bufnr)
  vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  local opts = { buffer = bufnr }
  vim.keymap.set('n', 'K', vim.lsp.buf.hover, opts)
  vim.keymap.set('n', 'gd', vim.lsp.buf.definition, opts)
  vim.keymap.set('n', 'gr', vim.lsp.buf.references, opts)
  vim.keymap.set('n', '<leader>ca', vim.lsp.buf.code_action, opts)
end

-- One server per workspace folder, shared by its buffers (Neovim 0.8+ has vim.lsp.start for this).
local clients = {}
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'cable',
  callback = function(args)
    local root = root_dir(args.buf)
    local id = clients[root]
    if not id or not vim.lsp.get_client_by_id(id) then
      id = vim.lsp.start_client(vim.tbl_extend('force', cable, { root_dir = root, on_attach = on_attach }))
      clients[root] = id
    end
    if id then vim.lsp.buf_attach_client(args.buf, id) end
  end,
})

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service';
import { sectionFromInitializationOptions } from '../../server/src/service/settings';

const ROOT = resolve(__dirname, '..', '..');
// The seed as the repository keeps it (web-page text included), so the suite runs on a fresh clone.
const SEED = resolve(ROOT, 'samples', '08ASTANA2318.cable');
const SHARED_SEED = resolve(ROOT, '..', 'shared', 'seed', '000_cdd151ddbff82ab0.txt');
const SERVER = join(ROOT, 'dist', 'server.js');
// The configuration the README shows for Neovim, loaded as Neovim's init file.
const CONFIG = join(ROOT, 'docs', 'editors', 'neovim.lua');
const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const HAS_NVIM = nvim.status === 0;
// In CI (.ci/run installs Neovim) a missing nvim is a failure, not a skip.
const REQUIRED = process.env['CI'] === 'true';
if (!HAS_NVIM && !REQUIRED) console.warn('[e2e] nvim is not installed (apt-get install -y neovim): the Neovim suite is skipped');

interface NvimResult {
  nvim: { major: number; minor: number };
  filetype: string;
  attached: boolean;
  initialized: boolean;
  config: { cmd: string[]; init_options: unknown; root_dir: string };
  omnifunc: string;
  client_id: number;
  other_client_id: number | null;
  clients: number;
  workspace_symbols: string[];
  symbols: Array<{ name: string; children?: Array<{ name: string; children?: unknown[] }> }>;
  hovers: Array<{ name: string; value: string | null }>;
  diagnostics_arrived: boolean;
  diagnostics: Array<{ lnum: number; col: number; message: string; severity: number; code: string | null }>;
  error?: string;
}

function seedFile(): string {
  if (existsSync(SEED)) return SEED;
  return SHARED_SEED;
}

describe.skipIf(!HAS_NVIM && !REQUIRED)('Neovim 0.7 as a real LSP client, set up as the README says', () => {
  it('starts cable-language-server from docs/editors/neovim.lua: outline, hovers, pushed diagnostics with its rule severities, one server per folder', () => {
    expect(HAS_NVIM, 'nvim is on the PATH').toBe(true);
    expect(existsSync(SERVER), 'run `npm run build` first').toBe(true);
    // A folder of two cables (no .git above it in the temporary directory: the folder is the root).
    const tmp = mkdtempSync(join(tmpdir(), 'cable-nvim-'));
    const folder = join(tmp, 'cables');
    mkdirSync(folder);
    const file = join(folder, '08ASTANA2318.cable');
    copyFileSync(seedFile(), file);
    const other = join(folder, '00HARARE5461.cable');
    copyFileSync(join(ROOT, 'samples', '00HARARE5461.cable'), other);
    // `cable-language-server` on the PATH, as `npm install -g` or `npm link` puts it there: a link to the bin.
    const bin = join(tmp, 'bin');
    mkdirSync(bin);
    symlinkSync(SERVER, join(bin, 'cable-language-server'));
    const lines = readFileSync(file, 'utf8').split(/\r?\n/);
    const at = (needle: string, offset: number) => {
      const line = lines.findIndex((l) => l.includes(needle));
      return { line, character: lines[line]!.indexOf(needle) + offset };
    };
    const queries = [
      { name: 'RUEHC', ...at('TO RUEHC/', 4) },
      { name: 'DTG', ...at('O 241054Z NOV 08', 3) },
      { name: 'SBU', ...at('2.  (SBU)', 6) },
    ];
    const out = join(tmp, 'out.json');
    const run = spawnSync('nvim', ['--headless', '-u', CONFIG, '-i', 'NONE', '-n', '-c', `luafile ${join(__dirname, 'nvim', 'client.lua')}`], {
      cwd: tmp,
      env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}`, CABLE_FILE: file, CABLE_OTHER: other, CABLE_OUT: out, CABLE_QUERIES: JSON.stringify(queries) },
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(existsSync(out), `nvim wrote nothing: ${run.stderr}${run.stdout}`).toBe(true);
    const result = JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
    expect(result.error).toBeUndefined();
    expect(result.nvim.minor).toBeGreaterThanOrEqual(7);
    expect(result.filetype).toBe('cable');
    expect(result.attached).toBe(true);
    expect(result.initialized).toBe(true);
    expect(result.config.cmd).toEqual(['cable-language-server', '--stdio']);
    expect(result.config.root_dir).toBe(folder);
    expect(result.omnifunc).toBe('v:lua.vim.lsp.omnifunc');

    const names: string[] = [];
    const walk = (list: NvimResult['symbols']) => list.forEach((s) => (names.push(s.name), walk((s.children ?? []) as NvimResult['symbols'])));
    walk(result.symbols);
    const paragraphs = names.filter((n) => /^\d+\. \(/.test(n));
    expect(paragraphs.map((p) => p.split(' ').slice(0, 2).join(' '))).toEqual(['1. (U)', '2. (SBU)', '3. (SBU)', '4. (SBU)', '5. (SBU)', '6. (SBU)', '7. (SBU)', '8. (SBU)', '9. (SBU)', '10. (SBU)']);
    expect(paragraphs).toContain('5. (SBU) Nazarbayev noted that the current global economic…');

    const hover = (name: string) => result.hovers.find((h) => h.name === name)?.value ?? '';
    expect(hover('RUEHC')).toContain('SECSTATE WASHDC');
    expect(hover('DTG')).toContain('Monday 24 November 2008, 10:54 UTC');
    expect(hover('DTG')).toContain('2008-11-24T10:54:00Z');
    expect(hover('SBU')).toContain('Sensitive But Unclassified');

    expect(result.diagnostics_arrived).toBe(true);
    // Exactly what the language service finds on the same text with the configuration's settings:
    // nothing lost on the way, and the severities are the configuration's.
    const text = readFileSync(file, 'utf8');
    const diagnose = (section?: unknown) => {
      const svc = createLanguageService();
      if (section !== undefined) svc.updateSettings(section);
      return svc.computeDiagnostics(TextDocument.create('file:///seed.cable', 'cable', 1, text), { isCancellationRequested: false });
    };
    const section = sectionFromInitializationOptions(result.config.init_options) as { rules?: Record<string, string> };
    expect(section?.rules?.['split-word']).toBe('error');
    const expected = diagnose(section);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    const byPosition = (a: unknown[], b: unknown[]) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number);
    expect(result.diagnostics.map((d) => [d.lnum, d.col, d.code, d.severity]).sort(byPosition)).toEqual(
      expected.map((d) => [d.range.start.line, d.range.start.character, d.code, d.severity]).sort(byPosition),
    );
    // The split word is a warning by default; the configuration makes it an error, and Neovim shows that.
    expect(diagnose().filter((d) => d.code === 'CBL303').map((d) => d.severity)).toEqual([2]);
    expect(result.diagnostics.filter((d) => d.code === 'CBL303').map((d) => d.severity)).toEqual([1]);

    // The second cable joined the first one's server, whose index holds both files of the folder.
    expect(result.clients).toBe(1);
    expect(result.other_client_id).toBe(result.client_id);
    expect(result.workspace_symbols).toEqual(expect.arrayContaining(['08ASTANA2318', '00HARARE5461']));
    for (const d of result.diagnostics) expect(d.message.length).toBeGreaterThan(0);
    console.log(`[e2e nvim] ${paragraphs.length} paragraphs in the outline; ${result.diagnostics.length} pushed diagnostics: ${result.diagnostics.map((d) => `${d.code}@${d.lnum + 1}`).join(', ')}`);
  });
});

describe.skipIf(!HAS_NVIM && !REQUIRED)('the README\'s nvim-lspconfig form', () => {
  // nvim-lspconfig is not packaged in Debian, so the form is not run; Neovim's Lua at least
  // compiles it, and it names the same command and rule as the tested file.
  it('is Lua that Neovim compiles, with the tested command', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const from = readme.indexOf('With\n[nvim-lspconfig]');
    const block = /```lua\n([\s\S]*?)```/.exec(readme.slice(from))?.[1] ?? '';
    expect(block).toContain("require('lspconfig')");
    expect(block).toContain("cmd = { 'cable-language-server', '--stdio' }");
    expect(readFileSync(CONFIG, 'utf8')).toContain("cmd = { 'cable-language-server', '--stdio' }");
    const file = join(mkdtempSync(join(tmpdir(), 'cable-lspconfig-')), 'lspconfig.lua');
    writeFileSync(file, block);
    const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `lua local f = assert(loadfile(${JSON.stringify(file)})); vim.cmd('qall!')`, '-c', 'cquit 3'], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status, `${run.stderr}${run.stdout}`).toBe(0);
  });
});

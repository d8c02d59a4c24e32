import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service';

const ROOT = resolve(__dirname, '..', '..');
// The seed as the repository keeps it (web-page text included), so the suite runs on a fresh clone.
const SEED = resolve(ROOT, 'samples', '08ASTANA2318.cable');
const SHARED_SEED = resolve(ROOT, '..', 'shared', 'seed', '000_cdd151ddbff82ab0.txt');
const SERVER = join(ROOT, 'dist', 'server.js');
const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const HAS_NVIM = nvim.status === 0;
// In CI (.ci/run installs Neovim) a missing nvim is a failure, not a skip.
const REQUIRED = process.env['CI'] === 'true';
if (!HAS_NVIM && !REQUIRED) console.warn('[e2e] nvim is not installed (apt-get install -y neovim): the Neovim suite is skipped');

interface NvimResult {
  nvim: { major: number; minor: number };
  initialized: boolean;
  symbols: Array<{ name: string; children?: Array<{ name: string; children?: unknown[] }> }>;
  hovers: Array<{ name: string; value: string | null }>;
  diagnostics_arrived: boolean;
  diagnostics: Array<{ lnum: number; col: number; message: string; code: string | null }>;
  error?: string;
}

function seedFile(): string {
  if (existsSync(SEED)) return SEED;
  return SHARED_SEED;
}

describe.skipIf(!HAS_NVIM && !REQUIRED)('Neovim 0.7 as a real LSP client', () => {
  it('shows the outline paragraphs, hovers and pushed diagnostics of the seed', () => {
    expect(HAS_NVIM, 'nvim is on the PATH').toBe(true);
    expect(existsSync(SERVER), 'run `npm run build` first').toBe(true);
    const file = seedFile();
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
    const out = join(mkdtempSync(join(tmpdir(), 'cable-nvim-')), 'out.json');
    const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(__dirname, 'nvim', 'client.lua')}`], {
      env: { ...process.env, CABLE_SERVER: SERVER, CABLE_FILE: file, CABLE_OUT: out, CABLE_QUERIES: JSON.stringify(queries) },
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(existsSync(out), `nvim wrote nothing: ${run.stderr}${run.stdout}`).toBe(true);
    const result = JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
    expect(result.error).toBeUndefined();
    expect(result.nvim.minor).toBeGreaterThanOrEqual(7);
    expect(result.initialized).toBe(true);

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
    // Exactly what the language service finds on the same text: nothing lost on the way.
    const expected = createLanguageService().computeDiagnostics(TextDocument.create('file:///seed.cable', 'cable', 1, readFileSync(file, 'utf8')), {
      isCancellationRequested: false,
    });
    expect(result.diagnostics.length).toBeGreaterThan(0);
    const byPosition = (a: unknown[], b: unknown[]) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number);
    expect(result.diagnostics.map((d) => [d.lnum, d.col, d.code]).sort(byPosition)).toEqual(
      expected.map((d) => [d.range.start.line, d.range.start.character, d.code]).sort(byPosition),
    );
    for (const d of result.diagnostics) expect(d.message.length).toBeGreaterThan(0);
    console.log(`[e2e nvim] ${paragraphs.length} paragraphs in the outline; ${result.diagnostics.length} pushed diagnostics: ${result.diagnostics.map((d) => `${d.code}@${d.lnum + 1}`).join(', ')}`);
  });
});

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service';

const ROOT = resolve(__dirname, '..', '..');
const SERVER = join(ROOT, 'dist', 'server.js');
// The configuration the README shows for Emacs, loaded as it is.
const CONFIG = join(ROOT, 'docs', 'editors', 'eglot.el');
const SEED = join(ROOT, 'samples', '08ASTANA2318.cable');
// Debian 12's Emacs 28 has Eglot as the elpa-eglot package (.ci/run installs both).
const probe = spawnSync('emacs', ['--batch', '--eval', "(progn (require 'eglot) (princ emacs-version))"], { encoding: 'utf8' });
const HAS_EGLOT = probe.status === 0;
const REQUIRED = process.env['CI'] === 'true';
if (!HAS_EGLOT && !REQUIRED) console.warn('[e2e] emacs with eglot is not installed (apt-get install -y emacs-nox elpa-eglot): the Emacs suite is skipped');

interface EmacsResult {
  mode?: string;
  server?: string;
  symbols?: number;
  timeout?: boolean;
  diagnostics?: Array<{ line: number; type: string; text: string }>;
  error?: string;
}

describe.skipIf(!HAS_EGLOT && !REQUIRED)('Emacs with Eglot, set up as the README says', () => {
  it('starts cable-language-server from docs/editors/eglot.el: outline, and Flymake diagnostics with its rule severities', () => {
    expect(HAS_EGLOT, `emacs with eglot: ${probe.stderr}`).toBe(true);
    expect(existsSync(SERVER), 'run `npm run build` first').toBe(true);
    const tmp = mkdtempSync(join(tmpdir(), 'cable-emacs-'));
    mkdirSync(join(tmp, 'cables'));
    const file = join(tmp, 'cables', '08ASTANA2318.cable');
    copyFileSync(SEED, file);
    mkdirSync(join(tmp, 'bin'));
    symlinkSync(SERVER, join(tmp, 'bin', 'cable-language-server'));
    const out = join(tmp, 'out.json');
    const run = spawnSync('emacs', ['--batch', '-l', join(__dirname, 'emacs', 'run.el')], {
      cwd: tmp,
      env: { ...process.env, PATH: `${join(tmp, 'bin')}:${process.env['PATH'] ?? ''}`, CABLE_CONFIG: CONFIG, CABLE_FILE: file, CABLE_OUT: out, HOME: tmp },
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(existsSync(out), `emacs wrote nothing: ${run.stderr}${run.stdout}`).toBe(true);
    const result = JSON.parse(readFileSync(out, 'utf8')) as EmacsResult;
    expect(result.error, run.stderr).toBeUndefined();
    expect(result.timeout).toBeUndefined();
    expect(result.mode).toBe('cable-mode');
    expect(result.server).toBe('Cable Text');
    expect(result.symbols).toBeGreaterThan(0);

    // The configuration makes the split word an error (a warning by default) and turns
    // paragraph-numbering off; Flymake shows the server's severities.
    const config = readFileSync(CONFIG, 'utf8');
    expect(config).toContain('(:rules (:split-word "error" :paragraph-numbering "off")');
    const diagnose = (section?: unknown) => {
      const svc = createLanguageService();
      if (section !== undefined) svc.updateSettings(section);
      return svc.computeDiagnostics(TextDocument.create('file:///seed.cable', 'cable', 1, readFileSync(file, 'utf8')), { isCancellationRequested: false });
    };
    expect(diagnose().filter((d) => d.code === 'CBL303').map((d) => d.severity)).toEqual([2]);
    const expected = diagnose({ rules: { 'split-word': 'error', 'paragraph-numbering': 'off' } });
    const flymakeType = (severity?: number) => (severity === 1 ? 'eglot-error' : severity === 2 ? 'eglot-warning' : 'eglot-note');
    const got = result.diagnostics ?? [];
    const key = (line: number, code: string, type: string) => `${line}:${code}:${type}`;
    expect(got.map((d) => key(d.line, /\[(CBL\d+)\]/.exec(d.text)?.[1] ?? '?', d.type)).sort()).toEqual(
      expected.map((d) => key(d.range.start.line, String(d.code), flymakeType(d.severity))).sort(),
    );
    expect(got.filter((d) => d.text.includes('[CBL303]')).map((d) => d.type)).toEqual(['eglot-error']);
    console.log(`[e2e emacs] ${result.symbols} outline symbols; ${got.length} diagnostics: ${got.map((d) => `${/\[(CBL\d+)\]/.exec(d.text)?.[1]}:${d.type}@${d.line + 1}`).join(', ')}`);
  });
});

/**
 * `cable check` and `cable fix` in-process (exit codes, formats, config, atomic writes), and once
 * through the built dist/cli.js when it exists (worker threads over many files).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from './io';
import { runCheck, runFix } from '../../server/src/cli/main';
import { CLEAN, replaceLine } from '../diagnostics/fixture';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');


const DAMAGED = replaceLine(CLEAN, 'policy, saying that "Russia has always been and remains Kazakhstan\'s ', ['policy, saying that "Russia has always been and rema', 'ins Kazakhstan\'s ']);
// Only information-level problems: a skipped paragraph number, with the marker removed.
const INFO_ONLY = replaceLine(
  replaceLine(CLEAN, '3.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ', '5.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign '),
  'ASTANA 00002318  002 OF 002 ',
  [],
).replace(' \n \n \npraised', '\npraised');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cable-cli-'));
  fs.mkdirSync(path.join(dir, 'sub', 'deeper'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'damaged.cable'), DAMAGED);
  fs.writeFileSync(path.join(dir, 'sub', 'info.cable'), INFO_ONLY);
  fs.writeFileSync(path.join(dir, 'sub', 'deeper', 'notes.txt'), 'not a cable');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cable check', () => {
  it('prints one JSON array, 1-based, and exits 1 on a warning', async () => {
    const o = io();
    expect(await runCheck(['--format', 'json', path.join(dir, 'damaged.cable')], o)).toBe(1);
    const arr = JSON.parse(o.out);
    const split = arr.find((d: { rule: string }) => d.rule === 'split-word');
    const line = DAMAGED.split('\n').findIndex((l) => l.endsWith('and rema')) + 1;
    expect(split).toMatchObject({ line, column: 49, endLine: line + 1, endColumn: 4, severity: 'warning', code: 'CBL303', fixable: true });
    expect(Object.keys(split).sort()).toEqual(['code', 'column', 'endColumn', 'endLine', 'file', 'fixable', 'line', 'message', 'rule', 'severity']);
  });

  it('exits 0 when only information is left, and walks folders for *.cable only', async () => {
    const o = io();
    expect(await runCheck(['--format', 'json', path.join(dir, 'sub')], o)).toBe(0);
    const arr = JSON.parse(o.out);
    expect([...new Set(arr.map((d: { rule: string }) => d.rule))]).toEqual(['paragraph-numbering']);
    expect(arr.every((d: { file: string }) => d.file.endsWith('info.cable'))).toBe(true);
  });

  it('exits 2 on a missing file but still checks the others', async () => {
    const o = io();
    expect(await runCheck(['--format', 'json', path.join(dir, 'missing.cable'), path.join(dir, 'damaged.cable')], o)).toBe(2);
    expect(o.err).toContain('missing.cable: no such file or directory');
    expect(JSON.parse(o.out).length).toBeGreaterThan(0);
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [[], ['--format', 'xml', 'x'], ['--bogus', 'x'], ['--config']]) {
      const o = io();
      expect(await runCheck(args, o)).toBe(2);
      expect(o.err).toMatch(/^cable check: .*\nRun "cable check --help" to see its options\.\n$/);
      expect(o.out).toBe('');
    }
  });

  it('reads severities from the nearest .cablerc.json, or --config', async () => {
    fs.writeFileSync(path.join(dir, 'sub', '.cablerc.json'), JSON.stringify({ rules: { 'paragraph-numbering': 'error' } }));
    try {
      const o = io();
      expect(await runCheck(['--format', 'json', path.join(dir, 'sub', 'info.cable')], o)).toBe(1);
      expect(JSON.parse(o.out)[0].severity).toBe('error');
      const cfg = path.join(dir, 'off.json');
      fs.writeFileSync(cfg, JSON.stringify({ rules: { CBL204: 'off' } }));
      const o2 = io();
      expect(await runCheck(['--format', 'json', '--config', cfg, path.join(dir, 'sub', 'info.cable')], o2)).toBe(0);
      expect(JSON.parse(o2.out)).toEqual([]);
      const o3 = io();
      expect(await runCheck(['--config', path.join(dir, 'nope.json'), path.join(dir, 'sub')], o3)).toBe(2);
    } finally {
      fs.rmSync(path.join(dir, 'sub', '.cablerc.json'));
    }
  });

  it('writes compact text and SARIF', async () => {
    const o = io();
    await runCheck(['--format', 'compact', path.join(dir, 'damaged.cable')], o);
    expect(o.out).toMatch(/damaged\.cable:\d+:49: warning CBL303 .*remains.*\[split-word, fixable\]/);
    expect(o.out).toMatch(/problems? \(0 errors, \d+ warnings?, 0 information, 0 hints\) in 1 of 1 file; \d+ fixable with `cable fix`/);
    const s = io();
    await runCheck(['--format=sarif', path.join(dir, 'damaged.cable')], s);
    const sarif = JSON.parse(s.out);
    expect(sarif.version).toBe('2.1.0');
    const res = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'CBL303');
    expect(sarif.runs[0].tool.driver.rules[res.ruleIndex].name).toBe('split-word');
    expect(res.locations[0].physicalLocation.region.startColumn).toBe(49);
  });
});

describe('cable fix', () => {
  it('--dry-run prints a diff and writes nothing', async () => {
    const f = path.join(dir, 'dry.cable');
    fs.writeFileSync(f, DAMAGED);
    const o = io();
    // Exit 1 when it would change files, as prettier --check does.
    expect(await runFix(['--dry-run', f], o)).toBe(1);
    expect(o.out).toContain('-policy, saying that "Russia has always been and rema\n-ins Kazakhstan\'s \n+policy, saying that "Russia has always been and remains Kazakhstan\'s \n');
    expect(o.out).toContain('-ASTANA 00002318  002 OF 002 ');
    expect(fs.readFileSync(f, 'utf8')).toBe(DAMAGED);
  });

  it('fixes in place, keeping CRLF and the BOM, leaving no temporary file', async () => {
    const f = path.join(dir, 'crlf.cable');
    const before = '\ufeff' + DAMAGED.replace(/\n/g, '\r\n');
    fs.writeFileSync(f, before);
    const o = io();
    expect(await runFix([f], o)).toBe(0);
    const after = fs.readFileSync(f, 'utf8');
    expect(after.startsWith('\ufeffReference ID')).toBe(true);
    expect(after).toContain('and remains Kazakhstan\'s \r\n');
    expect(after).not.toMatch(/[^\r]\n/);
    expect(after).not.toContain('002 OF 002');
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const c = io();
    expect(await runCheck(['--format', 'json', f], c)).toBe(0);
    expect(JSON.parse(c.out)).toEqual([]);
    // A second run has nothing to do.
    const again = io();
    expect(await runFix([f], again)).toBe(0);
    expect(fs.readFileSync(f, 'utf8')).toBe(after);
  });

  it('exits 2 on a missing file, still fixing the others', async () => {
    const f = path.join(dir, 'other.cable');
    fs.writeFileSync(f, DAMAGED);
    const o = io();
    expect(await runFix([path.join(dir, 'absent.cable'), f], o)).toBe(2);
    expect(fs.readFileSync(f, 'utf8')).toContain('and remains');
  });
});

describe('the built CLI', () => {
  const built = fs.existsSync(CLI);
  if (!built) console.log('cli-check: dist/cli.js not built (npm run build) — the built-CLI test is skipped');
  it.skipIf(!built)('checks many files with worker threads, the same as in-process', async () => {
    const many = path.join(dir, 'many');
    fs.mkdirSync(many, { recursive: true });
    for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(many, `c${String(i).padStart(2, '0')}.cable`), i % 2 ? DAMAGED : INFO_ONLY);
    const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', many], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const viaWorkers = JSON.parse(r.stdout);
    const o = io();
    await runCheck(['--format', 'json', many], o);
    expect(viaWorkers).toEqual(JSON.parse(o.out));
  });
});

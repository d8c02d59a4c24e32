/**
 * `cable parse` as a user runs it: the built dist/cli.js in a child process (npm test builds it
 * first), on the samples, a missing file, a binary file, and the shared contract checker.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
const CONTRACT = resolve(ROOT, '../shared/tools/contract/check-cli.py');

function cable(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cable parse', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build (npm test does)');
  });

  it('prints one JSON object per file, with 1-based lines', () => {
    const r = cable('parse', 'samples/08ASTANA2318.cable', 'samples/09ANKARA1549.cable');
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(2);
    const seed = rows[0];
    expect(seed).toMatchObject({
      file: 'samples/08ASTANA2318.cable',
      referenceId: '08ASTANA2318',
      origin: 'Embassy Astana',
      classification: 'UNCLASSIFIED//FOR OFFICIAL USE ONLY',
      dtg: { precedence: 'IMMEDIATE', iso: '2008-11-24T10:54:00Z' },
      originator: 'AMEMBASSY ASTANA',
      tags: ['PREL', 'PGOV', 'PHUM', 'ECON', 'KDEM', 'OSCE', 'KZ'],
      subject: 'PRESIDENT NAZARBAYEV CALLS FOR GREATER INTERNATIONAL ROLE, CRITICIZES OSCE',
      signature: 'HOAGLAND',
      cableCount: 1,
    });
    // In an editor the TO line of the seed is line 19, paragraph 1 is line 46.
    expect(seed.addressees[0]).toEqual({ kind: 'TO', routingIndicator: 'RUEHC', name: 'SECSTATE WASHDC', precedence: 'IMMEDIATE', controlNumber: '3923', line: 19 });
    expect(seed.paragraphs[0]).toEqual({ number: 1, marking: '(U)', line: 46, endLine: 46, heading: null });
    expect(seed.paragraphs[2]).toMatchObject({ number: 3, heading: '"NEW CONCEPT" FOR FOREIGN POLICY' });
    expect(seed.sections[0]).toEqual({ title: '"NEW CONCEPT" FOR FOREIGN POLICY', line: 67 });
    expect(seed.pageBreaks.map((b: { line: number; page: number; total: number; insideParagraph: boolean }) => [b.line, b.page, b.total, b.insideParagraph])).toEqual([
      [123, 2, 3, true],
      [204, 3, 3, true],
    ]);
    expect(seed.outside).toEqual([
      { line: 1, endLine: 7, position: 'before' },
      { line: 226, endLine: 253, position: 'after' },
    ]);
    expect(rows[1]).toMatchObject({ referenceId: '09ANKARA1549', dtg: { precedence: 'PRIORITY' } });
  });

  it('indents with --pretty', () => {
    const r = cable('parse', '--pretty', 'samples/04ANKARA348.cable');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').length).toBeGreaterThan(20);
    expect(JSON.parse(r.stdout).referenceId).toBe('04ANKARA348');
  });

  it('walks folders and reports every cable of an export', () => {
    const r = cable('parse', 'samples');
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => x.file.replace(/^samples\//, '')).sort()).toContain('export-two-cables.cable');
    const two = rows.find((x) => x.file.endsWith('export-two-cables.cable'));
    expect(two.cableCount).toBe(2);
    expect(two.cables.map((c: { referenceId: string }) => c.referenceId)).toEqual(['08STATE128877', '09DOHA214']);
  });

  it('names a missing file on stderr, still does the others, and exits 2', () => {
    const r = cable('parse', 'no-such.cable', 'samples/08ASTANA2318.cable');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no-such\.cable: no such file or directory/);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('skips a file that is not text with a message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cable-'));
    const bin = join(dir, 'junk.cable');
    writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0, 255, 254]));
    const r = cable('parse', bin, 'samples/08ASTANA2318.cable');
    expect(r.stderr).toMatch(/junk\.cable: not a text file \(skipped\)/);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('parses an empty file into an empty summary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cable-'));
    const empty = join(dir, 'empty.cable');
    writeFileSync(empty, '');
    const r = cable('parse', empty);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ referenceId: null, cableCount: 0, paragraphs: [], dtg: null });
  });

  it('answers --help and --version, and rejects unknown commands and options', () => {
    expect(cable('--help')).toMatchObject({ code: 0, stdout: expect.stringMatching(/Usage: cable <command> \[options\] PATH\.\.\./) });
    expect(cable('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(cable('parse', '--help')).toMatchObject({ code: 0, stdout: expect.stringMatching(/Usage: cable parse \[options\] PATH\.\.\.[\s\S]*--pretty/) });
    expect(cable('frobnicate')).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown command "frobnicate"/) });
    expect(cable('parse', '--bogus', 'x')).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option '--bogus'/) });
    expect(cable('parse').code).toBe(2);
  });

  it.skipIf(!existsSync(CONTRACT))('keeps the output contract other tools read (../shared/tools/contract)', () => {
    const r = spawnSync('python3', [CONTRACT, 'parse'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout).toMatch(/contract holds/);
    expect(r.status).toBe(0);
  });
});

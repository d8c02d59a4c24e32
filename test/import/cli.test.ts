/**
 * `cable import` as a user runs it (dist/cli.js in a child process): bad rows and pages reported
 * with where and why while the rest is imported, exit codes, re-runs, --force, --one-file,
 * standard input and the layouts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvOf, listFiles, readUtf8, strictField, removeTempDirs, tempDir } from './helpers';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');

function cable(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const row = (n: number, id: string, text = '\nC O N F I D E N T I A L AMMAN 000001\n\nTEXT\n', header = 'VZCZC\nO 011200Z JAN 09\nFM AMEMBASSY AMMAN') => [
  String(n),
  '1/2/2009 3:04',
  id,
  'Embassy Amman',
  'CONFIDENTIAL',
  '',
  header,
  text,
];

afterAll(removeTempDirs);

describe('cable import (CLI)', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build (npm test does)');
  });

  it('writes the table, header and text; converts the date; says what it did', () => {
    const dir = tempDir('cli-one');
    writeFileSync(join(dir, 'cables.csv'), csvOf([row(1, '09AMMAN1', '\nC O N F I D E N T I A L AMMAN 000001\n\nhe said \\"no\\" and it\'s over\n')]));
    const r = cable(['import', '--out', join(dir, 'out'), join(dir, 'cables.csv')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readUtf8(join(dir, 'out/09AMMAN1.cable'))).toBe(
      'Reference ID Created Released Classification Origin\n09AMMAN1 2009-01-02 03:04 2011-08-30 01:44 CONFIDENTIAL Embassy Amman\n\n' +
        'VZCZC\nO 011200Z JAN 09\nFM AMEMBASSY AMMAN\n\nC O N F I D E N T I A L AMMAN 000001\n\nhe said \\"no\\" and it\'s over\n',
    );
    expect(r.stdout).toMatch(/1 cable in .*: 1 written, 0 already there; 0 skipped; 0 warnings/);
    expect(r.stdout).toMatch(/by year: 2009 1/);
    expect(r.stdout).toMatch(/by classification: CONFIDENTIAL 1/);
  });

  it('reports bad rows with row, line and reason, imports the rest, exits 1', () => {
    const dir = tempDir('cli-bad');
    const good = csvOf([row(1, '09AMMAN1')]);
    const unbalanced = `"2","1/2/2009 3:04","09AMMAN2","Embassy Amman","CONFIDENTIAL","","VZCZC","he said "no" twice\nand more"\n`;
    const short = `"3","1/2/2009 3:04","09AMMAN3","Embassy Amman","CONFIDENTIAL","VZCZC","text"\n`;
    const odd = csvOf([row(4, 'AMMAN-4'), row(5, '09AMMAN5', '  \n'), row(6, '09AMMAN6')]);
    const badDate = csvOf([[...row(7, '09AMMAN7').slice(0, 1), '2009-13-45', ...row(7, '09AMMAN7').slice(2)]]);
    writeFileSync(join(dir, 'cables.csv'), good + unbalanced + short + odd + badDate);
    const out = join(dir, 'out');
    const r = cable(['import', '--out', out, join(dir, 'cables.csv')]);
    expect(r.code).toBe(1);
    const err = r.stderr.split('\n');
    expect(err.find((l) => l.includes('row 2 (line 8)'))).toMatch(/not escaped/);
    expect(err.find((l) => l.includes('row 3 (line 10)'))).toMatch(/7 fields, 8 expected/);
    expect(err.find((l) => l.includes('row 4 (line 11)'))).toMatch(/warning: reference ID "AMMAN-4" is not year \+ post \+ serial \(kept as given\)/);
    expect(err.find((l) => l.includes('row 5'))).toMatch(/09AMMAN5: empty body/);
    expect(err.find((l) => l.includes('row 7'))).toMatch(/creation date "2009-13-45"/);
    expect(listFiles(out)).toEqual(['09AMMAN1.cable', '09AMMAN6.cable', 'AMMAN-4.cable']);
    expect(readUtf8(join(out, 'AMMAN-4.cable')).split('\n')[1]).toMatch(/^AMMAN-4 2009-01-02 03:04 /);
    expect(r.stdout).toMatch(/3 cables in .*: 3 written, 0 already there; 4 skipped; 1 warning/);
    expect(r.stdout).toMatch(/skipped: .*unbalanced quotes 1/);
    expect(r.stdout).toMatch(/wrong field count 1/);
    expect(r.stdout).toMatch(/empty body 1/);
    expect(r.stdout).toMatch(/bad date 1/);
  });

  it('leaves existing files alone, says so, and replaces them with --force', () => {
    const dir = tempDir('cli-force');
    const csv = join(dir, 'cables.csv');
    writeFileSync(csv, csvOf([row(1, '09AMMAN1'), row(2, '09AMMAN2')]));
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, '09AMMAN2.cable'), 'my own notes\n');
    const first = cable(['import', '--out', out, csv]);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/09AMMAN2\.cable exists with other content \(left alone; --force replaces it\)/);
    expect(readUtf8(join(out, '09AMMAN2.cable'))).toBe('my own notes\n');
    // A re-run: the first file is already there, nothing is rewritten.
    const again = cable(['import', '--out', out, csv]);
    expect(again.stdout).toMatch(/0 written, 1 already there; 1 skipped/);
    const forced = cable(['import', '--force', '--out', out, csv]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/1 written, 1 already there; 0 skipped/);
    expect(readUtf8(join(out, '09AMMAN2.cable'))).toMatch(/^Reference ID/);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('removes the temporary files a killed run left, and only those', () => {
    const dir = tempDir('cli-stale');
    const csv = join(dir, 'cables.csv');
    writeFileSync(csv, csvOf([row(1, '09AMMAN1')]));
    const out = join(dir, 'out');
    mkdirSync(out);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(out, `.09AMMAN1.cable.${dead}.3f.tmp`), 'half a cab');
    writeFileSync(join(out, `.09AMMAN7.cable.${dead}w.tmp`), 'half a cab');
    writeFileSync(join(out, `.09AMMAN8.cable.${process.pid}.1.tmp`), 'a live import is writing this');
    expect(cable(['import', '--out', out, csv]).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([`.09AMMAN8.cable.${process.pid}.1.tmp`, '09AMMAN1.cable']);
  });

  it('reads standard input with -, and writes one export with --one-file', () => {
    const dir = tempDir('cli-stdin');
    const file = join(dir, 'export.cable');
    const r = cable(['import', '--one-file', file, '-'], csvOf([row(1, '09AMMAN1'), row(2, '09AMMAN2')]));
    expect(r.code).toBe(0);
    const text = readUtf8(file);
    expect(text.match(/^Reference ID/gm)).toHaveLength(2);
    const parsed = JSON.parse(cable(['parse', file]).stdout);
    expect(parsed.cableCount).toBe(2);
    expect(parsed.cables.map((c: { referenceId: string }) => c.referenceId)).toEqual(['09AMMAN1', '09AMMAN2']);
    // The export is not overwritten without --force.
    const again = cable(['import', '--one-file', file, '-'], csvOf([row(1, '09AMMAN1')]));
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists \(--force replaces it\)/);
  });

  it('places files by year, year-month and origin', () => {
    const dir = tempDir('cli-layout');
    const csv = join(dir, 'cables.csv');
    writeFileSync(csv, csvOf([row(1, '09AMMAN1')]));
    for (const [layout, want] of [
      ['year', '2009/09AMMAN1.cable'],
      ['year-month', '2009/01/09AMMAN1.cable'],
      ['origin', 'Embassy Amman/09AMMAN1.cable'],
    ]) {
      const out = join(dir, layout!);
      expect(cable(['import', '--layout', layout!, '--out', out, csv]).code).toBe(0);
      expect(listFiles(out)).toEqual([want]);
    }
  });

  it('reads pages and fragments; reports a page without the table and an empty body', () => {
    const dir = tempDir('cli-html');
    const pages = join(dir, 'pages');
    mkdirSync(pages);
    writeFileSync(
      join(pages, '09AMMAN1.html'),
      "<html><body><table class='cable'><tr><th>Reference ID</th></tr><tr><td><a>09AMMAN1</a></td><td><a>2009-01-02 03:04</a></td><td><a>2010-12-01 10:00</a></td><td><a>SECRET</a></td><td><a>Embassy Amman</a></td></tr></table>" +
        '<code><pre>VZCZC&#x000A;FM AMEMBASSY AMMAN</pre></code><code><pre>S E C R E T&#x000A;&#x000A;<a id=\'par1\' href=\'#par1\'>¶</a>1. (S) R&amp;D &quot;x&quot; &#39;y&#39; &D;</pre></code></body></html>',
    );
    writeFileSync(join(pages, 'notacable.html'), '<html><body><p>Currently released so far... 1295 / 251,287</p></body></html>');
    writeFileSync(join(pages, '09AMMAN9.html'), '<code><pre>C O N F I D E N T I A L&#x000A;&#x000A;1. (C) Body only.</pre></code>');
    writeFileSync(join(pages, '09AMMAN8.html'), '<code><pre> &#x000A; </pre></code>');
    const out = join(dir, 'out');
    const r = cable(['import', '--out', out, pages]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/notacable\.html: a page without the cable table/);
    expect(r.stderr).toMatch(/09AMMAN8\.html: empty body/);
    expect(readUtf8(join(out, '09AMMAN1.cable'))).toBe(
      'Reference ID Created Released Classification Origin\n09AMMAN1 2009-01-02 03:04 2010-12-01 10:00 SECRET Embassy Amman\n\nVZCZC\nFM AMEMBASSY AMMAN\n\nS E C R E T\n\n¶1. (S) R&D "x" \'y\' &D;\n',
    );
    expect(readUtf8(join(out, '09AMMAN9.cable'))).toBe('C O N F I D E N T I A L\n\n1. (C) Body only.\n');
  });

  it('takes a header row as column names, names files safely, and keeps the first of two rows with one ID', () => {
    const dir = tempDir('cli-names');
    const csv = join(dir, 'cables.csv');
    const header = 'id,date,refid,origin,classification,references,header,text\n';
    const other = row(3, '09AMMAN1', '\nC O N F I D E N T I A L AMMAN 000001\n\nANOTHER TEXT\n');
    writeFileSync(csv, header + csvOf([row(1, '09AMMAN1'), row(2, '../09/AMMAN2'), other]).replace(/"/g, (q) => q));
    const out = join(dir, 'out');
    const r = cable(['import', '--out', out, csv]);
    expect(r.stderr).not.toMatch(/row 1 /);
    expect(r.stderr).toMatch(/row 3 \(line \d+\): warning: reference ID "\.\.\/09\/AMMAN2" is not year \+ post \+ serial/);
    expect(r.stderr).toMatch(/cannot be a file name as it is: written as _.._09_AMMAN2\.cable|written as _\._09_AMMAN2\.cable|written as __09_AMMAN2\.cable/);
    expect(r.stderr).toMatch(/row 4 \(line \d+\): .*09AMMAN1\.cable exists with other content/);
    expect(r.code).toBe(1);
    const files = listFiles(out);
    expect(files).toHaveLength(2);
    expect(files).toContain('09AMMAN1.cable');
    expect(readUtf8(join(out, '09AMMAN1.cable'))).not.toMatch(/ANOTHER TEXT/);
    expect(existsSync(join(dir, '09'))).toBe(false);
  });

  it('refuses bad usage with exit 2', () => {
    expect(cable(['import']).code).toBe(2);
    expect(cable(['import', '--layout', 'decade', 'x.csv']).stderr).toMatch(/Allowed choices are flat, year, origin, year-month/);
    expect(cable(['import', '--frobnicate', 'x.csv']).code).toBe(2);
    const missing = cable(['import', '--out', tempDir('cli-missing'), '/nonexistent/cables.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nonexistent\/cables\.csv: no such file or directory/);
    expect(cable(['import', '--help']).stdout).toMatch(/^Usage: cable import/);
  });

  it('warns once when the input is not UTF-8, and imports what it can read', () => {
    const dir = tempDir('cli-latin1');
    const csv = join(dir, 'cables.csv');
    const good = Buffer.from(csvOf([row(1, '09AMMAN1')]));
    const latin1 = Buffer.from(csvOf([row(2, '09AMMAN2', '\nC O N F\n\nla r\u00e9union\n')]), 'latin1');
    writeFileSync(csv, Buffer.concat([good, latin1, latin1]));
    const out = join(dir, 'out');
    const r = cable(['import', '--out', out, csv]);
    expect(r.stderr.match(/not valid UTF-8/g)).toHaveLength(1);
    const at = good.length + latin1.indexOf(0xe9);
    expect(r.stderr).toContain(`cables.csv byte ${at.toLocaleString('en-US')}: warning: not valid UTF-8`);
    expect(readUtf8(join(out, '09AMMAN2.cable'))).toContain('la r\ufffdunion');
    const page = join(dir, '09AMMAN3.html');
    writeFileSync(page, Buffer.from('<code><pre>C O N F&#x000A;caf\u00e9</pre></code>', 'latin1'));
    expect(cable(['import', '--out', out, page]).stderr).toMatch(/09AMMAN3\.html: warning: not valid UTF-8/);
  });

  it('handles a BOM and CRLF rows from a file saved on Windows', () => {
    const dir = tempDir('cli-crlf');
    const csv = join(dir, 'cables.csv');
    const r1 = row(1, '09AMMAN1', '\r\nC O N F\r\n', 'VZCZC\r\nFM AMEMBASSY AMMAN');
    writeFileSync(csv, '\ufeff' + r1.map(strictField).join(',') + '\r\n');
    const out = join(dir, 'out');
    expect(cable(['import', '--out', out, csv]).code).toBe(0);
    expect(readUtf8(join(out, '09AMMAN1.cable'))).toBe(
      'Reference ID Created Released Classification Origin\r\n09AMMAN1 2009-01-02 03:04 2011-08-30 01:44 CONFIDENTIAL Embassy Amman\r\n\r\nVZCZC\r\nFM AMEMBASSY AMMAN\r\n\r\nC O N F\r\n',
    );
  });
});

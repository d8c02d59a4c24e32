/**
 * `cable split`: help, exit codes, bad input, the parts written beside the file or in --out, and
 * nothing overwritten without --force. In-process through main() with a captured io.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../server/src/cli/main';
import { io } from '../cli-check/io';
import { SAMPLES } from '../parser/helpers';

async function run(args: string[]) {
  const o = io();
  const code = await main(args, o);
  return { code, out: o.out, err: o.err };
}

const exportText = fs
  .readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.cable') && !f.startsWith('export'))
  .sort()
  .map((f) => fs.readFileSync(path.join(SAMPLES, f), 'utf8'))
  .join('\n\n');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cable-split-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const partsOf = (folder: string) =>
  fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.cable'))
    .sort();

describe('cable split', () => {
  it('is in the help, with its own help', async () => {
    const all = await run(['--help']);
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/^\s+split \[options\] \[file\]\s+cut a large export/m);
    const own = await run(['split', '--help']);
    expect(own.code).toBe(0);
    for (const s of ['--max-size <size>', '--max-lines <n>', '--out <dir>', '--force', 'Exit codes:', 'byte for byte', '50 MB']) expect(own.out).toContain(s);
    const completion = await run(['completion', 'bash']);
    expect(completion.out).toContain('split');
  });

  it('says what is wrong with the input, exit 2', async () => {
    const empty = path.join(dir, 'empty.cable');
    fs.writeFileSync(empty, '');
    const binary = path.join(dir, 'binary.cable');
    fs.writeFileSync(binary, Buffer.from([1, 2, 0, 0, 3, 10, 0]));
    const cases: Array<[string[], RegExp]> = [
      [['split'], /cable split: no FILE given/],
      [['split', path.join(dir, 'missing.cable')], /missing\.cable: no such file or directory/],
      [['split', empty], /empty\.cable: empty: nothing to split/],
      [['split', binary], /binary\.cable: not a text file/],
      [['split', dir], /not a regular file \(a directory\)/],
      [['split', '-'], /standard input cannot be split/],
      [['split', '--max-size', 'big', empty], /not a size/],
      [['split', '--max-lines', '0', empty], /not a whole number/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.out).toBe('');
    }
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO without waiting on it', async () => {
    const fifo = path.join(dir, 'pipe.cable');
    execFileSync('mkfifo', [fifo]);
    const r = await run(['split', fifo]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/pipe\.cable: not a regular file \(a FIFO\)/);
  });

  it('writes the parts beside the file, the same again is already there, other content is left alone unless --force', async () => {
    const file = path.join(dir, 'Export.cable');
    fs.writeFileSync(file, exportText);
    const first = await run(['split', '--max-lines', '260', file]);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const folder = path.join(dir, 'Export.parts');
    const names = partsOf(folder);
    expect(names.length).toBeGreaterThan(1);
    expect(names[0]).toBe('Export.part001.cable');
    expect(first.out).toContain(`${names.length} parts in ${folder}${path.sep}: ${names.length} written, 0 already there, 0 left alone`);
    expect(Buffer.concat(names.map((n) => fs.readFileSync(path.join(folder, n)))).equals(fs.readFileSync(file))).toBe(true);

    const again = await run(['split', '--max-lines', '260', file]);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`0 written, ${names.length} already there`);

    const edited = path.join(folder, names[1]!);
    fs.writeFileSync(edited, 'my notes\n');
    const kept = await run(['split', '--max-lines', '260', file]);
    expect(kept.code).toBe(1);
    expect(kept.out).toContain('1 left alone');
    expect(kept.out).toMatch(/Export\.part002\.cable .*exists with other content: left alone; --force replaces it/);
    expect(fs.readFileSync(edited, 'utf8')).toBe('my notes\n');

    const forced = await run(['split', '--max-lines', '260', '--force', file]);
    expect(forced.code).toBe(0);
    expect(forced.out).toContain('1 written');
    expect(Buffer.concat(names.map((n) => fs.readFileSync(path.join(folder, n)))).equals(fs.readFileSync(file))).toBe(true);

    // Fewer parts than before (their content differs: --force): the older ones are named, not removed.
    const fewer = await run(['split', '--force', '--max-lines', '100000', '--max-size', '40KB', file]);
    expect(fewer.code).toBe(0);
    expect(fewer.err).toMatch(/older parts? of an earlier split/);
    expect(partsOf(folder).length).toBe(names.length);
  });

  it('writes into --out, says a cable over the limit is a part alone', async () => {
    const file = path.join(dir, 'two.cable');
    fs.writeFileSync(file, exportText.replace(/\n/g, '\r\n'));
    const out = path.join(dir, 'elsewhere', 'deeper');
    const r = await run(['split', '--max-size', '1KB', '--out', out, file]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/two\.part001\.cable: one cable alone is over the size limit/);
    expect(Buffer.concat(partsOf(out).map((n) => fs.readFileSync(path.join(out, n)))).equals(fs.readFileSync(file))).toBe(true);
  });

  it('writes nothing when the file is within the limits or has nowhere to cut', async () => {
    const file = path.join(dir, 'small.cable');
    fs.writeFileSync(file, exportText);
    const r = await run(['split', file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/small\.cable \(.*\) is within the limits \(16 MB and 250,000 lines\): nothing to split/);
    expect(fs.existsSync(path.join(dir, 'small.parts'))).toBe(false);
    const prose = path.join(dir, 'prose.cable');
    fs.writeFileSync(prose, 'not a cable\n'.repeat(200));
    const none = await run(['split', '--max-lines', '10', prose]);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/nowhere to cut it, nothing written/);
    expect(fs.existsSync(path.join(dir, 'prose.parts'))).toBe(false);
  });
});

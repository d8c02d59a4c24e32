/**
 * `cable fix` keeps a file the file it was (issue 14): symbolic and hard links, owner and mode,
 * bytes outside the edits of a file that is not valid UTF-8, temporary files of an interrupted
 * run; and every command reads regular files only, up to --max-file-size (issue 9).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from './io';
import { runCheck, runFix } from '../../server/src/cli/main';
import { decodeWithOffsets, encodeFixed } from '../../server/src/cli/bytes';
import { lineHunks } from '../../server/src/cli/hunks';
import { parseSize } from '../../server/src/cli/files';
import { fixText } from '../../server/src/service/codeActions/fixAll';
import { CLEAN, replaceLine } from '../diagnostics/fixture';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const built = fs.existsSync(CLI);


const DAMAGED = replaceLine(CLEAN, 'policy, saying that "Russia has always been and remains Kazakhstan\'s ', ['policy, saying that "Russia has always been and rema', 'ins Kazakhstan\'s ']);
const FIXED = fixText(DAMAGED).text;

let dir: string;
let n = 0;
/** A fresh folder per test, so leftovers and links of one test never meet another's. */
function folder(): string {
  const d = path.join(dir, `t${n++}`);
  fs.mkdirSync(d);
  return d;
}
const tmpFiles = (d: string) => fs.readdirSync(d).filter((x) => x.endsWith('.tmp'));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cable-files-'));
  expect(FIXED).not.toBe(DAMAGED);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cable fix keeps the file it writes', () => {
  it('fixes the target of a symbolic link and leaves the link a link', async () => {
    const d = folder();
    const target = path.join(d, 'real.cable');
    const link = path.join(d, 'link.cable');
    fs.writeFileSync(target, DAMAGED);
    fs.symlinkSync('real.cable', link);
    const o = io();
    expect(await runFix([link], o)).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(link)).toBe('real.cable');
    expect(fs.readFileSync(target, 'utf8')).toBe(FIXED);
    expect(o.err).toContain("the link's target");
    expect(tmpFiles(d)).toEqual([]);
  });

  it('keeps hard links: both names share the inode and see the fix', async () => {
    const d = folder();
    const a = path.join(d, 'a.cable');
    const b = path.join(d, 'b.cable');
    fs.writeFileSync(a, DAMAGED);
    fs.linkSync(a, b);
    const ino = fs.statSync(a).ino;
    expect(await runFix([a], io())).toBe(0);
    expect(fs.statSync(a).ino).toBe(ino);
    expect(fs.statSync(b).ino).toBe(ino);
    expect(fs.statSync(a).nlink).toBe(2);
    expect(fs.readFileSync(b, 'utf8')).toBe(FIXED);
    expect(fs.readFileSync(a, 'utf8')).toBe(FIXED);
    expect(tmpFiles(d)).toEqual([]);
  });

  it('keeps the mode, even bits the umask would drop', async () => {
    const d = folder();
    const f = path.join(d, 'm.cable');
    fs.writeFileSync(f, DAMAGED);
    for (const mode of [0o640, 0o666, 0o604]) {
      fs.writeFileSync(f, DAMAGED);
      fs.chmodSync(f, mode);
      const ino = fs.statSync(f).ino;
      expect(await runFix([f], io())).toBe(0);
      expect(fs.readFileSync(f, 'utf8')).toBe(FIXED);
      // Renamed over (a new inode), yet the same mode.
      expect(fs.statSync(f).ino).not.toBe(ino);
      expect(fs.statSync(f).mode & 0o7777).toBe(mode);
    }
  });

  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  it.skipIf(!root)('keeps owner and group (as root, with a file of another user)', async () => {
    const d = folder();
    const f = path.join(d, 'o.cable');
    fs.writeFileSync(f, DAMAGED);
    fs.chownSync(f, 12345, 23456);
    fs.chmodSync(f, 0o2640);
    expect(await runFix([f], io())).toBe(0);
    expect(fs.readFileSync(f, 'utf8')).toBe(FIXED);
    const st = fs.statSync(f);
    expect([st.uid, st.gid]).toEqual([12345, 23456]);
    // The set-group-ID bit is kept with the rest of the mode.
    expect(st.mode & 0o7777).toBe(0o2640);
  });

  it('fixes a file that is not valid UTF-8 byte for byte around its edits', async () => {
    const d = folder();
    const f = path.join(d, 'latin1.cable');
    // A stray Latin-1 é (0xE9) in the subject line, far from the split word and the page marker.
    const marker = 'INTERNATIONAL ROLE';
    expect(DAMAGED.indexOf(marker)).toBeGreaterThan(0);
    const withZ = DAMAGED.replace(marker, 'INTERNATIONAL ROLZ');
    const bytesOf = (s: string) => {
      const b = Buffer.from(s, 'utf8');
      const at = b.indexOf('ROLZ');
      b[at + 3] = 0xe9;
      return b;
    };
    const original = bytesOf(withZ);
    fs.writeFileSync(f, original);
    const o = io();
    expect(await runFix([f], o)).toBe(0);
    const after = fs.readFileSync(f);
    const expected = bytesOf(fixText(withZ).text);
    expect(after.equals(expected)).toBe(true);
    expect(after.includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(false);
    expect(after.length).toBeLessThan(original.length);
  });

  it('places a join next to an undecodable byte exactly, and refuses an edit that would rewrite one', () => {
    const bad = Buffer.concat([Buffer.from('abc rema'), Buffer.from([0xe9]), Buffer.from('\nins def\n')]);
    const before = bad.toString('utf8');
    // Joining the halves deletes only the line break: the 0xE9 before it stays.
    const joined = encodeFixed(bad, before, before.replace('\n', ''));
    expect(joined.ok && [...joined.bytes]).toEqual([...Buffer.concat([Buffer.from('abc rema'), Buffer.from([0xe9]), Buffer.from('ins def\n')])]);
    // Joining across a broken sequence (E9 80 | 80) would make a character (U+9000) of two halves.
    const halves = Buffer.from([0x61, 0xe9, 0x80, 0x0a, 0x80, 0x62, 0x0a]);
    const hb = halves.toString('utf8');
    const merged = encodeFixed(halves, hb, hb.replace('\n', ''));
    expect(merged.ok).toBe(false);
    // New text holding U+FFFD stands for bytes the text no longer knows: refused, not guessed.
    const r = encodeFixed(bad, before, 'abc X\ufffdY def\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/not valid UTF-8.*not fixed/);
  });

  it('decodes bytes with offsets exactly as Node does, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.array(fc.constantFrom(0x80, 0xbf, 0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x41, 0x0a), { maxLength: 24 }), (raw, special) => {
        const bytes = Buffer.concat([Buffer.from(raw), Buffer.from(special), Buffer.from('é😀\n', 'utf8')]);
        const { text, offsets } = decodeWithOffsets(bytes);
        expect(text).toBe(bytes.toString('utf8'));
        expect(offsets[text.length]).toBe(bytes.length);
        // Each code point's bytes decode to that code point.
        for (let i = 0; i < text.length; i++) {
          if (offsets[i]! < 0) continue;
          let next = i + 1;
          while (offsets[next]! < 0) next++;
          const piece = bytes.subarray(offsets[i]!, offsets[next]!).toString('utf8');
          expect(piece).toBe(text.slice(i, next));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds line hunks that turn one text into the other, quickly on a big export', () => {
    const big = Array.from({ length: 300 }, () => DAMAGED).join('');
    const fixed = fixText(big).text;
    const a = big.split(/(?<=\n)/);
    const b = fixed.split(/(?<=\n)/);
    const t0 = performance.now();
    const hunks = lineHunks(a, b);
    const ms = performance.now() - t0;
    const rebuilt: string[] = [];
    let at = 0;
    for (const h of hunks) {
      rebuilt.push(...a.slice(at, h.aStart), ...b.slice(h.bStart, h.bEnd));
      at = h.aEnd;
    }
    rebuilt.push(...a.slice(at));
    expect(rebuilt.join('')).toBe(fixed);
    expect(hunks.length).toBeGreaterThanOrEqual(300);
    console.log(`lineHunks: ${a.length} lines, ${hunks.length} hunks in ${ms.toFixed(0)} ms`);
  });
});

describe('temporary files of an interrupted run', () => {
  it('are removed by the next run when their process is gone', async () => {
    const d = folder();
    const f = path.join(d, 'x.cable');
    fs.writeFileSync(f, DAMAGED);
    // A process that has ended: its PID names no running process.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    let alive = true;
    try {
      process.kill(deadPid, 0);
    } catch {
      alive = false;
    }
    expect(alive).toBe(false);
    const leftover = `.x.cable.${deadPid}.1a2b3c.tmp`;
    const live = `.x.cable.${process.pid}.4d5e6f.tmp`;
    const stranger = '.notes.txt.1.abc.tmp';
    for (const name of [leftover, live, stranger]) fs.writeFileSync(path.join(d, name), 'half a cable');
    const o = io();
    expect(await runFix([f], o)).toBe(0);
    expect(o.err).toContain(`removed ${path.join(d, leftover)}, left by an interrupted run`);
    // A running process's file, and a name not ours, are left alone.
    expect(tmpFiles(d).sort()).toEqual([live, stranger].sort());
  });

  it.skipIf(!built)('SIGKILL during a write: the next run leaves no temporary file', async () => {
    const d = folder();
    const f = path.join(d, 'big.cable');
    fs.writeFileSync(f, DAMAGED.repeat(200));
    // The run holds its temporary file for a while (a test hook), so the kill lands while it exists.
    const child = spawn(process.execPath, [CLI, 'fix', f], { stdio: 'ignore', env: { ...process.env, CABLE_TEST_HOLD_TEMP_MS: '20000' } });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, sig) => resolve(sig)));
    const caught = await new Promise<string | undefined>((resolve) => {
      const t0 = Date.now();
      const poll = () => {
        const t = tmpFiles(d)[0];
        if (t) return resolve(t);
        if (child.exitCode !== null || Date.now() - t0 > 30_000) return resolve(undefined);
        setTimeout(poll, 20);
      };
      poll();
    });
    expect(caught).toMatch(new RegExp(`^\\.big\\.cable\\.${child.pid}\\.[0-9a-f]+\\.tmp$`));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(tmpFiles(d)).toEqual([caught]);
    // The file itself was never touched.
    expect(fs.readFileSync(f, 'utf8')).toBe(DAMAGED.repeat(200));
    const r = spawnSync(process.execPath, [CLI, 'fix', f], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`removed ${path.join(d, caught!)}, left by an interrupted run`);
    expect(tmpFiles(d)).toEqual([]);
  }, 120_000);
});

describe('Ctrl-C during cable fix', () => {
  // One thread: the signal's handler runs between its files; two: the workers are asked to stop
  // between theirs, and the run ends once none is in the middle of a file.
  it.skipIf(!built).each(['1', '2'])('stops between files (exit 130): each file whole, old or fixed, and no temporary file (--workers %s)', async (workers) => {
    const d = folder();
    const names = Array.from({ length: 800 }, (_, i) => `c${String(i).padStart(3, '0')}.cable`);
    for (const n of names) fs.writeFileSync(path.join(d, n), DAMAGED);
    // Each write holds its temporary file a while, so the signal lands while one (in each thread) exists.
    const env = { ...process.env, CABLE_TEST_HOLD_TEMP_MS: '150' };
    const child = spawn(process.execPath, [CLI, 'fix', '--workers', workers, d], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let err = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (b: Buffer) => {
        err += b.toString();
        if (err.includes('fixed ') && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(130);
    const contents = names.map((n) => fs.readFileSync(path.join(d, n), 'utf8'));
    expect(contents.every((c) => c === DAMAGED || c === FIXED)).toBe(true);
    expect(contents.filter((c) => c === FIXED).length).toBeGreaterThan(0);
    expect(contents.filter((c) => c === DAMAGED).length).toBeGreaterThan(0);
    expect(tmpFiles(d)).toEqual([]);
  }, 60_000);
});

describe('only regular files, up to a size', () => {
  const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

  it.skipIf(!hasMkfifo)('skips a FIFO named *.cable with a message instead of waiting for a writer', async () => {
    const d = folder();
    const fifo = path.join(d, 'pipe.cable');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    fs.writeFileSync(path.join(d, 'ok.cable'), CLEAN);
    const o = io();
    expect(await runCheck(['--format', 'json', d], o)).toBe(2);
    expect(o.err).toContain('pipe.cable: not a regular file (a FIFO)');
    // The other file is checked all the same.
    expect(o.err).not.toContain('ok.cable');
    expect(JSON.parse(o.out).every((x: { file: string }) => x.file.endsWith('ok.cable'))).toBe(true);
    const f = io();
    expect(await runFix([fifo], f)).toBe(2);
    expect(f.err).toContain('not a regular file (a FIFO)');
  });

  it('skips a link to a device (/dev/zero named x.cable) without reading it', async () => {
    const d = folder();
    const z = path.join(d, 'zero.cable');
    fs.symlinkSync('/dev/zero', z);
    const o = io();
    expect(await runCheck([z], o)).toBe(2);
    expect(o.err).toContain('zero.cable: not a regular file (a character device)');
    const f = io();
    expect(await runFix([z], f)).toBe(2);
    expect(f.err).toContain('not a regular file (a character device)');
  });

  it('refuses a file over --max-file-size, and checks it under the limit', async () => {
    const d = folder();
    const f = path.join(d, 'size.cable');
    fs.writeFileSync(f, DAMAGED);
    const o = io();
    expect(await runCheck(['--max-file-size', '1KB', f], o)).toBe(2);
    expect(o.err).toMatch(/size\.cable: too large \(\d+(\.\d)? KB, over the --max-file-size limit of 1 KB\)/);
    const w = io();
    expect(await runFix(['--max-file-size=1KB', f], w)).toBe(2);
    expect(fs.readFileSync(f, 'utf8')).toBe(DAMAGED);
    const ok = io();
    expect(await runCheck(['--format', 'json', '--max-file-size', '1MB', f], ok)).toBe(1);
    expect(JSON.parse(ok.out).length).toBeGreaterThan(0);
    const bad = io();
    expect(await runCheck(['--max-file-size', 'lots', f], bad)).toBe(2);
    expect(bad.err).toContain('--max-file-size');
  });

  it('reads sizes as people write them', () => {
    expect(parseSize('1GB')).toBe(1024 ** 3);
    expect(parseSize('500kb')).toBe(500 * 1024);
    expect(parseSize('2m')).toBe(2 * 1024 ** 2);
    expect(parseSize('1.5MiB')).toBe(1.5 * 1024 ** 2);
    expect(parseSize('1000')).toBe(1000);
    expect(parseSize('0')).toBeUndefined();
    expect(parseSize('big')).toBeUndefined();
  });
});

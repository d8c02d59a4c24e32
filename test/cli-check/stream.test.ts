/**
 * `cable check` and `cable fix` at archive scale (issue 9), as behaviour: files are found, checked
 * and written out one at a time (a file made after the first result is printed is still checked);
 * the pool hands reports on in the walk's order with a bounded number of files out; the streamed
 * output is the whole run's as formats.ts's pieces make it (formats.test.ts pins their text); the progress bar appears only on a terminal
 * that is not a CI log; a file named twice is checked once; a FIFO is skipped by worker threads
 * too. Nothing here is timed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../../server/src/cli/check';
import type { JsonDiagnostic } from '../../server/src/cli/checkFile';
import { FORMATS, type Format } from '../../server/src/cli/formats';
import type { CliIo } from '../../server/src/cli/io';
import { main } from '../../server/src/cli/main';
import { fixCommand } from '../../server/src/cli/fix';
import type { FixReport } from '../../server/src/cli/fixFile';
import { AHEAD, BATCH, checkFiles, FILE_WORK, fixFiles, LOOKAHEAD, threadsFor, WINDOW, WORKER_WORK, workerCount } from '../../server/src/cli/pool';
import { Progress } from '../../server/src/cli/progress';
import { formatResult, ReportWriter, type FileReport, type Job } from '../../server/src/cli/report';
import { fixText } from '../../server/src/service/codeActions/fixAll';
import { CLEAN, replaceLine } from '../diagnostics/fixture';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const built = fs.existsSync(CLI);
if (!built) console.log('cli-check/stream: dist/cli.js not built (npm run build) — the worker-thread tests are skipped');

const DAMAGED = replaceLine(CLEAN, 'policy, saying that "Russia has always been and remains Kazakhstan\'s ', ['policy, saying that "Russia has always been and rema', 'ins Kazakhstan\'s ']);
// An error, warnings and a fixable problem: every part of every summary.
const WITH_ERROR = DAMAGED.replace('O 241054Z NOV 08', 'O 321054Z NOV 08');
const FIXED = fixText(DAMAGED).text;

type Io = CliIo & { out: string; err: string; writes: string[] };
function io(extra: Partial<CliIo> = {}): Io {
  const o = { out: '', err: '', writes: [], stderrIsTTY: false, stdoutIsTTY: false, version: '9.9.9', env: {}, ...extra } as unknown as Io;
  o.stdout = (s) => {
    o.out += s;
    o.writes.push(s);
  };
  o.stderr = (s) => void (o.err += s);
  return o;
}
async function run(args: string[], extra: Partial<CliIo> = {}) {
  const o = io(extra);
  const code = await main(args, o);
  return Object.assign(o, { code });
}

/** A worker that says it is ready, as pool.ts's do, and throws on the first files it is given. */
const CRASHING = "const { parentPort } = require('node:worker_threads'); parentPort.postMessage({ ready: true }); parentPort.on('message', (m) => { if (m.batch) throw new Error('boom'); });\n";

let dir: string;
let n = 0;
function folder(files: Record<string, string> = {}): string {
  const d = path.join(dir, `t${n++}`);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    fs.writeFileSync(path.join(d, name), text);
  }
  fs.mkdirSync(d, { recursive: true });
  return d;
}
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cable-stream-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the output is written as the files are checked', () => {
  it('a file made after the first result is printed, in a folder not yet walked, is checked', async () => {
    const d = folder({ 'a/1.cable': DAMAGED, 'a/2.cable': DAMAGED });
    fs.mkdirSync(path.join(d, 'b'));
    const late = path.join(d, 'b', 'late.cable');
    const o = io();
    const out = o.stdout;
    o.stdout = (s) => {
      if (!fs.existsSync(late)) fs.writeFileSync(late, DAMAGED);
      out(s);
    };
    expect(await main(['check', '--format', 'compact', '--workers', '1', d], o)).toBe(1);
    const files = [...new Set(o.out.split('\n').filter((l) => l.includes('.cable:')).map((l) => l.split(':')[0]))];
    expect(files).toEqual([path.join(d, 'a', '1.cable'), path.join(d, 'a', '2.cable'), late]);
    // The first file's problems were written on their own, before the others were read.
    expect(o.writes[0]).toContain('1.cable:');
    expect(o.writes[0]).not.toContain('2.cable:');
  });

  it('the same for cable fix: each file is fixed before the next is found', async () => {
    const d = folder({ 'a/1.cable': DAMAGED });
    fs.mkdirSync(path.join(d, 'b'));
    const late = path.join(d, 'b', 'late.cable');
    const o = io();
    const err = o.stderr;
    o.stderr = (s) => {
      if (!fs.existsSync(late)) fs.writeFileSync(late, DAMAGED);
      err(s);
    };
    expect(await main(['fix', d], o)).toBe(0);
    expect(fs.readFileSync(late, 'utf8')).toBe(FIXED);
    expect(o.err).toMatch(/fixed \d+ problems in 2 of 2 files/);
  });

  /** The run's output made at once from its diagnostics and the files in walk order. */
  const whole = (format: Format, diags: readonly JsonDiagnostic[], files: readonly string[], color: boolean, quiet = false) => {
    const job: Job = { format, color, quiet, read: {}, version: '9.9.9' };
    let out = '';
    const w = new ReportWriter(job, (s) => void (out += s));
    for (const file of files) w.add(formatResult({ file, diagnostics: diags.filter((x) => x.file === file) }, job));
    w.end();
    return out;
  };

  it('is the whole run\'s output, in every format, coloured or not, with --quiet', async () => {
    const d = folder({ 'a.cable': DAMAGED, 'b/clean.cable': FIXED, 'b/err.cable': WITH_ERROR, 'c.cable': DAMAGED });
    const files = ['a.cable', 'b/clean.cable', 'b/err.cable', 'c.cable'].map((f) => path.join(d, f));
    const all = JSON.parse((await run(['check', '--format', 'json', d])).out) as JsonDiagnostic[];
    expect(new Set(all.map((x) => x.severity))).toEqual(new Set(['error', 'warning', 'information', 'hint'].filter((s) => all.some((x) => x.severity === s))));
    expect(all.some((x) => x.severity === 'error') && all.some((x) => x.fixable)).toBe(true);
    // In the walk's order, each file's problems together.
    expect([...new Set(all.map((x) => x.file))]).toEqual([files[0], files[2], files[3]]);
    for (const format of FORMATS) {
      for (const color of [false, true]) {
        for (const quiet of [false, true]) {
          const args = ['check', '--format', format, ...(color ? ['--color'] : ['--no-color']), ...(quiet ? ['--quiet'] : []), d];
          const got = await run(args);
          expect(got.out, args.join(' ')).toBe(whole(format, all, files, color, quiet));
        }
      }
    }
    // No problems at all, and one file only.
    const clean = folder({ 'ok.cable': FIXED });
    const ok = [path.join(clean, 'ok.cable')];
    const cleanDiags = JSON.parse((await run(['check', '--format', 'json', clean])).out) as JsonDiagnostic[];
    for (const format of FORMATS) {
      expect((await run(['check', '--format', format, '--quiet', clean])).out).toBe(whole(format, [], ok, false));
      expect((await run(['check', '--format', format, clean])).out).toBe(whole(format, cleanDiags, ok, false));
    }
  });

  it.skipIf(!built)('through worker threads too, in the walk\'s order', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`f${String(i).padStart(2, '0')}.cable`] = i % 3 === 0 ? WITH_ERROR : i % 3 === 1 ? DAMAGED : FIXED;
    // Over 512 KB: the main thread leaves such a file to a worker that is ready; its report still
    // comes in the walk's order.
    files['f35big.cable'] = Array.from({ length: Math.ceil((600 * 1024) / DAMAGED.length) }, () => DAMAGED).join('\n');
    const d = folder(files);
    for (const format of FORMATS) {
      const here = await run(['check', '--format', format, '--workers', '1', d]);
      const o = io();
      const code = await main(['check', '--format', format, d], o);
      // main() has no worker script under the test runner: checkCommand is given the bundle.
      const w = io();
      const wcode = await checkCommand([d], { format, progress: true, color: 'never', workers: 2, workerScript: CLI }, w);
      expect(wcode).toBe(code);
      expect(w.out, format).toBe(here.out);
      expect(o.out).toBe(here.out);
    }
  });
});

describe('the pool', () => {
  const job: Job = { format: 'json', color: false, quiet: false, read: {}, version: 't' };

  it('hands reports on in order, taking files only as they are needed (this thread)', async () => {
    const d = folder({ 'x.cable': DAMAGED });
    const x = path.join(d, 'x.cable');
    let taken = 0;
    const seenAt: number[] = [];
    await checkFiles(
      () => (taken < 30 ? (taken++, { file: x }) : undefined),
      () => seenAt.push(taken),
      { job, workers: 1 },
    );
    expect(seenAt.length).toBe(30);
    // Each file is checked and handed on before the next is taken.
    expect(seenAt).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it.skipIf(!built)('with worker threads: in order, and never more than a window of files out at a time', async () => {
    const d = folder({ 'x.cable': DAMAGED, 'y.cable': FIXED, 'z.cable': 'not a cable at all\n' });
    const names = ['x', 'y', 'z'].map((f) => path.join(d, `${f}.cable`));
    const total = WINDOW + 600;
    let taken = 0;
    let most = 0;
    const got: FileReport[] = [];
    await checkFiles(
      () => (taken < total ? { file: names[taken++ % 3]! } : undefined),
      (r) => {
        got.push(r);
        most = Math.max(most, taken - got.length);
      },
      { job, workers: 2, workerScript: CLI },
    );
    expect(got.map((r) => r.file)).toEqual(Array.from({ length: total }, (_, i) => names[i % 3]));
    expect(got[0]!.counts[1]).toBeGreaterThan(0);
    expect(got[1]!.counts.slice(0, 2)).toEqual([0, 0]);
    // What is held between the walk and the output: the window, the batches sent ahead, the files
    // taken before the workers started; never the run.
    expect(most).toBeLessThanOrEqual(WINDOW + 2 * BATCH * AHEAD + 24);
    expect(most).toBeLessThan(total - 100);
  });

  it('takes no more than a window of files past one that holds up the output', async () => {
    // A worker of our own, which makes no report for the first batch it is given until no batch has
    // come for a second (long enough that a busy machine does not end it early): the files after
    // it wait to be handed on in order, and the pool (this thread checking too) must stop taking
    // files once a window of them is out (pool.ts, WINDOW). Nothing else bounds them.
    const d = folder({
      'held.cjs': [
        "const { parentPort } = require('node:worker_threads');",
        'let last = Date.now();',
        'let first = true;',
        'parentPort.postMessage({ ready: true });',
        'parentPort.on("message", (m) => {',
        '  if (!m.batch) return;',
        '  last = Date.now();',
        "  const reply = () => parentPort.postMessage({ results: m.batch.map((t) => ({ id: t.id, file: t.file, out: '', counts: [0, 0, 0, 0, 0] })) });",
        '  if (!first) return reply();',
        '  first = false;',
        '  const wait = setInterval(() => {',
        '    if (Date.now() - last < 1000) return;',
        '    clearInterval(wait);',
        '    reply();',
        '  }, 50);',
        '});',
      ].join('\n'),
    });
    const total = WINDOW + 600;
    // Real cables, each a link to one: this thread checks some of them while the worker starts
    // and beside it, and would be through names of missing files before the worker said it was ready.
    fs.writeFileSync(path.join(d, 'first.cable'), DAMAGED);
    for (let i = 2; i <= total; i++) fs.linkSync(path.join(d, 'first.cable'), path.join(d, `f${i}.cable`));
    let taken = 0;
    let most = 0;
    const got: FileReport[] = [];
    await checkFiles(
      () => (taken < total ? { file: path.join(d, taken++ === 0 ? 'first.cable' : `f${taken}.cable`) } : undefined),
      (r) => {
        got.push(r);
        most = Math.max(most, taken - got.length);
      },
      { job, workers: 2, workerScript: path.join(d, 'held.cjs') },
    );
    expect(got.map((r) => path.basename(r.file))).toEqual(Array.from({ length: total }, (_, i) => (i === 0 ? 'first.cable' : `f${i + 1}.cable`)));
    // The window filled while the worker's first batch was held, and no more was taken.
    expect(most).toBeGreaterThanOrEqual(WINDOW - 2 * BATCH * AHEAD);
    expect(most).toBeLessThan(WINDOW);
  });

  it('a worker that dies (or never starts) loses no file: its files are checked in this thread', async () => {
    const d = folder({ 'x.cable': DAMAGED, 'y.cable': FIXED });
    const names = [path.join(d, 'x.cable'), path.join(d, 'y.cable')];
    const crashing = path.join(d, 'crash.cjs');
    fs.writeFileSync(crashing, CRASHING);
    const exiting = path.join(d, 'exit.cjs');
    fs.writeFileSync(exiting, 'process.exit(3);\n');
    for (const script of [crashing, exiting, path.join(d, 'missing.cjs')]) {
      let taken = 0;
      const got: FileReport[] = [];
      await checkFiles(() => (taken < 100 ? { file: names[taken++ % 2]! } : undefined), (r) => got.push(r), { job, workers: 2, workerScript: script });
      expect(got.map((r) => r.file)).toEqual(Array.from({ length: 100 }, (_, i) => names[i % 2]));
      expect(got.every((r, i) => (i % 2 === 0 ? r.counts[1] > 0 : r.counts[1] === 0))).toBe(true);
    }
  });

  it.skipIf(!built)('skips a FIFO in a worker thread with a message, and checks the rest', async () => {
    if (spawnSync('mkfifo', ['--version']).status !== 0) return;
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`f${String(i).padStart(2, '0')}.cable`] = DAMAGED;
    const d = folder(files);
    expect(spawnSync('mkfifo', [path.join(d, 'f10a.cable')]).status).toBe(0);
    const o = io();
    expect(await checkCommand([d], { format: 'json', progress: false, color: 'never', workers: 2, workerScript: CLI }, o)).toBe(2);
    expect(o.err).toBe(`cable check: ${path.join(d, 'f10a.cable')}: not a regular file (a FIFO): skipped\n`);
    expect(new Set(JSON.parse(o.out).map((x: JsonDiagnostic) => path.basename(x.file))).size).toBe(30);
  });
});

describe('cable fix in worker threads', () => {
  /** 40 files: damaged, clean, with an error; a symbolic link, a hard link, a mode, a file not valid UTF-8. */
  function archive(): { d: string; names: string[]; latin1: Buffer } {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`f${String(i).padStart(2, '0')}.cable`] = i % 3 === 0 ? WITH_ERROR : i % 3 === 1 ? DAMAGED : FIXED;
    const d = folder(files);
    fs.writeFileSync(path.join(d, 'target.txt'), DAMAGED);
    fs.unlinkSync(path.join(d, 'f04.cable'));
    fs.symlinkSync('target.txt', path.join(d, 'f04.cable'));
    fs.linkSync(path.join(d, 'f07.cable'), path.join(d, 'hard.txt'));
    fs.chmodSync(path.join(d, 'f10.cable'), 0o604);
    const latin1 = Buffer.from(DAMAGED.replace('INTERNATIONAL ROLE', 'INTERNATIONAL ROL\u00e9'), 'latin1');
    fs.writeFileSync(path.join(d, 'f13.cable'), latin1);
    return { d, names: Object.keys(files).map((f) => path.join(d, f)), latin1 };
  }
  const fix = async (args: string[], workers: number) => {
    const o = io();
    const code = await fixCommand(args.filter((a) => !a.startsWith('--')), { ...parseFlags(args), progress: false, color: 'never', workers, workerScript: CLI }, o);
    return Object.assign(o, { code });
  };
  const parseFlags = (args: string[]) => ({ dryRun: args.includes('--dry-run'), check: args.includes('--check') });

  it.skipIf(!built)('--dry-run and --check print the same, in the walk\'s order, with 1 or 2 threads, and write nothing', async () => {
    const { d, names } = archive();
    const before = names.map((f) => fs.readFileSync(f));
    for (const flag of ['--dry-run', '--check']) {
      const one = await fix([flag, d], 1);
      const two = await fix([flag, d], 2);
      expect(one.code, one.err).toBe(1);
      expect(two.code).toBe(1);
      expect(two.out, flag).toBe(one.out);
      expect(two.err, flag).toBe(one.err);
      expect(one.err).toMatch(/would fix \d+ problems in 27 of 40 files; run `cable fix` to apply/);
      const order = [...one.out.matchAll(flag === '--check' ? /^(.*?): would fix/gm : /^--- (.*)$/gm)].map((m) => m[1]);
      expect(order.length).toBe(27);
      expect(order).toEqual([...order].sort());
    }
    expect(names.map((f) => fs.readFileSync(f)).every((b, i) => b.equals(before[i]!))).toBe(true);
  });

  it.skipIf(!built)('writes in the workers, keeping links, mode and undecodable bytes; prints as one thread would', async () => {
    const a = archive();
    const b = archive();
    const one = await fix([a.d], 1);
    const two = await fix([b.d], 2);
    expect(two.code, two.err).toBe(0);
    expect(two.err.split(b.d).join('')).toBe(one.err.split(a.d).join(''));
    expect(two.err).toMatch(/^fixed \d+ problems in 27 of 40 files\n$/m);
    const fixedLines = [...two.err.matchAll(/^fixed (\S+)/gm)].map((m) => m[1]);
    expect(fixedLines).toEqual([...fixedLines].sort());
    for (const f of b.names) {
      const got = fs.readFileSync(f);
      if (f.endsWith('f13.cable')) {
        // Byte for byte around the edits: the Latin-1 byte stays, and no replacement character is written.
        expect(got.includes(Buffer.from([0xe9]))).toBe(true);
        expect(got.includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(false);
        expect(got.length).toBeLessThan(b.latin1.length);
      } else expect(got.toString('utf8'), f).toBe(fs.readFileSync(a.names[b.names.indexOf(f)]!, 'utf8'));
    }
    expect(fs.lstatSync(path.join(b.d, 'f04.cable')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(b.d, 'target.txt'), 'utf8')).toBe(FIXED);
    expect(two.err).toContain(`(the link's target ${fs.realpathSync(path.join(b.d, 'target.txt'))})`);
    expect(fs.statSync(path.join(b.d, 'hard.txt')).ino).toBe(fs.statSync(path.join(b.d, 'f07.cable')).ino);
    expect(fs.readFileSync(path.join(b.d, 'hard.txt'), 'utf8')).toBe(FIXED);
    expect(fs.statSync(path.join(b.d, 'f10.cable')).mode & 0o7777).toBe(0o604);
    expect(fs.readdirSync(b.d).filter((x) => x.endsWith('.tmp'))).toEqual([]);
    // Nothing left to fix.
    expect((await fix(['--check', b.d], 2)).code).toBe(0);
  });

  it('a worker that dies (or never starts) loses no file: its files are fixed in this thread', async () => {
    const d = folder({ 'x.cable': DAMAGED });
    const crashing = path.join(d, 'crash.cjs');
    fs.writeFileSync(crashing, CRASHING);
    for (const script of [crashing, path.join(d, 'missing.cjs')]) {
      const files = Array.from({ length: 30 }, (_, i) => path.join(d, `${script.length}-${i}.cable`));
      for (const f of files) fs.writeFileSync(f, DAMAGED);
      let taken = 0;
      const got: FixReport[] = [];
      await fixFiles(
        () => (taken < files.length ? { file: files[taken++]! } : undefined),
        (r) => got.push(r),
        { job: { dryRun: false, check: false, color: false, read: {} }, workers: 2, workerScript: script },
      );
      expect(got.map((r) => r.file)).toEqual(files);
      expect(got.every((r) => r.changed && !r.failed && r.err.startsWith('fixed '))).toBe(true);
      expect(files.every((f) => fs.readFileSync(f, 'utf8') === FIXED)).toBe(true);
    }
  });
});

describe('--workers', () => {
  it('is one per core by default (up to 8), and at most 4 per core, saying so', async () => {
    const cores = os.availableParallelism();
    expect(workerCount(undefined)).toEqual({ count: Math.min(cores, 8), cores, capped: false });
    expect(workerCount(1).count).toBe(1);
    expect(workerCount(4 * cores)).toEqual({ count: 4 * cores, cores, capped: false });
    expect(workerCount(1000)).toEqual({ count: 4 * cores, cores, capped: true });
    const d = folder({ 'a.cable': DAMAGED });
    const r = await run(['check', '--format', 'json', '--workers', '1000', d]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`cable check: --workers 1000 is more than 4 per core (${cores} here): ${4 * cores} threads check the files\n`);
    const zero = await run(['check', '--workers', '0', d]);
    expect(zero.code).toBe(2);
    expect(zero.err).toContain('--workers');
  });
});

describe('the number of threads, --workers not given', () => {
  it('is one until the work found pays for a worker, then one more for each WORKER_WORK, up to the most', () => {
    const ended = (files: number, bytes: number) => ({ files, bytes, ended: true });
    expect(threadsFor(ended(0, 0), 8)).toBe(1);
    expect(threadsFor(ended(30, 30 * 9000), 8)).toBe(1);
    const one = WORKER_WORK - 10 * FILE_WORK;
    expect(threadsFor(ended(10, one - 1), 8)).toBe(1);
    expect(threadsFor(ended(10, one), 8)).toBe(2);
    expect(threadsFor(ended(10, one + 2 * WORKER_WORK), 8)).toBe(4);
    expect(threadsFor(ended(10, one + 2 * WORKER_WORK), 3)).toBe(3);
    expect(threadsFor(ended(1000, 1e12), 8)).toBe(8);
    // Many small files count too: each is opened, read and formatted.
    expect(threadsFor(ended(Math.ceil(WORKER_WORK / FILE_WORK), 0), 8)).toBe(2);
    // The walk had not ended when reading ahead stopped: a large run, every thread.
    expect(threadsFor({ files: LOOKAHEAD, bytes: 0, ended: false }, 8)).toBe(8);
    expect(threadsFor(ended(5, 100), 1)).toBe(1);
    for (let bytes = 0; bytes < 10 * WORKER_WORK; bytes += WORKER_WORK / 3) {
      expect(threadsFor(ended(10, bytes + WORKER_WORK / 3), 8)).toBeGreaterThanOrEqual(threadsFor(ended(10, bytes), 8));
    }
  });

  // With one core there is no worker to start either way.
  it.skipIf(os.availableParallelism() < 2).each([
    ['a few files: no worker is started', 3, false],
    ['more files than are read ahead: workers are started', LOOKAHEAD + 50, true],
  ])('%s', async (_, count, starts) => {
    // A worker of our own that leaves a mark when it starts and reports every file clean.
    const d = folder({ 'x.cable': DAMAGED });
    const mark = path.join(d, 'started');
    fs.writeFileSync(
      path.join(d, 'marking.cjs'),
      [
        "const { parentPort } = require('node:worker_threads');",
        `require('node:fs').writeFileSync(${JSON.stringify(mark)}, '');`,
        'parentPort.postMessage({ ready: true });',
        "parentPort.on('message', (m) => m.batch && parentPort.postMessage({ results: m.batch.map((t) => ({ id: t.id, file: t.file, out: '', counts: [0, 0, 0, 0, 0] })) }));",
      ].join('\n'),
    );
    const x = path.join(d, 'x.cable');
    let taken = 0;
    const got: FileReport[] = [];
    const job: Job = { format: 'json', color: false, quiet: false, read: {}, version: 't' };
    await checkFiles(() => (taken < count ? (taken++, { file: x }) : undefined), (r) => got.push(r), { job, workerScript: path.join(d, 'marking.cjs') });
    expect(got.length).toBe(count);
    if (!starts) {
      expect(fs.existsSync(mark)).toBe(false);
      return;
    }
    // The worker may be terminated before its first line runs; it was started if it says so, or
    // if some file was reported as the marking worker reports it (clean, where x.cable is not).
    expect(fs.existsSync(mark) || got.some((r) => r.counts[1] === 0)).toBe(true);
  });
});

describe('which files', () => {
  it('a file named twice, or inside a folder also named, is checked once', async () => {
    const d = folder({ 'a.cable': DAMAGED, 'sub/b.cable': DAMAGED, '.hidden/c.cable': DAMAGED });
    const filesOf = async (args: string[]) => {
      const r = await run(['check', '--format', 'json', ...args]);
      return (JSON.parse(r.out) as JsonDiagnostic[]).map((x) => path.relative(d, x.file)).filter((f, i, a) => a.indexOf(f) === i);
    };
    expect(await filesOf([d])).toEqual(['a.cable', path.join('sub', 'b.cable')]);
    expect(await filesOf([d, path.join(d, 'a.cable')])).toEqual(['a.cable', path.join('sub', 'b.cable')]);
    expect(await filesOf([path.join(d, 'a.cable'), d])).toEqual(['a.cable', path.join('sub', 'b.cable')]);
    expect(await filesOf([d, path.join(d, 'sub')])).toEqual(['a.cable', path.join('sub', 'b.cable')]);
    expect(await filesOf([path.join(d, 'sub'), d])).toEqual([path.join('sub', 'b.cable'), 'a.cable']);
    // A hidden folder is not walked, so naming it adds its files.
    expect(await filesOf([d, path.join(d, '.hidden')])).toEqual(['a.cable', path.join('sub', 'b.cable'), path.join('.hidden', 'c.cable')]);
  });

  it('a broken .cablerc.json met during the walk ends the run there (exit 2), saying what was done', async () => {
    const d = folder({ 'a/x.cable': DAMAGED, 'b/.cablerc.json': '{"rules": {"nope": "off"}}', 'b/y.cable': DAMAGED, 'c/z.cable': DAMAGED });
    const r = await run(['check', '--format', 'compact', d]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${path.join(d, 'b', '.cablerc.json')}: unknown rule "nope"`);
    expect(r.err).toContain('the configuration has errors: stopped after 1 file');
    expect(r.out).toContain('x.cable:');
    expect(r.out).not.toContain('y.cable');
    expect(r.out).not.toContain('z.cable');
    const f = await run(['fix', d]);
    expect(f.code).toBe(2);
    expect(fs.readFileSync(path.join(d, 'b', 'y.cable'), 'utf8')).toBe(DAMAGED);
    expect(fs.readFileSync(path.join(d, 'c', 'z.cable'), 'utf8')).toBe(DAMAGED);
  });
});

describe('the progress bar', () => {
  const many = () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`m${i}.cable`] = DAMAGED;
    return folder(files);
  };

  it('gives the rate of the last seconds, so a slow start does not skew the time left', () => {
    let t = 0;
    let out = '';
    const p = new Progress(10_000, true, (x) => void (out += x), () => t);
    for (let i = 0; i < 100; i++) {
      t += 50;
      p.tick();
    }
    for (let i = 0; i < 3000; i++) {
      t += 10;
      p.tick();
    }
    // 3,100 files in 35 s is 89 files/s on average; the last 10 s ran at 100.
    expect(p.line()).toBe('[#########.....................] 3,100/10,000 files  100 files/s  1 min 9 s left');
    const q = new Progress(undefined, true, (x) => void (out += x), () => t);
    for (let i = 0; i < 60; i++) {
      t += 20;
      q.tick();
    }
    expect(q.line()).toBe('60 files  50 files/s  (counting)');
    q.setTotal(120);
    expect(q.line()).toBe('[###############...............] 60/120 files  50 files/s  2 s left');
  });

  it('counts the files while they are checked, on a terminal, and clears itself', async () => {
    const d = many();
    const r = await run(['check', '--format', 'json', '--workers', '1', d], { stderrIsTTY: true });
    expect(r.err).toMatch(/\r(\[[#.]+\] \d+\/60 files|\d+ files.*\(counting\))/);
    expect(r.err.endsWith('\r\x1b[2K')).toBe(true);
    expect(JSON.parse(r.out).length).toBeGreaterThan(0);
  });

  it('never in a CI log, on a dumb terminal or when piped, and never on stdout', async () => {
    const d = many();
    for (const env of [{ CI: 'true' }, { TERM: 'dumb' }]) expect((await run(['check', '--format', 'json', d], { stderrIsTTY: true, env })).err).toBe('');
    const piped = await run(['check', '--format', 'json', d]);
    expect(piped.err).toBe('');
    const tty = await run(['check', '--format', 'json', d], { stderrIsTTY: true });
    expect(tty.out).toBe(piped.out);
  });

  it('cable fix draws it too, and its own lines above it', async () => {
    const d = many();
    const r = await run(['fix', d], { stderrIsTTY: true });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/\r(\[[#.]+\] \d+\/60 files|\d+ files.*\(counting\))/);
    // Each "fixed" line is written on a cleared line, never after the bar's text.
    expect(r.err).toMatch(/\r\x1b\[2K(\x1b\[\d+m)?fixed(\x1b\[\d+m)? /);
    expect(r.err).not.toMatch(/files[^\r\n]*fixed /);
    expect((await run(['fix', '--no-progress', many()], { stderrIsTTY: true })).err).not.toContain('\r');
  });
});

/**
 * Checking (or fixing) many files on every core. The bundled CLI (dist/cli.js) starts worker
 * threads on its own file with the hidden subcommand `__check-worker`, which main.ts dispatches to
 * `runWorker`. Run from sources (the tests) there is no bundle to start, and the files are done in
 * this thread instead: same results, one core. `cable fix`'s workers write the files they fix
 * (fixFile.ts); this thread prints what they did, in the walk's order.
 *
 * This thread is one of the threads that check: `--workers 2` is it and one worker. It checks
 * files from the start while the workers load (the 2 MB bundle, the word lists: ~0.15-0.3 s each)
 * and beside them after. When the workers alone did the files, this thread waited for them to start
 * and each of them warmed up cold: two workers were slower than this thread alone on the corpus's
 * 1,007 files (2.44 s against 2.01). Without --workers, the pool is sized by the work the walk
 * shows (threadsFor): a worker that would not pay for itself before the run ends is not started.
 *
 * Files are taken from the walk as workers need them and given out in small batches, two batches
 * ahead per worker, so a worker never waits for this thread to be scheduled between two files (one
 * file per round trip left each worker idle a third of the time on a busy machine). A worker sends
 * back each file's output already formatted, one string and five counts, because copying the
 * diagnostics as objects between threads cost more than checking them. Reports are handed on in
 * the walk's order; at most WINDOW files are out at a time, so memory does not grow with the run
 * even when one large file holds up the rest.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import type { RuleSettings } from '../service/diagnostics/settings';
import { fixAndReport, type FixJob, type FixReport } from './fixFile';
import { checkAndFormat, type FileReport, type Job } from './report';

export const WORKER_SUBCOMMAND = '__check-worker';

export interface PoolTask {
  file: string;
  settings?: RuleSettings;
}

/** The work of a run: what each file gets, and what it is done with. */
type Unit = { kind: 'check'; job: Job } | { kind: 'fix'; job: FixJob };
type Report = FileReport | FixReport;

function work(unit: Unit, t: PoolTask): Report {
  return unit.kind === 'check' ? checkAndFormat(t.file, t.settings, unit.job) : fixAndReport(t.file, t.settings, unit.job);
}

/**
 * Stopping a run between files (cable fix on SIGINT): no file is given out any more, and `halt`
 * resolves once no worker is in the middle of a file, so that each file is whole, old or fixed,
 * and no temporary file is open.
 */
export class Halt {
  /** Shared with the workers: 1 once halted (they look before each file). */
  readonly flag = new Int32Array(new SharedArrayBuffer(4));
  /** Set by a run in progress: resolves when its workers are between files. */
  quiesce: () => Promise<void> = () => Promise.resolve();
  get halted(): boolean {
    return Atomics.load(this.flag, 0) === 1;
  }
  halt(): Promise<void> {
    Atomics.store(this.flag, 0, 1);
    return this.quiesce();
  }
}

interface WireTask {
  id: number;
  file: string;
  /** The settings' number in this run (each settings object is sent to a worker once). */
  s: number;
}
type ToWorker = { unit: Unit; halt: SharedArrayBuffer } | { batch: WireTask[]; settings: Array<[number, RuleSettings | undefined]> } | { quiesce: true };
type FromWorker = { ready: true } | { results: Array<Report & { id: number }> } | { quiet: true };

/**
 * Work (bytes, FILE_WORK a file) that pays for a worker; see threadsFor. On the 2-core machine a
 * second thread costs more than its start: a single thread already keeps the other core partly
 * busy with its garbage collector, and two threads that parse slow each other (memory, caches), so
 * the worker is a loss until the run is long. Copies of the corpus, `cable check --workers 1`
 * against `--workers 2`, medians of alternated runs (wall s): 1,007 files (12 MB of work) 1.89
 * against 2.17; 4,028 (48 MB) 3.91 against 5.14; 10,070 (120 MB) 7.94 against 8.05; 25,175
 * (290 MB) 15.4 against 12.6.
 */
export const WORKER_WORK = 128 * 1024 * 1024;
export const FILE_WORK = 2048;
/**
 * Files read ahead, at most, to size the pool: past this many, the run is taken to be large. Only
 * their sizes are read (a stat each: 16,384 take about 50 ms), and the first of them is checked
 * as soon as the pool is sized.
 */
export const LOOKAHEAD = 16384;
/** A file this large is left to a worker when one lives (~0.1 s of checking). */
const LARGE_FILE = 512 * 1024;
/** This thread, checking beside workers, lets their reports in this often. */
const SLICE_MS = 4;
/** Files per message to a worker, and batches a worker holds at a time. */
export const BATCH = 8;
export const AHEAD = 2;
/** Files taken from the walk and not yet handed on, at most. */
export const WINDOW = 1024;
/** Checking in this thread lets the event loop run this often (a progress count, signals). */
const YIELD_MS = 50;

function bundlePath(): string | undefined {
  // `__filename` is the bundle when running dist/cli.js; under the test runner it is a .ts file.
  const f = typeof __filename === 'string' ? __filename : undefined;
  return f && f.endsWith('.js') && fs.existsSync(f) ? f : undefined;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface PoolOptions {
  /** Threads to work in, this one included; 1: this thread only. Default: one per core, up to 8, as the work found calls for (threadsFor). */
  workers?: number;
  job: Job;
  /** The script the workers run (the tests give dist/cli.js); default this bundle, if built. */
  workerScript?: string;
}

/**
 * How many worker threads to start: one per core up to 8 unless asked; asked for more than 4 per
 * core, 4 per core (each thread holds the whole checker, ~100 MB; more threads than cores only
 * help while files are being read from a slow disk). `capped` says when the number asked was cut.
 */
export function workerCount(asked: number | undefined): { count: number; cores: number; capped: boolean } {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  if (asked === undefined) return { count: Math.max(1, Math.min(cores, 8)), cores, capped: false };
  const most = 4 * cores;
  return asked > most ? { count: most, cores, capped: true } : { count: asked, cores, capped: false };
}

/**
 * Checks the files `next` gives (until it gives undefined) and hands each report to `deliver`
 * in the order given. `next` is called only as files are needed.
 */
export function checkFiles(next: () => PoolTask | undefined, deliver: (r: FileReport) => void, options: PoolOptions): Promise<void> {
  return runFiles<FileReport>(next, deliver, { ...options, unit: { kind: 'check', job: options.job } });
}

/** The same for `cable fix`: each file is fixed and written where it is done. */
export function fixFiles(
  next: () => PoolTask | undefined,
  deliver: (r: FixReport) => void,
  options: Omit<PoolOptions, 'job'> & { job: FixJob; halt?: Halt },
): Promise<void> {
  return runFiles<FixReport>(next, deliver, { ...options, unit: { kind: 'fix', job: options.job } });
}

async function runFiles<R extends Report>(
  next: () => PoolTask | undefined,
  deliver: (r: R) => void,
  options: { workers?: number; workerScript?: string; unit: Unit; halt?: Halt },
): Promise<void> {
  const { unit } = options;
  const halt = options.halt ?? new Halt();
  const most = workerCount(options.workers).count;
  const script = options.workerScript ?? bundlePath();

  /** A file taken from the walk, numbered in the walk's order: reports are handed on by number. */
  interface Item {
    id: number;
    task: PoolTask;
    /** Its size, once read (the read-ahead reads it; so does this thread's choice of its next file). */
    size?: number;
  }
  const sizeOfItem = (it: Item): number => (it.size ??= sizeOf(it.task.file));
  // Taken from the walk and not yet given to a thread.
  const queue: Item[] = [];
  // Large files this thread left to the workers (it would keep them waiting for more files meanwhile).
  const large: Item[] = [];
  let ended = false;
  let taken = 0;
  let handed = 0;
  const held = new Map<number, Report>();
  /** The task of each id given to a worker and not yet reported, to do here should its worker die. */
  const out = new Map<number, PoolTask>();
  const fromWalk = (): Item | undefined => (taken - handed >= WINDOW ? undefined : take());
  const take = (): Item | undefined => {
    if (ended) return undefined;
    const task = next();
    if (!task) {
      ended = true;
      return undefined;
    }
    return { id: taken++, task };
  };
  const pull = (): Item | undefined => (halt.halted ? undefined : (queue.shift() ?? fromWalk()));
  const flush = () => {
    for (let r = held.get(handed); r; r = held.get(handed)) {
      held.delete(handed);
      out.delete(handed);
      handed++;
      deliver(r as R);
    }
  };
  const here = (it: Item) => {
    held.set(it.id, work(unit, it.task));
    flush();
  };

  if (!script || most <= 1) {
    let last = Date.now();
    for (let it = pull(); it; it = pull()) {
      here(it);
      if (Date.now() - last >= YIELD_MS) {
        await turn();
        last = Date.now();
      }
    }
    return;
  }

  // Unless a number of threads was asked for, the walk is read ahead until it shows enough work
  // for every thread, or ends short of it: a folder of a few dozen cables is done here alone.
  let threads = most;
  if (options.workers === undefined) {
    const found: FoundWork = { files: 0, bytes: 0, ended: false };
    // Past the window: what is read ahead is names and sizes, not reports.
    while (found.files < LOOKAHEAD && threadsFor({ ...found, ended: true }, most) < most) {
      const it = take();
      if (!it) break;
      queue.push(it);
      found.files++;
      found.bytes += sizeOfItem(it);
    }
    found.ended = ended;
    threads = threadsFor(found, most);
  }

  interface Slot {
    worker: Worker;
    /** The worker has loaded its code (it said so): files given before would wait in its queue. */
    ready: boolean;
    batches: number;
    known: Set<number>;
    ids: Set<number>;
    dead: boolean;
    /** Called when the worker says it is between files, or dies. */
    quiet?: () => void;
  }
  const slots: Slot[] = [];
  const settingsIds = new Map<RuleSettings | undefined, number>();
  /** Workers that can take a file now: loaded, and alive. */
  const ready = () => slots.reduce((n, s) => n + (s.ready && !s.dead ? 1 : 0), 0);
  // This thread waits here when it has no file of its own to do (the window is full, or the rest
  // is with the workers); a worker's report or death wakes it.
  let wake: (() => void) | undefined;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const feed = (slot: Slot) => {
    while (slot.ready && !slot.dead && slot.batches < AHEAD) {
      const batch: WireTask[] = [];
      const settings: Array<[number, RuleSettings | undefined]> = [];
      while (batch.length < BATCH) {
        const it = halt.halted ? undefined : (large.shift() ?? pull());
        if (!it) break;
        const t = it.task;
        let s = settingsIds.get(t.settings);
        if (s === undefined) settingsIds.set(t.settings, (s = settingsIds.size));
        if (!slot.known.has(s)) {
          slot.known.add(s);
          settings.push([s, t.settings]);
        }
        out.set(it.id, t);
        slot.ids.add(it.id);
        batch.push({ id: it.id, file: t.file, s });
      }
      if (batch.length === 0) break;
      slot.batches++;
      slot.worker.postMessage({ batch, settings } satisfies ToWorker);
    }
  };
  const feedAll = () => {
    for (const s of slots) feed(s);
  };
  /** A worker that died: its files are done here so that none is lost. */
  const bury = (slot: Slot) => {
    slot.quiet?.();
    if (slot.dead) return;
    slot.dead = true;
    if (halt.halted) return;
    for (const id of slot.ids) held.set(id, work(unit, out.get(id)!));
    slot.ids.clear();
    flush();
    feedAll();
    poke();
  };

  for (let w = 1; w < threads; w++) {
    let worker: Worker;
    try {
      worker = new Worker(script, { argv: [WORKER_SUBCOMMAND] });
    } catch {
      continue;
    }
    const slot: Slot = { worker, ready: false, batches: 0, known: new Set(), ids: new Set(), dead: false };
    slots.push(slot);
    worker.postMessage({ unit, halt: halt.flag.buffer } satisfies ToWorker);
    worker.on('message', (m: FromWorker) => {
      if ('quiet' in m) return slot.quiet?.();
      // A worker given up for dead had its files done here already.
      if (slot.dead) return;
      if ('ready' in m) {
        slot.ready = true;
        return feed(slot);
      }
      slot.batches--;
      for (const r of m.results) {
        slot.ids.delete(r.id);
        const { id, ...report } = r;
        held.set(id, report);
      }
      flush();
      // The window may have held every worker back: each may take more now.
      feedAll();
      poke();
    });
    worker.on('error', () => bury(slot));
    worker.on('exit', () => bury(slot));
  }
  // Each live worker is asked to say when it is between files: it answers after the batches it
  // holds, which it ends at once, halted. This thread is between files whenever a signal's
  // handler runs.
  halt.quiesce = () =>
    Promise.all(
      slots
        .filter((s) => !s.dead)
        .map(
          (s) =>
            new Promise<void>((resolve) => {
              s.quiet = resolve;
              s.worker.postMessage({ quiesce: true } satisfies ToWorker);
            }),
        ),
    ).then(() => undefined);

  /**
   * This thread's next file. It works on files while the workers load (~0.2 s each: the bundle,
   * the word lists) and then beside them, so that `--workers 2` is this thread and one worker, not
   * two workers that start cold while it waits. A large file goes to a worker while one is ready:
   * here it would hold up the batches this thread gives out.
   */
  const mine = (): Item | undefined => {
    if (large.length > 0 && ready() === 0) return large.shift();
    for (let it = pull(); it; it = pull()) {
      const workers = ready();
      if (workers === 0 || large.length >= workers || sizeOfItem(it) < LARGE_FILE) return it;
      large.push(it);
      feedAll();
    }
    return undefined;
  };

  let last = performance.now();
  for (;;) {
    if (halt.halted) break;
    const it = mine();
    if (it) {
      here(it);
      // Workers' reports are read, and their next batches sent, only when this thread lets the
      // event loop run: often enough that a worker's batches ahead do not run out.
      if (performance.now() - last >= (slots.length > 0 ? SLICE_MS : YIELD_MS)) {
        await turn();
        last = performance.now();
      }
      continue;
    }
    if (ended && queue.length === 0 && large.length === 0 && handed === taken) break;
    await new Promise<void>((resolve) => (wake = resolve));
    last = performance.now();
  }
  // Halted: the signal's handler ends the process once the workers are between files.
  if (halt.halted) return new Promise<void>(() => undefined);
  for (const s of slots) {
    s.dead = true;
    void s.worker.terminate();
  }
}

/** What the walk has shown so far: files, their bytes, and whether it has ended. */
export interface FoundWork {
  files: number;
  bytes: number;
  ended: boolean;
}

/**
 * How many threads a run is given (`--workers` not given), this one included: a worker for each
 * WORKER_WORK of work found beyond the first, up to `most`; all of them while the walk goes on
 * past what was read ahead. A worker pays for itself only when there is more left than this thread
 * does while it starts: until then it is a second core spent loading code.
 */
export function threadsFor(found: FoundWork, most: number): number {
  if (!found.ended) return most;
  const work = found.bytes + found.files * FILE_WORK;
  return Math.max(1, Math.min(most, 1 + Math.floor(work / WORKER_WORK)));
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  } catch {
    return 0;
  }
}

/**
 * The worker side: do each file it is sent and post the reports back. The promise never settles:
 * the parent terminates the worker when the files run out, and a dispatcher that calls
 * process.exit with the result must not end the thread early.
 */
export function runWorker(): Promise<number> {
  if (isMainThread || !parentPort) {
    process.stderr.write('cable: __check-worker is internal to cable check and cable fix\n');
    return Promise.resolve(2);
  }
  const port = parentPort;
  let unit: Unit | undefined;
  let halted: Int32Array<ArrayBufferLike> = new Int32Array(1);
  const settings = new Map<number, RuleSettings | undefined>();
  // The bundle is loaded: files given to this worker from now on are not left waiting for it.
  port.postMessage({ ready: true } satisfies FromWorker);
  port.on('message', (m: ToWorker) => {
    if ('unit' in m) {
      unit = m.unit;
      halted = new Int32Array(m.halt);
      return;
    }
    if ('quiesce' in m) {
      port.postMessage({ quiet: true } satisfies FromWorker);
      return;
    }
    for (const [k, s] of m.settings) settings.set(k, s);
    const results: Array<Report & { id: number }> = [];
    for (const t of m.batch) {
      if (Atomics.load(halted, 0) === 1) break;
      results.push({ id: t.id, ...work(unit!, { file: t.file, settings: settings.get(t.s) }) });
    }
    port.postMessage({ results } satisfies FromWorker);
  });
  return new Promise<number>(() => undefined);
}

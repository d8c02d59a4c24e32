/**
 * Checking (or fixing) many files on every core. The bundled CLI (dist/cli.js) starts worker
 * threads on its own file with the hidden subcommand `__check-worker`, which main.ts dispatches to
 * `runWorker`. Run from sources (the tests) there is no bundle to start, and the files are done in
 * this thread instead: same results, one core. `cable fix`'s workers write the files they fix
 * (fixFile.ts); this thread prints what they did, in the walk's order.
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
type FromWorker = { results: Array<Report & { id: number }> } | { quiet: true };

/** Below this many files a worker's start-up (~50 ms, parsing the bundle) costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 24;
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
  /** Threads to work in (default: one per core, up to 8); 1: this thread only. */
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
  const want = workerCount(options.workers).count;
  const script = options.workerScript ?? bundlePath();

  // Taken from `next` and not yet given to a worker (or to this thread).
  const queue: PoolTask[] = [];
  let ended = false;
  const pull = (): PoolTask | undefined => {
    if (halt.halted) return undefined;
    if (queue.length > 0) return queue.shift();
    if (ended) return undefined;
    const t = next();
    if (!t) ended = true;
    return t;
  };
  const inThread = async () => {
    let last = Date.now();
    for (let t = pull(); t; t = pull()) {
      deliver(work(unit, t) as R);
      if (Date.now() - last >= YIELD_MS) {
        await turn();
        last = Date.now();
      }
    }
  };

  if (!script || want <= 1) return inThread();
  // A few files are done here sooner than workers start.
  while (queue.length < MIN_FILES_FOR_WORKERS) {
    const t = next();
    if (!t) {
      ended = true;
      return inThread();
    }
    queue.push(t);
  }

  const settingsIds = new Map<RuleSettings | undefined, number>();
  const held = new Map<number, Report>();
  /** The task of each id given out and not yet reported, to check here should its worker die. */
  const out = new Map<number, PoolTask>();
  let taken = 0;
  let handed = 0;
  const flush = () => {
    for (let r = held.get(handed); r; r = held.get(handed)) {
      held.delete(handed);
      out.delete(handed);
      handed++;
      deliver(r as R);
    }
  };

  interface Slot {
    worker: Worker;
    batches: number;
    known: Set<number>;
    ids: Set<number>;
    dead: boolean;
    /** Called when the worker says it is between files, or dies. */
    quiet?: () => void;
  }
  const slots: Slot[] = [];
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const feed = (slot: Slot) => {
    while (!slot.dead && slot.batches < AHEAD) {
      const batch: WireTask[] = [];
      const settings: Array<[number, RuleSettings | undefined]> = [];
      while (batch.length < BATCH && taken - handed < WINDOW) {
        const t = pull();
        if (!t) break;
        let s = settingsIds.get(t.settings);
        if (s === undefined) settingsIds.set(t.settings, (s = settingsIds.size));
        if (!slot.known.has(s)) {
          slot.known.add(s);
          settings.push([s, t.settings]);
        }
        const id = taken++;
        out.set(id, t);
        slot.ids.add(id);
        batch.push({ id, file: t.file, s });
      }
      if (batch.length === 0) break;
      slot.batches++;
      slot.worker.postMessage({ batch, settings } satisfies ToWorker);
    }
    settle();
  };
  const settle = () => {
    if (halt.halted) return;
    if (!ended || queue.length > 0 || handed < taken) return;
    for (const s of slots) {
      s.dead = true;
      void s.worker.terminate();
    }
    finish();
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
    const alive = slots.filter((s) => !s.dead);
    if (alive.length === 0) {
      void inThread().then(() => {
        settle();
        finish();
      });
      return;
    }
    for (const s of alive) feed(s);
  };

  for (let w = 0; w < want; w++) {
    let worker: Worker;
    try {
      worker = new Worker(script, { argv: [WORKER_SUBCOMMAND] });
    } catch {
      continue;
    }
    const slot: Slot = { worker, batches: 0, known: new Set(), ids: new Set(), dead: false };
    slots.push(slot);
    worker.postMessage({ unit, halt: halt.flag.buffer } satisfies ToWorker);
    worker.on('message', (m: FromWorker) => {
      if ('quiet' in m) return slot.quiet?.();
      // A worker given up for dead had its files done here already.
      if (slot.dead) return;
      slot.batches--;
      for (const r of m.results) {
        slot.ids.delete(r.id);
        const { id, ...report } = r;
        held.set(id, report);
      }
      flush();
      // The window may have held every worker back: each may take more now.
      for (const s of slots) feed(s);
    });
    worker.on('error', () => bury(slot));
    worker.on('exit', () => bury(slot));
  }
  if (slots.length === 0) return inThread();
  // Each live worker is asked to say when it is between files: it answers after the batches it
  // holds, which it ends at once, halted.
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
  for (const s of slots) feed(s);
  await finished;
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

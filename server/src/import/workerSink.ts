/**
 * Writing the files on a second thread: the reader thread cuts rows and formats cables, one worker
 * thread creates, writes and renames the files with synchronous calls, in batches. The other way
 * of using both cores (`writer: 'thread'`); the pool of asynchronous writes is the default because
 * it measured three times faster (scripts/bench-import.mjs): one file at a time, the worker waits
 * out each call's latency, while the pool keeps many in flight.
 *
 * The worker's code is inline (eval), so it runs the same from dist/cli.js, from the extension's
 * bundle and under the test runner, with nothing to locate on disk.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export type PutResult = 'written' | 'unchanged' | 'kept' | 'failed';

interface Job {
  target: string;
  content: string;
}

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const made = new Set();
function write(target, content) {
  let st;
  try { st = fs.statSync(target); } catch { st = undefined; }
  if (st) {
    if (st.isFile() && st.size === Buffer.byteLength(content) && fs.readFileSync(target, 'utf8') === content) return 'unchanged';
    if (!workerData.force) return 'kept';
  }
  const dir = path.dirname(target);
  if (!made.has(dir)) { fs.mkdirSync(dir, { recursive: true }); made.add(dir); }
  const tmp = path.join(dir, '.' + path.basename(target) + '.' + workerData.tag + '.tmp');
  try {
    fs.writeFileSync(tmp, content, { flag: 'wx' });
    fs.renameSync(tmp, target);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch {}
    throw e;
  }
  return 'written';
}
parentPort.on('message', (batch) => {
  const results = batch.jobs.map((j) => {
    try { return { r: write(j.target, j.content) }; }
    catch (e) { return { r: 'failed', error: e && e.code ? e.code + ': ' + e.message : String(e) }; }
  });
  parentPort.postMessage({ id: batch.id, results });
});
`;

/** The temporary file the worker writes for a target (one worker, one at a time per target). */
export function workerTemp(target: string, tag: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${tag}.tmp`);
}

export class WorkerWriter {
  private readonly worker: Worker;
  private batch: Array<{ job: Job; done: (r: PutResult, error?: string) => void }> = [];
  private pending = new Map<number, Array<{ job: Job; done: (r: PutResult, error?: string) => void }>>();
  private nextId = 0;
  private waiters: Array<() => void> = [];
  private dead: string | undefined;
  readonly tag = `${process.pid}w`;

  constructor(
    force: boolean,
    private readonly onTemp: (tmp: string, active: boolean) => void,
    private readonly batchSize = 64,
    private readonly maxBatches = 4,
  ) {
    this.worker = new Worker(WORKER_CODE, { eval: true, workerData: { force, tag: this.tag } });
    this.worker.on('message', (m: { id: number; results: Array<{ r: PutResult; error?: string }> }) => this.settle(m.id, m.results));
    const fail = (why: string) => {
      this.dead ??= why;
      for (const id of [...this.pending.keys()]) this.settle(id, undefined);
    };
    this.worker.on('error', (e) => fail(`the writer thread failed: ${e.message}`));
    this.worker.on('exit', () => fail('the writer thread stopped'));
  }

  private settle(id: number, results: Array<{ r: PutResult; error?: string }> | undefined): void {
    const items = this.pending.get(id);
    if (!items) return;
    this.pending.delete(id);
    items.forEach((it, k) => {
      this.onTemp(workerTemp(it.job.target, this.tag), false);
      const res = results?.[k];
      it.done(res?.r ?? 'failed', res?.error ?? (res ? undefined : this.dead));
    });
    const w = this.waiters.splice(0);
    for (const f of w) f();
  }

  /** Queues a write; waits only while the worker has `maxBatches` batches in hand. */
  async put(target: string, content: string, done: (r: PutResult, error?: string) => void): Promise<void> {
    if (this.dead) {
      done('failed', this.dead);
      return;
    }
    this.batch.push({ job: { target, content }, done });
    if (this.batch.length >= this.batchSize) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.batch.length) return;
    while (this.pending.size >= this.maxBatches && !this.dead) await new Promise<void>((r) => this.waiters.push(r));
    const items = this.batch;
    this.batch = [];
    if (this.dead) {
      for (const it of items) it.done('failed', this.dead);
      return;
    }
    const id = this.nextId++;
    this.pending.set(id, items);
    for (const it of items) this.onTemp(workerTemp(it.job.target, this.tag), true);
    this.worker.postMessage({ id, jobs: items.map((i) => i.job) });
  }

  async close(): Promise<void> {
    await this.flush();
    while (this.pending.size && !this.dead) await new Promise<void>((r) => this.waiters.push(r));
    await this.worker.terminate();
  }
}

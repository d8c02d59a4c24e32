/**
 * The import itself, shared by `cable import` and the editor's "Import Archive…" command: reads
 * every source (cables.csv streamed, site pages, fragments), writes one `.cable` per cable (or one
 * export file) and counts what happened. Node's fs only: no VS Code, no LSP.
 *
 * Files are written through a pool of asynchronous writes: the rows are read and cut on this
 * thread while libuv's threads create, write and rename the files, so a CSV import keeps two
 * cores busy without a worker thread having to re-parse anything.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { cableFromRow, formatCable, isReferenceId, layoutPath, safeName, tableDate, type ImportedCable, type Layout } from './cable';
import { CsvReader } from './csv';
import { readPage } from './html';
import { putFile } from './putFile';
import { WorkerWriter, type PutResult } from './workerSink';
import { fileErrorText } from './fileErrors';

export interface ImportOptions {
  /** cables.csv files, `-` (standard input, as CSV), folders of pages, pages, fragments. */
  sources: readonly string[];
  out: string;
  layout: Layout;
  /** Write every cable into this one file (an export) instead of one file per cable. */
  oneFile?: string;
  force: boolean;
  stdin?: NodeJS.ReadableStream;
  signal?: AbortSignal;
  /** Writes in flight at once (with `writer: 'async'`). */
  concurrency?: number;
  /**
   * `async` (default): a pool of asynchronous writes on this thread, libuv's threads doing the
   * calls; `thread`: one worker thread writing with synchronous calls. Measured with
   * scripts/bench-import.mjs on 50,000 rows (2 cores): async 2,600-2,800 rows/s, thread 900 rows/s
   * (one file at a time cannot hide the file system's latency).
   */
  writer?: 'thread' | 'async';
  onProblem?: (p: ImportProblem) => void;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProblem {
  /** `skip`: the cable was not imported. `warning`: imported, but something is off. */
  severity: 'skip' | 'warning';
  /** `cables.csv row 17 (line 3456)`, a file name. */
  where: string;
  reason: string;
  /** Short kind for the summary (`wrong field count`, `no cable table`, …). */
  kind: string;
}

export interface ImportProgress {
  source: string;
  rows: number;
  bytes: number;
  /** Size of the source being read, when known (not for standard input). */
  totalBytes?: number;
  /** For a folder of pages: pages read and found. */
  files?: { done: number; total: number };
}

export interface ImportSummary {
  /** Files written now (new or, with --force, replaced). */
  written: number;
  /** Files already there with the same content (an earlier run's): nothing to do. */
  unchanged: number;
  /** Cables not imported, by kind of reason (existing files that differ are one kind). */
  skipped: Record<string, number>;
  skippedTotal: number;
  warnings: number;
  byYear: Record<string, number>;
  byClassification: Record<string, number>;
  /** Sources that could not be read at all (missing, permission). */
  unreadable: number;
  cancelled: boolean;
  /** Where the cables went: the output folder or the one file. */
  destination: string;
}

const DEFAULT_CONCURRENCY = 16;

/**
 * Temporary files being written. A run ended by process.exit (the CLI's signal handler) still
 * runs 'exit' listeners, so an interrupted import leaves no temporary files behind.
 */
const activeTemps = new Set<string>();
let exitHookInstalled = false;
function trackTemp(tmp: string): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const t of activeTemps) {
        try {
          fs.unlinkSync(t);
        } catch {
          /* already renamed or removed */
        }
      }
    });
  }
  activeTemps.add(tmp);
}

export async function runImport(opts: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = {
    written: 0,
    unchanged: 0,
    skipped: {},
    skippedTotal: 0,
    warnings: 0,
    byYear: {},
    byClassification: {},
    unreadable: 0,
    cancelled: false,
    destination: opts.oneFile ?? opts.out,
  };
  const problem = (p: ImportProblem) => {
    if (p.severity === 'skip') {
      summary.skipped[p.kind] = (summary.skipped[p.kind] ?? 0) + 1;
      summary.skippedTotal++;
    } else summary.warnings++;
    opts.onProblem?.(p);
  };
  const counted = (c: ImportedCable) => {
    const y = c.year !== undefined ? String(c.year) : 'unknown';
    summary.byYear[y] = (summary.byYear[y] ?? 0) + 1;
    const k = c.table?.classification || 'unknown';
    summary.byClassification[k] = (summary.byClassification[k] ?? 0) + 1;
  };
  const sink = opts.oneFile
    ? await OneFileSink.open(opts.oneFile, opts.force)
    : new FolderSink(opts.out, opts.layout, opts.force, opts.concurrency ?? DEFAULT_CONCURRENCY, opts.writer ?? 'async');
  const settle = (c: ImportedCable, r: PutResult) => {
    if (r === 'failed') return;
    if (r === 'kept') {
      problem({ severity: 'skip', where: c.source, reason: `${sink.describe(c)} exists with other content (left alone; --force replaces it)`, kind: 'file exists with other content' });
      return;
    }
    if (r === 'written') summary.written++;
    else summary.unchanged++;
    counted(c);
  };
  const accept = async (c: ImportedCable, warnings: readonly string[]) => {
    for (const w of warnings) problem({ severity: 'warning', where: c.source, reason: w, kind: 'warning' });
    if (!opts.oneFile && safeName(c.referenceId) !== c.referenceId) {
      problem({ severity: 'warning', where: c.source, reason: `reference ID "${c.referenceId}" cannot be a file name as it is: written as ${safeName(c.referenceId)}.cable`, kind: 'warning' });
    }
    await sink.put(c, (r) => settle(c, r));
  };
  sink.onError = (c, e) => problem({ severity: 'skip', where: c.source, reason: `cannot write ${sink.describe(c)}: ${fileErrorText(e)}`, kind: 'write failed' });

  try {
    for (const src of opts.sources) {
      if (opts.signal?.aborted) break;
      if (src === '-') {
        await importCsv('standard input', opts.stdin ?? process.stdin, undefined, opts, accept, problem);
        continue;
      }
      let st: fs.Stats;
      try {
        st = await fsp.stat(src);
      } catch (e) {
        summary.unreadable++;
        opts.onProblem?.({ severity: 'skip', where: src, reason: fileErrorText(e), kind: 'unreadable source' });
        continue;
      }
      if (st.isDirectory()) {
        const pages = await htmlFiles(src);
        for (let i = 0; i < pages.length; i++) {
          if (opts.signal?.aborted) break;
          await importPage(pages[i]!, accept, problem);
          opts.onProgress?.({ source: src, rows: i + 1, bytes: 0, files: { done: i + 1, total: pages.length } });
        }
        continue;
      }
      const kind = await sniff(src);
      if (kind === 'csv') await importCsv(src, fs.createReadStream(src, { highWaterMark: 1 << 20 }), st.size, opts, accept, problem);
      else if (kind === 'html') await importPage(src, accept, problem);
      else problem({ severity: 'skip', where: src, reason: 'neither a cables.csv nor an HTML page or <pre> fragment', kind: 'unknown source' });
    }
  } finally {
    await sink.close(!!opts.signal?.aborted);
  }
  summary.cancelled = !!opts.signal?.aborted;
  if (sink instanceof OneFileSink && (summary.cancelled || sink.error)) {
    // The export is written whole or not at all: nothing of it is in place.
    if (sink.error) problem({ severity: 'skip', where: sink.describe(), reason: `cannot write: ${fileErrorText(sink.error)} (nothing written)`, kind: 'write failed' });
    Object.assign(summary, { written: 0, unchanged: 0, byYear: {}, byClassification: {} });
  }
  return summary;
}

type Accept = (c: ImportedCable, warnings: readonly string[]) => Promise<void>;
type Report = (p: ImportProblem) => void;

async function importCsv(
  name: string,
  stream: NodeJS.ReadableStream,
  totalBytes: number | undefined,
  opts: ImportOptions,
  accept: Accept,
  problem: Report,
): Promise<void> {
  const reader = new CsvReader(8);
  const utf8 = new Utf8((at) =>
    problem({ severity: 'warning', where: `${name} byte ${(bytes - lastChunk + at).toLocaleString('en-US')}`, reason: 'not valid UTF-8: bytes that are not characters were read as U+FFFD', kind: 'warning' }),
  );
  let lastChunk = 0;
  let bytes = 0;
  let rows = 0;
  const progress = () => opts.onProgress?.({ source: name, rows, bytes, totalBytes });
  const handle = async (items: ReturnType<CsvReader['push']>) => {
    for (const it of items) {
      if (opts.signal?.aborted) return;
      rows++;
      const where = `${name} row ${it.row} (line ${it.line})`;
      if (it.kind === 'error') {
        problem({ severity: 'skip', where, reason: it.reason, kind: csvKind(it.reason) });
        continue;
      }
      // A header row (`id,date,…`, as spreadsheets and pandas write one) names the columns.
      if (it.row === 1 && !/^\s*\d+\s*$/.test(it.fields[0]!) && !tableDate(it.fields[1]!)) continue;
      const r = cableFromRow(it.fields, it.eol, where);
      if (!r.ok) problem({ severity: 'skip', where, reason: r.reason, kind: rowKind(r.reason) });
      else await accept(r.cable, r.warnings);
      if ((rows & 255) === 0) progress();
    }
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      if (opts.signal?.aborted) break;
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytes += buf.length;
      lastChunk = buf.length;
      if (bytes <= buf.length && buf.includes(0)) {
        problem({ severity: 'skip', where: name, reason: 'not a text file (it holds NUL bytes)', kind: 'not text' });
        break;
      }
      await handle(reader.push(utf8.decode(buf, false)));
    }
    if (!opts.signal?.aborted) await handle(reader.push(utf8.decode(Buffer.alloc(0), true)).concat(reader.end()));
  } catch (e) {
    problem({ severity: 'skip', where: name, reason: `read failed: ${fileErrorText(e)}`, kind: 'read failed' });
  } finally {
    // A file's stream is closed at once, also when the run stopped early; standard input is not ours.
    if (stream !== process.stdin) (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  }
  progress();
}

/**
 * UTF-8 decoding that notices bytes that are no character (a file in another encoding, damage):
 * they become U+FFFD as everywhere, but the caller is told once, so the user knows.
 */
class Utf8 {
  private decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private lossy = false;

  /** `onInvalid` gets the first bad byte's offset in the chunk where it was found. */
  constructor(private readonly onInvalid: (at: number) => void) {}

  decode(buf: Uint8Array, last: boolean): string {
    if (!this.lossy) {
      try {
        return this.decoder.decode(buf, { stream: !last });
      } catch {
        this.lossy = true;
        this.decoder = new TextDecoder('utf-8', { ignoreBOM: true });
        const text = this.decoder.decode(buf, { stream: !last });
        const bad = text.indexOf('\ufffd');
        this.onInvalid(bad < 0 ? 0 : Buffer.byteLength(text.slice(0, bad)));
        return text;
      }
    }
    return this.decoder.decode(buf, { stream: !last });
  }
}

function csvKind(reason: string): string {
  if (/fields, \d+ expected/.test(reason)) return 'wrong field count';
  if (/quote/.test(reason)) return 'unbalanced quotes';
  return 'malformed row';
}

function rowKind(reason: string): string {
  if (/fields, \d+ expected/.test(reason)) return 'wrong field count';
  if (/empty body/.test(reason)) return 'empty body';
  if (/date/.test(reason)) return 'bad date';
  if (/reference ID/.test(reason)) return 'bad reference ID';
  return 'malformed row';
}

async function importPage(file: string, accept: Accept, problem: Report): Promise<void> {
  let text: string;
  try {
    let invalid = false;
    text = new Utf8(() => (invalid = true)).decode(await fsp.readFile(file), true);
    if (invalid) problem({ severity: 'warning', where: file, reason: 'not valid UTF-8: bytes that are not characters were read as U+FFFD', kind: 'warning' });
  } catch (e) {
    problem({ severity: 'skip', where: file, reason: fileErrorText(e), kind: 'read failed' });
    return;
  }
  const name = path.basename(file).replace(/\.html?$/i, '');
  const r = readPage(text, name, file);
  if (!r.ok) {
    const kind = /without the cable table/.test(r.reason) ? 'page without the table' : /empty body/.test(r.reason) ? 'empty body' : /no <pre>/.test(r.reason) ? 'no cable in the file' : 'malformed page';
    problem({ severity: 'skip', where: file, reason: r.reason, kind });
    return;
  }
  const warnings = [...r.warnings];
  if (!isReferenceId(r.cable.referenceId)) warnings.push(`reference ID "${r.cable.referenceId}" is not year + post + serial (kept as given)`);
  await accept(r.cable, warnings);
}

/** `*.html` and `*.htm` under a folder, sorted, hidden folders skipped. */
async function htmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (/\.html?$/i.test(e.name)) out.push(p);
    }
  };
  await walk(dir);
  return out;
}

/** A file's kind by its extension, else by its first bytes. */
async function sniff(file: string): Promise<'csv' | 'html' | undefined> {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.html?$/i.test(file)) return 'html';
  let head = '';
  try {
    const fh = await fsp.open(file, 'r');
    try {
      const buf = Buffer.alloc(4096);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead).toString('utf8').replace(/^\ufeff/, '');
    } finally {
      await fh.close();
    }
  } catch {
    return undefined;
  }
  if (/^\s*"?\d+"?,/.test(head)) return 'csv';
  if (/^\s*</.test(head) || /<pre\b/i.test(head)) return 'html';
  return undefined;
}



interface Sink {
  put(c: ImportedCable, done: (r: PutResult) => void): Promise<void>;
  describe(c: ImportedCable): string;
  close(cancelled: boolean): Promise<void>;
  onError?: (c: ImportedCable, e: unknown) => void;
}

/**
 * One file per cable. `put` returns as soon as a slot of the pool is free, so the reader goes on
 * cutting rows while up to `concurrency` writes are in flight; each outcome is reported when it
 * lands.
 */
class FolderSink implements Sink {
  onError?: (c: ImportedCable, e: unknown) => void;
  private inFlight = new Set<Promise<void>>();
  /** Writes in flight by target: a reference ID seen twice waits for its first write. */
  private byTarget = new Map<string, Promise<void>>();
  /** Each folder is made, and swept of temporary files that killed runs left, once per run. */
  private prepared = new Map<string, Promise<void>>();
  private seq = 0;

  private thread: WorkerWriter | undefined;

  constructor(
    private readonly out: string,
    private readonly layout: Layout,
    private readonly force: boolean,
    private readonly concurrency: number,
    writer: 'thread' | 'async',
  ) {
    if (writer === 'thread') this.thread = new WorkerWriter(force, (tmp, active) => (active ? trackTemp(tmp) : activeTemps.delete(tmp)));
  }

  describe(c: ImportedCable): string {
    return path.join(this.out, layoutPath(c, this.layout));
  }

  private prepare(dir: string): Promise<void> {
    let p = this.prepared.get(dir);
    if (!p) {
      p = (async () => {
        await fsp.mkdir(dir, { recursive: true });
        await sweepStaleTemps(dir);
      })();
      this.prepared.set(dir, p);
    }
    return p;
  }

  async put(c: ImportedCable, done: (r: PutResult) => void): Promise<void> {
    try {
      await this.prepare(path.dirname(this.describe(c)));
    } catch (e) {
      this.onError?.(c, e);
      done('failed');
      return;
    }
    if (this.thread) {
      await this.thread.put(this.describe(c), formatCable(c), (r, error) => {
        if (r === 'failed') this.onError?.(c, new Error(error ?? 'not written'));
        done(r);
      });
      return;
    }
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    const target = this.describe(c);
    const before = this.byTarget.get(target);
    const job = (async () => {
      if (before) await before;
      let r: PutResult;
      try {
        r = await this.write(target, formatCable(c));
      } catch (e) {
        this.onError?.(c, e);
        r = 'failed';
      }
      done(r);
    })();
    const tracked: Promise<void> = job.finally(() => {
      this.inFlight.delete(tracked);
      if (this.byTarget.get(target) === tracked) this.byTarget.delete(target);
    });
    this.inFlight.add(tracked);
    this.byTarget.set(target, tracked);
  }

  private async write(target: string, content: string): Promise<PutResult> {
    // The temporary file beside the target and a rename: an interrupted run never leaves half a
    // cable under the cable's name, and a re-run sees only whole files.
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${(this.seq++).toString(36)}.tmp`);
    return putFile(target, content, this.force, tmp, { add: trackTemp, delete: (t) => activeTemps.delete(t) });
  }

  async close(): Promise<void> {
    await this.thread?.close();
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }
}

/** `.ID.cable.PID.SEQ.tmp` (the pool's) or `.ID.cable.PIDw.tmp` (the writer thread's). */
const TEMP_NAME = /^\..+\.cable\.(\d+)(?:w|\.[0-9a-z]+)\.tmp$/;

/**
 * Removes the temporary files of runs that were killed outright (SIGKILL, a power cut) in a folder
 * about to be written: those whose process is gone. A running import's files are left alone.
 */
async function sweepStaleTemps(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    await fsp.unlink(path.join(dir, name)).catch(() => undefined);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Every cable into one export file, one after the other with a blank line between. */
class OneFileSink implements Sink {
  onError?: (c: ImportedCable, e: unknown) => void;
  /** Set when the file could not be written: nothing more is, and the export is not put in place. */
  error: unknown;
  private count = 0;

  private constructor(
    private readonly file: string,
    private readonly tmp: string,
    private readonly stream: fs.WriteStream,
  ) {
    // Kept for the stream's life: an error between writes (a full disk) is recorded, not thrown.
    stream.on('error', (e) => (this.error ??= e));
  }

  static async open(file: string, force: boolean): Promise<OneFileSink> {
    if (!force && fs.existsSync(file)) throw new ImportUsageError(`${file} exists (--force replaces it)`);
    await fsp.mkdir(path.dirname(path.resolve(file)), { recursive: true });
    const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
    trackTemp(tmp);
    const stream = fs.createWriteStream(tmp, { flags: 'wx' });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return new OneFileSink(file, tmp, stream);
  }

  describe(): string {
    return this.file;
  }

  async put(c: ImportedCable, done: (r: PutResult) => void): Promise<void> {
    done(await this.append(c));
  }

  private async append(c: ImportedCable): Promise<PutResult> {
    if (this.error) return 'failed';
    let text = formatCable(c);
    if (!text.endsWith('\n')) text += c.eol;
    if (this.count++ > 0) text = c.eol + text;
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve) => {
        const go = () => {
          this.stream.off('drain', go);
          this.stream.off('error', go);
          this.stream.off('close', go);
          resolve();
        };
        this.stream.on('drain', go).on('error', go).on('close', go);
      });
    }
    return this.error ? 'failed' : 'written';
  }

  async close(cancelled: boolean): Promise<void> {
    if (!this.stream.destroyed) {
      await new Promise<void>((resolve) => {
        this.stream.once('close', () => resolve());
        this.stream.end();
      });
    }
    try {
      if (cancelled || this.error) await fsp.unlink(this.tmp).catch(() => undefined);
      else await fsp.rename(this.tmp, this.file);
    } finally {
      activeTemps.delete(this.tmp);
    }
  }
}

/** A problem with the request itself (exit 2 in the CLI), found before anything is written. */
export class ImportUsageError extends Error {}

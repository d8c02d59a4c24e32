import type { CancellationToken } from '../cancellation';
import { bannerReferenceId, cableYear, postId } from '../cableYear';
import { splitReferenceId, type Cable, type CableDocument, type Range } from '../../parser';
import { DISK_WINDOW_LINES, StepStream } from '../../stepStream';

/** How the index reaches files. The server gives a Node `fs` one; tests give an in-memory one. */
export interface WorkspaceFileSystem {
  /** Every `.cable` file under the folder, as URIs, found lazily. */
  listCableFiles(folderUri: string, token: CancellationToken): AsyncIterable<string>;
  /**
   * The file's bytes in chunks, never the whole file at once (an export can be 200 MB): a chunk
   * may be reused for the next once the consumer asks for it. Throws when the file cannot be read
   * (gone, not a regular file); a consumer that stops early closes it (the iterator's `return`).
   */
  readChunks(uri: string): AsyncIterable<Uint8Array>;
}

export interface IndexedCable {
  /** `08ASTANA2318` from the WikiLeaks table, else built from the banner, else from the file name. */
  referenceId?: string;
  year?: number;
  post?: string;
  serial?: number;
  /** Where to jump to for the reference ID (the table, or the banner, or the file's start). */
  referenceRange: Range;
  subject?: { text: string; range: Range };
}

export interface IndexedFile {
  uri: string;
  cables: IndexedCable[];
  /** True until the file is parsed: only its name is known. */
  provisional: boolean;
}

export interface IndexStats {
  files: number;
  parsed: number;
  done: boolean;
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function cableKey(post: string, serial: number): string {
  return `${postId(post)}|${serial}`;
}


function baseName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const name = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  return name.replace(/\.cable$/i, '');
}

/**
 * The summaries of an open document's cables by cable object: the incremental parse keeps the
 * objects of the cables an edit did not touch, so their summaries are those of the version before
 * (their ranges are the model's own objects, which the parse moves in place). `first`: the entry
 * was made for the file's first cable, which may take its ID from the file name.
 */
export type SummaryCache = WeakMap<Cable, { entry: IndexedCable; first: boolean }>;

/** What the index keeps of a parsed file: its cables' IDs and subjects, nothing more. */
export function summarize(uri: string, model: CableDocument, cache?: SummaryCache): IndexedFile {
  const fromName = splitReferenceId(baseName(uri));
  const cables: IndexedCable[] = model.cables.map((cable, i) => {
    const hit = cache?.get(cable);
    if (hit && hit.first === (i === 0)) return hit.entry;
    const entry = summarizeCable(uri, cable, i === 0 ? fromName : undefined, 0);
    cache?.set(cable, { entry, first: i === 0 });
    return entry;
  });
  return fileSummary(uri, cables);
}

/** The summary of a file's cables: a file without one is known by its name, if that is a reference ID. */
function fileSummary(uri: string, cables: IndexedCable[]): IndexedFile {
  const fromName = cables.length === 0 ? splitReferenceId(baseName(uri)) : undefined;
  if (fromName) cables.push({ ...fromName, referenceId: baseName(uri), referenceRange: ZERO });
  return { uri, cables, provisional: false };
}

/**
 * `summarize` of a file read as a stream of parse steps (stepStream.ts), a window of lines at a
 * time: each step's cable is summarised as it comes and let go, so neither the text nor the model
 * is ever whole (indexing a 200 MB export read whole peaked at 1,085 MB and parsed it in one
 * turn of 6 s, no request answered meanwhile; streamed, 159 MB). The same summaries as `summarize(uri,
 * parseCable(text))`: a step's cable is the whole parse's (stepStream.ts), its lines counted from
 * its window's. `pause` is awaited between pieces of work (false: stop, undefined is answered).
 */
export async function summarizeStream(
  uri: string,
  chunks: AsyncIterable<Uint8Array>,
  pause: () => Promise<boolean>,
  windowLines?: number,
): Promise<IndexedFile | undefined> {
  const fromName = splitReferenceId(baseName(uri));
  const cables: IndexedCable[] = [];
  const stream = new StepStream((step, window) => {
    if (step.cable) cables.push(summarizeCable(uri, step.cable, cables.length === 0 ? fromName : undefined, window.base));
  }, windowLines);
  const run = async (work: Generator<void>): Promise<boolean> => {
    for (let r = work.next(); !r.done; r = work.next()) if (!(await pause())) return false;
    return true;
  };
  for await (const chunk of chunks) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // Also between chunks: the window fills for a while before a step comes (all of a file without a cable's head).
    if (!(await run(stream.feed(bytes))) || !(await pause())) return undefined;
  }
  if (!(await run(stream.close()))) return undefined;
  // A parser failure part way: parseCable answers a model without cables (an internal error).
  return fileSummary(uri, stream.result().failed ? [] : cables);
}

/** Cables summarised in this process (a summary reused for a cable an edit did not touch is not counted): tests read it. */
export const summaryCount = { cables: 0 };

/**
 * `base`: the file's line of the cable's line 0 (a streamed step's window). At 0 the entry keeps
 * the model's own range objects, which the incremental parse of an open document moves in place.
 */
function summarizeCable(uri: string, cable: Cable, fromName: ReturnType<typeof splitReferenceId> | undefined, base: number): IndexedCable {
  summaryCount.cables++;
  const at = (range: Range): Range => (base === 0 ? range : { start: { line: range.start.line + base, character: range.start.character }, end: { line: range.end.line + base, character: range.end.character } });
  const id = cable.table?.referenceId;
  const entry: IndexedCable = { referenceRange: cable.range.start ? at({ start: cable.range.start, end: cable.range.start }) : ZERO };
  if (id?.text) {
    entry.referenceId = id.text;
    entry.year = id.year;
    entry.post = id.post;
    entry.serial = id.serial;
    entry.referenceRange = at(id.range);
  } else if (cable.banner?.post && cable.banner.serial) {
    entry.post = cable.banner.post.text;
    entry.serial = cable.banner.serial.value;
    entry.year = cableYear(cable, uri);
    entry.referenceId = bannerReferenceId(cable, uri);
    entry.referenceRange = at(cable.banner.range);
  } else if (fromName) {
    Object.assign(entry, fromName, { referenceId: baseName(uri) });
  }
  if (cable.subject?.text) entry.subject = { text: cable.subject.text, range: at(cable.subject.range) };
  return entry;
}

/**
 * Every `.cable` file of the workspace, by reference ID and subject. Indexing runs in the
 * background: files are read one at a time as streams of cables (summarizeStream), yielding to
 * the event loop every few milliseconds, so requests are answered while 10,000 files, or a 200 MB
 * export, are indexed. A file's name (`08ASTANA2318.cable`) is known as soon as it is listed, so
 * REF links work before it is read. A file the editor has open is not read from disk (a read
 * under way stops at its didOpen): its model replaces what the disk said.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  private readonly byCable = new Map<string, Set<string>>();
  /** Documents open in the editor (from didOpen on, before their model is ready): their text wins over the disk's. */
  private readonly open = new Set<string>();
  /** The read from disk under way for each file: a newer one (a change on disk) supersedes it. */
  private readonly reading = new Map<string, object>();
  /** Per open document: how many of its cables have each key. */
  private readonly openState = new Map<string, { keys: Map<string, number> }>();
  /**
   * Per open document: its cables' summaries by cable object, and its summary by model (the model
   * cache gives the same object for the same version). Shared by the index's updates and the
   * workspace symbols, which answer an open document from its current model before the index
   * takes it: either reuses what the other summarised.
   */
  private readonly openSummaries = new Map<string, { cables: SummaryCache; byModel: WeakMap<CableDocument, IndexedFile> }>();
  private generation = 0;
  private parsed = 0;
  private running: Promise<void> = Promise.resolve();
  private done = true;
  private sliceStart = Date.now();

  constructor(
    private readonly fs: WorkspaceFileSystem | undefined,
    private readonly log: (message: string) => void = () => {},
    private readonly sliceMs = 2,
    private readonly inputArriving: () => Promise<void> | undefined = () => undefined,
  ) {}

  get stats(): IndexStats {
    return { files: this.files.size, parsed: this.parsed, done: this.done };
  }

  /** Resolves when the current indexing run has finished (tests and the benchmark wait on it). */
  whenDone(): Promise<void> {
    return this.running;
  }

  /** (Re)index these folders from scratch; a run already going is abandoned. */
  indexFolders(folderUris: readonly string[], maxFiles: number): Promise<void> {
    const generation = ++this.generation;
    for (const uri of [...this.files.keys()]) if (!this.open.has(uri)) this.remove(uri);
    if (!this.fs || folderUris.length === 0) {
      this.done = true;
      this.running = Promise.resolve();
      return this.running;
    }
    this.done = false;
    this.running = this.run(folderUris, maxFiles, generation).catch((err: unknown) => {
      this.log(`workspace index: ${err instanceof Error ? err.message : String(err)}`);
    });
    return this.running;
  }

  private async run(folderUris: readonly string[], maxFiles: number, generation: number): Promise<void> {
    const fs = this.fs!;
    const isCurrent = () => generation === this.generation;
    const token: CancellationToken = { get isCancellationRequested() { return !isCurrent(); } };
    const queue: string[] = [];
    const started = Date.now();
    for (const folder of folderUris) {
      for await (const uri of fs.listCableFiles(folder, token)) {
        if (generation !== this.generation) return;
        if (this.files.size >= maxFiles) break;
        // An async listing can resolve in microtasks only, never letting requests in.
        await this.breathe();
        if (this.files.has(uri)) continue;
        this.put(provisional(uri));
        queue.push(uri);
      }
    }
    this.log(`workspace index: ${queue.length} .cable files listed in ${Date.now() - started} ms`);
    for (const uri of queue) {
      if (generation !== this.generation) return;
      if (this.open.has(uri) || !this.files.has(uri)) continue;
      // A file deleted meanwhile (no longer in `files`) or a newer run stops its read.
      if (await this.readFromDisk(uri, () => isCurrent() && this.files.has(uri))) this.parsed++;
      await this.breathe();
    }
    if (generation === this.generation) {
      this.done = true;
      const open = queue.filter((uri) => this.open.has(uri)).length;
      this.log(`workspace index: ${this.parsed} files parsed in ${Date.now() - started} ms${open ? ` (${open} open in the editor, read from it)` : ''}`);
    }
  }

  /**
   * Yields to the event loop once `sliceMs` have passed since the last time, so that requests are
   * answered between the slices of indexing.
   */
  private async breathe(): Promise<void> {
    // The didOpen of a large export takes a second or more to cross the pipe, and the file the
    // index is reading may be that one: reading on only slows the message down (the first
    // request after a 50 MB didOpen waited 1.3 s, 0.6 s without the folder). Once it is in, the
    // server is told of the open document (a turn later), and a read of that file stops.
    const arriving = this.inputArriving();
    if (arriving) await arriving;
    else if (Date.now() - this.sliceStart < this.sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = Date.now();
  }

  /**
   * Reads the file from disk as a stream of cables and takes its summary, or removes it when it
   * cannot be read. Stops, and changes nothing, when `current` turns false, the editor opens the
   * file, or a newer read of it starts. True when the summary was taken.
   */
  private async readFromDisk(uri: string, current: () => boolean): Promise<boolean> {
    const fs = this.fs;
    if (!fs) return false;
    const me = {};
    this.reading.set(uri, me);
    const stale = () => !current() || this.open.has(uri) || this.reading.get(uri) !== me;
    try {
      let file: IndexedFile | undefined;
      try {
        file = await summarizeStream(uri, fs.readChunks(uri), async () => (await this.breathe(), !stale()), DISK_WINDOW_LINES);
      } catch {
        // Unreadable (deleted, not a regular file): it is no workspace file.
        if (stale()) return false;
        this.remove(uri);
        return false;
      }
      if (!file || stale()) return false;
      this.put(file);
      return true;
    } finally {
      if (this.reading.get(uri) === me) this.reading.delete(uri);
    }
  }

  /**
   * The editor opened the document (didOpen): its text, not the disk's, is the index's from now on,
   * even before its model is ready (the first analysis of a large export takes seconds), so the
   * file is not read from disk and a read under way stops at its next slice.
   */
  openDocument(uri: string): void {
    this.open.add(uri);
  }

  /** An open document's model replaces what the disk said. */
  updateOpenDocument(uri: string, model: CableDocument): void {
    this.open.add(uri);
    let state = this.openState.get(uri);
    if (!state) {
      this.remove(uri);
      state = { keys: new Map() };
      this.openState.set(uri, state);
    }
    const file = this.openSummary(uri, model);
    const old = this.files.get(uri);
    this.files.set(uri, file);
    // An edit costs the cables it touched: the summaries kept at both ends are the same objects,
    // only those between change the keys (counted, as a file may hold one cable twice).
    const before = old?.cables ?? [];
    const after = file.cables;
    let head = 0;
    const most = Math.min(before.length, after.length);
    while (head < most && before[head] === after[head]) head++;
    let tail = 0;
    while (tail < most - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
    for (let i = head; i < after.length - tail; i++) this.count(uri, state.keys, after[i], 1);
    for (let i = head; i < before.length - tail; i++) this.count(uri, state.keys, before[i], -1);
  }

  /** The summary of an open document's model: the cables an edit did not touch keep theirs. */
  openSummary(uri: string, model: CableDocument): IndexedFile {
    let open = this.openSummaries.get(uri);
    if (!open) this.openSummaries.set(uri, (open = { cables: new WeakMap(), byModel: new WeakMap() }));
    let file = open.byModel.get(model);
    if (!file) open.byModel.set(model, (file = summarize(uri, model, open.cables)));
    return file;
  }

  private count(uri: string, keys: Map<string, number>, c: IndexedCable, by: 1 | -1): void {
    if (c.post === undefined || c.serial === undefined) return;
    const key = cableKey(c.post, c.serial);
    const n = (keys.get(key) ?? 0) + by;
    if (n > 0) keys.set(key, n);
    else keys.delete(key);
    if (by === 1 && n === 1) {
      let set = this.byCable.get(key);
      if (!set) this.byCable.set(key, (set = new Set()));
      set.add(uri);
    } else if (n === 0) {
      this.byCable.get(key)?.delete(uri);
    }
  }

  /** The document was closed: go back to the disk's version (if the file is a workspace file). */
  async closeDocument(uri: string, stillOnDisk: boolean): Promise<void> {
    this.open.delete(uri);
    // Its summary stays until the disk's replaces it; later updates start afresh.
    this.openState.delete(uri);
    this.openSummaries.delete(uri);
    if (!stillOnDisk) {
      this.remove(uri);
      return;
    }
    await this.refreshFromDisk(uri);
  }

  /** A watched file changed or was created on disk. */
  async refreshFromDisk(uri: string): Promise<void> {
    if (this.open.has(uri)) return;
    await this.readFromDisk(uri, () => true);
  }

  remove(uri: string): void {
    this.openState.delete(uri);
    const old = this.files.get(uri);
    if (!old) return;
    for (const c of old.cables) {
      if (c.post === undefined || c.serial === undefined) continue;
      this.byCable.get(cableKey(c.post, c.serial))?.delete(uri);
    }
    this.files.delete(uri);
  }

  private put(file: IndexedFile): void {
    this.remove(file.uri);
    this.files.set(file.uri, file);
    for (const c of file.cables) {
      if (c.post === undefined || c.serial === undefined) continue;
      const key = cableKey(c.post, c.serial);
      let set = this.byCable.get(key);
      if (!set) this.byCable.set(key, (set = new Set()));
      set.add(file.uri);
    }
  }

  /**
   * The workspace cables a reference names (`MADRID 1131`, maybe with a year). Without a year, a
   * cable of `preferYear` (the citing cable's year) or the year before ranks first, since a cable
   * cites recent traffic.
   */
  findCable(post: string, serial: number, year?: number, preferYear?: number): Array<{ uri: string; cable: IndexedCable }> {
    const uris = this.byCable.get(cableKey(post, serial));
    if (!uris) return [];
    const out: Array<{ uri: string; cable: IndexedCable }> = [];
    for (const uri of uris) {
      for (const cable of this.files.get(uri)?.cables ?? []) {
        if (cable.post === undefined || postId(cable.post) !== postId(post) || cable.serial !== serial) continue;
        if (year !== undefined && cable.year !== undefined && cable.year !== year) continue;
        out.push({ uri, cable });
      }
    }
    if (preferYear !== undefined) {
      const rank = (c: IndexedCable) => (c.year === undefined ? 99 : c.year <= preferYear ? preferYear - c.year : 50 + c.year - preferYear);
      out.sort((a, b) => rank(a.cable) - rank(b.cable));
    }
    return out;
  }

  /** Every indexed file, for workspace symbols. */
  allFiles(): IterableIterator<IndexedFile> {
    return this.files.values();
  }
}

function provisional(uri: string): IndexedFile {
  const id = baseName(uri);
  const parts = splitReferenceId(id);
  return { uri, provisional: true, cables: parts ? [{ ...parts, referenceId: id, referenceRange: ZERO }] : [] };
}

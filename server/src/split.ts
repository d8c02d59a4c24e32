/**
 * Splitting a large export into parts an editor can take whole. VS Code never hands a text over
 * 50 MB to extensions (so the language server never sees it) and, over 20 MB or 300,000 lines,
 * turns off highlighting and folding; a part under both limits is read like any cable file.
 *
 * The cuts are at the starts of cables as the parser's model has them, never inside one; text
 * outside the cables stays in the part it falls in. The cut works on the file's bytes, so the
 * parts put end to end are the file exactly (BOM, line ends, a last line without a newline,
 * bytes that are not UTF-8). `cable split` (cli/split.ts) and the server's `cable/splitFile`
 * request (largeFiles.ts) both plan the parts (planSplit) and write them (writeParts); the command
 * reads the file as a stream, a window of lines at a time (CableStartScanner), and each part from
 * the file as it writes it, the server from the model and the bytes it holds (startsOfModel,
 * splitExport). cableStartsOf is the same reading over a whole text.
 */
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { cableSteps, firstCableStart, linesLookBinary } from './parser/parser';
import { runSliced, StepStream } from './stepStream';
import { splitLines } from './parser/text';
import { putFile } from './import/putFile';

/** Under VS Code's large-file thresholds (20 MB, 300,000 lines), with room to spare. */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_LINES = 250_000;

export interface SplitLimits {
  maxBytes?: number;
  maxLines?: number;
}

export interface SplitPart {
  /** Byte offsets in the file: [start, end). */
  start: number;
  end: number;
  /** The model's lines: [startLine, endLine). */
  startLine: number;
  endLine: number;
  /** Cables that start in this part. */
  cables: number;
  /** Set when one cable alone is over a limit: the part holds it alone, and is over the limit. */
  over?: 'bytes' | 'lines' | 'bytes and lines';
}

export interface SplitPlan {
  parts: SplitPart[];
  /** Bytes and lines of the whole file. */
  bytes: number;
  lines: number;
  cables: number;
  maxBytes: number;
  maxLines: number;
}

/**
 * The byte offset where each of the parser's lines starts. The parser ends a line at `\r\n`, `\n`
 * or a lone `\r`; those bytes never occur inside a UTF-8 sequence, so the bytes can be scanned
 * without decoding. Line 0 starts at 0 (with the BOM, which the first part keeps).
 */
function lineStarts(bytes: Uint8Array): number[] {
  const starts = [0];
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const c = bytes[i];
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (bytes[i + 1] === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** What a split needs of a parse: the number of lines and the line each cable starts at, in order. */
export interface CableStarts {
  lines: number;
  starts: number[];
  /** The text is binary: there are no cables to cut at. */
  binary?: boolean;
}

/** A model's cable starts (the server has the model of a file it analysed). */
export function startsOfModel(model: { lines: readonly string[]; cables: ReadonlyArray<{ range: { start: { line: number } } }>; binary: boolean }): CableStarts {
  return { lines: model.lines.length, starts: model.cables.map((c) => c.range.start.line), binary: model.binary };
}

/**
 * The cable starts of `text`, read cable by cable with the parser's own steps and each step let go
 * once its start is noted: a 200 MB export is split without holding its whole model (about seven
 * times the file). Should the parser fail part way, the starts found before are still cable starts.
 */
export function cableStartsOf(text: string): CableStarts {
  const { lines } = splitLines(text);
  if (linesLookBinary(lines)) return { lines: lines.length, starts: [], binary: true };
  const starts: number[] = [];
  const first = firstCableStart(lines);
  if (first.start >= 0) {
    try {
      for (const step of cableSteps(lines, first.start)) if (step.cable) starts.push(step.cable.range.start.line);
    } catch {
      // A parser bug: cut only where cables were found.
    }
  }
  return { lines: lines.length, starts, binary: false };
}

/** A file's cable starts with the byte offset of each, as the streaming scan finds them. */
export interface FileCableStarts extends CableStarts {
  /** The byte offset where each start's line begins. */
  offsets: number[];
  /** The file's size. */
  bytes: number;
  /** The last line is empty: the file ends with a line end (or is empty). */
  lastLineEmpty: boolean;
}

/**
 * `cableStartsOf` for a file read in chunks (StepStream): the steps' cable starts, with the byte
 * offset of each, and never the whole text or model.
 */
export class CableStartScanner {
  private readonly starts: number[] = [];
  private readonly offsets: number[] = [];
  private readonly stream: StepStream;

  constructor(windowLines?: number) {
    this.stream = new StepStream((step, window) => {
      if (!step.cable) return;
      const line = step.cable.range.start.line;
      this.starts.push(window.base + line);
      this.offsets.push(window.offsets[line]!);
    }, windowLines);
  }

  get peakWindowLines(): number {
    return this.stream.peakWindowLines;
  }

  push(chunk: Buffer): void {
    this.stream.push(chunk);
  }

  /** `push` in slices (StepStream.feed). */
  feed(chunk: Buffer): Generator<void> {
    return this.stream.feed(chunk);
  }

  end(): FileCableStarts {
    this.stream.end();
    return this.result();
  }

  /** `end` in slices (StepStream.close); then `result`. */
  close(): Generator<void> {
    return this.stream.close();
  }

  result(): FileCableStarts {
    const r = this.stream.result();
    return { lines: r.lines, starts: this.starts, offsets: this.offsets, bytes: r.bytes, lastLineEmpty: r.lastLineEmpty, ...(r.binary ? { binary: true } : {}) };
  }
}

/**
 * The cable starts of a file, read in chunks of `chunkBytes` (CableStartScanner), in slices of
 * `sliceMs` that leave the event loop to others (the server's cable/splitFile answers requests
 * meanwhile; the command line has nothing else to do and takes none); undefined when `token` is
 * cancelled.
 */
export async function cableStartsOfFile(
  handle: fsp.FileHandle,
  options: { chunkBytes?: number; windowLines?: number; sliceMs?: number; token?: { readonly isCancellationRequested: boolean } } = {},
): Promise<(FileCableStarts & { peakWindowLines: number }) | undefined> {
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  const scanner = new CableStartScanner(options.windowLines);
  const buffer = Buffer.alloc(chunkBytes);
  const clock = { t0: Date.now() };
  const sliceMs = options.sliceMs ?? Infinity;
  for (let position = 0; ; ) {
    const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    if (!(await runSliced(scanner.feed(buffer.subarray(0, bytesRead)), clock, sliceMs, options.token))) return undefined;
  }
  if (!(await runSliced(scanner.close(), clock, sliceMs, options.token))) return undefined;
  return { ...scanner.result(), peakWindowLines: scanner.peakWindowLines };
}

/**
 * Where to cut `bytes` (whose cables start where `cables` says) into parts of at most `maxBytes` bytes and
 * `maxLines` lines, cutting only where a cable starts. A cable over a limit is a part alone
 * (marked `over`). A file without cables, or within the limits, is one part.
 */
export function splitExport(bytes: Uint8Array, cables: CableStarts, limits: SplitLimits = {}): SplitPlan {
  const starts = lineStarts(bytes);
  if (starts.length !== cables.lines) {
    // The model was made of another text than these bytes: cutting by it would lose or repeat text.
    throw new Error(`the model has ${cables.lines} lines and the file ${starts.length}: not the same text`);
  }
  const at = (line: number) => (line >= starts.length ? bytes.length : starts[line]!);
  return planSplit({ ...cables, offsets: cables.starts.map(at), bytes: bytes.length, lastLineEmpty: at(starts.length - 1) === bytes.length }, limits);
}

/** The same plan from the cable starts and their byte offsets alone (a file read as a stream: CableStartScanner). */
export function planSplit(cables: FileCableStarts, limits: SplitLimits = {}): SplitPlan {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxLines = limits.maxLines ?? DEFAULT_MAX_LINES;
  if (!(maxBytes > 0) || !(maxLines > 0)) throw new RangeError('the limits must be positive');
  const lineCount = cables.lines;
  const size = cables.bytes;
  // The lines where a part may begin: each cable's first line but the first cable's (the first
  // part begins at 0, with whatever comes before the first cable: a note of where the export
  // came from belongs with the cables, not in a part of its own).
  const cuts: number[] = [];
  const offsets = new Map<number, number>([[0, 0]]);
  let last = cables.starts[0] ?? lineCount;
  for (let k = 1; k < cables.starts.length; k++) {
    const l = cables.starts[k]!;
    if (l > last && l < lineCount) {
      cuts.push((last = l));
      offsets.set(l, cables.offsets[k]!);
    }
  }
  const offset = (line: number) => (line >= lineCount ? size : offsets.get(line)!);
  // Units between consecutive cuts; each holds one cable (and the text around it) or, first, the
  // text before the first cut.
  const bounds = [0, ...cuts, lineCount];
  const parts: SplitPart[] = [];
  let cur: SplitPart | undefined;
  // A last line without a line end is a line too; one ending in a line end is followed by an empty
  // "line" that holds nothing, which the part after does not count.
  const linesIn = (from: number, to: number) => (to === lineCount && cables.lastLineEmpty ? to - 1 - from : to - from);
  let cableIndex = 0;
  for (let u = 0; u + 1 < bounds.length; u++) {
    const from = bounds[u]!;
    const to = bounds[u + 1]!;
    let cablesHere = 0;
    while (cableIndex < cables.starts.length && cables.starts[cableIndex]! < to) {
      cableIndex++;
      cablesHere++;
    }
    if (cur && offset(to) - cur.start <= maxBytes && linesIn(cur.startLine, to) <= maxLines) {
      cur.end = offset(to);
      cur.endLine = to;
      cur.cables += cablesHere;
      continue;
    }
    cur = { start: offset(from), end: offset(to), startLine: from, endLine: to, cables: cablesHere };
    const overBytes = cur.end - cur.start > maxBytes;
    const overLines = linesIn(from, to) > maxLines;
    if (overBytes || overLines) cur.over = overBytes && overLines ? 'bytes and lines' : overBytes ? 'bytes' : 'lines';
    parts.push(cur);
    // Nothing joins a part that is over a limit.
    if (cur.over) cur = undefined;
  }
  if (parts.length === 0) parts.push({ start: 0, end: size, startLine: 0, endLine: lineCount, cables: 0 });
  return { parts, bytes: size, lines: linesIn(0, lineCount), cables: cables.starts.length, maxBytes, maxLines };
}

/** The lines of a part, as an editor counts them (a part that ends with a line end has no line after it). */
export function partLines(plan: SplitPlan, part: SplitPart): number {
  const last = part === plan.parts[plan.parts.length - 1];
  return last ? plan.lines - part.startLine : part.endLine - part.startLine;
}

/** `<name>.parts` beside the file: the folder the parts go to unless told otherwise. */
export function defaultPartsFolder(file: string): string {
  return path.join(path.dirname(file), `${baseName(file)}.parts`);
}

function baseName(file: string): string {
  const b = path.basename(file);
  return b.toLowerCase().endsWith('.cable') ? b.slice(0, -'.cable'.length) : b;
}

/** `<name>.part001.cable`, … (wider numbers past 999 parts, so the names still sort). */
export function partNames(file: string, count: number): string[] {
  const width = Math.max(3, String(count).length);
  const base = baseName(file);
  return Array.from({ length: count }, (_, i) => `${base}.part${String(i + 1).padStart(width, '0')}.cable`);
}

export type PartOutcome = 'written' | 'unchanged' | 'kept';

export interface WrittenParts {
  folder: string;
  files: Array<{ path: string; outcome: PartOutcome; part: SplitPart }>;
  /** Parts of an earlier split into more parts, still in the folder (not ours to remove). */
  stale: string[];
}

/**
 * Writes each part (the bytes of the file, or read from it by `source`) as its own file in `folder` (created if need be). A file already there with
 * the same bytes is left as it is ('unchanged'); with other bytes it is left alone ('kept') unless
 * `force`. Each part goes to a temporary file renamed over its name, so an interrupted split
 * leaves whole parts only.
 */
export async function writeParts(file: string, source: Uint8Array | ((part: SplitPart) => Promise<Uint8Array>), plan: SplitPlan, folder: string, force: boolean): Promise<WrittenParts> {
  await fsp.mkdir(folder, { recursive: true });
  const names = partNames(file, plan.parts.length);
  const files: WrittenParts['files'] = [];
  for (let i = 0; i < plan.parts.length; i++) {
    const part = plan.parts[i]!;
    const target = path.join(folder, names[i]!);
    // A part at a time: the command reads each from the file, the server cuts the bytes it holds.
    const content = typeof source === 'function' ? await source(part) : source.subarray(part.start, part.end);
    const outcome = await putFile(target, content, force, path.join(folder, `.${names[i]}.${process.pid}.${Date.now().toString(36)}.tmp`));
    files.push({ path: target, outcome, part });
  }
  const ours = new Set(names);
  const base = baseName(file);
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.part\\d{3,}\\.cable$`);
  let stale: string[] = [];
  try {
    stale = (await fsp.readdir(folder)).filter((n) => pattern.test(n) && !ours.has(n)).sort();
  } catch {
    stale = [];
  }
  return { folder, files, stale: stale.map((n) => path.join(folder, n)) };
}

/** "12.3 MB" for messages. */
export function megabytes(n: number): string {
  const mb = n / (1024 * 1024);
  return mb >= 10 ? `${Math.round(mb)} MB` : mb >= 0.1 ? `${mb.toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

/**
 * Bytes [start, end) of an open file, read into `into` when it is large enough (the parts are
 * written one after another: one buffer serves them all, instead of a new one of up to 16 MB each
 * that the collector frees late).
 */
export async function readRange(handle: fsp.FileHandle, start: number, end: number, into?: Buffer): Promise<Buffer> {
  const out = into && into.length >= end - start ? into.subarray(0, end - start) : Buffer.alloc(end - start);
  for (let done = 0; done < out.length; ) {
    const { bytesRead } = await handle.read(out, done, out.length - done, start + done);
    if (bytesRead === 0) throw new Error('the file became shorter while it was being split');
    done += bytesRead;
  }
  return out;
}

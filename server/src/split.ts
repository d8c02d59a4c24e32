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
import { BINARY_HEAD_LINES, cableSteps, firstCableStart, linesLookBinary, parseStep, type ParseStep } from './parser/parser';
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

/** Lines kept before the loop's state: a step reads a few lines before its first (20 at most). */
const KEEP_BEHIND = 1000;
/**
 * A step is taken from a window of the file only when this many lines follow both its successor's
 * end and its own end plus 200: a cable's look-ahead reaches about 80 lines into the next, and
 * the incremental parser reads a step again after an edit in its successor or within 200 lines
 * after it (parser/incremental.ts), so nothing past that changes a step.
 */
const SAFE_AHEAD = 1000;
const STEP_REACH = 200;
/** More characters than linesLookBinary reads of the head (64K), when the head has fewer than BINARY_HEAD_LINES lines. */
const HEAD_CHARS = 1 << 17;

/**
 * `cableStartsOf` for a file read in chunks, holding a window of its lines and never the whole:
 * the bytes are cut into lines where the parser cuts them (`\r\n`, `\n`, a lone `\r`: bytes that
 * never occur inside a UTF-8 sequence, so each line is decoded on its own, as the whole text
 * decodes it, a character split between chunks included), and the parser's own steps run over the
 * window. The steps far enough from its end to be the whole text's (SAFE_AHEAD) give their cable
 * starts and are let go; the loop goes on from the state after them in the next window. A cable
 * longer than the window makes the window grow until it holds it: memory follows the longest
 * cable, not the file. A file with no table, routing block or banner in its head is read on until
 * one comes (the parser's fallback start needs the whole text to be sure there is none).
 */
export class CableStartScanner {
  private lines: string[] = [];
  /** Byte offset of each window line. */
  private lineOffsets: number[] = [];
  /** The file's line number of lines[0]. */
  private base = 0;
  private chars = 0;
  private lineCount = 0;
  /** The line being read: its bytes so far (copies) and where it began. */
  private pieces: Buffer[] = [];
  private lineStart = 0;
  private size = 0;
  private pendingCR = false;
  private ended = false;
  private phase: 'head' | 'steps' | 'done' = 'head';
  private binary = false;
  /** The loop's state, in the file's lines: where the next step reads from and where its cable starts. */
  private from = 0;
  private start = -1;
  private stepsTaken = 0;
  private wantLines: number;
  private wantChars: number;
  private readonly starts: number[] = [];
  private readonly startOffsets: number[] = [];
  /** The most lines the window held (tests and the figures read it). */
  peakWindowLines = 0;

  /** `windowLines`: how many lines the window reads ahead before a turn of the loop (tests make it small). */
  constructor(private readonly windowLines = 20_000) {
    this.wantLines = windowLines;
    this.wantChars = windowLines * 200;
  }

  /** The next bytes of the file (the buffer may be reused by the caller once this returns). */
  push(chunk: Buffer): void {
    let i = 0;
    const n = chunk.length;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (n > 0 && chunk[0] === 10) {
        i = 1;
        this.lineStart++;
      }
    }
    let from = i;
    // Most exports end their lines with \n alone: the native search finds them faster than a loop.
    // Each line is decoded on its own (decoding a chunk at once and cutting the string is a little
    // quicker, but every line is then a slice that keeps the chunk's whole string alive: a fifth
    // more memory at the peak).
    if (chunk.indexOf(13, i) < 0) {
      for (let j = chunk.indexOf(10, i); j >= 0; j = chunk.indexOf(10, from)) {
        this.endLine(chunk, from, j);
        this.lineStart = this.size + j + 1;
        from = j + 1;
      }
      i = n;
    }
    for (; i < n; i++) {
      const c = chunk[i];
      if (c !== 10 && c !== 13) continue;
      this.endLine(chunk, from, i);
      if (c === 13) {
        if (i + 1 < n) {
          if (chunk[i + 1] === 10) i++;
        } else this.pendingCR = true;
      }
      this.lineStart = this.size + i + 1;
      from = i + 1;
    }
    if (from < n) this.pieces.push(Buffer.from(chunk.subarray(from, n)));
    this.size += n;
    this.pump();
  }

  /** The end of the file: the starts of all its cables. */
  end(): FileCableStarts {
    if (!this.ended) {
      this.endLine(Buffer.alloc(0), 0, 0);
      this.ended = true;
      this.pump();
    }
    const lastLineEmpty = this.lastLineStart === this.size;
    return { lines: this.lineCount, starts: this.starts, offsets: this.startOffsets, bytes: this.size, lastLineEmpty, ...(this.binary ? { binary: true } : {}) };
  }

  private lastLineStart = 0;

  /** The bytes of the line read so far and chunk[a, b), as text. */
  private decode(chunk: Buffer, a: number, b: number): string {
    if (this.pieces.length === 0) return chunk.toString('utf8', a, b);
    this.pieces.push(chunk.subarray(a, b));
    const text = Buffer.concat(this.pieces).toString('utf8');
    this.pieces = [];
    return text;
  }

  private endLine(chunk: Buffer, a: number, b: number): void {
    this.addLine(this.decode(chunk, a, b));
  }

  /** A line of the file, which began at byte lineStart. */
  private addLine(line: string): void {
    let text = line;
    // The BOM is no part of the first line (splitLines).
    if (this.lineCount === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    this.lineCount++;
    this.lastLineStart = this.lineStart;
    if (this.phase === 'done') return;
    this.lines.push(text);
    this.lineOffsets.push(this.lineStart);
    this.chars += text.length;
    if (this.lines.length > this.peakWindowLines) this.peakWindowLines = this.lines.length;
  }

  private ready(): boolean {
    if (this.ended) return true;
    const ahead = this.base + this.lines.length - this.from;
    return ahead >= this.wantLines || this.chars >= this.wantChars;
  }

  /** The window was not enough for a turn of the loop: read twice as far before the next. */
  private grow(): void {
    this.wantLines = 2 * Math.max(this.wantLines, this.base + this.lines.length - this.from);
    this.wantChars = 2 * Math.max(this.wantChars, this.chars);
  }

  private finish(): void {
    this.phase = 'done';
    this.lines = [];
    this.lineOffsets = [];
    this.chars = 0;
  }

  private pump(): void {
    while (this.phase !== 'done' && this.ready()) {
      if (this.phase === 'head') {
        // The head decides: binary or not, and the first cable's start.
        if (!this.ended && this.lines.length < BINARY_HEAD_LINES && this.chars < HEAD_CHARS) return;
        if (linesLookBinary(this.lines)) {
          this.binary = true;
          this.finish();
          return;
        }
        const first = firstCableStart(this.lines);
        if (first.start >= 0 && (!first.fallback || this.ended)) {
          this.phase = 'steps';
          this.start = first.start;
          continue;
        }
        if (this.ended) return this.finish();
        this.grow();
        continue;
      }
      if (!this.turn()) this.grow();
    }
  }

  /** One turn of the loop over the window: false when no step could be taken. */
  private turn(): boolean {
    const lines = this.lines;
    const base = this.base;
    const steps: ParseStep[] = [];
    let from = this.from - base;
    let start = this.start < 0 ? -1 : this.start - base;
    try {
      for (let n = this.stepsTaken; ; n++) {
        const step = parseStep(lines, from, start, n > 0);
        steps.push(step);
        if (step.start < 0) break;
        from = step.to;
        start = step.next;
      }
    } catch {
      // A parser bug: cut only where cables were found (cableStartsOf does the same).
      this.take(steps, steps.length);
      this.finish();
      return true;
    }
    if (this.ended) {
      this.take(steps, steps.length);
      this.finish();
      return true;
    }
    const end = lines.length;
    let trusted = 0;
    while (trusted + 1 < steps.length) {
      const step = steps[trusted]!;
      const next = steps[trusted + 1]!;
      if (next.start < 0 || next.to + SAFE_AHEAD > end || step.to + STEP_REACH + SAFE_AHEAD > end) break;
      trusted++;
    }
    if (trusted === 0) return false;
    this.take(steps, trusted);
    const last = steps[trusted - 1]!;
    this.from = base + last.to;
    this.start = base + last.next;
    this.wantLines = this.windowLines;
    this.wantChars = this.windowLines * 200;
    const drop = Math.max(0, this.from - KEEP_BEHIND - base);
    for (let k = 0; k < drop; k++) this.chars -= lines[k]!.length;
    this.lines = lines.slice(drop);
    this.lineOffsets = this.lineOffsets.slice(drop);
    this.base = base + drop;
    return true;
  }

  private take(steps: readonly ParseStep[], count: number): void {
    for (let k = 0; k < count; k++) {
      const cable = steps[k]!.cable;
      this.stepsTaken++;
      if (!cable) continue;
      const line = cable.range.start.line;
      this.starts.push(this.base + line);
      this.startOffsets.push(this.lineOffsets[line]!);
    }
  }
}

/** The cable starts of a file, read in chunks of `chunkBytes` (CableStartScanner). */
export async function cableStartsOfFile(handle: fsp.FileHandle, chunkBytes = 1 << 20, windowLines?: number): Promise<FileCableStarts & { peakWindowLines: number }> {
  const scanner = new CableStartScanner(windowLines);
  const buffer = Buffer.alloc(chunkBytes);
  for (let position = 0; ; ) {
    const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    scanner.push(buffer.subarray(0, bytesRead));
  }
  return { ...scanner.end(), peakWindowLines: scanner.peakWindowLines };
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

/**
 * A file's parse steps (parser.ts: the text before a cable, the cable, its problems) read as a
 * stream: chunks of bytes in, steps out, each with the window of lines it was read from, and never
 * the whole text or model in memory. `cable split` takes the cable starts (split.ts), the server's
 * `cable/checkFile` checks each step as it comes (largeFiles.ts).
 */
import { BINARY_HEAD_LINES, firstCableStart, linesLookBinary, parseStep, type ParseStep } from './parser/parser';

/** The lines a step was read from: the file's line `base` is lines[0], and offsets[i] is the byte where lines[i] begins. */
export interface StepWindow {
  readonly lines: string[];
  readonly base: number;
  readonly offsets: readonly number[];
}

/** What the whole file was, once read. */
export interface StreamEnd {
  lines: number;
  bytes: number;
  /** The last line is empty: the file ends with a line end (or is empty). */
  lastLineEmpty: boolean;
  /** The head looks binary (linesLookBinary): no step was given. */
  binary?: boolean;
  /** The parser failed part way: the steps given before are sound, no more came. */
  failed?: boolean;
}

/**
 * The window a server-side read of a file from disk (cable/checkFile, the workspace index) holds
 * before a turn of the parser, where the stream's own 20,000 suit `cable split`: each turn parses
 * again the last thousand lines or so, and a smaller window keeps fewer of a turn's cables alive
 * (indexing a 40 MB export alone peaked at 136-139 MB against 171-204 MB, in the same time).
 */
export const DISK_WINDOW_LINES = 8000;

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
 * The steps of a file read in chunks, holding a window of its lines and never the whole:
 * the bytes are cut into lines where the parser cuts them (`\r\n`, `\n`, a lone `\r`: bytes that
 * never occur inside a UTF-8 sequence, so each line is decoded on its own, as the whole text
 * decodes it, a character split between chunks included), and the parser's own steps run over the
 * window. The steps far enough from its end to be the whole text's (SAFE_AHEAD) are handed to
 * `onStep` with their window and let go; the loop goes on from the state after them in the next window. A cable
 * longer than the window makes the window grow until it holds it: memory follows the longest
 * cable, not the file. A file with no table, routing block or banner in its head is read on until
 * one comes (the parser's fallback start needs the whole text to be sure there is none).
 */
export class StepStream {
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
  /** Where the file's last line began (so far). */
  private lastLineStart = 0;
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
  private failed = false;
  /** The most lines the window held (tests and the figures read it). */
  peakWindowLines = 0;

  /**
   * `onStep` hears each step in order, with its window (valid during the call only) and whether it
   * is the file's last (the text after the last cable). `windowLines`: how many lines the window
   * reads ahead before a turn of the loop (tests make it small).
   */
  constructor(
    private readonly onStep: (step: ParseStep, window: StepWindow, last: boolean) => void,
    private readonly windowLines = 20_000,
  ) {
    this.wantLines = windowLines;
    this.wantChars = windowLines * 200;
  }

  /** The next bytes of the file (the buffer may be reused by the caller once this returns). */
  push(chunk: Buffer): void {
    drain(this.feed(chunk));
  }

  /** The end of the file: the last steps are handed over. */
  end(): StreamEnd {
    drain(this.close());
    return this.result();
  }

  /**
   * `push` in slices: the work pauses (yields) after each step parsed or handed over, so that a
   * server can answer requests between them (largeFiles.ts). The chunk is read at once; the
   * generator must be run to its end before the next.
   */
  *feed(chunk: Buffer): Generator<void> {
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
    yield* this.pump();
  }

  /** `end` in slices, as `feed`; then `result`. */
  *close(): Generator<void> {
    if (this.ended) return;
    this.endLine(Buffer.alloc(0), 0, 0);
    this.ended = true;
    yield* this.pump();
  }

  /** What the whole file was (after `end` or `close`). */
  result(): StreamEnd {
    const lastLineEmpty = this.lastLineStart === this.size;
    return { lines: this.lineCount, bytes: this.size, lastLineEmpty, ...(this.binary ? { binary: true } : {}), ...(this.failed ? { failed: true } : {}) };
  }

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

  private *pump(): Generator<void> {
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
      if (!(yield* this.turn())) this.grow();
    }
  }

  /** One turn of the loop over the window: false when no step could be taken. */
  private *turn(): Generator<void, boolean> {
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
        yield;
        from = step.to;
        start = step.next;
      }
    } catch {
      // A parser bug: the steps before it stand (cableStartsOf cuts where cables were found).
      this.failed = true;
      yield* this.take(steps, steps.length, false);
      this.finish();
      return true;
    }
    if (this.ended) {
      yield* this.take(steps, steps.length, true);
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
    yield* this.take(steps, trusted, false);
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

  /** Hands over the first `count` steps; `final`: they end the file. */
  private *take(steps: readonly ParseStep[], count: number, final: boolean): Generator<void> {
    const window: StepWindow = { lines: this.lines, base: this.base, offsets: this.lineOffsets };
    for (let k = 0; k < count; k++) {
      this.stepsTaken++;
      this.onStep(steps[k]!, window, final && k === steps.length - 1);
      yield;
    }
  }
}

/**
 * Runs `work` in slices of about `sliceMs`, yielding to the event loop between them (a server
 * answers requests meanwhile; Infinity: never); false when `token` was cancelled at a pause.
 */
export async function runSliced(work: Generator<void>, clock: { t0: number }, sliceMs: number, token?: { readonly isCancellationRequested: boolean }): Promise<boolean> {
  for (let r = work.next(); !r.done; r = work.next()) {
    if (Date.now() - clock.t0 < sliceMs) continue;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (token?.isCancellationRequested) return false;
    clock.t0 = Date.now();
  }
  return true;
}

function drain(work: Generator<void>): void {
  for (let r = work.next(); !r.done; r = work.next());
}


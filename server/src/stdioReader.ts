/**
 * The language server's reader of LSP messages over stdio. vscode-jsonrpc's reader keeps the
 * chunks of a message, joins them into one Buffer, decodes that to one string and parses it: a
 * 200 MB didOpen then exists as bytes twice, as a string of 200–400 MB (UTF-16 once one curly
 * quote is in it) and as the `text` string, which the document's lines, being slices of it, keep
 * alive. This one copies each chunk into one Buffer of the message's length; a small message is
 * then read as vscode-jsonrpc reads it (decoded, JSON.parse). In a large one the long strings are
 * found in the bytes and cut out, the small remainder is parsed, and the text of a didOpen or of
 * a didChange's content change is decoded line by line from the bytes into a LinedText (each line
 * its own string: one byte a character unless that line needs more), while the bytes come in
 * (BodyScan). Any other long string is decoded as JSON.parse would, so nothing else differs.
 */
import { AbstractMessageReader, Disposable, type DataCallback, type Message, type MessageReader } from 'vscode-languageserver/node';
import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LinedText } from './service/textDocument';

/** Messages from this size on are read as described above; smaller ones as vscode-jsonrpc does. */
export const LARGE_MESSAGE = 1024 * 1024;
/** In a large message, strings of this many bytes and more are cut out of the JSON parsed. */
const LONG_STRING = 16 * 1024;
/** Headers longer than this are not an LSP client's: the input is not LSP. */
const MAX_HEADERS = 64 * 1024;
const HEADERS_END = Buffer.from('\r\n\r\n', 'ascii');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export interface StdioReaderOptions {
  /** Messages of at least this many bytes are read without their JSON text (tests make it small). */
  largeMessage?: number;
  /** Strings of at least this many bytes are cut out of a large message's JSON. */
  longString?: number;
  /** Bodies of at least this many bytes are followed by a full collection once read (COLLECT_AFTER). */
  collectAfter?: number;
  /** Asks for that collection (tests count the calls); `majorCollection` by default. */
  collect?: () => void;
}

/** Bodies from this size on are followed by a full collection once read (see `majorCollection`). */
export const COLLECT_AFTER = 16 * 1024 * 1024;

/**
 * Reads Content-Length framed JSON-RPC messages from a stream (the server's stdin). Bad headers,
 * bad JSON and a message cut short by the end of the input are reported through onError, as
 * vscode-jsonrpc's reader reports them; the end of the input through onClose.
 */
export class StdioMessageReader extends AbstractMessageReader implements MessageReader {
  private callback: DataCallback | undefined;
  /** Bytes of headers not yet ended by an empty line. */
  private head: Buffer = Buffer.alloc(0);
  /** The body being received, allocated at the message's length, and how much of it came. */
  private body: Buffer | undefined;
  private filled = 0;
  /** Bytes of a refused message still to be skipped. */
  private skip = 0;
  private partialTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** A `shutdown` request was read: the input's end is then an orderly one (exit code 0). */
  shutdownReceived = false;
  partialMessageTimeout = 10_000;
  private readonly largeMessage: number;
  private readonly longString: number;
  private readonly collectAfter: number;
  private readonly collect: () => void;
  private readonly listeners: Array<[string, (...args: unknown[]) => void]> = [];
  /** Those waiting for the large message being received (see `arriving`). */
  private arrivals: Array<() => void> = [];
  /** The large body's strings read as it comes (see `scan`). */
  private scanning: BodyScan | undefined;

  constructor(
    private readonly readable: NodeJS.ReadableStream,
    options: StdioReaderOptions = {},
  ) {
    super();
    this.largeMessage = options.largeMessage ?? LARGE_MESSAGE;
    this.longString = options.longString ?? LONG_STRING;
    this.collectAfter = options.collectAfter ?? COLLECT_AFTER;
    this.collect = options.collect ?? majorCollection;
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const on = <A extends unknown[]>(event: string, listener: (...args: A) => void) => {
      const l = listener as unknown as (...args: unknown[]) => void;
      this.readable.on(event, l);
      this.listeners.push([event, l]);
    };
    on('data', (chunk: Buffer | string) => this.onData(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk));
    on('error', (error: Error) => this.fireError(error));
    on('end', () => this.onEnd());
    on('close', () => this.onEnd());
    return Disposable.create(() => this.stopListening());
  }

  override dispose(): void {
    this.stopListening();
    super.dispose();
  }

  private stopListening(): void {
    for (const [event, listener] of this.listeners.splice(0)) this.readable.removeListener(event, listener);
    this.clearPartialTimer();
    this.settleArrivals();
  }

  /**
   * While a large message is coming in (the didOpen or didChange of a big export takes a second
   * or more to cross the pipe), a promise that settles once it is delivered, the input ends, or
   * it stalls for `partialMessageTimeout`; undefined otherwise. The workspace index waits on it
   * before reading more from disk: the file it reads may be the one the message opens, and the
   * reading only slows the message down.
   */
  arriving(): Promise<void> | undefined {
    if (!this.body || this.body.length < this.largeMessage) return undefined;
    return new Promise((resolve) => this.arrivals.push(resolve));
  }

  private settleArrivals(): void {
    for (const resolve of this.arrivals.splice(0)) resolve();
  }

  /** Takes in a chunk of the input: may hold the end of a message, several, the start of one. */
  onData(chunk: Buffer): void {
    let pos = 0;
    try {
      while (pos < chunk.length) {
        if (this.body) {
          const n = Math.min(chunk.length - pos, this.body.length - this.filled);
          chunk.copy(this.body, this.filled, pos, pos + n);
          this.filled += n;
          pos += n;
          this.scanning?.scan(this.filled);
          if (this.filled < this.body.length) break;
          const body = this.body;
          const decoded = this.scanning?.decoded;
          this.body = undefined;
          this.scanning = undefined;
          this.clearPartialTimer();
          this.deliver(body, decoded);
          this.settleArrivals();
          if (body.length >= this.collectAfter) this.collect();
        } else if (this.skip > 0) {
          const n = Math.min(chunk.length - pos, this.skip);
          this.skip -= n;
          pos += n;
        } else {
          pos = this.readHeaders(chunk, pos);
        }
      }
    } catch (error) {
      this.fireError(error);
    }
    if (this.body) this.setPartialTimer();
  }

  /** Reads headers from `chunk` at `pos` and starts the body; returns where reading stopped. */
  private readHeaders(chunk: Buffer, pos: number): number {
    const rest = chunk.subarray(pos);
    const joined = this.head.length ? Buffer.concat([this.head, rest]) : rest;
    const at = joined.indexOf(HEADERS_END);
    if (at < 0) {
      if (joined.length > MAX_HEADERS) {
        this.head = Buffer.from(joined.subarray(joined.length - 3));
        this.fireError(new Error(`No end of message headers (an empty line) in ${joined.length} bytes: the input is not LSP`));
      } else {
        this.head = Buffer.from(joined);
      }
      return chunk.length;
    }
    const used = at + HEADERS_END.length - this.head.length;
    this.head = Buffer.alloc(0);
    const text = joined.toString('ascii', 0, at);
    const headers = new Map<string, string>();
    for (const header of text.split('\r\n')) {
      const colon = header.indexOf(':');
      if (colon < 0) {
        this.fireError(new Error(`Message header must separate key and value using ':'\n${header}`));
        return pos + used;
      }
      headers.set(header.slice(0, colon).toLowerCase(), header.slice(colon + 1).trim());
    }
    const next = pos + used;
    const contentLength = headers.get('content-length');
    if (!contentLength) {
      this.fireError(new Error(`Header must provide a Content-Length property.\n${JSON.stringify(Object.fromEntries(headers))}`));
      return next;
    }
    const length = Number.parseInt(contentLength, 10);
    if (Number.isNaN(length) || length < 0) {
      this.fireError(new Error(`Content-Length value must be a number. Got ${contentLength}`));
      return next;
    }
    const contentType = headers.get('content-type');
    const charset = contentType && /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType)?.[1];
    if (charset && !/^utf-?8$/i.test(charset)) {
      this.skip = length;
      this.fireError(new Error(`Unsupported charset "${charset}" in Content-Type "${contentType}": this server reads utf-8 only; the message (${length} bytes) is skipped`));
      return next;
    }
    if (length > 0x7fffffff) {
      this.skip = length;
      this.fireError(new Error(`Content-Length ${length} is more than this server reads in one message; the message is skipped`));
      return next;
    }
    if (length === 0) this.deliver(Buffer.alloc(0));
    else {
      this.body = Buffer.allocUnsafe(length);
      this.filled = 0;
      this.scanning = length >= this.largeMessage ? new BodyScan(this.body, this.longString) : undefined;
    }
    return next;
  }

  private deliver(body: Buffer, decoded?: ReadonlyMap<number, LinedText>): void {
    let message: Message;
    try {
      message = body.length < this.largeMessage ? (JSON.parse(body.toString('utf8')) as Message) : (parseLarge(body, this.longString, decoded) as Message);
    } catch (error) {
      this.fireError(error);
      return;
    }
    if ((message as { method?: unknown }).method === 'shutdown') this.shutdownReceived = true;
    try {
      this.callback?.(message);
    } catch (error) {
      this.fireError(error);
    }
  }

  private onEnd(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearPartialTimer();
    this.settleArrivals();
    if (this.body) {
      this.fireError(new Error(`The input ended inside a message: ${this.filled} of its ${this.body.length} bytes received`));
      this.body = undefined;
      this.scanning = undefined;
    } else if (this.head.toString('latin1').trim() !== '') {
      this.fireError(new Error('The input ended inside a message\'s headers'));
    }
    this.fireClose();
  }

  private setPartialTimer(): void {
    this.clearPartialTimer();
    if (this.partialMessageTimeout <= 0) return;
    const timeout = this.partialMessageTimeout;
    this.partialTimer = setTimeout(() => {
      this.partialTimer = undefined;
      this.settleArrivals();
      this.firePartialMessage({ messageToken: 0, waitingTime: timeout });
      this.setPartialTimer();
    }, timeout);
    this.partialTimer.unref();
  }

  private clearPartialTimer(): void {
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.partialTimer = undefined;
  }

  protected override fireError(error: unknown): void {
    super.fireError(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * A full collection, in a task of its own right after the message is handed on: what frees the
 * body of a large message once it is read. It is not concurrent (`execution: 'async'` only
 * defers it): at 200 MB it stops the server for 0.10-0.12 s, while the first request waits for
 * the didOpen anyway (/tmp/lead/p99mark.mjs with LAG=1, an event-loop lag monitor in the server).
 * Filling the body of a 200 MB didOpen takes about a second, so its Buffer is in the old generation
 * by the time the text is read from it, and only a mark-compact gives back an old Buffer's bytes.
 * When the last one of the first analysis fell while the body was still being read (before the
 * analysis had made the heap large), the next came only after the analysis, and the 200 MB stayed
 * for all of it: the server's peak was 1.19 GB in those runs and 0.97 GB in the others (three and two
 * of five; /tmp/lead/tp/sock/reqgc.mjs). Node has no call for it without --expose-gc, which the
 * editors do not pass; the flag set at run time exposes `gc` to a new context (as Jest does for
 * its heap figures). The collection is asked for once per large message, not on a timer.
 */
function majorCollection(): void {
  gcFunction ??= exposedGc();
  void gcFunction?.({ type: 'major', execution: 'async' });
}
let gcFunction: ((options: { type: 'major'; execution: 'async' }) => Promise<void> | void) | null | undefined;
function exposedGc(): typeof gcFunction {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as NonNullable<typeof gcFunction>) : null;
  } catch {
    return null;
  }
}

/**
 * Ends the process when the input ends, as createConnection does for a stream it is given (0
 * after a `shutdown` request, 1 otherwise): with a reader of our own it cannot see the stream.
 */
export function exitWhenInputEnds(input: NodeJS.ReadableStream, reader: StdioMessageReader, exit: (code: number) => void = (code) => process.exit(code)): void {
  const end = () => exit(reader.shutdownReceived ? 0 : 1);
  input.on('end', end);
  input.on('close', end);
}

/** A string of a large message, by the byte offsets of its content (between the quotes). */
interface LongString {
  start: number;
  end: number;
}

/**
 * The long strings of a large body read into lines while the body comes in: the 200 MB didOpen of
 * an export takes seconds to cross the pipe, and reading its text into lines once it was all in
 * took another 1.8 s (parseLarge of the message, in process) before the analysis could begin. The
 * server reads the pipe between the pieces, so the two overlap. The strings are found as
 * parseLarge finds them (quotes not escaped); each long one is read by a LineDecoder as its bytes
 * come, whatever it turns out to be: parseLarge takes the lines of those that are a didOpen's or
 * didChange's text, by the offset of their content, and leaves the others (a key, another method's
 * string), read as before.
 */
class BodyScan {
  /** The lines of each long string read to its end, by the offset of its content. */
  readonly decoded = new Map<number, LinedText>();
  /** Where the scan goes on: outside a string, the next byte to look at; inside, where to look for its closing quote. */
  private pos = 0;
  /** The offset of the open string's opening quote, or -1 outside a string. */
  private open = -1;
  private decoder: LineDecoder | undefined;
  /** The open string could not be read into lines (a bad escape): parseLarge reads it again and says what is wrong. */
  private given = false;

  constructor(
    private readonly body: Buffer,
    private readonly longString: number,
  ) {}

  /** Reads on to `filled`, the bytes of the body in so far. */
  scan(filled: number): void {
    const view = this.body.subarray(0, filled);
    while (this.pos < filled) {
      if (this.open < 0) {
        const q = view.indexOf(QUOTE, this.pos);
        if (q < 0) {
          this.pos = filled;
          return;
        }
        this.open = q;
        this.pos = q + 1;
        continue;
      }
      const close = closingQuote(view, this.open, this.pos);
      const start = this.open + 1;
      if (!this.decoder && !this.given && (close < 0 ? filled : close) - start >= this.longString) this.decoder = new LineDecoder(this.body, start);
      try {
        if (close < 0) {
          // No closing quote in: the rest is the string's (a backslash at the end is read with what follows it).
          this.decoder?.feed(filled);
          this.pos = filled;
          return;
        }
        const lined = this.decoder?.finish(close);
        if (lined) this.decoded.set(start, lined);
      } catch {
        this.decoder = undefined;
        this.given = true;
        if (close < 0) {
          this.pos = filled;
          return;
        }
      }
      this.decoder = undefined;
      this.given = false;
      this.open = -1;
      this.pos = close + 1;
    }
  }
}

/**
 * Parses a large message: its long strings replaced by placeholders, the rest parsed, the texts
 * of didOpen and didChange read into lines and any other long string decoded in its place.
 */
export function parseLarge(buf: Buffer, longString = LONG_STRING, read?: ReadonlyMap<number, LinedText>): unknown {
  // Placeholders no string of the message can be taken for: a random part, new for each message.
  const nonce = randomBytes(9).toString('base64');
  const prefix = `\u0000cable-text:${nonce}:`;
  const longs = new Map<string, LongString>();
  const pieces: string[] = [];
  let from = 0;
  let i = 0;
  for (;;) {
    const q = buf.indexOf(QUOTE, i);
    if (q < 0) break;
    const close = closingQuote(buf, q);
    if (close < 0) throw new SyntaxError(`Unterminated string in JSON at position ${q}`);
    i = close + 1;
    if (close - q - 1 < longString) continue;
    // A key stays in the JSON parsed (no text is a key).
    let k = i;
    while (k < buf.length && (buf[k] === 0x20 || buf[k] === 0x09 || buf[k] === 0x0a || buf[k] === 0x0d)) k++;
    if (buf[k] === 0x3a /* : */) continue;
    const placeholder = `${prefix}${longs.size}`;
    longs.set(placeholder, { start: q + 1, end: close });
    pieces.push(buf.toString('utf8', from, q), JSON.stringify(placeholder));
    from = close + 1;
  }
  pieces.push(buf.toString('utf8', from));
  const message = JSON.parse(pieces.join('')) as unknown;
  if (longs.size === 0) return message;
  /** A long string decoded as JSON.parse decodes it. */
  const decoded = (long: LongString) => JSON.parse(buf.toString('utf8', long.start - 1, long.end + 1)) as string;
  const taken = (value: unknown): LinedText | undefined => {
    if (typeof value !== 'string') return undefined;
    const long = longs.get(value);
    if (!long) return undefined;
    longs.delete(value);
    return read?.get(long.start) ?? decodeLines(buf, long.start, long.end);
  };
  const m = message as { method?: unknown; params?: { textDocument?: { text?: unknown }; contentChanges?: unknown } };
  if (m && typeof m === 'object' && m.params && typeof m.params === 'object') {
    const placed = typeof m.method === 'string' ? longs.get(m.method) : undefined;
    const method = placed ? decoded(placed) : m.method;
    if (method === 'textDocument/didOpen' && m.params.textDocument && typeof m.params.textDocument === 'object') {
      const text = taken(m.params.textDocument.text);
      if (text) m.params.textDocument.text = text;
    } else if (method === 'textDocument/didChange' && Array.isArray(m.params.contentChanges)) {
      for (const change of m.params.contentChanges as Array<{ text?: unknown }>) {
        if (!change || typeof change !== 'object') continue;
        const text = taken(change.text);
        if (text) change.text = text;
      }
    }
  }
  if (longs.size === 0) return message;
  // Any other long string: the very string JSON.parse would give, in its place.
  const restore = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const long = longs.get(value);
      return long ? decoded(long) : value;
    }
    if (Array.isArray(value)) {
      for (let k = 0; k < value.length; k++) value[k] = restore(value[k]);
    } else if (value && typeof value === 'object' && !(value instanceof LinedText)) {
      const o = value as Record<string, unknown>;
      for (const key of Object.keys(o)) o[key] = restore(o[key]);
    }
    return value;
  };
  return restore(message);
}

/** The offset of the quote that closes the string opened at `open`, looking from `from`, or -1. */
function closingQuote(buf: Buffer, open: number, from = open + 1): number {
  for (;;) {
    const q = buf.indexOf(QUOTE, from);
    if (q < 0) return -1;
    let k = q - 1;
    while (k > open && buf[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q;
    from = q + 1;
  }
}

const enum End {
  None = 0,
  LF = 1,
  CR = 2,
}

/**
 * The lines of a JSON string's content `buf[start, end)`, decoded as JSON.parse decodes it and cut
 * as splitLines cuts a text. A run of a line without escapes is decoded straight from the bytes
 * (one byte a character when the line fits Latin-1); a line with escapes other than its end is
 * decoded by JSON.parse, exactly. A line end is `\n` or `\r` (or `\u000a`, `\u000d`), `\r\n` one.
 */
export function decodeLines(buf: Buffer, start: number, end: number): LinedText {
  const decoder = new LineDecoder(buf, start);
  const lined = decoder.finish(end);
  if (!lined) throw new SyntaxError(`Bad control character in string literal in JSON at position ${decoder.bad}`);
  return lined;
}

/**
 * decodeLines as the string's bytes come: `feed` reads the lines ended in the bytes in so far,
 * `finish` the rest once the closing quote is in. The lines are then those decodeLines gives at
 * once: an escape cut by the end of the bytes in is read when the rest of it comes, and a line is
 * decoded only once its end is in (its bytes stay where they are, in the message's buffer).
 */
export class LineDecoder {
  private readonly lines: string[] = [];
  private ends: string[] | undefined;
  private firstEnd = '';
  private crlf = 0;
  private lf = 0;
  private cr = 0;
  private lineStart: number;
  /** The line being read has an escape other than its end: it is decoded by JSON.parse. */
  private escaped = false;
  /** The last line ended with a `\r`: a `\n` right after it makes that end `\r\n`. */
  private pendingCr = false;
  /** Where to look for the next backslash. */
  private p: number;
  /** Bytes up to here were checked for raw control characters (not allowed in a JSON string). */
  private checked: number;
  /** The offset of the first raw control character found, or -1: then there are no lines to give. */
  bad = -1;

  constructor(
    private readonly buf: Buffer,
    start: number,
  ) {
    this.lineStart = start;
    this.p = start;
    this.checked = start;
  }

  /** Reads the lines ended in `buf[.., limit)`, the bytes in so far (all inside the string). */
  feed(limit: number): void {
    this.read(limit, false);
  }

  /** The string's content ends at `end`: its lines, or undefined when it holds a raw control character (`bad`). */
  finish(end: number): LinedText | undefined {
    this.read(end, true);
    if (this.bad >= 0) return undefined;
    if (this.pendingCr) this.loneCr();
    this.lines.push(this.decode(this.lineStart, end));
    if (this.ends) this.ends[this.lines.length - 1] = '';
    return new LinedText(this.lines, this.ends, this.crlf, this.lf, this.cr);
  }

  private read(limit: number, final: boolean): void {
    if (this.bad >= 0) return;
    const bad = controlByte(this.buf, this.checked, limit);
    if (bad >= 0) {
      this.bad = bad;
      return;
    }
    this.checked = limit;
    const buf = this.buf;
    const view = buf.subarray(0, limit);
    let p = this.p;
    for (;;) {
      const b = view.indexOf(BACKSLASH, p);
      if (b < 0) {
        p = limit;
        break;
      }
      const c = buf[b + 1];
      let kind = End.None;
      let length = 2;
      if (c === 0x75 /* u */) length = 6;
      // An escape the bytes in so far cut short: read once the rest of it is in.
      if (!final && b + length > limit) {
        p = b;
        break;
      }
      if (c === 0x6e /* n */) kind = End.LF;
      else if (c === 0x72 /* r */) kind = End.CR;
      else if (c === 0x75 && b + 6 <= limit && buf[b + 2] === 0x30 && buf[b + 3] === 0x30 && buf[b + 4] === 0x30) {
        const d = buf[b + 5] | 0x20;
        kind = d === 0x61 /* a */ ? End.LF : d === 0x64 /* d */ ? End.CR : End.None;
      }
      p = b + length;
      if (kind === End.None) {
        this.escaped = true;
        continue;
      }
      if (this.pendingCr) {
        if (kind === End.LF && this.lineStart === b) {
          this.pendingCr = false;
          this.crlf++;
          this.setEnd(this.lines.length - 1, '\r\n');
          this.lineStart = p;
          continue;
        }
        this.loneCr();
      }
      this.lines.push(this.decode(this.lineStart, b));
      this.escaped = false;
      this.lineStart = p;
      if (kind === End.CR) this.pendingCr = true;
      else {
        this.lf++;
        this.setEnd(this.lines.length - 1, '\n');
      }
    }
    this.p = p;
  }

  private setEnd(line: number, e: string): void {
    if (this.ends) this.ends[line] = e;
    else if (this.firstEnd === '') this.firstEnd = e;
    else if (e !== this.firstEnd) {
      this.ends = new Array<string>(line).fill(this.firstEnd);
      this.ends[line] = e;
    }
  }

  private loneCr(): void {
    this.pendingCr = false;
    this.cr++;
    this.setEnd(this.lines.length - 1, '\r');
  }

  private decode(s: number, e: number): string {
    return this.escaped ? (JSON.parse(`"${this.buf.toString('utf8', s, e)}"`) as string) : this.buf.toString('utf8', s, e);
  }
}

/** The offset of the first byte below 0x20 in `buf[start, end)` (not allowed raw in a JSON string), or -1. */
function controlByte(buf: Buffer, start: number, end: number): number {
  let i = start;
  while (i < end && (buf.byteOffset + i) & 3) if (buf[i++] < 0x20) return i - 1;
  const words = Math.max(0, end - i) >> 2;
  if (words === 0) {
    for (let j = i; j < end; j++) if (buf[j] < 0x20) return j;
    return -1;
  }
  const u = new Uint32Array(buf.buffer, buf.byteOffset + i, words);
  // A word with a byte below 0x20 (Bit Twiddling Hacks, "hasless").
  for (let k = 0; k < words; k++) {
    const w = u[k];
    if (((w - 0x20202020) & ~w & 0x80808080) !== 0) {
      for (let j = i + k * 4; j < i + k * 4 + 4; j++) if (buf[j] < 0x20) return j;
    }
  }
  for (let j = i + words * 4; j < end; j++) if (buf[j] < 0x20) return j;
  return -1;
}

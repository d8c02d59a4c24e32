/**
 * The language server's reader of LSP messages over stdio. vscode-jsonrpc's reader keeps the
 * chunks of a message, joins them into one Buffer, decodes that to one string and parses it: a
 * 200 MB didOpen then exists as bytes twice, as a string of 200–400 MB (UTF-16 once one curly
 * quote is in it) and as the `text` string, which the document's lines, being slices of it, keep
 * alive. This one copies each chunk into one Buffer of the message's length; a small message is
 * then read as vscode-jsonrpc reads it (decoded, JSON.parse). In a large one the long strings are
 * found in the bytes and cut out, the small remainder is parsed, and the text of a didOpen or of
 * a didChange's content change is decoded line by line from the bytes into a LinedText (each line
 * its own string: one byte a character unless that line needs more). Any other long string is
 * decoded as JSON.parse would, so nothing else differs.
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
          if (this.filled < this.body.length) break;
          const body = this.body;
          this.body = undefined;
          this.clearPartialTimer();
          this.deliver(body);
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
    }
    return next;
  }

  private deliver(body: Buffer): void {
    let message: Message;
    try {
      message = body.length < this.largeMessage ? (JSON.parse(body.toString('utf8')) as Message) : (parseLarge(body, this.longString) as Message);
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
 * Parses a large message: its long strings replaced by placeholders, the rest parsed, the texts
 * of didOpen and didChange read into lines and any other long string decoded in its place.
 */
export function parseLarge(buf: Buffer, longString = LONG_STRING): unknown {
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
    return decodeLines(buf, long.start, long.end);
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

/** The offset of the quote that closes the string opened at `open`, or -1. */
function closingQuote(buf: Buffer, open: number): number {
  let from = open + 1;
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
  const bad = controlByte(buf, start, end);
  if (bad >= 0) throw new SyntaxError(`Bad control character in string literal in JSON at position ${bad}`);
  const view = buf.subarray(0, end);
  const lines: string[] = [];
  let ends: string[] | undefined;
  let firstEnd = '';
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  let lineStart = start;
  let escaped = false;
  /** The last line ended with a `\r`: a `\n` right after it makes that end `\r\n`. */
  let pendingCr = false;
  const setEnd = (line: number, e: string) => {
    if (ends) ends[line] = e;
    else if (firstEnd === '') firstEnd = e;
    else if (e !== firstEnd) {
      ends = new Array<string>(line).fill(firstEnd);
      ends[line] = e;
    }
  };
  const loneCr = () => {
    pendingCr = false;
    cr++;
    setEnd(lines.length - 1, '\r');
  };
  const decode = (s: number, e: number) => (escaped ? (JSON.parse(`"${buf.toString('utf8', s, e)}"`) as string) : buf.toString('utf8', s, e));
  let p = start;
  for (;;) {
    const b = view.indexOf(BACKSLASH, p);
    if (b < 0) break;
    const c = buf[b + 1];
    let kind = End.None;
    let length = 2;
    if (c === 0x6e /* n */) kind = End.LF;
    else if (c === 0x72 /* r */) kind = End.CR;
    else if (c === 0x75 /* u */) {
      length = 6;
      if (b + 6 <= end && buf[b + 2] === 0x30 && buf[b + 3] === 0x30 && buf[b + 4] === 0x30) {
        const d = buf[b + 5] | 0x20;
        kind = d === 0x61 /* a */ ? End.LF : d === 0x64 /* d */ ? End.CR : End.None;
      }
    }
    p = b + length;
    if (kind === End.None) {
      escaped = true;
      continue;
    }
    if (pendingCr) {
      if (kind === End.LF && lineStart === b) {
        pendingCr = false;
        crlf++;
        setEnd(lines.length - 1, '\r\n');
        lineStart = p;
        continue;
      }
      loneCr();
    }
    lines.push(decode(lineStart, b));
    escaped = false;
    lineStart = p;
    if (kind === End.CR) pendingCr = true;
    else {
      lf++;
      setEnd(lines.length - 1, '\n');
    }
  }
  if (pendingCr) loneCr();
  lines.push(decode(lineStart, end));
  if (ends) ends[lines.length - 1] = '';
  return new LinedText(lines, ends, crlf, lf, cr);
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

import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { copiedFrom } from './service/diagnostics/provider';

/** Diagnostics from which a publish is encoded in slices (fewer take a few milliseconds at most). */
export const SLICED_FROM = 5000;
/** Diagnostics encoded per turn of the event loop: about 1 ms (5 the first time, when their JSON is made). */
const PER_SLICE = 2000;
/** Stands in the encoded message for the diagnostics, which are put there as encoded in slices. */
const HOLE = '\u0000diagnostics\u0000';
const HOLE_JSON = JSON.stringify(HOLE);

/**
 * The stdio writer (vscode-jsonrpc's StreamMessageWriter does the same framing) for a server that
 * publishes large diagnostics. A message is one JSON text, and the library encodes it in one turn
 * of the event loop: the 60,000 problems of a 200 MB export are 15 MB, 0.2 to 0.5 s during which
 * a hover or a completion is neither read nor answered. Here such a publish is encoded a slice
 * at a time, and a response may go out between two slices: a response is only ever ordered after
 * the request it answers, which the client sent and the server read before it. Everything else
 * (notifications, the server's own requests) keeps its order: a version's diagnostics never
 * overtake the version's before them, and a progress end never overtakes the publish it follows.
 */
export class SlicedStreamWriter extends AbstractMessageWriter implements MessageWriter {
  private readonly queue: Array<{ msg: Message; done: () => void }> = [];
  private pumping = false;
  private errors = 0;
  /** Where the large publishes are encoded, one after the other (each is written out before the next is encoded); undefined: a new one for each. */
  private readonly scratch: Scratch | undefined;

  /**
   * `reuse`: the stream is done with a write's bytes when the write's callback comes, as a file
   * descriptor's stream is (stdout: a pipe's writes are synchronous on Linux, a file's and a
   * terminal's too), so one buffer serves every publish. Not so a PassThrough, which hands the
   * very bytes to its reader later.
   */
  constructor(
    private readonly stream: NodeJS.WritableStream,
    options: { reuse?: boolean } = {},
  ) {
    super();
    this.scratch = options.reuse ? new Scratch() : undefined;
    stream.on('error', (error: Error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    if (isResponse(msg)) return this.send(Buffer.from(JSON.stringify(msg), 'utf8'), msg);
    return new Promise((done) => {
      this.queue.push({ msg, done });
      void this.pump();
    });
  }

  end(): void {}

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        try {
          // Written out (the write's callback) before the next is encoded into the same scratch.
          await this.send(await encode(next.msg, this.scratch ?? new Scratch()), next.msg);
        } catch (error) {
          this.fireError(error as Error, next.msg, ++this.errors);
        }
        next.done();
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Header and body written in the same turn: no other message's bytes can come between them. */
  private send(bytes: Buffer, msg: Message): Promise<void> {
    return new Promise((resolve) => {
      try {
        this.stream.write(`Content-Length: ${bytes.length}\r\n\r\n`, 'ascii');
        this.stream.write(bytes, (error?: Error | null) => {
          if (error) this.fireError(error, msg, ++this.errors);
          else this.errors = 0;
          resolve();
        });
      } catch (error) {
        this.fireError(error as Error, msg, ++this.errors);
        resolve();
      }
    });
  }
}

function isResponse(msg: Message): boolean {
  return 'id' in msg && !('method' in msg);
}

/**
 * The message's body. A publish of many diagnostics is encoded a slice per turn of the event loop
 * into `scratch`, and the bytes returned are the scratch's until its next use.
 */
export async function encode(msg: Message, scratch = new Scratch()): Promise<Buffer> {
  const params = (msg as { params?: { diagnostics?: unknown } }).params;
  const list = params?.diagnostics;
  if (!Array.isArray(list) || list.length < SLICED_FROM) return Buffer.from(JSON.stringify(msg), 'utf8');
  const frame = JSON.stringify({ ...msg, params: { ...params, diagnostics: HOLE } });
  const at = frame.indexOf(HOLE_JSON);
  scratch.reset();
  scratch.text(`${frame.slice(0, at)}[`);
  for (let i = 0; i < list.length; i += PER_SLICE) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    encodeDiagnostics(list, i, Math.min(list.length, i + PER_SLICE), scratch);
  }
  scratch.text(`]${frame.slice(at + HOLE_JSON.length)}`);
  return scratch.bytes();
}

/**
 * A buffer encoded into, kept from one message to the next and grown when one is larger. V8 counts
 * a Buffer's bytes as memory outside its heap, and some 64 MB of that made since its last full
 * collection starts one: a 200 MB export's publish made 15–40 MB of Buffers, and every second to
 * fourth edit then paid 0.5–0.65 s of marking the 1 GB heap on the main thread before its
 * diagnostics went out (--trace-gc: "+ 642.8 ms in 773 steps since start of marking").
 */
export class Scratch {
  private buf = Buffer.allocUnsafe(64 * 1024);
  private length = 0;

  reset(): void {
    this.length = 0;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  /** Room for `n` more bytes. */
  private room(n: number): Buffer {
    if (this.length + n > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    return this.buf;
  }

  text(s: string): void {
    this.length += this.room(s.length * 3).write(s, this.length, 'utf8');
  }

  /** Bytes as they are. */
  put(piece: Uint8Array): void {
    this.room(piece.length).set(piece, this.length);
    this.length += piece.length;
  }

  /** A whole number's digits, as JSON writes them. */
  number(n: number): void {
    const out = this.room(17);
    let at = this.length;
    if (n < 0) {
      out[at++] = 0x2d;
      n = -n;
    }
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    for (let i = at + digits - 1; i >= at; i--) {
      out[i] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    }
    this.length = at + digits;
  }
}

/**
 * What follows the range in each diagnostic's JSON, by the diagnostic a message's copy was made
 * from (copiedFrom): only the range of that one changes, so the rest is encoded once. A line break
 * in a 200 MB export sends 60,000 problems again, all but the first few thousand a line lower:
 * their ranges are written, the rest copied (about 15 MB of JSON was made again on every such edit).
 * Kept as bytes (made once for each problem; about 16 MB for those 60,000).
 */
const tails = new WeakMap<object, Buffer>();

/** `list[from..to)` as JSON array elements, each after a comma but the list's first. */
function encodeDiagnostics(list: unknown[], from: number, to: number, out: Scratch): void {
  for (let i = from; i < to; i++) {
    if (i > 0) out.put(COMMA);
    const d = list[i];
    const origin = copiedFrom(d);
    const range = origin && wholeNumbers((d as Diagnostic).range) ? (d as Diagnostic).range : undefined;
    let rest = range && tails.get(origin as object);
    if (range && rest === undefined) {
      const json = JSON.stringify(d);
      const head = `{"range":${JSON.stringify(range)}`;
      if (json.startsWith(head)) tails.set(origin as object, (rest = Buffer.from(json.slice(head.length), 'utf8')));
    }
    if (range === undefined || rest === undefined) {
      // As in an array's JSON: what has no JSON of its own (undefined, a function) is null there.
      out.text((JSON.stringify(d) as string | undefined) ?? 'null');
      continue;
    }
    out.put(R0);
    out.number(range.start.line);
    out.put(R1);
    out.number(range.start.character);
    out.put(R2);
    out.number(range.end.line);
    out.put(R3);
    out.number(range.end.character);
    out.put(R4);
    out.put(rest);
  }
}

const COMMA = Buffer.from(',');
// `{"range":{"start":{"line":1,"character":2},"end":{"line":3,"character":4}}` in five pieces around its numbers.
const R0 = Buffer.from('{"range":{"start":{"line":');
const R1 = Buffer.from(',"character":');
const R2 = Buffer.from('},"end":{"line":');
const R3 = Buffer.from(',"character":');
const R4 = Buffer.from('}}');

/** A range of whole numbers (copyRange's): what the range's bytes above are written for. */
function wholeNumbers(range: Range | undefined): boolean {
  return !!range && Number.isSafeInteger(range.start?.line) && Number.isSafeInteger(range.start.character) && Number.isSafeInteger(range.end?.line) && Number.isSafeInteger(range.end.character);
}

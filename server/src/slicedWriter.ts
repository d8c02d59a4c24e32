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

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
    stream.on('error', (error: Error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    if (isResponse(msg)) return this.send(encodeNow(msg), msg);
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
          await this.send(await encode(next.msg), next.msg);
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

/** A publish's diagnostics, or a pull's answer's items: where a message carries diagnostics. */
function diagnosticsOf(msg: Message): { list: unknown[]; frame: () => string } | undefined {
  const { params, result } = msg as { params?: { diagnostics?: unknown }; result?: { items?: unknown } };
  if (Array.isArray(params?.diagnostics)) return { list: params.diagnostics, frame: () => JSON.stringify({ ...msg, params: { ...params, diagnostics: HOLE } }) };
  if (Array.isArray(result?.items)) return { list: result.items, frame: () => JSON.stringify({ ...msg, result: { ...result, items: HOLE } }) };
  return undefined;
}

/** The message's body; a large publish of diagnostics is encoded a slice per turn of the event loop. */
export async function encode(msg: Message): Promise<Buffer> {
  const found = diagnosticsOf(msg);
  if (!found || found.list.length < SLICED_FROM) return encodeNow(msg);
  const parts: Buffer[] = [];
  for (let i = 0; i < found.list.length; i += PER_SLICE) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    parts.push(encodeDiagnostics(found.list, i, Math.min(found.list.length, i + PER_SLICE)));
  }
  return framed(found.frame(), parts);
}

/** The message's body, in this turn (an answer: it may overtake a publish being encoded). */
export function encodeNow(msg: Message): Buffer {
  const found = diagnosticsOf(msg);
  if (!found || found.list.length < SLICED_FROM) return Buffer.from(JSON.stringify(msg), 'utf8');
  return framed(found.frame(), [encodeDiagnostics(found.list, 0, found.list.length)]);
}

function framed(frame: string, parts: Buffer[]): Buffer {
  const at = frame.indexOf(HOLE_JSON);
  return Buffer.concat([Buffer.from(`${frame.slice(0, at)}[`, 'utf8'), ...parts.flatMap((p, i) => (i > 0 ? [COMMA, p] : [p])), Buffer.from(`]${frame.slice(at + HOLE_JSON.length)}`, 'utf8')]);
}

const COMMA = Buffer.from(',');

/**
 * What follows the range in each diagnostic's JSON, by the diagnostic a message's copy was made
 * from (copiedFrom): only the range of that one changes, so the rest is encoded once. A line break
 * in a 200 MB export sends 60,000 problems again, all but the first few thousand a line lower:
 * their ranges are written, the rest copied (about 15 MB of JSON was made again, then encoded to
 * UTF-8, on every such edit).
 */
const tails = new WeakMap<object, Buffer>();

/** `list[from..to)` as JSON array elements joined by commas, without the brackets. */
function encodeDiagnostics(list: unknown[], from: number, to: number): Buffer {
  const rests = new Array<Buffer>(to - from);
  const ranges = new Array<Range | undefined>(to - from);
  let size = Math.max(0, to - from - 1);
  for (let i = from; i < to; i++) {
    const d = list[i];
    const origin = copiedFrom(d);
    const range = origin && wholeNumbers((d as Diagnostic).range) ? (d as Diagnostic).range : undefined;
    let rest = range && tails.get(origin as object);
    if (range && rest === undefined) {
      const json = JSON.stringify(d);
      const head = `{"range":${JSON.stringify(range)}`;
      if (json.startsWith(head)) tails.set(origin as object, (rest = Buffer.from(json.slice(head.length), 'utf8')));
    }
    if (rest === undefined) {
      // As in an array's JSON: what has no JSON of its own (undefined, a function) is null there.
      rests[i - from] = Buffer.from((JSON.stringify(d) as string | undefined) ?? 'null', 'utf8');
      size += rests[i - from].length;
    } else {
      rests[i - from] = rest;
      ranges[i - from] = range;
      size += RANGE_BYTES + rest.length;
    }
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let k = 0; k < rests.length; k++) {
    if (k > 0) out[at++] = 0x2c;
    const r = ranges[k];
    if (r) {
      at = put(out, at, R0);
      at = putNumber(out, at, r.start.line);
      at = put(out, at, R1);
      at = putNumber(out, at, r.start.character);
      at = put(out, at, R2);
      at = putNumber(out, at, r.end.line);
      at = put(out, at, R3);
      at = putNumber(out, at, r.end.character);
      at = put(out, at, R4);
    }
    out.set(rests[k], at);
    at += rests[k].length;
  }
  return out.subarray(0, at);
}

// `{"range":{"start":{"line":1,"character":2},"end":{"line":3,"character":4}}` in five pieces around its numbers.
const R0 = Buffer.from('{"range":{"start":{"line":');
const R1 = Buffer.from(',"character":');
const R2 = Buffer.from('},"end":{"line":');
const R3 = Buffer.from(',"character":');
const R4 = Buffer.from('}}');
/** The most a range's JSON takes: its pieces and four numbers of up to 16 digits (safe integers, a sign). */
const RANGE_BYTES = R0.length + R1.length + R2.length + R3.length + R4.length + 4 * 17;

function put(out: Buffer, at: number, piece: Buffer): number {
  for (let i = 0; i < piece.length; i++) out[at + i] = piece[i];
  return at + piece.length;
}

/** A whole number's digits as JSON writes them. */
function putNumber(out: Buffer, at: number, n: number): number {
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
  return at + digits;
}

/** A range of whole numbers (copyRange's): what the range's bytes above are written for. */
function wholeNumbers(range: Range | undefined): boolean {
  return !!range && Number.isSafeInteger(range.start?.line) && Number.isSafeInteger(range.start.character) && Number.isSafeInteger(range.end?.line) && Number.isSafeInteger(range.end.character);
}

import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { copiedFrom, digitCount, messagePieces, type MessagePieces } from './service/diagnostics/provider';

/** Diagnostics from which a publish is encoded in slices (fewer take a few milliseconds at most). */
export const SLICED_FROM = 5000;
/** Diagnostics encoded per turn of the event loop: about 1 ms (5 the first time, when their JSON is made). */
const PER_SLICE = 2000;
/** How long a message's steps (encodePieces) are encoded before the event loop has a turn, in ms. */
const PIECES_SLICE_MS = 2;
/** Stands in the encoded message for the diagnostics, which are put there as encoded in slices. */
const HOLE = '\u0000diagnostics\u0000';
const HOLE_JSON = JSON.stringify(HOLE);

/**
 * The stdio writer (vscode-jsonrpc's StreamMessageWriter does the same framing) for a server that
 * sends large messages. A message is one JSON text, and the library encodes it in one turn of the
 * event loop: the 60,000 problems of a 200 MB export are 15 MB, 0.2 to 0.5 s, and Fix All's answer
 * on it 10 MB, 55-80 ms, during which a hover or a completion is neither read nor answered. Here a
 * large message is encoded a slice at a time, and a response may go out between two slices: a
 * response is only ever ordered after the request it answers, which the client sent and the
 * server read before it. Responses go out in the order their encoding ends (a small one at once,
 * large ones one after the other); everything else (notifications, the server's own requests)
 * keeps its order: a version's diagnostics never overtake the version's before them, and a
 * progress end never overtakes the publish it follows.
 */
export class SlicedStreamWriter extends AbstractMessageWriter implements MessageWriter {
  /** Notifications and the server's requests, in order. */
  private readonly ordered: Lane;
  /** Large responses, one after the other. */
  private readonly answers: Lane;
  private errors = 0;

  /**
   * `reuse`: the stream is done with a write's bytes when the write's callback comes, as a file
   * descriptor's stream is (stdout: a pipe's writes are synchronous on Linux, a file's and a
   * terminal's too), so the blocks of a large message serve the next one, of either lane. Not so
   * a PassThrough, which hands the very bytes to its reader later.
   */
  constructor(
    private readonly stream: NodeJS.WritableStream,
    options: { reuse?: boolean } = {},
  ) {
    super();
    const pool = options.reuse ? new BlockPool() : undefined;
    const out = async (msg: Message): Promise<void> => {
      const scratch = new Scratch(pool);
      try {
        await this.send(await encode(msg, scratch), msg);
      } catch (error) {
        this.fireError(error as Error, msg, ++this.errors);
      }
      // Written out (the write's callback): its blocks may take the next message.
      scratch.release();
    };
    this.ordered = new Lane(out);
    this.answers = new Lane(out);
    stream.on('error', (error: Error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    if (!isResponse(msg)) return this.ordered.push(msg);
    if (largerThan(msg, LARGE)) return this.answers.push(msg);
    return this.send([Buffer.from(JSON.stringify(msg), 'utf8')], msg);
  }

  end(): void {}

  /** Header and body (its blocks) written in the same turn: no other message's bytes can come between them. */
  private send(body: Buffer[], msg: Message): Promise<void> {
    return new Promise((resolve) => {
      try {
        let length = 0;
        for (const b of body) length += b.length;
        this.stream.write(`Content-Length: ${length}\r\n\r\n`, 'ascii');
        for (let i = 0; i < body.length - 1; i++) this.stream.write(body[i]);
        this.stream.write(body[body.length - 1], (error?: Error | null) => {
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

/** Messages encoded and written one after the other. */
class Lane {
  private readonly queue: Array<{ msg: Message; done: () => void }> = [];
  private pumping = false;

  constructor(private readonly out: (msg: Message) => Promise<void>) {}

  push(msg: Message): Promise<void> {
    return new Promise((done) => {
      this.queue.push({ msg, done });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        await this.out(next.msg);
        next.done();
      }
    } finally {
      this.pumping = false;
    }
  }
}

/**
 * The blocks of large messages, kept from one message to the next (see Scratch) and shared by the
 * writer's two lanes. Each lane kept a scratch of its own, whose blocks, doubling up to 4 MB, were
 * larger than its largest message: after a 200 MB export's publish of 60,000 problems (15 MB) and
 * its outline, 20 MB and 8 MB of blocks, where 1 MB blocks taken in turn now serve both. The
 * server's ArrayBuffers after the bench's edits and outline, at rest: 50 MB export 17.7-20.1 ->
 * 12.2 MB, 200 MB 46.7 -> 37.2 MB.
 */
export class BlockPool {
  private readonly free: Buffer[] = [];

  /** A block of at least `n` bytes: a kept one, or a new one. */
  take(n: number): Buffer {
    return (n <= BLOCK && this.free.pop()) || Buffer.allocUnsafe(Math.max(n, BLOCK));
  }

  /** Blocks done with: kept up to KEPT bytes (the reading view of a 200 MB export is 240 MB of JSON). */
  give(blocks: Buffer[]): void {
    for (const b of blocks) if (b.length === BLOCK && (this.free.length + 1) * BLOCK <= KEPT) this.free.push(b);
  }

  /** Bytes kept. */
  get kept(): number {
    return this.free.length * BLOCK;
  }
}

/** The size of a pool's blocks. */
const BLOCK = 2 ** 20;
/** The most room a pool keeps for the next messages. */
const KEPT = 32 * 2 ** 20;

function isResponse(msg: Message): boolean {
  return 'id' in msg && !('method' in msg);
}

/**
 * The message's body, in one or more blocks. A publish of many diagnostics, and any message whose
 * JSON is larger than about LARGE bytes, is encoded a slice per turn of the event loop into
 * `scratch`, and the bytes returned are the scratch's until its next use.
 */
export async function encode(msg: Message, scratch = new Scratch()): Promise<Buffer[]> {
  const params = (msg as { params?: { diagnostics?: unknown } }).params;
  const list = params?.diagnostics;
  const pieces = messagePieces(list);
  if (pieces) return encodePublish(msg, params!, pieces, scratch);
  if (Array.isArray(list) && list.length >= SLICED_FROM) return encodePublish(msg, params!, list, scratch);
  if (!largerThan(msg, LARGE)) return [Buffer.from(JSON.stringify(msg), 'utf8')];
  scratch.reset();
  const steps = jsonInSteps(msg, scratch);
  for (let r = steps.next(); !r.done; r = steps.next()) await nextTurn();
  return scratch.chunks();
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function encodePublish(msg: Message, params: object, list: unknown[] | MessagePieces, scratch: Scratch): Promise<Buffer[]> {
  const frame = JSON.stringify({ ...msg, params: { ...params, diagnostics: HOLE } });
  const at = frame.indexOf(HOLE_JSON);
  scratch.reset();
  scratch.text(`${frame.slice(0, at)}[`);
  if (Array.isArray(list)) {
    for (let i = 0; i < list.length; i += PER_SLICE) {
      if (i > 0) await nextTurn();
      encodeDiagnostics(list, i, Math.min(list.length, i + PER_SLICE), scratch);
    }
  } else await encodePieces(list, scratch);
  scratch.text(`]${frame.slice(at + HOLE_JSON.length)}`);
  return scratch.chunks();
}

/**
 * A message's diagnostics from its steps' JSON (provider.ts, MessagePieces): a step on the lines
 * it was encoded on is copied whole, one an edit moved has its line numbers written anew between
 * copies of the rest, and one not yet encoded (the first publish) is encoded now: five times the
 * work of one renumbered and many times one copied, so the slices are timed, not counted.
 */
async function encodePieces(pieces: MessagePieces, scratch: Scratch): Promise<void> {
  let t0 = performance.now();
  let first = true;
  for (const segment of pieces.segments) {
    if (segment.count === 0) continue;
    if (performance.now() - t0 >= PIECES_SLICE_MS) {
      await nextTurn();
      t0 = performance.now();
    }
    if (!first) scratch.put(COMMA);
    first = false;
    const encoded = segment.encoded();
    if (!encoded) {
      const copies = segment.copies();
      encodeDiagnostics(copies, 0, copies.length, scratch);
      continue;
    }
    const { step, delta } = encoded;
    if (delta === 0) {
      scratch.put(step.bytes);
      continue;
    }
    let from = 0;
    for (let i = 0; i < step.at.length; i++) {
      const line = step.lines[i];
      scratch.copy(step.bytes, from, step.at[i]);
      scratch.number(line + delta);
      from = step.at[i] + digitCount(line);
    }
    scratch.copy(step.bytes, from, step.bytes.length);
  }
}

/** Messages whose JSON is estimated larger than this many bytes are encoded in slices (smaller ones take a millisecond or two). */
export const LARGE = 256 * 1024;

export interface JsonSlices {
  /** A value whose JSON is estimated at most this many bytes is encoded whole, by JSON.stringify. */
  light: number;
  /** Bytes encoded between two pauses. */
  slice: number;
  /** A longer string is escaped this many UTF-16 code units at a time. */
  piece: number;
}

/** About a millisecond or two of encoding each. */
const SLICES: JsonSlices = { light: 64 * 1024, slice: 256 * 1024, piece: 64 * 1024 };

/**
 * An estimate of `value`'s JSON's length in bytes, read only as far as `limit`: -1 when it is
 * larger. toJSON is not called (a Date is a few bytes whatever it says); getters are read.
 */
export function jsonWeight(value: unknown, limit: number): number {
  let weight = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    switch (typeof v) {
      case 'string':
        weight += v.length + 2;
        break;
      case 'object':
        if (v === null) weight += 4;
        else if (Array.isArray(v)) {
          weight += 2 + v.length;
          if (weight > limit) return -1;
          for (let i = 0; i < v.length && weight <= limit; i++) {
            const e: unknown = v[i];
            // Numbers, the most common of large arrays' elements (semantic tokens), without the stack.
            if (typeof e === 'number') weight += 8;
            else stack.push(e);
          }
        } else {
          weight += 2;
          for (const k in v) {
            weight += k.length + 4;
            stack.push((v as Record<string, unknown>)[k]);
            if (weight > limit) return -1;
          }
        }
        break;
      case 'number':
      case 'bigint':
        weight += 8;
        break;
      default:
        weight += 5;
    }
    if (weight > limit) return -1;
  }
  return weight;
}

function largerThan(value: unknown, limit: number): boolean {
  return jsonWeight(value, limit) < 0;
}

/**
 * What JSON.stringify(value) gives (the same bytes, or the same error), written into `out` a
 * slice of about `limits.slice` bytes at a time, pausing (yield) between slices. It goes down
 * into arrays, objects and long strings too large to write at once; what is small enough is
 * written by JSON.stringify itself: a run of array elements as one array, anything else whole.
 * False, and nothing written, when the value has no JSON (undefined, a function, a symbol).
 * Getters are read twice (once to weigh), and toJSON is called with the key JSON.stringify gives it.
 */
export function* jsonInSteps(value: unknown, out: Scratch, limits: JsonSlices = SLICES): Generator<void, boolean> {
  const { light, slice, piece } = limits;
  const stack: Frame[] = [];
  // The arrays and objects being written: one met again inside itself is a cycle.
  const open = new Set<object>();
  let mark = out.size;

  /** A prepared value written, or entered (its opening written, its frame pushed); false when it has no JSON. */
  const put = (v: unknown): boolean => {
    switch (typeof v) {
      case 'string':
        if (v.length <= piece) out.text(JSON.stringify(v));
        else {
          out.put(QUOTE);
          stack.push({ kind: 'string', value: v, i: 0 });
        }
        return true;
      case 'number':
        out.text(JSON.stringify(v));
        return true;
      case 'boolean':
        out.put(v ? TRUE : FALSE);
        return true;
      case 'bigint':
        throw new TypeError('Do not know how to serialize a BigInt');
      case 'object': {
        if (v === null) {
          out.put(NULL);
          return true;
        }
        // Whole when small and not already given its toJSON's answer (JSON.stringify would ask again).
        if (typeof (v as { toJSON?: unknown }).toJSON !== 'function' && jsonWeight(v, light) >= 0) {
          out.text(JSON.stringify(v));
          return true;
        }
        if (open.has(v)) throw new TypeError('Converting circular structure to JSON');
        open.add(v);
        if (Array.isArray(v)) {
          out.put(OPEN_ARRAY);
          stack.push({ kind: 'array', value: v, i: 0 });
        } else {
          out.put(OPEN_OBJECT);
          stack.push({ kind: 'object', value: v as Record<string, unknown>, keys: Object.keys(v), i: 0, wrote: false });
        }
        return true;
      }
      default:
        return false;
    }
  };

  if (!put(prepared(value, ''))) return false;
  while (stack.length > 0) {
    if (out.size - mark >= slice) {
      yield;
      mark = out.size;
    }
    const f = stack[stack.length - 1];
    if (f.kind === 'string') {
      const s = f.value;
      if (f.i >= s.length) {
        out.put(QUOTE);
        stack.pop();
        continue;
      }
      let to = Math.min(s.length, f.i + piece);
      // A surrogate pair is escaped as one character, each half alone as a \u escape: never cut between them.
      if (to < s.length && isHigh(s.charCodeAt(to - 1)) && isLow(s.charCodeAt(to))) to++;
      const json = JSON.stringify(s.slice(f.i, to));
      out.text(json.slice(1, -1));
      f.i = to;
    } else if (f.kind === 'array') {
      const a = f.value;
      if (f.i >= a.length) {
        out.put(CLOSE_ARRAY);
        open.delete(a);
        stack.pop();
        continue;
      }
      // A run of elements JSON.stringify writes as they are, as one array: a slice of this one
      // (holes and what has no JSON are null in both), up to `light` bytes of them.
      let to = f.i;
      let weight = 0;
      while (to < a.length) {
        const w = plainWeight(a[to], light, piece);
        if (w < 0 || (to > f.i && weight + w > light)) break;
        weight += w;
        to++;
      }
      if (f.i > 0) out.put(COMMA);
      if (to > f.i) {
        const json = JSON.stringify(a.slice(f.i, to));
        out.text(json.slice(1, -1));
        f.i = to;
      } else {
        // One that is not: its own toJSON (asked with its index), a long string, a large array or object.
        const i = f.i++;
        if (!put(prepared(a[i], String(i)))) out.put(NULL);
      }
    } else {
      const o = f.value;
      if (f.i >= f.keys.length) {
        out.put(CLOSE_OBJECT);
        open.delete(o);
        stack.pop();
        continue;
      }
      const key = f.keys[f.i++];
      const v = prepared(o[key], key);
      // A member with no JSON is left out.
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      if (f.wrote) out.put(COMMA);
      f.wrote = true;
      out.text(JSON.stringify(key));
      out.put(COLON);
      put(v);
    }
  }
  return true;
}

type Frame =
  | { kind: 'string'; value: string; i: number }
  | { kind: 'array'; value: unknown[]; i: number }
  | { kind: 'object'; value: Record<string, unknown>; keys: string[]; i: number; wrote: boolean };

/**
 * The estimated bytes of an array element JSON.stringify writes exactly as this array's would,
 * within a slice of the array (-1 for one that must be written alone): not one with a toJSON,
 * which would be given its index in the slice, nor a long string, nor one heavier than `light`.
 */
function plainWeight(e: unknown, light: number, piece: number): number {
  switch (typeof e) {
    case 'number':
      return 8;
    case 'string':
      return e.length > piece ? -1 : e.length + 2;
    case 'object':
      if (e === null) return 4;
      if (typeof (e as { toJSON?: unknown }).toJSON === 'function') return -1;
      return jsonWeight(e, light);
    case 'bigint':
      return -1;
    default:
      return 5;
  }
}

/** SerializeJSONProperty's first steps: toJSON asked with the member's key, a Number, String, Boolean or BigInt object unwrapped. */
function prepared(value: unknown, key: string): unknown {
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = toJSON.call(value, key);
  }
  if (typeof value === 'object' && value !== null) {
    if (value instanceof Number) return Number(value);
    if (value instanceof String) return String(value);
    if (value instanceof Boolean) return Boolean.prototype.valueOf.call(value);
    if (value instanceof BigInt) return BigInt.prototype.valueOf.call(value);
  }
  return value;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Buffers encoded into, kept from one message to the next, more added when one is larger. V8
 * counts a Buffer's bytes as memory outside its heap, and some 64 MB of that made since its last
 * full collection starts one: a 200 MB export's publish made 15–40 MB of Buffers, and every second
 * to fourth edit then paid 0.5–0.65 s of marking the 1 GB heap on the main thread before its
 * diagnostics went out (--trace-gc: "+ 642.8 ms in 773 steps since start of marking"). Blocks, not
 * one buffer grown by copying: the reading view of a 200 MB export is 240 MB of JSON, and copying
 * 128 MB into a larger buffer is a turn of 50–60 ms. What is written never spans two blocks.
 * With a pool its blocks are the pool's (1 MB each) until it is released; without one they
 * double from 64 KB to 1 MB.
 */
export class Scratch {
  private blocks: Buffer[];
  /** Bytes written in each block up to the current one. */
  private used: number[] = [0];
  private at = 0;
  /** Bytes written in the blocks before the current one. */
  private before = 0;

  constructor(private readonly pool?: BlockPool) {
    // With a pool, the first block is taken when something is written: a small message writes nothing here.
    this.blocks = pool ? [] : [Buffer.allocUnsafe(64 * 1024)];
  }

  reset(): void {
    this.used.fill(0);
    this.at = 0;
    this.before = 0;
  }

  /** Bytes written since the last reset. */
  get size(): number {
    return this.before + this.used[this.at];
  }

  /** Gives its blocks back to its pool: the bytes written are no longer read, and it is not written again. */
  release(): void {
    this.pool?.give(this.blocks);
    this.blocks = [];
    this.used = [0];
    this.at = 0;
    this.before = 0;
  }

  /** The bytes written, block by block. */
  chunks(): Buffer[] {
    const out: Buffer[] = [];
    for (let i = 0; i <= this.at; i++) if (this.used[i] > 0 || i === 0) out.push((this.blocks[i] ?? EMPTY).subarray(0, this.used[i]));
    return out;
  }

  /** The bytes written, as one Buffer (the block's own when they fit in one). */
  bytes(): Buffer {
    const c = this.chunks();
    return c.length === 1 ? c[0] : Buffer.concat(c, this.size);
  }

  /** The block with room for `n` more bytes, made current. */
  private room(n: number): Buffer {
    const cur = this.blocks[this.at] as Buffer | undefined;
    if (cur && this.used[this.at] + n <= cur.length) return cur;
    if (cur) {
      this.before += this.used[this.at];
      this.at++;
    }
    if (this.at === this.blocks.length || this.blocks[this.at].length < n) {
      if (this.at < this.blocks.length) this.pool?.give([this.blocks[this.at]]);
      this.blocks[this.at] = this.pool ? this.pool.take(n) : Buffer.allocUnsafe(Math.max(n, Math.min(MAX_BLOCK, (cur?.length ?? 0) * 2)));
      this.used[this.at] = 0;
    }
    return this.blocks[this.at];
  }

  text(s: string): void {
    const b = this.room(s.length * 3);
    this.used[this.at] += b.write(s, this.used[this.at], 'utf8');
  }

  /** Bytes as they are. */
  put(piece: Uint8Array): void {
    const b = this.room(piece.length);
    b.set(piece, this.used[this.at]);
    this.used[this.at] += piece.length;
  }

  /** `source[from..to)` as they are. */
  copy(source: Buffer, from: number, to: number): void {
    const b = this.room(to - from);
    source.copy(b, this.used[this.at], from, to);
    this.used[this.at] += to - from;
  }

  /** A whole number's digits, as JSON writes them. */
  number(n: number): void {
    const out = this.room(17);
    let at = this.used[this.at];
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
    this.used[this.at] = at + digits;
  }
}

/** The largest block a scratch without a pool adds (its blocks double in size up to it). */
const MAX_BLOCK = BLOCK;

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

const EMPTY = Buffer.alloc(0);
const COMMA = Buffer.from(',');
const COLON = Buffer.from(':');
const QUOTE = Buffer.from('"');
const NULL = Buffer.from('null');
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const OPEN_ARRAY = Buffer.from('[');
const CLOSE_ARRAY = Buffer.from(']');
const OPEN_OBJECT = Buffer.from('{');
const CLOSE_OBJECT = Buffer.from('}');
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

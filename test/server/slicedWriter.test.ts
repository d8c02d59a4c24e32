/**
 * The stdio writer: a large publish of diagnostics, and any large message, is encoded a slice per
 * turn; answers to requests may go out between two slices, and everything else keeps its order;
 * the bytes are the protocol's (JSON.stringify's, to the byte).
 */
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StreamMessageReader, type Message, type NotificationMessage } from 'vscode-languageserver-protocol/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { forMessage } from '../../server/src/service/diagnostics/provider';
import { BlockPool, encode as encodeBlocks, jsonInSteps, jsonWeight, LARGE, Scratch, SLICED_FROM, SlicedStreamWriter, type JsonSlices } from '../../server/src/slicedWriter';
import { rng } from '../random';

/** The message's body, its blocks joined. */
const encode = async (msg: Message, scratch?: Scratch) => Buffer.concat(await encodeBlocks(msg, scratch));

function publish(version: number, count: number): Message {
  const diagnostics = Array.from({ length: count }, (_, i) => ({
    range: { start: { line: i, character: 0 }, end: { line: i, character: 5 } },
    severity: 2,
    code: 'CBL407',
    message: `"," stands for an apostrophe — ${i} “quoted”`,
  }));
  return { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a%20b.cable', version, diagnostics } } as Message;
}

/** The messages written to `stream`, as a client reads them. */
function reading(stream: PassThrough): Message[] {
  const got: Message[] = [];
  new StreamMessageReader(stream).listen((m) => void got.push(m));
  return got;
}

describe('SlicedStreamWriter', () => {
  it('encodes a large publish to the JSON the whole message gives', async () => {
    for (const count of [0, 10, SLICED_FROM - 1, SLICED_FROM, SLICED_FROM * 2 + 7]) {
      const msg = publish(3, count);
      expect(JSON.parse((await encode(msg)).toString()), `${count}`).toEqual(JSON.parse(JSON.stringify(msg)));
    }
    const response = { jsonrpc: '2.0', id: 4, result: { contents: 'x' } } as Message;
    expect((await encode(response)).toString()).toBe(JSON.stringify(response));
  });

  it('lets an answer out while a large publish is encoded, and keeps notifications in order', async () => {
    const stream = new PassThrough();
    const got = reading(stream);
    const writer = new SlicedStreamWriter(stream);
    const big = writer.write(publish(1, SLICED_FROM * 4));
    const small = writer.write(publish(2, 3));
    // A turn later the large one is still being encoded: the answer goes ahead of both.
    await new Promise((resolve) => setImmediate(resolve));
    const answer = writer.write({ jsonrpc: '2.0', id: 7, result: null } as Message);
    await Promise.all([big, small, answer]);
    await new Promise((resolve) => setImmediate(resolve));
    const params = (m: Message) => (m as NotificationMessage).params as { version: number; diagnostics: unknown[] };
    const label = (m: Message) => ('id' in m ? `answer ${String(m.id)}` : `publish ${params(m).version}`);
    expect(got.map(label)).toEqual(['answer 7', 'publish 1', 'publish 2']);
    expect(params(got[1]).diagnostics).toEqual(params(publish(1, SLICED_FROM * 4)).diagnostics);
  });

  it('frames every message by its length in bytes (characters beyond ASCII included)', async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    const writer = new SlicedStreamWriter(stream);
    const msg = publish(1, 2);
    await writer.write(msg);
    const raw = Buffer.concat(chunks);
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    expect(raw.toString('latin1').startsWith(`Content-Length: ${body.length}\r\n\r\n`)).toBe(true);
    expect(raw.subarray(raw.indexOf('\r\n\r\n') + 4).equals(body)).toBe(true);
  });

  it('writes the bytes JSON.stringify gives for copies of diagnostics whose ranges moved since the last message', async () => {
    // The model's diagnostics: their ranges move in place from version to version, the rest never changes.
    const model: Diagnostic[] = Array.from({ length: SLICED_FROM + 123 }, (_, i): Diagnostic => ({
      range: { start: { line: i, character: i % 7 }, end: { line: i + (i % 3), character: 40 } },
      severity: ((i % 4) + 1) as Diagnostic['severity'],
      code: `CBL${100 + (i % 50)}`,
      source: 'cable',
      message: i % 5 ? `word ${i} “broken” — 𝄞 \\ "x"\n` : `plain ${i}`,
      data: { rule: 'r', fixable: i % 2 === 0 },
      ...(i % 9 === 0 ? { tags: [1 as const] } : {}),
    }));
    const message = (version: number, diagnostics: Diagnostic[]) => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///x.cable', version, diagnostics } }) as Message;
    for (let version = 1; version <= 3; version++) {
      const copies = forMessage(model);
      const msg = message(version, copies);
      expect((await encode(msg)).equals(Buffer.from(JSON.stringify(msg), 'utf8')), `version ${version}`).toBe(true);
      // A line break above the second half: those move a line down, and a wide range a column too.
      for (let i = model.length >> 1; i < model.length; i++) {
        model[i].range.start.line++;
        model[i].range.end.line++;
      }
      model[7].range.end.character = 1000 + version;
      model[9].range.end.line += version;
    }
    // Diagnostics that are not copies, or of another shape, are written as they are.
    const mixed = [...forMessage(model.slice(0, SLICED_FROM)), { range: { start: { line: 0.5, character: 0 }, end: { line: 1, character: 0 } }, message: 'odd' }, { message: 'no range' }, undefined, null, 7];
    const odd = message(9, mixed as Diagnostic[]);
    expect((await encode(odd)).toString('utf8')).toBe(JSON.stringify(odd));
    // One scratch for message after message, larger and smaller: each the bytes of its own.
    const scratch = new Scratch();
    for (const count of [SLICED_FROM + 7, SLICED_FROM * 3, SLICED_FROM]) {
      const msg = message(count, forMessage(model.concat(model, model).slice(0, count)));
      expect((await encode(msg, scratch)).equals(Buffer.from(JSON.stringify(msg), 'utf8')), `${count}`).toBe(true);
    }
  });
});


/** `value` through jsonInSteps with `limits`: its bytes, or the error it threw, and how many times it paused. */
function sliced(value: unknown, limits?: JsonSlices): { bytes?: Buffer; error?: string; pauses: number; wrote?: boolean } {
  const out = new Scratch();
  const steps = jsonInSteps(value, out, limits);
  let pauses = 0;
  try {
    for (let r = steps.next(); ; r = steps.next()) {
      if (r.done) return { bytes: out.bytes(), pauses, wrote: r.value };
      pauses++;
    }
  } catch (error) {
    return { error: (error as Error).constructor.name, pauses };
  }
}

/** What JSON.stringify gives `value`: its bytes (none for a value without JSON), or the class of the error it throws. */
function stringified(value: unknown): { bytes?: Buffer; error?: string } {
  try {
    const json = JSON.stringify(value) as string | undefined;
    return json === undefined ? { bytes: Buffer.alloc(0) } : { bytes: Buffer.from(json, 'utf8') };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
}

const ODD_STRINGS = ['', 'plain', '“quoted” — ¶', '𝄞 music', '\ud800 lone high', 'lone low \udc00', '\udbff\udfff', 'a\ud83d', '\u2028\u2029', '\u0000\u001f\u007f', '"\\/\b\f\n\r\t', 'é'.repeat(40), '😀'.repeat(30)];
const ODD_NUMBERS = [0, -0, 1, -1, 1.5, 1e21, 1e-7, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity, 123456789];

/** A random value of every kind JSON.stringify meets, containers `depth` deep. */
function randomValue(r: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const k = r();
  if (depth <= 0 || k < 0.3) {
    const leaf = Math.floor(r() * 14);
    switch (leaf) {
      case 0:
        return undefined;
      case 1:
        return null;
      case 2:
        return r() < 0.5;
      case 3:
        return pick(ODD_NUMBERS);
      case 4:
      case 5:
        return pick(ODD_STRINGS) + pick(ODD_STRINGS);
      case 6:
        return () => 1;
      case 7:
        return Symbol('s');
      case 8:
        return new Date(Math.floor(r() * 2e12));
      case 9:
        return pick([new Number(3.5), new String('boxed “s”'), new Boolean(false), Object(7n)]);
      case 10:
        // A toJSON that answers with its key, and one whose answer has a toJSON of its own (not asked).
        return r() < 0.5 ? { toJSON: (key: string) => `key ${key}` } : { toJSON: () => ({ toJSON: () => 'asked twice', x: [1, undefined] }) };
      case 11:
        return 'x'.repeat(Math.floor(r() * 300)) + pick(ODD_STRINGS);
      case 12:
        return pick([new Map([[1, 2]]), new Set([1]), new Uint8Array([1, 2, 3]), /re/g, new Error('e')]);
      default:
        return Math.floor(r() * 1e6) * (r() < 0.5 ? -1 : 1);
    }
  }
  // Wide only near the leaves: a few thousand values at most.
  const n = Math.floor(r() * (depth <= 1 && r() < 0.2 ? 200 : 6));
  if (k < 0.65) {
    const a: unknown[] = [];
    for (let i = 0; i < n; i++) a.push(randomValue(r, depth - 1));
    // Holes, and a member an array's JSON leaves out.
    if (r() < 0.2) a[a.length + 2] = 1;
    if (r() < 0.1) (a as unknown as Record<string, unknown>).extra = 'not written';
    return a;
  }
  const o: Record<string | symbol, unknown> = r() < 0.1 ? Object.create({ inherited: 'not written' }) : {};
  for (let i = 0; i < n; i++) o[pick(['a', 'range', '2', '10', '-1', 'ключ', '😀', 'with "quote"', '']) + (r() < 0.5 ? i : '')] = randomValue(r, depth - 1);
  if (r() < 0.1) o[Symbol('key')] = 'not written';
  if (r() < 0.1) Object.defineProperty(o, 'hidden', { value: 'not written', enumerable: false });
  return o;
}

describe('jsonInSteps', () => {
  it('gives the bytes of JSON.stringify for any value, however small the slices and pieces', () => {
    const limits: JsonSlices[] = [
      { light: 0, slice: 1, piece: 1 },
      { light: 16, slice: 64, piece: 2 },
      { light: 200, slice: 500, piece: 7 },
      { light: 64 * 1024, slice: 256 * 1024, piece: 64 * 1024 },
    ];
    for (let seed = 1; seed <= 300; seed++) {
      const value = randomValue(rng(seed), 1 + (seed % 4));
      const want = stringified(value);
      for (const l of limits) {
        const got = sliced(value, l);
        const what = `seed ${seed}, light ${l.light}, piece ${l.piece}`;
        if (want.error) expect(got.error, what).toBe(want.error);
        else expect(got.bytes?.toString('utf8'), what).toBe(want.bytes!.toString('utf8'));
        if (!want.error) expect(got.bytes!.equals(want.bytes!), what).toBe(true);
      }
    }
  });

  it('odd values: nothing for what has no JSON, errors where JSON.stringify throws, toJSON given its key', () => {
    const tiny: JsonSlices = { light: 0, slice: 1, piece: 1 };
    for (const v of [undefined, () => 0, Symbol('x')]) expect(sliced(v, tiny)).toMatchObject({ wrote: false, bytes: Buffer.alloc(0) });
    const cyclic: Record<string, unknown> = { a: [1, 2, 3] };
    (cyclic.a as unknown[]).push({ back: cyclic });
    for (const v of [cyclic, { n: 1n }, [1, 2n], 3n]) {
      expect(stringified(v).error).toBe('TypeError');
      expect(sliced(v, tiny).error).toBe('TypeError');
    }
    const keyed = { toJSON: (key: string) => `[${key}]` };
    const value = { first: keyed, list: [0, keyed, [keyed]], '': keyed };
    expect(sliced(value, tiny).bytes!.toString()).toBe(JSON.stringify(value));
    expect(JSON.stringify(value)).toContain('"[1]"');
    // Nested arrays, sparse ones, unicode cut into one-character pieces.
    const sparse: unknown[] = [];
    sparse[1] = 1;
    const nested = [[[[]]], sparse, [[['𝄞\ud800\udc00x', '\udc00\ud800']]], { a: [[{ b: [] }]] }];
    expect(sliced(nested, tiny).bytes!.toString()).toBe(JSON.stringify(nested));
  });

  it('pauses between slices of a large value, and writes a small one at once', () => {
    const edits = Array.from({ length: 20000 }, (_, i) => ({ range: { start: { line: i, character: 0 }, end: { line: i, character: 9 } }, newText: `line ${i} — “fixed”\n` }));
    const big = { jsonrpc: '2.0', id: 1, result: [{ title: 'Fix all', edit: { changes: { 'file:///x': edits } } }] };
    const got = sliced(big);
    expect(got.bytes!.equals(Buffer.from(JSON.stringify(big), 'utf8'))).toBe(true);
    // About 256 KB a slice.
    expect(got.pauses).toBeGreaterThan(got.bytes!.length / (512 * 1024));
    const html = { result: { html: '<p>“a”</p>\n'.repeat(200000), cables: 1 } };
    const long = sliced(html);
    expect(long.bytes!.toString()).toBe(JSON.stringify(html));
    expect(long.pauses).toBeGreaterThan(5);
    expect(sliced({ jsonrpc: '2.0', id: 2, result: { contents: 'x'.repeat(1000) } }).pauses).toBe(0);
  });
});

describe('SlicedStreamWriter, large responses', () => {
  const edits = (n: number) => Array.from({ length: n }, (_, i) => ({ range: { start: { line: i, character: 0 }, end: { line: i, character: 9 } }, newText: `line ${i} “fixed”\n` }));

  it('lets a small answer out while a large one is encoded, and writes the large one whole', async () => {
    const stream = new PassThrough();
    const got = reading(stream);
    const writer = new SlicedStreamWriter(stream);
    const large = { jsonrpc: '2.0', id: 1, result: edits(30000) } as Message;
    expect(jsonWeight(large, LARGE)).toBe(-1);
    const written = writer.write(large);
    // A turn later the large one is still being encoded: a hover's answer goes ahead of it.
    await new Promise((resolve) => setImmediate(resolve));
    const hover = writer.write({ jsonrpc: '2.0', id: 2, result: { contents: 'DTG' } } as Message);
    await Promise.all([written, hover]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(got.map((m) => (m as unknown as { id: number }).id)).toEqual([2, 1]);
    expect(got[1]).toEqual(JSON.parse(JSON.stringify(large)));
  });

  it('keeps a large request to the client in order with the notifications, and the answers go ahead', async () => {
    const stream = new PassThrough();
    const got = reading(stream);
    const writer = new SlicedStreamWriter(stream);
    const apply = { jsonrpc: '2.0', id: 9, method: 'workspace/applyEdit', params: { edit: { changes: { 'file:///x': edits(30000) } } } } as Message;
    const done = [writer.write(apply), writer.write({ jsonrpc: '2.0', method: '$/progress', params: { token: 't', value: { kind: 'end' } } } as Message)];
    await new Promise((resolve) => setImmediate(resolve));
    done.push(writer.write({ jsonrpc: '2.0', id: 3, result: null } as Message));
    await Promise.all(done);
    await new Promise((resolve) => setImmediate(resolve));
    const label = (m: Message) => ('method' in m ? m.method : `answer ${String((m as unknown as { id: number }).id)}`);
    expect(got.map(label)).toEqual(['answer 3', 'workspace/applyEdit', '$/progress']);
    expect(got[1]).toEqual(JSON.parse(JSON.stringify(apply)));
  });

  it('frames a large response by its bytes, written from several blocks, one scratch reused', async () => {
    const chunks: Buffer[] = [];
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
    const writer = new SlicedStreamWriter(stream);
    const messages = [{ jsonrpc: '2.0', id: 1, result: { html: '“é” 𝄞 '.repeat(500000) } }, { jsonrpc: '2.0', id: 2, result: edits(20000) }, { jsonrpc: '2.0', id: 3, result: edits(5) }] as unknown as Message[];
    for (const m of messages) await writer.write(m);
    const raw = Buffer.concat(chunks);
    let at = 0;
    for (const m of messages) {
      const body = Buffer.from(JSON.stringify(m), 'utf8');
      const header = `Content-Length: ${body.length}\r\n\r\n`;
      expect(raw.subarray(at, at + header.length).toString('latin1')).toBe(header);
      at += header.length;
      expect(raw.subarray(at, at + body.length).equals(body)).toBe(true);
      at += body.length;
    }
    expect(at).toBe(raw.length);
  });

  it('with reuse, one pool of blocks serves both lanes: a large answer after a large publish is written from the publish\'s blocks', async () => {
    // A stream done with the bytes when its callback comes (as stdout is): it copies them.
    const bodies: Array<{ bytes: Buffer[]; blocks: Set<ArrayBufferLike> }> = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (chunk.subarray(0, 16).toString('latin1') === 'Content-Length: ') bodies.push({ bytes: [], blocks: new Set() });
        else {
          bodies[bodies.length - 1]!.bytes.push(Buffer.from(chunk));
          if (chunk.length >= 64 * 1024) bodies[bodies.length - 1]!.blocks.add(chunk.buffer);
        }
        done();
      },
    });
    const writer = new SlicedStreamWriter(stream, { reuse: true });
    const messages = [publish(1, SLICED_FROM * 4), { jsonrpc: '2.0', id: 1, result: edits(20000) }, publish(2, SLICED_FROM * 2), { jsonrpc: '2.0', id: 2, result: { contents: 'small' } }] as Message[];
    for (const m of messages) await writer.write(m);
    expect(bodies.map((b) => Buffer.concat(b.bytes).toString('utf8'))).toEqual(messages.map((m) => JSON.stringify(m)));
    const [first, answer, second] = bodies as [(typeof bodies)[0], (typeof bodies)[0], (typeof bodies)[0]];
    expect(first.blocks.size).toBeGreaterThan(1);
    expect(answer.blocks.size).toBeGreaterThan(1);
    for (const b of [...answer.blocks, ...second.blocks]) expect(first.blocks.has(b)).toBe(true);
  });
});

describe('BlockPool', () => {
  it('gives back blocks it was given, keeps at most 32 MB of them, and no block of another size', () => {
    const pool = new BlockPool();
    const taken = Array.from({ length: 40 }, () => pool.take(10));
    expect(new Set(taken.map((b) => b.length))).toEqual(new Set([2 ** 20]));
    const large = pool.take(3 * 2 ** 20);
    expect(large.length).toBe(3 * 2 ** 20);
    pool.give([...taken, large, Buffer.alloc(100)]);
    expect(pool.kept).toBe(32 * 2 ** 20);
    const again = pool.take(2 ** 20);
    expect(taken).toContain(again);
    expect(pool.kept).toBe(31 * 2 ** 20);
  });
});

/**
 * The stdio writer: a large publish of diagnostics is encoded a slice per turn, answers to requests
 * may go out between two slices, and everything else keeps its order; the bytes are the protocol's.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StreamMessageReader, type Message, type NotificationMessage } from 'vscode-languageserver-protocol/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { forMessage } from '../../server/src/service/diagnostics/provider';
import { encode, Scratch, SLICED_FROM, SlicedStreamWriter } from '../../server/src/slicedWriter';

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


// The stdio reader (server/src/stdioReader.ts): Content-Length framing over chunks cut anywhere,
// a large message's text read into lines straight from the bytes, and errors reported, not thrown.
import { PassThrough } from 'node:stream';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it, vi } from 'vitest';
import { parseCable, parseLines } from '../../server/src/parser/parser';
import type { Message } from 'vscode-languageserver/node';
import { splitLines } from '../../server/src/parser/text';
import { LinedText, LineDocument, type ContentChange, type ReceivedChange } from '../../server/src/service/textDocument';
import { COLLECT_AFTER, decodeLines, exitWhenInputEnds, LARGE_MESSAGE, parseLarge, StdioMessageReader, type StdioReaderOptions } from '../../server/src/stdioReader';
import { rng } from '../random';
import { CORPUS, HAS_SHARED } from '../service/helpers';
import { samplesExport } from './connection';

/** Every character escaped that JSON allows to be: `\/`, `\uXXXX` for all but printable ASCII (surrogate pairs as two). */
function escapeAll(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ch = text[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '/') out += '\\/';
    else if (ch === '\n') out += i % 2 ? '\\n' : '\\u000A';
    else if (ch === '\r') out += i % 2 ? '\\r' : '\\u000d';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function frame(body: string | Buffer, headers = ''): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n${headers}\r\n`, 'ascii'), bytes]);
}

const didOpenJson = (textJson: string) => `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.cable","languageId":"cable","version":1,"text":${textJson}}}}`;

/** Feeds `chunks` to a reader, then ends the input; what it delivered and reported. */
function read(chunks: Buffer[], options?: StdioReaderOptions) {
  const input = new PassThrough();
  const reader = new StdioMessageReader(input, options);
  const messages: Message[] = [];
  const errors: string[] = [];
  let closed = 0;
  reader.onError((e) => errors.push(e.message));
  reader.onClose(() => closed++);
  reader.listen((m) => messages.push(m));
  for (const c of chunks) reader.onData(c);
  input.emit('end');
  return { messages, errors, closed, reader };
}

/** `bytes` cut at the given offsets. */
function cut(bytes: Buffer, at: number[]): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (const a of [...at, bytes.length]) {
    out.push(bytes.subarray(from, a));
    from = a;
  }
  return out;
}

type OpenParams = { textDocument: { text: string | LinedText } };
const textOf = (m: Message) => (m as unknown as { params?: OpenParams }).params?.textDocument.text;

/** The document the server keeps from what the reader gave, set against the one from the string. */
function expectSameDocument(received: string | LinedText | undefined, text: string) {
  if (received === undefined) throw new Error('no text received');
  const fromLines = LineDocument.create('file:///a.cable', 'cable', 1, received);
  const fromText = LineDocument.create('file:///a.cable', 'cable', 1, text);
  expect(fromLines.getText()).toBe(text);
  expect(fromLines.lines).toEqual(fromText.lines);
  expect(fromLines.eol).toBe(fromText.eol);
  expect(fromLines.bom).toBe(fromText.bom);
  const split = splitLines(text);
  expect(fromLines.lines).toEqual(split.lines);
  for (const at of [0, 1, Math.floor(text.length / 3), Math.floor(text.length / 2), text.length - 1, text.length]) {
    const p = fromText.positionAt(at);
    expect(fromLines.positionAt(at)).toEqual(p);
    expect(fromLines.offsetAt(p)).toBe(fromText.offsetAt(p));
  }
}

const TEXTS: Array<[string, string]> = [
  ['\\n ends', 'VZCZC\nline two\n\nlast'],
  ['CRLF', 'one\r\ntwo\r\nthree\r\n'],
  ['mixed ends', 'one\r\ntwo\nthree\r\nfour\n'],
  ['lone \\r', 'a\rb\r\nc\nd\r'],
  ['\\r\\r\\n', 'a\r\r\nb\n\r\n\r'],
  ['a BOM', '\ufeffone\ntwo'],
  ['empty', ''],
  ['only ends', '\n\r\n\r'],
  ['every escape', 'q"uote\\back/slash\ttab\bbs\fff\u0001ctl\u001f'],
  ['curly quotes and Latin-1', 'THE MINISTER\u2019S \u201cVIEW\u201d\ncaf\u00e9 \u00a0 na\u00efve\n'],
  ['non-BMP characters', 'emoji \ud83d\ude00 x\n\ud834\udd1e\n'],
  ['a lone surrogate', 'a \ud800 b\n\udc00'],
  ['a backslash before n', 'not a break: \\n \\\\n\nreal'],
];

describe('StdioMessageReader: framing', () => {
  it('reads several messages from one chunk, and from chunks cut at every byte (headers, multi-byte characters, escapes)', () => {
    const texts = ['caf\u00e9\r\n\u2019x\ud83d\ude00\\"', 'second\rmessage\n'];
    const bytes = Buffer.concat([
      frame(didOpenJson(JSON.stringify(texts[0]))),
      frame(didOpenJson(escapeAll(texts[1]!)), 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n'),
      frame('{"jsonrpc":"2.0","id":1,"method":"shutdown"}'),
    ]);
    for (const options of [{}, { largeMessage: 0, longString: 1 }]) {
      const whole = read([bytes], options);
      expect(whole.errors).toEqual([]);
      expect(whole.messages.map((m) => String(textOf(m) ?? ''))).toEqual([...texts, '']);
      for (let a = 1; a < bytes.length; a++) {
        const got = read(cut(bytes, [a]), options);
        expect(got.errors, `cut at ${a}`).toEqual([]);
        expect(got.messages.map((m) => String(textOf(m) ?? '')), `cut at ${a}`).toEqual([...texts, '']);
      }
    }
    // Byte by byte.
    const bytewise = read([...bytes].map((b) => Buffer.from([b])), { largeMessage: 0, longString: 1 });
    expect(bytewise.messages.length).toBe(3);
    expect(bytewise.reader.shutdownReceived).toBe(true);
  });

  it('reads a small message as vscode-jsonrpc does (a string), a large one into lines', () => {
    const small = read([frame(didOpenJson(JSON.stringify('a\nb')))]);
    expect(textOf(small.messages[0]!)).toBe('a\nb');
    const text = samplesExport(40_000);
    expect(Buffer.byteLength(text)).toBeGreaterThan(LARGE_MESSAGE);
    const large = read([frame(didOpenJson(JSON.stringify(text)))]);
    const got = textOf(large.messages[0]!);
    expect(got).toBeInstanceOf(LinedText);
    expect(String(got)).toBe(text);
  });

  it('reports bad headers, bad JSON, another charset and a truncated message, and reads on', () => {
    const good = frame('{"jsonrpc":"2.0","method":"x"}');
    const cases: Array<[string, Buffer, RegExp]> = [
      ['a header without a colon', Buffer.from('Content-Length 12\r\n\r\n'), /separate key and value/],
      ['no Content-Length', Buffer.from('Content-Type: application/json\r\n\r\n'), /Content-Length property/],
      ['a Content-Length that is not a number', Buffer.from('Content-Length: many\r\n\r\n'), /must be a number/],
      ['another charset', frame('{"a":1}', 'Content-Type: application/vscode-jsonrpc; charset=latin1\r\n'), /Unsupported charset "latin1".*utf-8 only/],
      ['bad JSON', frame('{"jsonrpc":'), /JSON/],
      ['an empty body', frame(''), /JSON/],
    ];
    for (const [name, bad, message] of cases) {
      const got = read([bad, good]);
      expect(got.errors, name).toHaveLength(1);
      expect(got.errors[0], name).toMatch(message);
      expect(got.messages, name).toEqual([{ jsonrpc: '2.0', method: 'x' }]);
    }
    const truncated = read([frame('{"jsonrpc":"2.0","method":"x"}').subarray(0, 30)]);
    expect(truncated.messages).toEqual([]);
    expect(truncated.errors).toEqual([expect.stringMatching(/ended inside a message: 8 of its 30 bytes/)]);
    expect(truncated.closed).toBe(1);
    const clean = read([good]);
    expect([clean.errors, clean.closed]).toEqual([[], 1]);
  });

  it('reports a bad text in a large message (raw control character, bad escape, cut \\u) and reads on', () => {
    const options = { largeMessage: 0, longString: 1 };
    const next = frame('{"jsonrpc":"2.0","method":"x"}');
    for (const [name, textJson, message] of [
      ['a raw line feed', '"a\nb"', /control character/],
      ['a raw tab', '"a\tb"', /control character/],
      ['an unknown escape', '"a\\xb\\nc"', /JSON/],
      ['a cut \\u', '"ab\\u00"', /JSON/],
      ['a bad \\u', '"ab\\u00zz\\n"', /JSON/],
      ['an unterminated string', '"ab\\"}}}', /Unterminated|JSON/],
    ] as const) {
      const got = read([frame(didOpenJson(textJson)), next], options);
      expect(got.errors, name).toEqual([expect.stringMatching(message)]);
      expect(got.messages, name).toEqual([{ jsonrpc: '2.0', method: 'x' }]);
      // vscode-jsonrpc's way fails on the same message.
      expect(() => JSON.parse(didOpenJson(textJson)), name).toThrow();
    }
  });

  it('ends the process as createConnection does when the input ends: 0 after a shutdown request, 1 otherwise', async () => {
    for (const [messages, code] of [
      [[frame('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}')], 1],
      [[], 1],
      [[frame('{"jsonrpc":"2.0","id":2,"method":"shutdown"}'), frame('{"jsonrpc":"2.0","method":"exit"}')], 0],
    ] as const) {
      const input = new PassThrough();
      const reader = new StdioMessageReader(input);
      const codes: number[] = [];
      exitWhenInputEnds(input, reader, (c) => codes.push(c));
      reader.listen(() => undefined);
      for (const m of messages) input.write(m);
      input.end();
      await new Promise((done) => input.once('close', done));
      expect(codes[0]).toBe(code);
    }
  });
});

describe('StdioMessageReader: a large message\'s text read into lines', () => {
  it.each(TEXTS)('gives the very lines, ends and text of the string (%s), escaped either way and cut anywhere', (_name, text) => {
    for (const json of [JSON.stringify(text), escapeAll(text)]) {
      expect(JSON.parse(json)).toBe(text);
      const bytes = frame(didOpenJson(json));
      const options = { largeMessage: 0, longString: 0 };
      const once = read([bytes], options);
      expect(once.errors).toEqual([]);
      expect(textOf(once.messages[0]!)).toBeInstanceOf(LinedText);
      expectSameDocument(textOf(once.messages[0]!), text);
      for (let a = 1; a < bytes.length; a += 1) {
        const got = read(cut(bytes, [a, Math.min(bytes.length, a + 3)]), options);
        expect(String(textOf(got.messages[0]!)), `cut at ${a}`).toBe(text);
      }
    }
  });

  it('decodes every escape kind as JSON.parse does, line by line', () => {
    const r = rng(7);
    const alphabet = ['a', 'Z', ' ', '\n', '\r', '\r\n', '"', '\\', '/', '\t', '\b', '\f', '\u0000', '\u001f', '\u00e9', '\u00ff', '\u0100', '\u2019', '\ud83d\ude00', '\ud800', '\udfff', '\ufeff', '\u2028'];
    for (let n = 0; n < 300; n++) {
      let text = '';
      const len = Math.floor(r() * 40);
      for (let k = 0; k < len; k++) text += alphabet[Math.floor(r() * alphabet.length)];
      for (const json of [JSON.stringify(text), escapeAll(text)]) {
        const buf = Buffer.from(json, 'utf8');
        const lined = decodeLines(buf, 1, buf.length - 1);
        expect(lined.toString(), json).toBe(text);
        expect(lined.lines, json).toEqual(cutLines(text));
      }
    }
  });

  it('gives the lines, ends and text of the ordinary path for a > 1 MB export of corpus cables, with curly quotes, non-BMP characters and CRLF', () => {
    const texts: string[] = [];
    if (HAS_SHARED) for (const f of readdirSync(CORPUS).filter((x) => x.endsWith('.cable')).sort()) texts.push(readFileSync(join(CORPUS, f), 'utf8'));
    else texts.push(samplesExport(40_000));
    const corpus = texts.join('\n');
    expect(Buffer.byteLength(corpus)).toBeGreaterThan(LARGE_MESSAGE);
    for (const text of [corpus, corpus.replace(/'/g, '\u2019').replace(/ (\d+)\. /g, ' $1.\ud83d\udcc4 '), corpus.replace(/\n/g, '\r\n'), corpus.replace(/\n\n/g, '\r\n\n')]) {
      const got = read([frame(didOpenJson(JSON.stringify(text)))]);
      expect(got.errors).toEqual([]);
      const lined = textOf(got.messages[0]!);
      expect(lined).toBeInstanceOf(LinedText);
      expectSameDocument(lined, text);
    }
  });

  it('gives the model of the string (a > 1 MB export with curly quotes, non-BMP characters and CRLF), and positions without joining the text', () => {
    const base = samplesExport(40_000).replace(/'/g, '\u2019').replace(/ (\d+)\. /g, ' $1.\ud83d\udcc4 ');
    const text = base.slice(0, base.length >> 1) + base.slice(base.length >> 1).replace(/\n/g, '\r\n');
    const got = read([frame(didOpenJson(JSON.stringify(text)))]);
    const lined = textOf(got.messages[0]!) as LinedText;
    expect(lined).toBeInstanceOf(LinedText);
    const doc = LineDocument.create('file:///a.cable', 'cable', 1, lined);
    const join = vi.spyOn(doc, 'getText');
    const ref = TextDocument.create('file:///a.cable', 'cable', 1, text);
    for (const at of [0, 5, text.length >> 1, (text.length >> 1) + 1, text.length - 3, text.length, text.length + 9]) {
      expect(doc.positionAt(at)).toEqual(ref.positionAt(at));
      const p = ref.positionAt(at);
      expect(doc.offsetAt(p)).toBe(ref.offsetAt(p));
      expect(doc.offsetAt({ line: p.line, character: 10_000 })).toBe(ref.offsetAt({ line: p.line, character: 10_000 }));
    }
    expect(join).not.toHaveBeenCalled();
    expect(parseLines(doc.lines, doc.eol, doc.bom).doc).toEqual(parseCable(text));
  });

  it('reads the texts of a large didChange into lines; other long strings are the strings JSON.parse gives', () => {
    const long = 'x'.repeat(5000) + '\n\u2019' + 'y'.repeat(5000);
    const body = JSON.stringify({
      jsonrpc: '2.0',
      method: 'textDocument/didChange',
      params: {
        textDocument: { uri: 'file:///a.cable', version: 2 },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: long }, { text: `${long}\r\n` }, { text: 'short' }],
        extra: { note: long, list: [long, 1, 'x'] },
        [long]: 'a long key',
      },
    });
    const got = parseLarge(Buffer.from(body), 100) as { params: { contentChanges: Array<{ text: unknown }>; extra: unknown } };
    expect(got.params.contentChanges[0]!.text).toBeInstanceOf(LinedText);
    expect(got.params.contentChanges[1]!.text).toBeInstanceOf(LinedText);
    expect(got.params.contentChanges[2]!.text).toBe('short');
    expect(JSON.parse(JSON.stringify(got))).toEqual(JSON.parse(body));
    expect(got.params.extra).toEqual({ note: long, list: [long, 1, 'x'] });
    // Another method's long strings are strings.
    const other = parseLarge(Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'cable/checkText', params: { textDocument: { text: long } } })), 100);
    expect(other).toEqual({ jsonrpc: '2.0', method: 'cable/checkText', params: { textDocument: { text: long } } });
  });

  it('applies changes whose text came into lines as LineDocument applies the strings', () => {
    const PIECES = ['x', 'AB', '\n', '\r\n', 'VZCZC\n', '', ' \n\n', '\u00e9\u20ac\n\ud83d\ude00', 'line\r\nline\n', '\r', 'a\rb', '\ufeffz'];
    for (const start of ['one\ntwo\nthree\nVZCZC\nfour', 'one\r\ntwo\r\nthree\r\n', 'one\r\ntwo\nthree\r\nfour\n']) {
      for (let seed = 1; seed <= 15; seed++) {
        const r = rng(seed);
        let ref = TextDocument.create('file:///a.cable', 'cable', 1, start);
        const doc = LineDocument.create('file:///a.cable', 'cable', 1, viaReader(start));
        for (let v = 2; v < 50; v++) {
          const len = ref.getText().length;
          const a = Math.floor(r() * (len + 1));
          const b = Math.min(len, a + Math.floor(r() * 8));
          const text = PIECES[Math.floor(r() * PIECES.length)]!;
          const change: ContentChange = r() < 0.05 ? { text: `whole\r\nnew\n${text}` } : { range: { start: ref.positionAt(a), end: ref.positionAt(b) }, text };
          ref = TextDocument.update(ref, [change], v);
          const received: ReceivedChange = { ...change, text: viaReader(change.text) };
          doc.update([received], v);
          expect(doc.getText(), `seed ${seed} v${v}`).toBe(ref.getText());
          expect(doc.lines, `seed ${seed} v${v}`).toEqual(splitLines(ref.getText()).lines);
          expect(doc.eol).toBe(splitLines(ref.getText()).eol);
        }
      }
    }
  });
});

/** A text as the large path gives it. */
function viaReader(text: string): LinedText {
  const buf = Buffer.from(JSON.stringify(text), 'utf8');
  return decodeLines(buf, 1, buf.length - 1);
}

/** The lines as splitLines cuts them, the BOM left on the first. */
function cutLines(text: string): string[] {
  const bom = text.charCodeAt(0) === 0xfeff;
  const lines = splitLines(text).lines;
  if (bom) lines[0] = `\ufeff${lines[0]}`;
  return lines;
}

describe('StdioMessageReader: a full collection after a large body', () => {
  it('is asked for once per body from collectAfter bytes on, after its message was delivered, and not for smaller ones', () => {
    const text = samplesExport(LARGE_MESSAGE * 2);
    const big = frame(didOpenJson(JSON.stringify(text)));
    const small = frame('{"jsonrpc":"2.0","method":"initialized","params":{}}');
    const bytes = Buffer.concat([small, big, small, big, small]);
    const events: string[] = [];
    const input = new PassThrough();
    const reader = new StdioMessageReader(input, { collectAfter: LARGE_MESSAGE, collect: () => events.push('collect') });
    reader.listen((m) => events.push(String((m as { method?: unknown }).method)));
    for (const chunk of cut(bytes, [3, small.length + 1000, small.length + big.length - 2, bytes.length - 40])) reader.onData(chunk);
    expect(events).toEqual(['initialized', 'textDocument/didOpen', 'collect', 'initialized', 'textDocument/didOpen', 'collect', 'initialized']);
  });

  it('by default runs without --expose-gc (the flag is set at run time) and the messages still come', () => {
    expect(COLLECT_AFTER).toBeGreaterThanOrEqual(LARGE_MESSAGE);
    const text = samplesExport(LARGE_MESSAGE * 2);
    const got = read([frame(didOpenJson(JSON.stringify(text)))], { collectAfter: 1 });
    expect(got.errors).toEqual([]);
    expect(String(textOf(got.messages[0]!))).toBe(text);
  });
});

describe('StdioMessageReader: a large message arriving', () => {
  it('says so from its headers until it is delivered (then settles, the message already handed on), and not for small messages', async () => {
    const input = new PassThrough();
    const reader = new StdioMessageReader(input, { largeMessage: 1000 });
    const delivered: Message[] = [];
    reader.listen((m) => delivered.push(m));
    const small = frame('{"jsonrpc":"2.0","method":"initialized","params":{}}');
    reader.onData(small.subarray(0, 10));
    expect(reader.arriving()).toBeUndefined();
    reader.onData(small.subarray(10));
    const big = frame(didOpenJson(JSON.stringify('UNCLASSIFIED\n'.repeat(200))));
    reader.onData(big.subarray(0, 300));
    const arriving = reader.arriving();
    expect(arriving).toBeInstanceOf(Promise);
    let settled = false;
    void arriving!.then(() => (settled = true));
    reader.onData(big.subarray(300, big.length - 1));
    await Promise.resolve();
    expect(settled).toBe(false);
    reader.onData(big.subarray(big.length - 1));
    await arriving;
    expect(delivered.map((m) => (m as { method?: string }).method)).toEqual(['initialized', 'textDocument/didOpen']);
    expect(reader.arriving()).toBeUndefined();
  });

  it('settles when the input ends inside the message, so that nothing waits for ever', async () => {
    const input = new PassThrough();
    const reader = new StdioMessageReader(input, { largeMessage: 1000 });
    reader.onError(() => undefined);
    reader.listen(() => undefined);
    const big = frame(didOpenJson(JSON.stringify('UNCLASSIFIED\n'.repeat(200))));
    reader.onData(big.subarray(0, 500));
    const arriving = reader.arriving()!;
    input.emit('end');
    await expect(arriving).resolves.toBeUndefined();
  });
});

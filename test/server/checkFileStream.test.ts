/**
 * cable/checkFile reads a file as a stream (streamDiagnostics, server/src/largeFiles.ts): its steps
 * are parsed and checked a window of lines at a time. Its diagnostics must be those of the whole
 * text, in the same order, whatever the chunks and windows, for every kind of line end, a BOM and
 * bytes that are not UTF-8.
 */
import * as fs from 'node:fs';
import { open } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineEndsOf, streamDiagnostics } from '../../server/src/largeFiles';
import { splitLines } from '../../server/src/parser/text';
import { createLanguageService } from '../../server/src/service';
import { CORPUS, HAVE_SHARED } from '../parser/helpers';
import { PublishDiagnosticsNotification, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { pathToFileURL } from 'node:url';
import { connectInProcess, initializeClient, samplesRepeated } from './connection';
import { READ_PAST_THEIR_END } from '../streamFixtures';

const never = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cable-stream-check-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** The streamed check of `bytes` against the whole text's, with these chunks and windows. */
async function expectSame(bytes: Buffer, runs: ReadonlyArray<readonly [number, number]>) {
  const file = path.join(dir, `f${++n}.cable`);
  fs.writeFileSync(file, bytes);
  const uri = `file://${file}`;
  const whole = createLanguageService().computeDiagnostics(TextDocument.create(uri, 'cable', 1, bytes.toString('utf8')), never);
  for (const [chunkBytes, windowLines] of runs) {
    const handle = await open(file);
    try {
      const got = await streamDiagnostics(createLanguageService(), uri, handle, never, { chunkBytes, windowLines });
      if (got === undefined || got === 'whole') throw new Error(`not streamed: ${String(got)}`);
      expect(JSON.parse(JSON.stringify(got.diagnostics)), `${chunkBytes} ${windowLines}`).toEqual(JSON.parse(JSON.stringify(whole)));
    } finally {
      await handle.close();
    }
  }
  return whole;
}

describe('the streamed check of a file', () => {
  it('finds the whole text’s problems, in order, whatever the chunks and windows', async () => {
    const text = samplesRepeated(8);
    const whole = await expectSame(Buffer.from(text), [
      [1 << 20, 8000],
      [4096, 50],
      [333, 300],
    ]);
    expect(whole.length).toBeGreaterThan(50);
  });

  it('finds the whole text’s problems where a cable’s parse reads past its end, wherever a window ends', async () => {
    // After the 2,000 lines the stream reads before its first turn; twice, the second after a cable.
    const bytes = Buffer.from('\n'.repeat(2000) + READ_PAST_THEIR_END + '\n\n' + READ_PAST_THEIR_END + '\n', 'utf8');
    const lineEnds: number[] = [];
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lineEnds.push(i + 1);
    // A first chunk that ends on each line of the groups in turn, and a window of one line that
    // takes a turn of the loop right there (cli-split/stream.test.ts reads the same cables).
    const whole = await expectSame(
      bytes,
      lineEnds.slice(2000).map((at) => [at, 1] as const),
    );
    expect(whole.length).toBeGreaterThan(0);
  });

  it('keeps CRLF with a BOM, mixed line ends, a last line without a line end, and bytes that are not UTF-8', async () => {
    const text = samplesRepeated(2);
    await expectSame(Buffer.from('\ufeff' + text.replace(/\n/g, '\r\n').replace(/\r\n$/, ''), 'utf8'), [[1000, 100]]);
    const parts = text.split('\n\n');
    await expectSame(Buffer.from(parts.map((p, i) => (i % 3 === 1 ? p.replace(/\n/g, '\r\n') : i % 3 === 2 ? p.replace(/\n/g, '\r') : p)).join('\n\n'), 'utf8'), [[7, 100]]);
    await expectSame(Buffer.concat([Buffer.from(parts[0]!), Buffer.from([0x0a, 0xff, 0xfe, 0x80, 0x0a, 0xe2, 0x82, 0x0a, 0xc3, 0x0d, 0x0a]), Buffer.from('Ünïcödé 🙂\n\n'), Buffer.from(parts.slice(1).join('\n\n'))]), [
      [2, 100],
      [5, 1000],
    ]);
  });

  it('lets the event loop run between slices, and stops when cancelled there', async () => {
    const file = path.join(dir, 'slices.cable');
    fs.writeFileSync(file, samplesRepeated(30));
    const handle = await open(file);
    // Read in one chunk: without the slices, the loop would run only between the few reads.
    const options = { windowLines: 2000, chunkBytes: 1 << 24 };
    try {
      let turns = 0;
      const tick = setInterval(() => turns++, 0);
      const done = await streamDiagnostics(createLanguageService(), `file://${file}`, handle, never, options);
      clearInterval(tick);
      expect(typeof done).toBe('object');
      expect(turns).toBeGreaterThan(30);
      // A request answered between slices (here a timer) may cancel the check, which then stops.
      turns = 0;
      const cancelling = setInterval(() => turns++, 0);
      const cancelled = await streamDiagnostics(createLanguageService(), `file://${file}`, handle, { get isCancellationRequested() { return turns >= 25; } }, options);
      clearInterval(cancelling);
      expect(cancelled).toBeUndefined();
    } finally {
      await handle.close();
    }
  });

  it('reads the file’s line ends and BOM as the parser does, whatever the chunks', async () => {
    const texts = ['a\nb\n', 'a\r\nb\r\n', 'a\r\nb\nc', 'a\rb', 'a\r', '\r\n', 'no line end', '\ufeffa\r\nb', 'a\r\r\nb', 'x'.repeat(10) + '\r\n' + 'y'.repeat(10) + '\n'];
    for (const text of texts) {
      const file = path.join(dir, 'eol.cable');
      fs.writeFileSync(file, text);
      const split = splitLines(text);
      for (const chunk of [1, 2, 3, 1 << 16]) {
        const handle = await open(file);
        try {
          expect(await lineEndsOf(handle, chunk), JSON.stringify(text)).toEqual({ eol: split.eol, bom: split.bom });
        } finally {
          await handle.close();
        }
      }
    }
  });

  it('leaves a file whose head looks binary to the whole check', async () => {
    const file = path.join(dir, 'controls.cable');
    fs.writeFileSync(file, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? 10 : 1 + (i % 6)))));
    const handle = await open(file);
    try {
      expect(await streamDiagnostics(createLanguageService(), `file://${file}`, handle, never)).toBe('whole');
    } finally {
      await handle.close();
    }
  });

  it('checks such a file whole through cable/checkFile, as the text open would be', async () => {
    const file = path.join(dir, 'controls-server.cable');
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? 10 : 1 + (i % 6))));
    fs.writeFileSync(file, bytes);
    const uri = pathToFileURL(file).toString();
    const conn = connectInProcess({ diagnosticsDelayMs: 0 });
    const pushed: PublishDiagnosticsParams[] = [];
    conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
    try {
      await initializeClient(conn.client);
      const result = (await conn.client.sendRequest('cable/checkFile', { uri })) as { problems?: number };
      const whole = createLanguageService().computeDiagnostics(TextDocument.create(uri, 'cable', 1, bytes.toString('utf8')), never);
      expect(whole.length).toBeGreaterThan(0);
      expect(result.problems).toBe(whole.length);
      // The server's diagnostics link to the rules' documentation; the rest is the same.
      const shown = (ds: readonly Diagnostic[]) => ds.map((d) => ({ range: d.range, code: d.code, severity: d.severity, message: d.message }));
      expect(shown(pushed.find((p) => p.uri === uri)?.diagnostics ?? [])).toEqual(shown(whole));
    } finally {
      conn.dispose();
    }
  });

  it.skipIf(!HAVE_SHARED)('finds the whole text’s problems over the corpus as one export', async () => {
    const corpus = fs
      .readdirSync(CORPUS)
      .filter((f) => f.endsWith('.cable'))
      .sort()
      .slice(0, 400)
      .map((f) => fs.readFileSync(path.join(CORPUS, f)));
    const whole = await expectSame(Buffer.concat(corpus.flatMap((b) => [b, Buffer.from('\n\n')])), [[65536, 2000]]);
    expect(whole.length).toBeGreaterThan(1000);
  }, 60_000);
});

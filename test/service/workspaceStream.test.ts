/**
 * The workspace index reads a file from disk as a stream of parse steps (summarizeStream), never
 * whole: its summaries must be those of the whole text's model, `summarize(uri, parseCable(text))`,
 * whatever the chunks and windows, line ends and BOM.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { summarize, summarizeStream, WorkspaceIndex, type IndexedFile } from '../../server/src/service/workspace/workspaceIndex';
import { memoryFileSystem } from './memoryFileSystem';
import { READ_PAST_THEIR_END } from '../streamFixtures';
import { CORPUS, HAVE_SHARED, plainTexts } from '../parser/helpers';

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  // One buffer read into again, as the Node adapter does: a chunk kept past its turn would change.
  const buffer = Buffer.alloc(size);
  for (let at = 0; at < bytes.length; at += size) {
    const n = bytes.copy(buffer, 0, at, Math.min(bytes.length, at + size));
    yield buffer.subarray(0, n);
  }
}

const go = async () => true;

async function streamed(uri: string, bytes: Buffer, chunkBytes: number, windowLines?: number): Promise<IndexedFile> {
  const file = await summarizeStream(uri, chunksOf(bytes, chunkBytes), go, windowLines);
  if (!file) throw new Error('stopped');
  return file;
}

/** The streamed summaries of `bytes` against the whole text's, with these chunks and windows; the whole's. */
async function expectSame(uri: string, bytes: Buffer, runs: ReadonlyArray<readonly [number, number | undefined]>): Promise<IndexedFile> {
  const whole = summarize(uri, parseCable(bytes.toString('utf8')));
  const plain = JSON.parse(JSON.stringify(whole));
  for (const [chunkBytes, windowLines] of runs) {
    expect(JSON.parse(JSON.stringify(await streamed(uri, bytes, chunkBytes, windowLines))), `${uri} ${chunkBytes} ${windowLines}`).toEqual(plain);
  }
  return whole;
}

const joined = () => plainTexts().corpus.join('\n\n');

describe('summaries of a file read as a stream', () => {
  it('are the whole model’s for the corpus joined into one export, with \\n, and with CRLF and a BOM', async () => {
    const text = joined();
    const uri = 'file:///ws/export.cable';
    const whole = await expectSame(uri, Buffer.from(text, 'utf8'), [
      [1 << 18, undefined],
      [4099, 2000],
    ]);
    expect(whole.cables.length).toBeGreaterThan(HAVE_SHARED ? 1000 : 5);
    expect(whole.cables.at(-1)!.referenceRange.start.line).toBeGreaterThan(HAVE_SHARED ? 100_000 : 100);
    expect(whole.cables.filter((c) => c.subject).length).toBeGreaterThan(whole.cables.length / 2);
    const crlf = await expectSame(uri, Buffer.from('\ufeff' + text.replace(/\n/g, '\r\n'), 'utf8'), [[1001, 300]]);
    expect(JSON.parse(JSON.stringify(crlf))).toEqual(JSON.parse(JSON.stringify(whole)));
  });

  it.skipIf(!HAVE_SHARED)('are the whole model’s for every corpus file, as it is on disk, named by its reference ID', async () => {
    const names = readdirSync(CORPUS).filter((f) => f.endsWith('.cable')).sort();
    for (const name of names) await expectSame(`file:///ws/${name}`, readFileSync(join(CORPUS, name)), [[1 << 18, undefined]]);
    // A few in chunks of a few bytes, cut inside lines, CRLF pairs and characters.
    for (const name of names.slice(0, 40)) await expectSame(`file:///ws/${name}`, readFileSync(join(CORPUS, name)), [[7, 50]]);
  });

  it('are the whole model’s where a cable’s parse reads past its end, and for files with no cable or not text', async () => {
    await expectSame('file:///ws/printouts.cable', Buffer.from('\n'.repeat(2000) + READ_PAST_THEIR_END + '\n\n' + READ_PAST_THEIR_END + '\n'), [
      [1 << 16, undefined],
      [333, 1],
    ]);
    // Named by a reference ID, a file without a cable is known by its name.
    const named = 'file:///ws/09MADRID59.cable';
    expect((await expectSame(named, Buffer.alloc(0), [[10, undefined]])).cables.map((c) => c.referenceId)).toEqual(['09MADRID59']);
    await expectSame(named, Buffer.from('just a note\r\nabout nothing\r\n'), [[3, 1]]);
    await expectSame(named, Buffer.from([0, 1, 2, 3, 0, 0, 10, 0xff, 0xfe, 10]), [[4, 1]]);
    // No table, routing block or banner: the cable starts at its subject (the parser's fallback).
    const fallback = await expectSame('file:///ws/notes.cable', Buffer.from('Some notes.\n\nSUBJECT: A CABLE WITHOUT ITS HEAD\n\n1. (C) Text.\n'), [[5, 1]]);
    expect(fallback.cables.map((c) => c.subject?.text)).toEqual(['A CABLE WITHOUT ITS HEAD']);
  });

  it('stops when the pause says so', async () => {
    const bytes = Buffer.from(joined(), 'utf8');
    let pauses = 0;
    const stopped = await summarizeStream('file:///ws/export.cable', chunksOf(bytes, 1 << 16), async () => ++pauses < 50);
    expect(stopped).toBeUndefined();
    expect(pauses).toBe(50);
  });
});

describe('the workspace index while a large message comes in', () => {
  it('reads nothing from disk until it is delivered, then indexes as before', async () => {
    const fs = memoryFileSystem(new Map([['file:///ws/a.cable', 'UNCLASSIFIED\n\nSUBJECT: A TEST\n\n1. TEXT.\n']]));
    let deliver!: () => void;
    let arriving: Promise<void> | undefined = new Promise<void>((resolve) => (deliver = resolve));
    const index = new WorkspaceIndex(fs, () => undefined, 0, () => arriving);
    const done = index.indexFolders(['file:///ws/'], 100);
    for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(fs.reads).toBe(0);
    expect(index.stats.done).toBe(false);
    arriving = undefined;
    deliver();
    await done;
    expect(fs.readUris).toEqual(['file:///ws/a.cable']);
    expect(index.stats).toMatchObject({ files: 1, parsed: 1, done: true });
  });
});

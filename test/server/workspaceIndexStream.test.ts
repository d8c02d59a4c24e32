/**
 * The workspace index reads a file from disk a window of cables at a time, in slices between which
 * requests are answered, and never reads a file the editor has open or is opening: the server tells
 * it at didOpen, not when the document's model is ready (a 40 MB export was parsed twice at once).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  RegistrationRequest,
  ConfigurationRequest,
  WorkspaceSymbolRequest,
  type WorkspaceSymbol,
} from 'vscode-languageserver-protocol/node';
import { connectInProcess, samplesRepeated, waitFor } from './connection';
import { memoryFileSystem } from '../service/memoryFileSystem';
import { createLanguageService } from '../../server/src/service';
import { NOT_CANCELLED } from '../service/helpers';

const disposers: Array<() => void> = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

/** A server over an in-memory workspace folder `file:///ws`; its log lines as they come. */
async function start(files: Map<string, string>, chunkBytes: number, opened?: { uri: string; text: string }) {
  const fs = memoryFileSystem(files, chunkBytes);
  const conn = connectInProcess({ fileSystem: fs, diagnosticsDelayMs: 0 });
  disposers.push(conn.dispose);
  const logs: string[] = [];
  conn.client.onNotification(LogMessageNotification.type, (p) => void logs.push(p.message));
  conn.client.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => null));
  conn.client.onRequest(RegistrationRequest.type, () => undefined);
  await conn.client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, workspaceFolders: [{ uri: 'file:///ws', name: 'ws' }] });
  await conn.client.sendNotification(InitializedNotification.type, {});
  if (opened) await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: opened.uri, languageId: 'cable', version: 1, text: opened.text } });
  const indexed = () => logs.some((l) => /workspace index: \d+ files parsed in/.test(l));
  const symbols = async (query: string) => ((await conn.client.sendRequest(WorkspaceSymbolRequest.type, { query })) ?? []) as WorkspaceSymbol[];
  return { fs, conn, logs, indexed, symbols };
}

describe('the workspace index reading a large file from disk', () => {
  it('answers requests while it reads: a workspace-symbol request is answered before the file is read to its end', async () => {
    const text = samplesRepeated(30);
    const chunkBytes = 1 << 16;
    const total = Math.ceil(Buffer.byteLength(text) / chunkBytes);
    const { fs, indexed, symbols } = await start(new Map([['file:///ws/export.cable', text]]), chunkBytes);
    await waitFor(() => fs.chunksRead > 0);
    const early = await symbols('ASTANA');
    const chunksAtAnswer = fs.chunksRead;
    console.log(`[index] answered at chunk ${chunksAtAnswer} of ${total}`);
    // Read whole and parsed in one turn, the file was done before any request was read.
    expect(chunksAtAnswer).toBeLessThan(total);
    expect(indexed()).toBe(false);
    expect(early.filter((s) => s.name === '08ASTANA2318')).toHaveLength(0);
    await waitFor(indexed);
    const astana = (await symbols('08ASTANA2318')).filter((s) => s.name === '08ASTANA2318');
    // Its 30 copies, at the lines the whole text's parse gives.
    expect(astana).toHaveLength(30);
    const lines = text.split('\n');
    for (const s of astana) expect(lines[(s.location as { range: { start: { line: number } } }).range.start.line]).toMatch(/^08ASTANA2318 /);
    expect(fs.reads).toBe(1);
  });

  it('never reads from disk a file the editor opens, though its model comes later', async () => {
    const opened = { uri: 'file:///ws/opened.cable', text: samplesRepeated(10) };
    // Listed first, a file whose reading takes several slices: the didOpen is read meanwhile.
    const files = new Map([
      ['file:///ws/a-first.cable', samplesRepeated(10)],
      [opened.uri, opened.text],
      ['file:///ws/z-last.cable', samplesRepeated(1)],
    ]);
    const { fs, indexed, symbols } = await start(files, 1 << 16, opened);
    await waitFor(indexed);
    expect(fs.readUris).toEqual(['file:///ws/a-first.cable', 'file:///ws/z-last.cable']);
    // Its cables come from the editor's text once analysed.
    const found = async () => (await symbols('08ASTANA2318')).filter((s) => s.location.uri === opened.uri).length;
    const end = Date.now() + 30_000;
    while ((await found()) < 10 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(await found()).toBe(10);
  });
});

describe('a read under way when the editor opens the file', () => {
  it('stops at its next slice and leaves the file to the editor', async () => {
    const uri = 'file:///ws/export.cable';
    const text = samplesRepeated(40);
    const chunkBytes = 4096;
    const total = Math.ceil(Buffer.byteLength(text) / chunkBytes);
    const fs = memoryFileSystem(new Map([[uri, text]]), chunkBytes);
    const svc = createLanguageService({ fileSystem: fs, indexSliceMs: 0 });
    // The didOpen comes once the read is under way.
    fs.pulled = () => {
      if (fs.chunksRead === 300) svc.documentOpened(uri);
    };
    await svc.setWorkspaceFolders(['file:///ws']);
    console.log(`[index] stopped at chunk ${fs.chunksRead} of ${total}`);
    expect(fs.chunksRead).toBeGreaterThanOrEqual(300);
    expect(fs.chunksRead).toBeLessThan(total / 2);
    expect(svc.indexStats()).toMatchObject({ parsed: 0, done: true });
    // Only its name is known, until the editor's model comes.
    expect(svc.getWorkspaceSymbols('08ASTANA2318', NOT_CANCELLED)).toEqual([]);
  });

  it('gives way to a newer read of the file (a change on disk), whichever ends first', async () => {
    const uri = 'file:///ws/export.cable';
    const fs = memoryFileSystem(new Map([[uri, samplesRepeated(20)]]), 4096);
    const svc = createLanguageService({ fileSystem: fs, indexSliceMs: 0 });
    let changed: Promise<void> | undefined;
    // Part way through the first read the file is replaced by one short cable, read at once.
    fs.pulled = () => {
      if (fs.chunksRead !== 5) return;
      fs.files.set(uri, 'UNCLAS TESTPOST 000001\n\nTAGS: PREL\nSUBJECT: THE NEWER TEXT\n\n1. (U) Text.\n');
      changed = svc.fileChanged(uri, false);
    };
    await svc.setWorkspaceFolders(['file:///ws']);
    await changed;
    expect(fs.reads).toBe(2);
    expect(svc.getWorkspaceSymbols('newer text', NOT_CANCELLED).map((s) => s.location.uri)).toEqual([uri]);
    // The first read, which ended last, was dropped.
    expect(svc.getWorkspaceSymbols('08ASTANA2318', NOT_CANCELLED)).toEqual([]);
  });
});

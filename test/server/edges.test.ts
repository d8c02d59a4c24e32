/**
 * The three language-server cases of issue 14, over a real JSON-RPC connection: workspace symbols
 * of an open document come from its current text, completion never edits past the text, and a
 * watched-file notification never makes the server read outside the workspace folders.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompletionRequest,
  ConfigurationRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  WorkspaceSymbolRequest,
  type CompletionItem,
  type FileEvent,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type WorkspaceSymbol,
} from 'vscode-languageserver-protocol/node';
import { NodeFileSystem } from '../../server/src/service/workspace/nodeFileSystem';
import { isInsideFolder, isWorkspaceCableFile } from '../../server/src/service/workspace/uris';
import type { WorkspaceFileSystem } from '../../server/src/service';
import { safeParse } from '../../server/src/service/modelCache';
import { SAMPLES, SEED } from '../service/helpers';
import { connectInProcess } from './connection';

async function initialize(client: ProtocolConnection, folder?: string): Promise<void> {
  client.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => null));
  client.onRequest(RegistrationRequest.type, () => undefined);
  await client.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: null,
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
    workspaceFolders: folder ? [{ uri: pathToFileURL(folder).toString(), name: 'ws' }] : null,
  });
  await client.sendNotification(InitializedNotification.type, {});
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not met in time');
}

/** NodeFileSystem, noting every file the index asks to read. */
function recordingFileSystem(): WorkspaceFileSystem & { reads: string[] } {
  const node = new NodeFileSystem();
  const fs = {
    reads: [] as string[],
    listCableFiles: (folder: string, token: Parameters<WorkspaceFileSystem['listCableFiles']>[1]) => node.listCableFiles(folder, token),
    readChunks: (uri: string) => {
      fs.reads.push(uri);
      return node.readChunks(uri);
    },
  };
  return fs;
}

describe('workspace symbols of an open document', () => {
  let conn: ReturnType<typeof connectInProcess>;
  let folder: string;
  let uri: string;
  const pushed: PublishDiagnosticsParams[] = [];
  const symbols = async (query: string) => ((await conn.client.sendRequest(WorkspaceSymbolRequest.type, { query })) ?? []) as WorkspaceSymbol[];
  const rangeOf = (list: WorkspaceSymbol[], name: string) => (list.find((s) => s.name === name)?.location as { range: Range } | undefined)?.range;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'cable-ws-stale-'));
    copyFileSync(join(SAMPLES, '00HARARE5461.cable'), join(folder, '00HARARE5461.cable'));
    uri = pathToFileURL(join(folder, '00HARARE5461.cable')).toString();
    // A debounce long enough that the index cannot take an edit before the query that follows it.
    conn = connectInProcess({ diagnosticsDelayMs: 1_500 });
    conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
    await initialize(conn.client, folder);
  });
  afterAll(() => conn.dispose());

  it('answers from the current text, not from the disk or an older version', async () => {
    // Indexed from disk: the reference ID points at the banner, not at the file's start.
    await waitFor(async () => (rangeOf(await symbols('00HARARE5461'), '00HARARE5461')?.start.line ?? -1) === 0 && (await symbols('zanu')).length > 0);
    const diskSubject = (await symbols('zanu deal'))[0]!;
    const subjectName = diskSubject.name;
    const diskLine = (diskSubject.location as { range: Range }).range.start.line;
    expect(diskLine).toBeGreaterThan(0);

    // Opened with three lines more at the top than the disk has: before the debounce runs, the
    // index still holds the disk's parse.
    const text = '\n\n\n' + readFileSync(join(folder, '00HARARE5461.cable'), 'utf8');
    await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
    let now = await symbols('00HARARE5461');
    expect(rangeOf(now, '00HARARE5461')?.start.line).toBe(3);
    expect(rangeOf(await symbols('zanu deal'), subjectName)?.start.line).toBe(diskLine + 3);

    // The index takes version 1 with the debounced diagnostics; version 2 arrives after that.
    await waitFor(() => pushed.some((p) => p.uri === uri && p.version === 1));
    await conn.client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n\n' }],
    });
    now = await symbols('00HARARE5461');
    expect(rangeOf(now, '00HARARE5461')?.start.line).toBe(5);
    expect(rangeOf(await symbols('zanu deal'), subjectName)?.start.line).toBe(diskLine + 5);
    // One answer per cable: the open document replaces the index's entry, it is not added to it.
    expect(now.filter((s) => s.name === '00HARARE5461')).toHaveLength(1);
    // No debounced run has happened since version 2 (the test would not show the fix otherwise).
    expect(pushed.some((p) => p.uri === uri && p.version === 2)).toBe(false);
  });
});

describe('completion at the edges of the text', () => {
  let conn: ReturnType<typeof connectInProcess>;
  beforeAll(async () => {
    conn = connectInProcess({ diagnosticsDelayMs: 60_000 });
    await initialize(conn.client);
  });
  afterAll(() => conn.dispose());

  async function complete(uri: string, text: string, line: number, character: number): Promise<CompletionItem[]> {
    const result = await conn.client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } });
    const items = result && 'items' in result ? result.items : (result ?? []);
    const lines = text.split('\n');
    for (const item of items) {
      const range = (item.textEdit as { range: Range }).range;
      expect(range.start.line, item.label).toBeLessThan(lines.length);
      expect(range.end.line, item.label).toBe(range.start.line);
      expect(range.end.character, item.label).toBeLessThanOrEqual(lines[range.end.line]!.replace(/\r$/, '').length);
      expect(range.start.character, item.label).toBeGreaterThanOrEqual(0);
      expect(range.start.character, item.label).toBeLessThanOrEqual(range.end.character);
    }
    return items;
  }

  it('never returns a range past a line end or the end of the document', async () => {
    const text = 'UNCLAS ASTANA 002318\n\nE.O. 12958: N/A\nTAGS: PREL, EC';
    const uri = 'file:///edges/tags.cable';
    await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
    // Past the end of the last line (which has no line break): the TAGS code being typed is `EC`.
    const past = await complete(uri, text, 3, 40);
    expect(past.length).toBeGreaterThan(100);
    expect((past[0]!.textEdit as { range: Range }).range).toEqual({ start: { line: 3, character: 12 }, end: { line: 3, character: 14 } });
    // Lines past the end answer at the document's end.
    const below = await complete(uri, text, 50, 3);
    expect(below.map((i) => i.label)).toEqual(past.map((i) => i.label));
  });

  it('answers below a banner with no fields after it, and on CRLF lines, inside the text', async () => {
    // The caption area runs to the end: a caption may go on any line after the banner.
    const text = 'UNCLAS SECTION 01 OF 02 ASTANA 002318\r\n\r\n';
    const uri = 'file:///edges/captions.cable';
    await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
    const items = await complete(uri, text, 9, 0);
    expect(items.map((i) => i.label)).toContain('SIPDIS');
    expect((items[0]!.textEdit as { range: Range }).range).toEqual({ start: { line: 2, character: 0 }, end: { line: 2, character: 0 } });
    await complete(uri, text, 0, 200);
  });
});

describe('watched files outside the workspace', () => {
  it('reads only .cable files of the workspace folders, whatever the client reports', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cable-watch-'));
    const ws = join(root, 'ws');
    const outside = join(root, 'outside');
    mkdirSync(ws);
    mkdirSync(outside);
    copyFileSync(join(SAMPLES, '00HARARE6677.cable'), join(ws, '00HARARE6677.cable'));
    const cable = readFileSync(join(SAMPLES, '00HARARE5461.cable'), 'utf8');
    writeFileSync(join(outside, '00HARARE5461.cable'), cable);
    writeFileSync(join(ws, 'notes.txt'), cable);
    const fs = recordingFileSystem();
    const conn = connectInProcess({ diagnosticsDelayMs: 60_000, fileSystem: fs });
    try {
      await initialize(conn.client, ws);
      const ids = async () => ((await conn.client.sendRequest(WorkspaceSymbolRequest.type, { query: 'HARARE' })) ?? []).map((s) => s.name);
      await waitFor(async () => fs.reads.length > 0 && (await ids()).includes('00HARARE6677'));
      const wsUri = pathToFileURL(ws).toString();
      const refused = [
        'file:///etc/passwd',
        pathToFileURL(join(outside, '00HARARE5461.cable')).toString(),
        `${wsUri}/../outside/00HARARE5461.cable`,
        `${wsUri}/..%2Foutside%2F00HARARE5461.cable`,
        `${wsUri}/%2E%2E/outside/00HARARE5461.cable`,
        pathToFileURL(join(ws, 'notes.txt')).toString(),
        `${wsUri.replace(/^file:/, 'vscode-vfs:')}/00HARARE5461.cable`,
        'untitled:00HARARE5461.cable',
        `${wsUri}x/00HARARE5461.cable`,
      ];
      // The control: a cable created inside the folder after indexing is read and found.
      copyFileSync(join(SAMPLES, '00HARARE5461.cable'), join(ws, '00HARARE5461.cable'));
      const created = pathToFileURL(join(ws, '00HARARE5461.cable')).toString();
      const before = fs.reads.length;
      const changes: FileEvent[] = [
        ...refused.map((uri) => ({ uri, type: FileChangeType.Changed as FileChangeType })),
        ...refused.map((uri) => ({ uri, type: FileChangeType.Created as FileChangeType })),
        { uri: created, type: FileChangeType.Created as FileChangeType },
      ];
      await conn.client.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
      await waitFor(async () => (await ids()).includes('00HARARE5461'));
      expect(fs.reads.slice(before)).toEqual([created]);
      const found = (await conn.client.sendRequest(WorkspaceSymbolRequest.type, { query: '00HARARE5461' })) ?? [];
      expect(found.map((s) => s.location.uri)).toEqual([created]);
    } finally {
      conn.dispose();
    }
  });

  it('reads no FIFO named .cable (a read would never return)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cable-fifo-'));
    const fifo = join(dir, 'pipe.cable');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const read = async (path: string) => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of new NodeFileSystem().readChunks(pathToFileURL(path).toString(), 8)) chunks.push(Buffer.from(chunk));
      return Buffer.concat(chunks).toString('utf8');
    };
    await expect(read(fifo)).rejects.toThrow(/not a regular file/);
    writeFileSync(join(dir, 'plain.cable'), 'UNCLAS ASTANA 002318\n');
    // In chunks of 8 bytes, each read into the same buffer: copied as they come, they make the file.
    expect(await read(join(dir, 'plain.cable'))).toBe('UNCLAS ASTANA 002318\n');
  });

  it('decides inside and outside on the path, not on the string', () => {
    const ws = 'file:///home/r/ws';
    expect(isInsideFolder('file:///home/r/ws/a/b.cable', ws)).toBe(true);
    expect(isInsideFolder('file:///home/r/ws/a/b.cable', ws + '/')).toBe(true);
    expect(isInsideFolder('file:///home/r/ws', ws)).toBe(false);
    expect(isInsideFolder('file:///home/r/wsx/b.cable', ws)).toBe(false);
    expect(isInsideFolder('file:///home/r/ws/../x.cable', ws)).toBe(false);
    expect(isInsideFolder('file:///home/r/ws/..%2F..%2Fx.cable', ws)).toBe(false);
    expect(isInsideFolder('file://host/home/r/ws/x.cable', ws)).toBe(false);
    expect(isInsideFolder('file:///c%3A/Users/ws/x.cable', 'file:///C:/Users/ws')).toBe(true);
    expect(isInsideFolder('file:///home/r/ws/%E0%A4%A.cable', ws)).toBe(false);
    expect(isInsideFolder('not a uri', ws)).toBe(false);
    expect(isWorkspaceCableFile('file:///home/r/ws/X.CABLE', [ws])).toBe(true);
    expect(isWorkspaceCableFile('file:///home/r/ws/x.cable.txt', [ws])).toBe(false);
    expect(isWorkspaceCableFile('mem:///ws/x.cable', ['mem:///ws/'])).toBe(true);
    expect(isWorkspaceCableFile('file:///home/r/ws/x.cable', [])).toBe(false);
  });
});

describe('diagnostics of a version the editor has replaced', () => {
  it('are abandoned, not published: an edit during the parse of version 1 leaves only version 2', async () => {
    const seed = readFileSync(SEED, 'utf8');
    let duringParse: (() => void) | undefined;
    // A parse of version 1 slow enough for an edit to arrive while it runs, as on a large export.
    const parse = (text: string) => {
      if (text.startsWith('SLOW') && duringParse) {
        const act = duringParse;
        duringParse = undefined;
        act();
        const end = Date.now() + 300;
        while (Date.now() < end);
      }
      return safeParse(text);
    };
    const conn = connectInProcess({ diagnosticsDelayMs: 0, parse });
    try {
      const pushed: PublishDiagnosticsParams[] = [];
      conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
      await initialize(conn.client);
      const uri = 'file:///superseded/seed.cable';
      // The edit is in the server's input when the parse ends, as typing lands in a pipe.
      duringParse = () =>
        conn.sendRaw({
          method: DidChangeTextDocumentNotification.method,
          params: { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, text: '' }] },
        });
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text: 'SLOW' + seed } });
      await waitFor(() => pushed.some((p) => p.uri === uri));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(duringParse, 'version 1 was parsed').toBeUndefined();
      expect(pushed.filter((p) => p.uri === uri).map((p) => p.version)).toEqual([2]);
      expect(pushed.find((p) => p.uri === uri)!.diagnostics.length).toBeGreaterThan(0);
    } finally {
      conn.dispose();
    }
  });
});

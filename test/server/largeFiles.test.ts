/**
 * Files the editor does not hand over (server/src/largeFiles.ts), over a real JSON-RPC connection:
 * cable/checkFile publishes what opening the same text publishes, cable/forgetFile clears it,
 * cable/splitFile writes the parts beside the file; bad input is answered in words.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancellationTokenSource,
  DidOpenTextDocumentNotification,
  PublishDiagnosticsNotification,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import type { CheckFileResult, SplitFileResult } from '../../server/src/largeFiles';
import { SLICED_LINES } from '../../server/src/service/modelCache';
import { connectInProcess, initializeClient, samplesRepeated as exportOf, waitFor } from './connection';

/** Initializes with the open documents' rule settings, and how many diagnostics per file the client keeps. */
function initialize(client: ProtocolConnection, rules?: Record<string, string>, kept?: number): Promise<void> {
  return initializeClient(client, {
    ...(rules || kept ? { initializationOptions: { ...(rules ? { cable: { rules } } : {}), ...(kept ? { maxDiagnosticsPerFile: kept } : {}) } } : {}),
  });
}

function session() {
  const pushed: PublishDiagnosticsParams[] = [];
  const conn = connectInProcess({ diagnosticsDelayMs: 0 });
  conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
  return { conn, pushed, client: conn.client };
}

let dir: string;
let text: string;
let file: string;
let uri: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cable-large-'));
  text = exportOf(12);
  expect(text.split('\n').length).toBeGreaterThan(SLICED_LINES);
  file = path.join(dir, 'Big Export.cable');
  fs.writeFileSync(file, text);
  uri = pathToFileURL(file).toString();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cable/checkFile', () => {
  it('publishes for the file what opening its text publishes, and cable/forgetFile clears it', async () => {
    const { conn, pushed, client } = session();
    try {
      await initialize(client);
      const opened = 'file:///elsewhere/same-text.cable';
      await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: opened, languageId: 'cable', version: 1, text } });
      await waitFor(() => pushed.some((p) => p.uri === opened));
      const fromOpen = pushed.find((p) => p.uri === opened)!.diagnostics;
      expect(fromOpen.length).toBeGreaterThan(0);

      const result = (await client.sendRequest('cable/checkFile', { uri })) as CheckFileResult;
      const fromDisk = pushed.filter((p) => p.uri === uri);
      expect(fromDisk).toHaveLength(1);
      expect(fromDisk[0]!.diagnostics).toEqual(fromOpen);
      expect(result).toMatchObject({ uri, bytes: Buffer.byteLength(text), problems: fromOpen.length });
      expect(result.errors! + result.warnings!).toBeLessThanOrEqual(fromOpen.length);
      expect(result.cables).toBeGreaterThan(12);

      const forgot = await client.sendRequest('cable/forgetFile', { uri });
      expect(forgot).toEqual({ forgotten: true });
      await waitFor(() => pushed.filter((p) => p.uri === uri).length === 2);
      expect(pushed.filter((p) => p.uri === uri)[1]!.diagnostics).toEqual([]);
      // Forgetting again, or a file never checked, publishes nothing.
      expect(await client.sendRequest('cable/forgetFile', { uri })).toEqual({ forgotten: false });
      expect(await client.sendRequest('cable/forgetFile', { uri: 'file:///never.cable' })).toEqual({ forgotten: false });
    } finally {
      conn.dispose();
    }
  });

  it('sends a client that keeps so many diagnostics per file only those, with a note of the rest', async () => {
    const { conn, pushed, client } = session();
    try {
      await initialize(client, undefined, 10);
      const result = (await client.sendRequest('cable/checkFile', { uri })) as CheckFileResult;
      const sent = pushed.find((p) => p.uri === uri)!.diagnostics;
      expect(result.problems).toBeGreaterThan(10);
      expect(sent).toHaveLength(10);
      expect(String(sent[9]!.message)).toContain(`Not showing ${(result.problems! - 9).toLocaleString('en-US')} further problems`);
    } finally {
      conn.dispose();
    }
  });

  it('follows the rule settings of the open documents', async () => {
    const { conn, pushed, client } = session();
    try {
      await initialize(client);
      await client.sendRequest('cable/checkFile', { uri });
      const all = pushed.find((p) => p.uri === uri)!.diagnostics;
      const code = String(all[0]!.code);
      conn.dispose();
      const second = session();
      try {
        await initialize(second.client, { [code]: 'off' });
        await second.client.sendRequest('cable/checkFile', { uri });
        const fewer = second.pushed.find((p) => p.uri === uri)!.diagnostics;
        expect(fewer.length).toBeLessThan(all.length);
        expect(fewer.some((d) => String(d.code) === code)).toBe(false);
      } finally {
        second.conn.dispose();
      }
    } finally {
      conn.dispose();
    }
  });

  it('leaves a document the editor has open to it, and answers bad input in words without publishing', async () => {
    const { conn, pushed, client } = session();
    try {
      await initialize(client);
      await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text: 'edited in the editor' } });
      expect(await client.sendRequest('cable/checkFile', { uri })).toEqual({ uri, open: true });

      const binary = path.join(dir, 'binary.cable');
      fs.writeFileSync(binary, Buffer.from([0, 1, 2, 0, 10]));
      const empty = path.join(dir, 'empty.cable');
      fs.writeFileSync(empty, '');
      const notCable = path.join(dir, 'notes.txt');
      fs.writeFileSync(notCable, 'text');
      const fifo = path.join(dir, 'pipe.cable');
      execFileSync('mkfifo', [fifo]);
      const cases: Array<[unknown, RegExp]> = [
        [pathToFileURL(path.join(dir, 'missing.cable')).toString(), /missing\.cable: no such file/],
        [pathToFileURL(binary).toString(), /not a text file/],
        [pathToFileURL(empty).toString(), /is empty/],
        [pathToFileURL(notCable).toString(), /not a \.cable file/],
        [pathToFileURL(fifo).toString(), /not a regular file/],
        ['untitled:Untitled-1', /not a file:\/\/ URI/],
        [42, /not a file:\/\/ URI/],
      ];
      for (const [u, message] of cases) {
        const r = (await client.sendRequest('cable/checkFile', { uri: u })) as CheckFileResult;
        expect(r.error, String(u)).toMatch(message);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(pushed.filter((p) => p.uri !== uri)).toEqual([]);
    } finally {
      conn.dispose();
    }
  });
});

describe('cable/checkFile with publish: false (Check Workspace, a closed file over 20 MB)', () => {
  it('answers what opening the text publishes, as many as the client keeps, and publishes nothing', async () => {
    const { conn, pushed, client } = session();
    try {
      await initialize(client, undefined, 10);
      const opened = 'file:///elsewhere/same-text.cable';
      await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: opened, languageId: 'cable', version: 1, text } });
      await waitFor(() => pushed.some((p) => p.uri === opened));
      const fromOpen = pushed.find((p) => p.uri === opened)!.diagnostics;
      expect(fromOpen).toHaveLength(10);

      const result = (await client.sendRequest('cable/checkFile', { uri, publish: false })) as CheckFileResult;
      expect(result.diagnostics).toEqual(fromOpen);
      expect(result.problems).toBeGreaterThan(10);
      expect(result.hints! + result.errors! + result.warnings!).toBeLessThanOrEqual(result.problems!);
      expect(result).toMatchObject({ uri, bytes: Buffer.byteLength(text) });
      // Nothing went out for the file, so there is nothing to forget.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(pushed.filter((p) => p.uri === uri)).toEqual([]);
      expect(await client.sendRequest('cable/forgetFile', { uri })).toEqual({ forgotten: false });
    } finally {
      conn.dispose();
    }
  });

  it('counts the hints the Problems view leaves out, and every problem when the client keeps all', async () => {
    const { conn, client } = session();
    try {
      const probe = session();
      let code = '';
      try {
        await initialize(probe.client);
        const all = ((await probe.client.sendRequest('cable/checkFile', { uri, publish: false })) as CheckFileResult).diagnostics!;
        code = String(all.find((d) => d.severity !== 4)!.code);
      } finally {
        probe.conn.dispose();
      }
      await initialize(client, { [code]: 'hint' });
      const r = (await client.sendRequest('cable/checkFile', { uri, publish: false })) as CheckFileResult;
      expect(r.diagnostics).toHaveLength(r.problems!);
      const hints = r.diagnostics!.filter((d) => d.severity === 4);
      expect(hints.some((d) => String(d.code) === code)).toBe(true);
      expect(r.hints).toBe(hints.length);
    } finally {
      conn.dispose();
    }
  });

  it('checks the file on disk though the editor has it open, and neither supersedes nor is superseded by a publishing check', async () => {
    const { conn, pushed, client } = session();
    try {
      await initialize(client);
      const publishing = client.sendRequest('cable/checkFile', { uri }) as Promise<CheckFileResult>;
      const answered = (await client.sendRequest('cable/checkFile', { uri, publish: false })) as CheckFileResult;
      const published = await publishing;
      expect(published.cancelled).toBeUndefined();
      expect(pushed.filter((p) => p.uri === uri).map((p) => p.diagnostics)).toEqual([answered.diagnostics]);
      const second = (client.sendRequest('cable/checkFile', { uri, publish: false })) as Promise<CheckFileResult>;
      const third = (await client.sendRequest('cable/checkFile', { uri })) as CheckFileResult;
      expect((await second).diagnostics).toEqual(answered.diagnostics);
      expect(third.problems).toBe(answered.problems);

      await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text: 'edited in the editor' } });
      expect(await client.sendRequest('cable/checkFile', { uri })).toEqual({ uri, open: true });
      const onDisk = (await client.sendRequest('cable/checkFile', { uri, publish: false })) as CheckFileResult;
      expect(onDisk.diagnostics).toEqual(answered.diagnostics);
    } finally {
      conn.dispose();
    }
  });

  it('stops when cancelled, answering so, and answers bad input in words', async () => {
    const { conn, pushed, client } = session();
    try {
      await initialize(client);
      const source = new CancellationTokenSource();
      const checking = client.sendRequest('cable/checkFile', { uri, publish: false }, source.token) as Promise<CheckFileResult>;
      setTimeout(() => source.cancel(), 5);
      const r = await checking.then(
        (x) => x,
        (e: unknown) => e,
      );
      expect(r).toEqual({ uri, cancelled: true });
      const binary = path.join(dir, 'binary-ws.cable');
      fs.writeFileSync(binary, Buffer.from([0, 1, 2, 0, 10]));
      expect(((await client.sendRequest('cable/checkFile', { uri: pathToFileURL(binary).toString(), publish: false })) as CheckFileResult).error).toMatch(/not a text file/);
      expect(((await client.sendRequest('cable/checkFile', { uri: 'vscode-vfs://github/x/y.cable', publish: false })) as CheckFileResult).error).toMatch(/not a file:\/\/ URI/);
      expect(pushed.filter((p) => p.uri.startsWith('file:'))).toEqual([]);
    } finally {
      conn.dispose();
    }
  });
});

describe('cable/splitFile', () => {
  it('writes the parts beside the file and answers their URIs; the same again is already there', async () => {
    const { conn, client } = session();
    try {
      await initialize(client);
      const maxBytes = Math.ceil(Buffer.byteLength(text) / 5);
      const r = (await client.sendRequest('cable/splitFile', { uri, maxBytes })) as SplitFileResult;
      expect(r.error).toBeUndefined();
      const folder = path.join(dir, 'Big Export.parts');
      expect(r.folder).toBe(pathToFileURL(folder).toString());
      expect(r.parts!.length).toBeGreaterThanOrEqual(5);
      expect(r.parts!.every((p) => p.outcome === 'written' && p.bytes <= maxBytes)).toBe(true);
      expect(r.parts![0]!.uri).toBe(pathToFileURL(path.join(folder, 'Big Export.part001.cable')).toString());
      const joined = Buffer.concat(r.parts!.map((p) => fs.readFileSync(new URL(p.uri))));
      expect(joined.equals(fs.readFileSync(file))).toBe(true);

      const again = (await client.sendRequest('cable/splitFile', { uri, maxBytes })) as SplitFileResult;
      expect(again.parts!.every((p) => p.outcome === 'unchanged')).toBe(true);

      const small = (await client.sendRequest('cable/splitFile', { uri })) as SplitFileResult;
      expect(small.error).toMatch(/within the limits: nothing to split/);
      const missing = (await client.sendRequest('cable/splitFile', { uri: pathToFileURL(path.join(dir, 'nope.cable')).toString() })) as SplitFileResult;
      expect(missing.error).toMatch(/no such file/);
    } finally {
      conn.dispose();
    }
  });
});

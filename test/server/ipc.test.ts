/**
 * The server as the VS Code extension starts it: `dist/server.js --node-ipc`, a child process
 * spoken to over Node's IPC channel (FlushedIpcWriter writes its messages). Needs `npm run build`
 * (npm test builds first).
 */
import { fork } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { createLanguageService } from '../../server/src/service';
import { SAMPLES } from '../service/helpers';
import { BUILT_SERVER, childrenKilledAfterEach } from './connection';

const SERVER = BUILT_SERVER;
const children = childrenKilledAfterEach();

const never = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const shown = (ds: ReadonlyArray<{ range: unknown; code?: unknown; message: unknown }>) => ds.map((d) => ({ range: d.range, code: d.code, message: d.message }));

async function waitFor(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the server over IPC', () => {
  it('publishes the diagnostics of an export and of a line break in it, and answers the outline', async () => {
    const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    children.push(child);
    const conn = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const pushed: PublishDiagnosticsParams[] = [];
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
    conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => null));
    conn.onRequest(RegistrationRequest.type, () => undefined);
    conn.listen();
    await conn.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null });
    await conn.sendNotification(InitializedNotification.type, {});
    const texts = readdirSync(SAMPLES)
      .filter((f) => f.endsWith('.cable'))
      .sort()
      .map((f) => readFileSync(join(SAMPLES, f), 'utf8'));
    const lines = [...texts, ...texts, ...texts].join('\n\n').split('\n');
    const uri = 'file:///ipc/export.cable';
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text: lines.join('\n') } });
    await waitFor(() => pushed.some((p) => p.version === 1));
    const at = Math.floor(lines.length / 3);
    await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, text: '\n' }] });
    lines.splice(at, 0, '');
    await waitFor(() => pushed.some((p) => p.version === 2));
    const fresh = createLanguageService();
    const doc = TextDocument.create(uri, 'cable', 2, lines.join('\n'));
    const expected = fresh.computeDiagnostics(doc, never);
    expect(expected.length).toBeGreaterThan(0);
    expect(shown(pushed.find((p) => p.version === 2)!.diagnostics)).toEqual(shown(expected));
    const symbols = await conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    expect(JSON.parse(JSON.stringify(symbols))).toEqual(JSON.parse(JSON.stringify(fresh.getDocumentSymbols(doc, never))));
    conn.dispose();
  });
});

/**
 * The built server over stdio (dist/server.js --stdio, as an editor runs it) reads a large
 * document's text into lines (server/src/stdioReader.ts): its diagnostics are those of the same
 * text read the ordinary way (vscode-jsonrpc's reader, in process), and so are they after a
 * didChange. And it ends as createConnection ends it when stdin closes. Needs `npm run build`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { LARGE_MESSAGE } from '../../server/src/stdioReader';
import { BUILT_SERVER, childrenKilledAfterEach, connectInProcess, initializeClient, samplesExport, waitFor } from './connection';

const SERVER = BUILT_SERVER;
const children = childrenKilledAfterEach();

function spawnServer() {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const client = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  client.listen();
  return { child, client, exited, stderr: () => stderr };
}

async function pulled(client: ProtocolConnection, uri: string): Promise<Diagnostic[]> {
  const report = await client.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
  return (report as { items: Diagnostic[] }).items;
}

describe.skipIf(!existsSync(SERVER))('the built server reads a large document over stdio', () => {
  it('gives the diagnostics of the ordinary reader for a > 1 MB didOpen and didChange, curly quotes and CRLF in it', async () => {
    const base = samplesExport(30_000).replace(/'/g, '\u2019').replace(/ (\d+)\. /g, ' $1. \ud83d\udcc4');
    const half = Math.floor(base.length / 2);
    const text = base.slice(0, half) + base.slice(half).replace(/\n/g, '\r\n');
    expect(Buffer.byteLength(text)).toBeGreaterThan(LARGE_MESSAGE);
    const uri = 'file:///stdio-large/export.cable';
    const lines = text.split(/\r?\n/);
    const middle = Math.floor(lines.length / 2);
    const edits = [
      { range: { start: { line: middle, character: 0 }, end: { line: middle, character: 0 } }, text: 'VZCZC\u2019\r\n' },
      { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: `${'A '.repeat(LARGE_MESSAGE / 2)}\n` },
    ];
    const replaced = `${text.slice(0, 2_000_000)}\n\u201cEND\u201d\n`;

    const run = async (client: ProtocolConnection) => {
      const pushed: PublishDiagnosticsParams[] = [];
      client.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
      await initializeClient(client);
      await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
      const opened = await pulled(client, uri);
      await waitFor(() => pushed.some((p) => p.uri === uri), 120_000);
      const lastLine = await client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: lines.length - 1, character: 0 } });
      await client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: edits });
      const changed = await pulled(client, uri);
      await client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 3 }, contentChanges: [{ text: replaced }] });
      const whole = await pulled(client, uri);
      return { opened, lastLine, changed, whole };
    };

    const server = spawnServer();
    const got = await run(server.client);
    const inProcess = connectInProcess({ diagnosticsDelayMs: 0 });
    const want = await run(inProcess.client);
    inProcess.dispose();
    expect(got.opened.length, server.stderr()).toBeGreaterThan(10);
    expect(got.opened).toEqual(want.opened);
    expect(got.lastLine).toEqual(want.lastLine);
    expect(got.changed).toEqual(want.changed);
    expect(got.changed).not.toEqual(got.opened);
    expect(got.whole).toEqual(want.whole);
    // An orderly end: shutdown, then stdin closed (no exit notification) ends it with 0.
    await server.client.sendRequest('shutdown');
    server.child.stdin!.end();
    expect(await server.exited).toBe(0);
  }, 240_000);

  it('says what it cannot read on stderr and reads on; ends with 1 when stdin closes without a shutdown, inside a message', async () => {
    const server = spawnServer();
    // Its own reader: vscode-jsonrpc's would read this message as utf-8 and answer it.
    const body = '{"jsonrpc":"2.0","id":99,"method":"shutdown"}';
    server.child.stdin!.write(`Content-Length: ${body.length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-16\r\n\r\n${body}`);
    const init = await server.client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null });
    expect(init.serverInfo?.name).toBe('Cable Text');
    await server.client.sendNotification(InitializedNotification.type, {});
    await waitFor(() => server.stderr().includes('Unsupported charset "utf-16"'), 10_000);
    server.child.stdin!.end('Content-Length: 100\r\n\r\n{"jsonrpc"');
    expect(await server.exited).toBe(1);
  }, 60_000);
});

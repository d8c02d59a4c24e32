/**
 * `cable-language-server --stdio`, the package's second bin, as an editor starts it: a separate
 * process spoken to over its standard streams. Needs `npm run build` (npm test builds first).
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { SERVER_VERSION } from '../../server/src/server';
import { SEED } from '../service/helpers';
import { BUILT_SERVER, childrenKilledAfterEach } from './connection';

const ROOT = resolve(__dirname, '..', '..');
const SERVER = BUILT_SERVER;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };

const children = childrenKilledAfterEach();

describe('the cable-language-server bin', () => {
  it('is declared in package.json and built as an executable script', () => {
    expect(pkg.bin['cable-language-server']).toBe('dist/server.js');
    expect(existsSync(SERVER), 'run `npm run build` first').toBe(true);
    expect(readFileSync(SERVER, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    accessSync(SERVER, constants.X_OK);
    expect(SERVER_VERSION).toBe(pkg.version);
  });

  it('answers --version and --help, and says how to run it when given no transport', () => {
    const version = spawnSync(SERVER, ['--version'], { encoding: 'utf8' });
    expect([version.status, version.stdout]).toEqual([0, `${pkg.version}\n`]);
    const help = spawnSync(SERVER, ['--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('cable-language-server --stdio');
    const bare = spawnSync(SERVER, [], { encoding: 'utf8', timeout: 10_000 });
    expect(bare.status).toBe(2);
    expect(bare.stderr).toContain('--stdio');
  });

  it('runs from a clone with `npx cable-language-server --version`', () => {
    const run = spawnSync('npx', ['--no-install', 'cable-language-server', '--version'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.stdout, run.stderr).toBe(`${pkg.version}\n`);
  });

  it('speaks LSP over stdio: initialize with initializationOptions, hover, pushed diagnostics', async () => {
    // Started through its shebang, as a PATH lookup of the bin does.
    const child = spawn(SERVER, ['--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const client = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const pushed: PublishDiagnosticsParams[] = [];
    client.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
    client.listen();
    const init = await client.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: null,
      initializationOptions: { cable: { rules: { 'split-word': 'error' } } },
    });
    expect(init.serverInfo).toEqual({ name: 'Cable Text', version: pkg.version });
    expect(init.capabilities.textDocumentSync).toBe(2); // incremental
    await client.sendNotification(InitializedNotification.type, {});
    const uri = 'file:///bin-test/seed.cable';
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text: readFileSync(SEED, 'utf8') } });
    const hover = await client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 18, character: 5 } });
    expect((hover?.contents as { value: string }).value).toContain('SECSTATE WASHDC');
    const end = Date.now() + 20_000;
    while (!pushed.some((p) => p.uri === uri) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    const split = pushed.find((p) => p.uri === uri)?.diagnostics.filter((d) => d.code === 'CBL303');
    expect(split?.map((d) => d.severity), stderr).toEqual([1]);
    client.dispose();
  });
});

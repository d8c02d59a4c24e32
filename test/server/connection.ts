import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach } from 'vitest';
import { AbstractMessageWriter, createConnection, type Message, type MessageWriter } from 'vscode-languageserver/node';
import {
  ConfigurationRequest,
  createProtocolConnection,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerOptions } from '../../server/src/server';
import { SAMPLES } from '../service/helpers';

/** The built server, as an editor runs it (npm test builds first). */
export const BUILT_SERVER = join(resolve(__dirname, '..', '..'), 'dist', 'server.js');

/** The server processes a test file starts: each is killed after its test, whatever the test left. */
export function childrenKilledAfterEach(): ChildProcess[] {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill();
  });
  return children;
}

/**
 * A server and a client joined by two in-memory streams, as compose-language-service's
 * TestConnection does: real JSON-RPC messages, one process, milliseconds.
 */
export function connectInProcess(
  options: ServerOptions = {},
  /** The server's writer, made from the stream writer (a test holds messages in it: connectHolding). */
  writerOf: (stream: StreamMessageWriter) => MessageWriter = (stream) => stream,
): {
  client: ProtocolConnection;
  /** The server's input, for bytes that must be there at once, as on a pipe (`sendRaw`). */
  sendRaw(message: object): void;
  dispose: () => void;
} {
  const up = new PassThrough();
  const down = new PassThrough();
  const server = createConnection(new StreamMessageReader(up), writerOf(new StreamMessageWriter(down)));
  // The diagnostics of the cables read so far (a long first analysis publishes them every 2 s) only
  // when a test asks: the others wait for a version's publish and compare it with the complete set.
  startServer(server, { partialDiagnosticsMs: Infinity, ...options });
  const client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  client.listen();
  return {
    client,
    sendRaw: (message: object) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
      up.write(`Content-Length: ${body.length}\r\n\r\n`);
      up.write(body);
    },
    // Never `exit`: that would end the test process. Closing the client side is enough.
    dispose: () => client.dispose(),
  };
}

/**
 * Initializes the server as an editor would: answers its `workspace/configuration` (with nothing,
 * or `settings`) and its registrations, then sends `initialize` and `initialized`.
 */
export async function initializeClient(
  client: ProtocolConnection,
  params: { capabilities?: ClientCapabilities; initializationOptions?: unknown; settings?: unknown } = {},
): Promise<void> {
  client.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => params.settings ?? null));
  client.onRequest(RegistrationRequest.type, () => undefined);
  await client.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: null,
    capabilities: params.capabilities ?? {},
    workspaceFolders: null,
    ...(params.initializationOptions === undefined ? {} : { initializationOptions: params.initializationOptions }),
  });
  await client.sendNotification(InitializedNotification.type, {});
}

/** Resolves once `check()` holds, polling every 10 ms; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met in time');
}

let sampleTexts: string[] | undefined;
/** The repository's sample cables (samples/*.cable), in name order. */
function samples(): string[] {
  return (sampleTexts ??= readdirSync(SAMPLES)
    .filter((f) => f.endsWith('.cable'))
    .sort()
    .map((f) => readFileSync(join(SAMPLES, f), 'utf8')));
}
/** The samples one after another (tables start them), over and over until at least `lines` lines. */
export function samplesExport(lines: number): string {
  const texts = samples();
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < lines || parts.length === 0; i++) {
    const t = texts[i % texts.length]!;
    parts.push(t);
    n += t.split('\n').length + 1;
  }
  return parts.join('\n\n');
}

/** The samples one after another, `times` over. */
export function samplesRepeated(times: number): string {
  const parts: string[] = [];
  for (let i = 0; i < times; i++) parts.push(...samples());
  return parts.join('\n\n');
}

/** connectInProcess with the server's messages held at will (HoldingWriter), and the diagnostics it publishes. */
export function connectHolding(options: ServerOptions = {}): { client: ProtocolConnection; writer: HoldingWriter; pushed: PublishDiagnosticsParams[]; dispose: () => void } {
  let writer: HoldingWriter | undefined;
  const { client, dispose } = connectInProcess(options, (stream) => (writer = new HoldingWriter(stream)));
  const pushed: PublishDiagnosticsParams[] = [];
  client.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
  return { client, writer: writer!, pushed, dispose };
}

/** A writer that, while `hold` is on, keeps the messages it is given unserialized, as a busy stream writer does. */
export class HoldingWriter extends AbstractMessageWriter implements MessageWriter {
  hold = false;
  readonly held: { msg: Message; done: () => void }[] = [];
  constructor(private readonly inner: StreamMessageWriter) {
    super();
  }
  write(msg: Message): Promise<void> {
    if (!this.hold) return this.inner.write(msg);
    return new Promise((resolve) => this.held.push({ msg, done: resolve }));
  }
  async release(): Promise<void> {
    this.hold = false;
    for (const { msg, done } of this.held.splice(0)) {
      await this.inner.write(msg);
      done();
    }
  }
  end(): void {}
  /** The diagnostics published and the responses held (other messages, the log, are held too). */
  count(kind: 'publish' | 'response'): number {
    return this.held.filter(({ msg }) => (kind === 'publish' ? (msg as { method?: string }).method === PublishDiagnosticsNotification.method : 'result' in msg)).length;
  }
}

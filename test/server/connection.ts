import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerOptions } from '../../server/src/server';

/**
 * A server and a client joined by two in-memory streams, as compose-language-service's
 * TestConnection does: real JSON-RPC messages, one process, milliseconds.
 */
export function connectInProcess(options: ServerOptions = {}): { client: ProtocolConnection; dispose(): void } {
  const up = new PassThrough();
  const down = new PassThrough();
  const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  startServer(server, options);
  const client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  client.listen();
  return {
    client,
    // Never `exit`: that would end the test process. Closing the client side is enough.
    dispose: () => client.dispose(),
  };
}

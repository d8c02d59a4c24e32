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
export function connectInProcess(options: ServerOptions = {}): {
  client: ProtocolConnection;
  /** The server's input, for bytes that must be there at once, as on a pipe (`sendRaw`). */
  sendRaw(message: object): void;
  dispose(): void;
} {
  const up = new PassThrough();
  const down = new PassThrough();
  const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  startServer(server, options);
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

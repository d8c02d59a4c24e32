/**
 * Large responses over the server's stdio writer (slicedWriter.ts): a request answered while the
 * answer to another, large one is still being encoded goes out first, and the large one arrives
 * whole. The server runs in process with the writer it has over stdio, on in-memory streams.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnection, type Message } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  HoverRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { startServer } from '../../server/src/server';
import { READING_VIEW_REQUEST } from '../../server/src/service/readingView';
import { LARGE, SlicedStreamWriter } from '../../server/src/slicedWriter';
import { initializeClient, samplesExport, waitFor } from './connection';

/** The stdio writer, telling the test when it is handed a large response. */
class Watched extends SlicedStreamWriter {
  onLarge?: () => void;
  write(msg: Message): Promise<void> {
    if ('result' in msg && JSON.stringify(msg).length > LARGE) this.onLarge?.();
    return super.write(msg);
  }
}

describe('large responses over the stdio writer', () => {
  let client: ProtocolConnection | undefined;
  afterEach(() => client?.dispose());

  it('answers a hover sent while the reading view of a 2.4 MB export is encoded before it, and the reading view whole', async () => {
    const up = new PassThrough();
    const down = new PassThrough();
    const writer = new Watched(down);
    startServer(createConnection(new StreamMessageReader(up), writer), { partialDiagnosticsMs: Infinity, diagnosticsDelayMs: 0 });
    client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
    client.listen();
    const published: string[] = [];
    client.onNotification(PublishDiagnosticsNotification.type, (p) => void published.push(p.uri));
    await initializeClient(client);
    const uri = 'file:///large/export.cable';
    const text = samplesExport(30000);
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
    await waitFor(() => published.includes(uri));

    const order: string[] = [];
    let hover: Promise<unknown> | undefined;
    // The hover is sent the moment the server's writer has the reading view to write.
    writer.onLarge = () => {
      writer.onLarge = undefined;
      hover = client!.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 3 } }).then(() => void order.push('hover'));
    };
    const view = (await client.sendRequest(READING_VIEW_REQUEST, { uri })) as { html: string; cables: number };
    order.push('reading view');
    await hover;
    expect(order).toEqual(['hover', 'reading view']);
    expect(view.cables).toBeGreaterThan(100);
    expect(view.html.length).toBeGreaterThan(4 * LARGE);
  });
});

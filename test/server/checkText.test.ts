/**
 * `cable/checkText` (the extension's Check Workspace): a closed file's text is checked in slices on
 * a service of its own, so the open documents' requests are answered meanwhile and their models
 * are left alone; it gives what the open documents' service gives for the same text.
 */
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CancellationTokenSource, DidOpenTextDocumentNotification, HoverRequest, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import { createLanguageService } from '../../server/src/service';
import type { ParseEvent } from '../../server/src/service/modelCache';
import { SLICED_LINES } from '../../server/src/service/modelCache';
import { connectInProcess, initializeClient, samplesExport } from './connection';

const never = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

describe('cable/checkText', () => {
  it('answers the open documents\' requests while it checks a large text, leaves their models alone, and gives the service\'s diagnostics', async () => {
    const parses: ParseEvent[] = [];
    const conn = connectInProcess({ diagnosticsDelayMs: 0, onParse: (e) => void parses.push(e) });
    try {
      await initializeClient(conn.client);
      const open = 'file:///checkText/open.cable';
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: open, languageId: 'cable', version: 1, text: samplesExport(200) } });
      await conn.client.sendRequest(HoverRequest.type, { textDocument: { uri: open }, position: { line: 1, character: 1 } });
      const closed = 'file:///checkText/closed.cable';
      const text = samplesExport(SLICED_LINES * 8);
      const order: string[] = [];
      const checked = conn.client.sendRequest('cable/checkText', { uri: closed, text }).then((d) => {
        order.push('check');
        return d;
      });
      const hovered = conn.client.sendRequest(HoverRequest.type, { textDocument: { uri: open }, position: { line: 1, character: 1 } }).then(() => void order.push('hover'));
      const [diagnostics] = await Promise.all([checked, hovered]);
      // Sent after the check, answered before it ended: the check ran in slices.
      expect(order).toEqual(['hover', 'check']);
      expect(parses.filter((p) => p.uri === closed)).toEqual([]);
      const expected = createLanguageService().computeDiagnostics(TextDocument.create(closed, 'cable', 1, text), never);
      expect(expected.length).toBeGreaterThan(0);
      expect(plain(diagnostics)).toEqual(plain(expected));
    } finally {
      conn.dispose();
    }
  });

  it('answers RequestCancelled when cancelled, and empty for bad params', async () => {
    const conn = connectInProcess({ diagnosticsDelayMs: 0 });
    try {
      await initializeClient(conn.client);
      const source = new CancellationTokenSource();
      const checked = conn.client.sendRequest('cable/checkText', { uri: 'file:///checkText/cancelled.cable', text: samplesExport(SLICED_LINES * 8) }, source.token);
      setImmediate(() => source.cancel());
      const error = await checked.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ResponseError);
      expect((error as ResponseError<unknown>).code).toBe(LSPErrorCodes.RequestCancelled);
      expect(await conn.client.sendRequest('cable/checkText', { uri: 42, text: 'x' })).toEqual([]);
      expect(await conn.client.sendRequest('cable/checkText', { uri: 'file:///x.cable' })).toEqual([]);
    } finally {
      conn.dispose();
    }
  });
});

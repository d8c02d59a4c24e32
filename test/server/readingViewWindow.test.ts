// The reading view's `line` over a real JSON-RPC connection (in process), as the VS Code client
// sends it (issue 9): a large document's view is the window around the line; a bad line is ignored.
import { describe, expect, it } from 'vitest';
import { DidOpenTextDocumentNotification, InitializedNotification, InitializeRequest } from 'vscode-languageserver-protocol/node';
import { connectInProcess } from './connection';

function exportOf(n: number): string {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    out.push(`UNCLAS ROME ${String(i).padStart(6, '0')}\n\nSUBJECT: CABLE ${i}\n\n1. (U) Text of cable ${i}.\n\nSMITH\n`);
  }
  return out.join('\n');
}

interface View {
  html: string;
  cables: number;
  window?: { first: number; last: number; total: number; startLine: number; endLine: number };
}

describe('cable/readingView with the editor\'s line', () => {
  it('answers the window around the line sent, the start without one, and ignores a line that is not a number', async () => {
    const conn = connectInProcess({ diagnosticsDelayMs: 0 });
    try {
      await conn.client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null });
      await conn.client.sendNotification(InitializedNotification.type, {});
      const uri = 'file:///export-150.cable';
      const text = exportOf(150);
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
      const lines = text.split('\n');
      const at = lines.indexOf('SUBJECT: CABLE 120');
      const view = (await conn.client.sendRequest('cable/readingView', { uri, line: at })) as View;
      expect(view.cables).toBe(150);
      expect(view.window).toMatchObject({ first: 50, last: 149, total: 150 });
      expect(lines[view.window!.startLine]).toBe('UNCLAS ROME 000051');
      expect(view.html).toContain('Cables 51–150 of 150.');
      const start = (await conn.client.sendRequest('cable/readingView', { uri })) as View;
      expect(start.window).toMatchObject({ first: 0, last: 99 });
      for (const line of ['12', null, Number.NaN, { line: 3 }]) {
        expect(((await conn.client.sendRequest('cable/readingView', { uri, line })) as View).html).toBe(start.html);
      }
    } finally {
      conn.dispose();
    }
  });
});

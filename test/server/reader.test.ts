// The reader's features over a real JSON-RPC connection (in process): semantic tokens, inlay
// hints, the reading view and the workspace checks, as the VS Code client asks for them.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  InlayHintRequest,
  SemanticTokensRequest,
} from 'vscode-languageserver-protocol/node';
import { connectInProcess } from './connection';
import { SEED, HAS_SEED } from '../service/helpers';

describe.skipIf(!HAS_SEED)('the reader\'s requests over LSP', () => {
  it('answers semantic tokens, inlay hints, cable/readingView, cable/checkText and cable/fixAllEdits', async () => {
    const conn = connectInProcess({ diagnosticsDelayMs: 0 });
    try {
      const init = (await conn.client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null })) as {
        capabilities: { semanticTokensProvider?: { legend: { tokenTypes: string[] } }; inlayHintProvider?: unknown };
      };
      expect(init.capabilities.semanticTokensProvider?.legend.tokenTypes).toContain('namespace');
      expect(init.capabilities.inlayHintProvider).toBeTruthy();
      await conn.client.sendNotification(InitializedNotification.type, {});
      const uri = pathToFileURL(SEED).toString();
      const text = readFileSync(SEED, 'utf8');
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });

      const tokens = await conn.client.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
      expect(tokens!.data.length % 5).toBe(0);
      expect(tokens!.data.length).toBeGreaterThan(50);
      const hints = await conn.client.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 300, character: 0 } } });
      expect(hints!.map((h) => h.label)).toEqual(['⟶ Mon 24 Nov 2008 10:54 UTC']);

      const view = (await conn.client.sendRequest('cable/readingView', { uri })) as { html: string; cables: number };
      expect(view.cables).toBe(1);
      expect(view.html).toContain('remains Kazakhstan');
      expect(await conn.client.sendRequest('cable/readingView', { uri: 'file:///not-open.cable' })).toEqual({ html: '', cables: 0 });

      // A closed file's text, as the client read it: its diagnostics and its fixes; bad params answer empty.
      const diags = (await conn.client.sendRequest('cable/checkText', { uri: 'file:///closed.cable', text })) as Array<{ code: string }>;
      expect(diags.map((d) => d.code)).toContain('CBL303');
      const edits = (await conn.client.sendRequest('cable/fixAllEdits', { uri: 'file:///closed.cable', text })) as unknown[];
      expect(edits.length).toBeGreaterThan(0);
      // The text changed on disk: the next check sees the new text, not a cached model.
      const fixedOne = text.replace('and rema\nins', 'and remains\n');
      const again = (await conn.client.sendRequest('cable/checkText', { uri: 'file:///closed.cable', text: fixedOne })) as Array<{ code: string }>;
      expect(again.map((d) => d.code)).not.toContain('CBL303');
      expect(await conn.client.sendRequest('cable/checkText', { uri: 42 })).toEqual([]);
      // An open document's fixes come from the editor's text.
      const openEdits = (await conn.client.sendRequest('cable/fixAllEdits', { uri })) as unknown[];
      expect(openEdits.length).toBe(edits.length);
    } finally {
      conn.dispose();
    }
  });
});

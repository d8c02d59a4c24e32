/**
 * A message may wait in the writer's queue (a large export's diagnostics are 15 MB, written a pipe
 * buffer at a time) while the next version is analysed, and the kept cables' problems move in
 * place when their step moves. What goes out must still be its own version's: the published
 * diagnostics and a quick fix's edits keep the lines of the text they were computed for.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  DocumentSymbolRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  type CodeAction,
  type Diagnostic,
  type DocumentSymbol,
} from 'vscode-languageserver-protocol/node';
import { createLanguageService } from '../../server/src/service';
import { connectHolding, initializeClient, samplesExport, waitFor } from './connection';

const never = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const shown = (ds: readonly Diagnostic[]) => ds.map((d) => ({ range: d.range, code: d.code, message: d.message }));

function fromScratch(uri: string, text: string) {
  const service = createLanguageService();
  const doc = TextDocument.create(uri, 'cable', 1, text);
  return { service, doc, diagnostics: service.computeDiagnostics(doc, never) };
}

describe('a message held in the writer', () => {
  it('keeps its own version’s lines after the next version moved the kept problems', async () => {
    const { client, writer, pushed, dispose } = connectHolding({ diagnosticsDelayMs: 0 });
    try {
      await initializeClient(client);
      const uri = 'file:///held/export.cable';
      const v1 = samplesExport(1500);
      const lines = v1.split('\n');
      const middle = Math.floor(lines.length / 2);
      const v2 = [...lines.slice(0, middle), '', ...lines.slice(middle)].join('\n');
      const v3 = ['', ...v2.split('\n')].join('\n');
      const scratch1 = fromScratch(uri, v1);
      // Problems after the line break: their step is kept and moved.
      expect(scratch1.diagnostics.filter((d) => d.range.start.line > middle + 300).length).toBeGreaterThan(10);

      // Version 1's diagnostics are handed to the writer, which holds them; version 2 is analysed meanwhile.
      writer.hold = true;
      await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text: v1 } });
      await waitFor(() => writer.count('publish') === 1);
      await client.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line: middle, character: 0 }, end: { line: middle, character: 0 } }, text: '\n' }],
      });
      await waitFor(() => writer.count('publish') === 2);
      await writer.release();
      await waitFor(() => pushed.length === 2);
      expect(pushed.map((p) => p.version)).toEqual([1, 2]);
      expect(shown(pushed[0].diagnostics)).toEqual(shown(scratch1.diagnostics));
      expect(shown(pushed[1].diagnostics)).toEqual(shown(fromScratch(uri, v2).diagnostics));

      // A quick fix's edits answered for version 2, held while version 3 (a line break at the top) moves every problem.
      const scratch2 = fromScratch(uri, v2);
      const target = scratch2.diagnostics.filter((d) => (d.data as { fixable?: boolean }).fixable && d.range.start.line > middle + 300).at(-1)!;
      expect(target).toBeDefined();
      writer.hold = true;
      const answer = client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: target.range, context: { diagnostics: [target], only: ['quickfix'] } });
      await waitFor(() => writer.count('response') === 1);
      await client.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 3 },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }],
      });
      await waitFor(() => writer.count('publish') === 1);
      await writer.release();
      const actions = (await answer) as CodeAction[];
      const expected = scratch2.service.getCodeActions(scratch2.doc, target.range, { diagnostics: [target], only: ['quickfix'] }, never);
      expect(actions.length).toBeGreaterThan(0);
      expect(actions.map((a) => a.edit)).toEqual(JSON.parse(JSON.stringify(expected.map((a) => a.edit))));
      await waitFor(() => pushed.length === 3);
      expect(shown(pushed[2].diagnostics)).toEqual(shown(fromScratch(uri, v3).diagnostics));

      // The outline answered for version 3, held while version 4 (another line break at the top)
      // moves the cables' ranges: it keeps version 3's lines.
      const scratch3 = fromScratch(uri, v3);
      const outline3 = scratch3.service.getDocumentSymbols(scratch3.doc, never);
      writer.hold = true;
      const symbols = client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
      await waitFor(() => writer.count('response') === 1);
      await client.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 4 },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }],
      });
      await waitFor(() => writer.count('publish') === 1);
      // The next request reads the model, which settles the moved lines of version 4 at once.
      const settled = client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
      await waitFor(() => writer.count('response') === 2);
      await writer.release();
      expect((await symbols) as DocumentSymbol[]).toEqual(JSON.parse(JSON.stringify(outline3)));
      const four = fromScratch(uri, ['', ...v3.split('\n')].join('\n'));
      expect((await settled) as DocumentSymbol[]).toEqual(JSON.parse(JSON.stringify(four.service.getDocumentSymbols(four.doc, never))));
    } finally {
      dispose();
    }
  });
});

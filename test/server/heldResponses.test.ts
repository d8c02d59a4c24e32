/**
 * Every answer that carries the model's ranges (or the workspace index's summaries of them, which
 * are the model's own objects) keeps its own version's lines while it waits in the writer: the
 * next version's moved lines are settled in place on the objects the model keeps (see
 * heldMessages.test.ts for the diagnostics, quick fixes and outline).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import {
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  HoverRequest,
  InlayHintRequest,
  ReferencesRequest,
  WorkspaceSymbolRequest,
  type Position,
} from 'vscode-languageserver-protocol/node';
import { createLanguageService } from '../../server/src/service';
import { connectHolding, initializeClient, samplesExport, waitFor } from './connection';

const never = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x ?? null)) as T;

const A = 'file:///held/export.cable';
// A file the index knows by its name: the export's `REF: HARARE 5346` links to it.
const B = 'file:///held/00HARARE5346.cable';
const B_TEXT = 'Nothing here but the name.\n';

/** A language service with both texts open and indexed, as the server has them: what an answer should be. */
function fromScratch(text: string) {
  const a = TextDocument.create(A, 'cable', 1, text);
  const b = TextDocument.create(B, 'cable', 1, B_TEXT);
  const service = createLanguageService({ openDocuments: () => [a, b] });
  service.documentChanged(a);
  service.documentChanged(b);
  return { service, a, model: service.getModel(a) };
}

describe('answers held in the writer', () => {
  it('keep their own version’s lines after the next version’s moved lines are settled', async () => {
    const { client, writer, pushed, dispose } = connectHolding({ diagnosticsDelayMs: 0 });
    try {
      await initializeClient(client);
      let text = samplesExport(1500);
      let version = 1;
      await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: B, languageId: 'cable', version: 1, text: B_TEXT } });
      await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: A, languageId: 'cable', version, text } });
      await waitFor(() => pushed.some((p) => p.uri === A) && pushed.some((p) => p.uri === B));
      // Both in the index (after their diagnostics are out): the export's REF links to B.
      for (let linked = false; !linked; await new Promise((r) => setTimeout(r, 10))) {
        linked = (await client.sendRequest(DocumentLinkRequest.type, { textDocument: { uri: A } }))!.some((l) => l.target === B);
      }

      /**
       * Sends the request (answered for the current version), holds its answer while a line break
       * at the top makes the next version, whose moved lines the next request settles, then lets
       * it go: the answer, and the line the settled version has for what it names.
       */
      async function heldAcrossEdit<T>(send: () => Promise<T>): Promise<T> {
        writer.hold = true;
        const answer = send();
        await waitFor(() => writer.count('response') === 1);
        text = `\n${text}`;
        await client.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri: A, version: ++version },
          contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }],
        });
        await waitFor(() => writer.count('publish') === 1);
        const settled = client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: A } });
        await waitFor(() => writer.count('response') === 2);
        await writer.release();
        await settled;
        return answer;
      }

      // The places asked about lie in a cable past the middle, which every edit at the top moves.
      const first = fromScratch(text);
      const cables = first.model.cables;
      const cable = cables.slice(Math.floor(cables.length / 2)).find((c) => c.routing?.addressees.some((x) => x.routingIndicator) && c.routing.dtg?.iso)!;
      expect(cable).toBeDefined();
      const indicator = cable.routing!.addressees.find((x) => x.routingIndicator)!.routingIndicator!;
      // Each edit puts a line above it.
      const atNow = (): Position => ({ line: indicator.range.start.line + version - 1, character: indicator.range.start.character });
      const linesOf = (x: unknown) => JSON.stringify(x).match(/"line":\d+/g) ?? [];

      const cases: Array<{ name: string; ask: () => Promise<unknown>; expected: (s: ReturnType<typeof fromScratch>) => unknown }> = [
        {
          name: 'hover',
          ask: () => client.sendRequest(HoverRequest.type, { textDocument: { uri: A }, position: atNow() }),
          expected: (s) => s.service.getHover(s.a, atNow(), never),
        },
        {
          name: 'definition',
          ask: () => client.sendRequest(DefinitionRequest.type, { textDocument: { uri: A }, position: atNow() }),
          expected: (s) => s.service.getDefinition(s.a, atNow(), never),
        },
        {
          name: 'references',
          ask: () => client.sendRequest(ReferencesRequest.type, { textDocument: { uri: A }, position: atNow(), context: { includeDeclaration: true } }),
          expected: (s) => s.service.getReferences(s.a, atNow(), { includeDeclaration: true }, never),
        },
        {
          name: 'document links',
          ask: () => client.sendRequest(DocumentLinkRequest.type, { textDocument: { uri: A } }),
          expected: (s) => s.service.getDocumentLinks(s.a, never),
        },
        {
          name: 'workspace symbols',
          ask: () => client.sendRequest(WorkspaceSymbolRequest.type, { query: cable.table?.referenceId?.text ?? 'HARARE' }),
          expected: (s) => s.service.getWorkspaceSymbols(cable.table?.referenceId?.text ?? 'HARARE', never),
        },
        {
          name: 'inlay hints',
          ask: () => client.sendRequest(InlayHintRequest.type, { textDocument: { uri: A }, range: { start: { line: 0, character: 0 }, end: { line: 1e6, character: 0 } } }),
          expected: (s) => s.service.getInlayHints(s.a, { start: { line: 0, character: 0 }, end: { line: 1e6, character: 0 } }, never),
        },
      ];
      for (const c of cases) {
        const before = fromScratch(text);
        const expected = plain(c.expected(before));
        // Something with lines to keep (a hover's range, the links of the whole export…).
        expect(linesOf(expected).length, c.name).toBeGreaterThan(0);
        const answer = await heldAcrossEdit(c.ask);
        expect(plain(answer), c.name).toEqual(expected);
        // The version after does answer other lines: the answer above kept its own.
        expect(linesOf(plain(c.expected(fromScratch(text)))), c.name).not.toEqual(linesOf(expected));
      }
    } finally {
      dispose();
    }
  }, 60_000);
});

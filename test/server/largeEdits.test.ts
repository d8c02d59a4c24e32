/**
 * Edits to a large export over a real JSON-RPC connection: typing while its first analysis runs
 * keeps the cables already read, and a line break publishes diagnostics moved with their text
 * before the model's own lines are moved; what is published and answered is what the final text
 * gives from scratch.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import {
  DidChangeTextDocumentNotification,
  DocumentDiagnosticRequest,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  PublishDiagnosticsNotification,
  WorkDoneProgressCreateRequest,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { createLanguageService } from '../../server/src/service';
import { SLICED_LINES, type ParseEvent } from '../../server/src/service/modelCache';
import { connectInProcess, initializeClient, samplesExport as exportOf, waitFor } from './connection';

/** What a client that pulls its diagnostics declares; the others push. */
const pulling = { window: { workDoneProgress: true }, textDocument: { diagnostic: { dynamicRegistration: false } } };

const never = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
/** What a client shows of a diagnostic (the server adds where the rule's documentation is). */
const shown = (ds: ReadonlyArray<{ range: unknown; code?: unknown; message: unknown; severity?: number }>) => ds.map((d) => ({ range: d.range, code: d.code, message: d.message, severity: d.severity }));

function fromScratch(uri: string, text: string) {
  const service = createLanguageService();
  const doc = TextDocument.create(uri, 'cable', 1, text);
  return { diagnostics: shown(service.computeDiagnostics(doc, never)), symbols: JSON.parse(JSON.stringify(service.getDocumentSymbols(doc, never))) };
}

function session() {
  const parses: ParseEvent[] = [];
  const pushed: PublishDiagnosticsParams[] = [];
  const conn = connectInProcess({ diagnosticsDelayMs: 0, onParse: (e) => void parses.push(e) });
  conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
  return { conn, parses, pushed };
}

describe('edits to a large export', () => {
  it('typing at the end while the first analysis runs keeps the cables already read', async () => {
    const { conn, parses, pushed } = session();
    try {
      const uri = 'file:///large/typing.cable';
      let text = exportOf(SLICED_LINES * 20);
      const last = text.split('\n').length - 1;
      let edited = false;
      // The server asks for a progress token once the first slice has passed: the edit goes then.
      conn.client.onRequest(WorkDoneProgressCreateRequest.type, () => {
        if (edited) return;
        edited = true;
        void conn.client.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version: 2 },
          contentChanges: [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, text: 'x' }],
        });
      });
      await initializeClient(conn.client, { capabilities: { window: { workDoneProgress: true } } });
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
      await waitFor(() => pushed.some((p) => p.version === 2));
      expect(edited).toBe(true);
      const lines = text.split('\n');
      lines[last] = `x${lines[last]}`;
      text = lines.join('\n');
      // Version 1 was never finished; version 2 went on from the cables version 1 had read.
      expect(parses.map((p) => p.version)).toEqual([2]);
      expect(parses[0].stats?.kept).toBeGreaterThan(0);
      expect(pushed.map((p) => p.version)).toEqual([2]);
      expect(shown(pushed[0].diagnostics)).toEqual(fromScratch(uri, text).diagnostics);
    } finally {
      conn.dispose();
    }
  });

  it('a line break: the diagnostics moved, then the outline of the settled model', async () => {
    const { conn, pushed } = session();
    try {
      const uri = 'file:///large/break.cable';
      let text = exportOf(3000);
      await initializeClient(conn.client, { capabilities: { window: { workDoneProgress: true } } });
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
      await waitFor(() => pushed.some((p) => p.version === 1));
      const lines = text.split('\n');
      let version = 1;
      for (const at of [Math.floor(lines.length / 2), 7, Math.floor(lines.length / 3)]) {
        version++;
        await conn.client.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version },
          contentChanges: [{ range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, text: '\n\n' }],
        });
        lines.splice(at, 0, '', '');
        text = lines.join('\n');
        const v = version;
        await waitFor(() => pushed.some((p) => p.version === v));
        const expected = fromScratch(uri, text);
        expect(shown(pushed.find((p) => p.version === v)!.diagnostics), `v${v}: diagnostics`).toEqual(expected.diagnostics);
        // Asked at once: the model is settled for the request if it is not yet.
        const symbols = await conn.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
        expect(JSON.parse(JSON.stringify(symbols)), `v${v}: outline`).toEqual(expected.symbols);
      }
    } finally {
      conn.dispose();
    }
  });

  it('a client that pulls gets the diagnostics of each line break, moved, and the outline after', async () => {
    const { conn } = session();
    try {
      const uri = 'file:///large/pull.cable';
      let text = exportOf(3000);
      await initializeClient(conn.client, { capabilities: pulling });
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
      const lines = text.split('\n');
      for (const [version, at] of [[2, Math.floor(lines.length / 2)], [3, 9], [4, lines.length - 40]]) {
        await conn.client.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version },
          contentChanges: [{ range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, text: '\n' }],
        });
        lines.splice(at, 0, '');
        text = lines.join('\n');
        const expected = fromScratch(uri, text);
        const report = await conn.client.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
        expect(report.kind).toBe('full');
        expect(shown(report.kind === 'full' ? report.items : []), `v${version}: diagnostics`).toEqual(expected.diagnostics);
        const symbols = await conn.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
        expect(JSON.parse(JSON.stringify(symbols)), `v${version}: outline`).toEqual(expected.symbols);
      }
    } finally {
      conn.dispose();
    }
  });
});

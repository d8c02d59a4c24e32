/**
 * A long first analysis shows the diagnostics of the cables read so far: pushed every interval (same
 * version, a prefix by position of the complete set, which the final publish then gives), or, for a
 * client that pulls and can be asked to refresh, answered to its pulls with a refresh when more is
 * ready and at the end. Edits during the analysis still end in what the final text gives from scratch.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import {
  DiagnosticRefreshRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  PublishDiagnosticsNotification,
  type Diagnostic,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { createLanguageService } from '../../server/src/service';
import { SLICED_LINES } from '../../server/src/service/modelCache';
import { connectInProcess, initializeClient, samplesExport, waitFor } from './connection';

const never = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const shown = (ds: readonly Diagnostic[]) => ds.map((d) => ({ range: d.range, code: d.code, message: d.message, severity: d.severity }));
const fromScratch = (uri: string, text: string) => shown(createLanguageService().computeDiagnostics(TextDocument.create(uri, 'cable', 1, text), never));
/** Each step of the analysis yields; a short interval sees several partial publishes. */
const INTERVAL = 60;

describe('diagnostics during a long first analysis', () => {
  it('pushed: the cables read so far, then the complete set; an edit meanwhile converges', async () => {
    const conn = connectInProcess({ diagnosticsDelayMs: 0, partialDiagnosticsMs: INTERVAL });
    const pushed: PublishDiagnosticsParams[] = [];
    conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
    try {
      const uri = 'file:///early/push.cable';
      const text = samplesExport(SLICED_LINES * 16);
      const expected = fromScratch(uri, text);
      await initializeClient(conn.client, { capabilities: { window: { workDoneProgress: true } } });
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
      await waitFor(() => pushed.length > 0 && pushed[pushed.length - 1].diagnostics.length === expected.length);
      expect(pushed.every((p) => p.version === 1)).toBe(true);
      const partial = pushed.slice(0, -1);
      expect(partial.length).toBeGreaterThan(0);
      for (const p of partial) {
        expect(p.diagnostics.length).toBeLessThan(expected.length);
        expect(shown(p.diagnostics)).toEqual(expected.slice(0, p.diagnostics.length));
      }
      expect(partial.some((p) => p.diagnostics.length > 0)).toBe(true);
      // Growing: each partial publish holds the one before.
      for (let i = 1; i < partial.length; i++) expect(partial[i].diagnostics.length).toBeGreaterThanOrEqual(partial[i - 1].diagnostics.length);
      expect(shown(pushed[pushed.length - 1].diagnostics)).toEqual(expected);

      // A second document, edited at its end once its first partial publish is out.
      const uri2 = 'file:///early/edited.cable';
      const text2 = samplesExport(SLICED_LINES * 16);
      const lines = text2.split('\n');
      const last = lines.length - 1;
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri2, languageId: 'cable', version: 1, text: text2 } });
      await waitFor(() => pushed.some((p) => p.uri === uri2));
      await conn.client.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: uri2, version: 2 },
        contentChanges: [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, text: 'VZCZCXRO4321\n' }],
      });
      lines[last] = `VZCZCXRO4321\n${lines[last]}`;
      const expected2 = fromScratch(uri2, lines.join('\n'));
      const mine = () => pushed.filter((p) => p.uri === uri2);
      await waitFor(() => mine().at(-1)?.version === 2 && mine().at(-1)!.diagnostics.length === expected2.length);
      expect(shown(mine().at(-1)!.diagnostics)).toEqual(expected2);
      await new Promise((resolve) => setTimeout(resolve, 3 * INTERVAL));
      expect(shown(mine().at(-1)!.diagnostics)).toEqual(expected2);
    } finally {
      conn.dispose();
    }
  });

  it('pushed within the cap a client declares', async () => {
    const conn = connectInProcess({ diagnosticsDelayMs: 0, partialDiagnosticsMs: INTERVAL });
    const pushed: PublishDiagnosticsParams[] = [];
    conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
    try {
      const uri = 'file:///early/capped.cable';
      const text = samplesExport(SLICED_LINES * 16);
      const all = fromScratch(uri, text).length;
      await initializeClient(conn.client, { initializationOptions: { maxDiagnosticsPerFile: 40 } });
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
      const note = (p: PublishDiagnosticsParams) => String(p.diagnostics.at(-1)?.message ?? '');
      // The final publish's note counts every problem the client does not keep.
      await waitFor(() => pushed.some((p) => note(p).startsWith(`Not showing ${(all - 39).toLocaleString('en-US')} further`)));
      expect(pushed.length).toBeGreaterThan(1);
      for (const p of pushed) expect(p.diagnostics.length).toBeLessThanOrEqual(40);
    } finally {
      conn.dispose();
    }
  });

  it('a partial answer carries at most the first partialDiagnosticsMax, once; the complete set follows', async () => {
    const MAX = 10;
    const conn = connectInProcess({ diagnosticsDelayMs: 0, partialDiagnosticsMs: INTERVAL, partialDiagnosticsMax: MAX });
    const pushed: PublishDiagnosticsParams[] = [];
    conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
    try {
      const uri = 'file:///early/bounded.cable';
      const text = samplesExport(SLICED_LINES * 16);
      const expected = fromScratch(uri, text);
      expect(expected.length).toBeGreaterThan(10 * MAX);
      await initializeClient(conn.client, { capabilities: { window: { workDoneProgress: true } } });
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
      await waitFor(() => pushed.length > 0 && pushed[pushed.length - 1].diagnostics.length === expected.length);
      const partial = pushed.slice(0, -1);
      expect(partial.length).toBeGreaterThan(0);
      for (const p of partial) {
        expect(p.diagnostics.length).toBeLessThanOrEqual(MAX);
        expect(shown(p.diagnostics)).toEqual(expected.slice(0, p.diagnostics.length));
      }
      // The one that reached the bound is the last before the complete set: nothing is sent twice.
      expect(partial.filter((p) => p.diagnostics.length === MAX).length).toBe(1);
      expect(partial.at(-1)!.diagnostics.length).toBe(MAX);
      expect(shown(pushed[pushed.length - 1].diagnostics)).toEqual(expected);
    } finally {
      conn.dispose();
    }
  });

  it('pulled: a pull during the analysis gets the cables read so far, a refresh follows, and the last pull the complete set', async () => {
    const conn = connectInProcess({ diagnosticsDelayMs: 0, partialDiagnosticsMs: INTERVAL });
    let refreshes = 0;
    conn.client.onRequest(DiagnosticRefreshRequest.type, () => void refreshes++);
    try {
      const uri = 'file:///early/pull.cable';
      const text = samplesExport(SLICED_LINES * 16);
      const expected = fromScratch(uri, text);
      await initializeClient(conn.client, { capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true } } } });
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
      const answers: Diagnostic[][] = [];
      const pull = async () => {
        const r = await conn.client.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
        answers.push(r.kind === 'full' ? r.items : []);
      };
      await new Promise((resolve) => setTimeout(resolve, 2 * INTERVAL));
      await pull();
      // As VS Code does: pull again on each refresh, until one answers the complete set.
      let seen = 0;
      await waitFor(() => {
        if (refreshes > seen) {
          seen = refreshes;
          void pull().catch(() => {});
        }
        return answers.length > 0 && answers[answers.length - 1].length === expected.length;
      });
      expect(refreshes).toBeGreaterThan(0);
      const partial = answers.slice(0, -1);
      expect(partial.some((a) => a.length > 0 && a.length < expected.length)).toBe(true);
      for (const a of partial) expect(shown(a)).toEqual(expected.slice(0, a.length));
      expect(shown(answers[answers.length - 1])).toEqual(expected);
    } finally {
      conn.dispose();
    }
  });

  it('pulled: a pull that comes before its version is being analysed (the edit before it waits for its debounce) gets the cables read so far too', async () => {
    // An editor pulls right after each didOpen and didChange: before the debounce of the change has
    // run out, and, under load, before the open's analysis has begun.
    const conn = connectInProcess({ diagnosticsDelayMs: 60_000, partialDiagnosticsMs: INTERVAL });
    let refreshes = 0;
    conn.client.onRequest(DiagnosticRefreshRequest.type, () => void refreshes++);
    try {
      const uri = 'file:///early/pulled-early.cable';
      const text = samplesExport(SLICED_LINES * 16);
      const lines = text.split('\n');
      const last = lines.length - 1;
      await initializeClient(conn.client, { capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true } } } });
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
      await conn.client.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, text: 'VZCZCXRO4321\n' }],
      });
      lines[last] = `VZCZCXRO4321\n${lines[last]}`;
      const expected = fromScratch(uri, lines.join('\n'));
      const answers: Diagnostic[][] = [];
      const pull = async () => {
        const r = await conn.client.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
        answers.push(r.kind === 'full' ? r.items : []);
      };
      await pull();
      expect(answers[0].length).toBeLessThan(expected.length);
      let seen = 0;
      await waitFor(() => {
        if (refreshes > seen) {
          seen = refreshes;
          void pull().catch(() => {});
        }
        return answers[answers.length - 1].length === expected.length;
      });
      expect(refreshes).toBeGreaterThan(0);
      for (const a of answers) expect(shown(a)).toEqual(expected.slice(0, a.length));
    } finally {
      conn.dispose();
    }
  });
});

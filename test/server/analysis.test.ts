/**
 * The analysis of open documents over a real JSON-RPC connection (issue 9): a burst of edits costs
 * one incremental analysis, a version replaced during its sliced first parse is abandoned, and
 * requests are answered while a large file is being read.
 */
import { describe, expect, it } from 'vitest';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  HoverRequest,
  PublishDiagnosticsNotification,
  WorkDoneProgressCreateRequest,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import type { ParseEvent } from '../../server/src/service/modelCache';
import { SLICED_LINES } from '../../server/src/service/modelCache';
import { connectInProcess, initializeClient, samplesRepeated as exportOf, waitFor } from './connection';

/** A server over the in-process connection, with the parses it ran and the diagnostics it pushed. */
function session(diagnosticsDelayMs: number) {
  const parses: ParseEvent[] = [];
  const pushed: PublishDiagnosticsParams[] = [];
  const conn = connectInProcess({ diagnosticsDelayMs, onParse: (e) => void parses.push(e) });
  conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
  return { conn, parses, pushed };
}

const edit = (uri: string, version: number, line: number) => ({
  textDocument: { uri, version },
  contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'x' }],
});

describe('analysis of an open document', () => {
  it('a burst of edits runs one analysis, incremental, and publishes only the last version', async () => {
    const { conn, parses, pushed } = session(100);
    try {
      await initializeClient(conn.client);
      const uri = 'file:///burst/export.cable';
      const text = exportOf(3);
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
      await waitFor(() => pushed.some((p) => p.version === 1));
      expect(parses.map((p) => [p.version, p.kind])).toEqual([[1, 'whole']]);
      parses.length = 0;
      const middle = Math.floor(text.split('\n').length / 2);
      for (let v = 2; v <= 11; v++) await conn.client.sendNotification(DidChangeTextDocumentNotification.type, edit(uri, v, middle));
      await waitFor(() => pushed.some((p) => p.version === 11));
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(parses.map((p) => [p.version, p.kind])).toEqual([[11, 'incremental']]);
      // Only the cables around the edit were read again.
      expect(parses[0].stats!.parsed).toBeLessThan(parses[0].stats!.kept);
      expect(pushed.map((p) => p.version)).toEqual([1, 11]);
    } finally {
      conn.dispose();
    }
  });

  it('a request that needs the whole model analyses the new version at once; the debounce then adds nothing', async () => {
    const { conn, parses, pushed } = session(100);
    try {
      await initializeClient(conn.client);
      const uri = 'file:///outline/export.cable';
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text: exportOf(2) } });
      await waitFor(() => pushed.some((p) => p.version === 1));
      await conn.client.sendNotification(DidChangeTextDocumentNotification.type, edit(uri, 2, 3));
      const symbols = await conn.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
      expect(symbols?.length).toBeGreaterThan(1);
      await waitFor(() => pushed.some((p) => p.version === 2));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(parses.map((p) => [p.version, p.kind])).toEqual([
        [1, 'whole'],
        [2, 'incremental'],
      ]);
      expect(pushed.map((p) => p.version)).toEqual([1, 2]);
    } finally {
      conn.dispose();
    }
  });

  it('a long first analysis reports its progress when the percentage changes, not at every pause', async () => {
    const { conn, pushed } = session(0);
    try {
      const uri = 'file:///progress/export.cable';
      let text = exportOf(1);
      for (let times = 2; text.split('\n').length < SLICED_LINES * 20; times *= 2) text = exportOf(times);
      const values: Array<{ kind: string; percentage?: number }> = [];
      conn.client.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
      conn.client.onNotification('$/progress', (p: { value: { kind: string; percentage?: number } }) => void values.push(p.value));
      await initializeClient(conn.client, { capabilities: { window: { workDoneProgress: true } } });
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
      await waitFor(() => pushed.some((p) => p.version === 1) && values.some((v) => v.kind === 'end'), 60_000);
      expect(values[0]!.kind).toBe('begin');
      const percentages = values.filter((v) => v.kind === 'report' && v.percentage !== undefined).map((v) => v.percentage!);
      expect(percentages.length, 'reports while reading').toBeGreaterThan(1);
      // Each percentage once, rising; the message of the last step ('checking') may repeat the last.
      const reading = percentages.slice(0, -1);
      expect(reading).toEqual([...new Set(reading)].sort((a, b) => a - b));
      expect(reading.length).toBeLessThanOrEqual(100);
    } finally {
      conn.dispose();
    }
  });

  it('a version replaced during its sliced first parse is abandoned; requests are answered meanwhile', async () => {
    const { conn, parses, pushed } = session(0);
    try {
      const uri = 'file:///sliced/export.cable';
      let text = exportOf(1);
      // Long enough that the parse still has many slices to go when the client's hover and edit
      // come through the streams (a few turns of the event loop): a parse of 1.5 slices' worth
      // of lines could end first on a fast machine, and version 1 was then finished.
      for (let times = 2; text.split('\n').length < SLICED_LINES * 20; times *= 2) text = exportOf(times);
      let hoverAnswered = false;
      let progressAsked = false;
      // The server asks for a progress token once the first slice has passed, so the parse of
      // version 1 is under way: a hover and an edit are sent from there.
      conn.client.onRequest(WorkDoneProgressCreateRequest.type, () => {
        if (!progressAsked) {
          progressAsked = true;
          void conn.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 2 } }).then(() => {
            hoverAnswered = true;
          });
          void conn.client.sendNotification(DidChangeTextDocumentNotification.type, edit(uri, 2, 5));
        }
      });
      await initializeClient(conn.client, { capabilities: { window: { workDoneProgress: true } } });
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
      await waitFor(() => pushed.some((p) => p.version === 2), 60_000);
      expect(progressAsked, 'the first parse ran in slices and reported progress').toBe(true);
      expect(hoverAnswered).toBe(true);
      // Version 1 was never finished: its work stopped at the next slice.
      expect(parses.filter((p) => p.version === 1)).toEqual([]);
      expect(pushed.map((p) => p.version)).toEqual([2]);
      expect(pushed[0].diagnostics.length).toBeGreaterThan(0);
    } finally {
      conn.dispose();
    }
  });
});

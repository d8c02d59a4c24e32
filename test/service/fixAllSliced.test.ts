/**
 * Fix All in slices (codeActions/provider.ts, provideFixAllEditsInSlices): the server's Fix All
 * yields to the event loop between pieces of work, answers other requests meanwhile, and drops the
 * work when the request is cancelled or the document changes, rather than handing back stale edits.
 * Slices of 0 ms (a yield at every pause) make the order of events certain, without timing.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ApplyWorkspaceEditRequest,
  CancellationTokenSource,
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  HoverRequest,
  PublishDiagnosticsNotification,
  type ClientCapabilities,
  type CodeAction,
  type PublishDiagnosticsParams,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { afterEach, describe, expect, it } from 'vitest';
import { CableCodeActionsProvider } from '../../server/src/service/codeActions/provider';
import { fixText } from '../../server/src/service/codeActions/fixAll';
import { CableDiagnosticsProvider } from '../../server/src/service/diagnostics/provider';
import { parseRuleSettings } from '../../server/src/service/diagnostics/settings';
import { ModelCache } from '../../server/src/service/modelCache';
import { LineDocument } from '../../server/src/service/textDocument';
import { CLEAN, replaceLine } from '../diagnostics/fixture';
import { connectInProcess, initializeClient, waitFor } from '../server/connection';
import { NOT_CANCELLED } from './helpers';

/** The clean cable with two fixable problems: a TAGS join and an apostrophe turned into a comma. */
const DAMAGED = replaceLine(
  replaceLine(CLEAN, 'TAGS: PREL PGOV ECON KZ', 'TAGS: PREL PGOVECON KZ'),
  "4.  (C)  COMMENT: Nazarbayev clearly laid out Kazakhstan's ",
  '4.  (C)  COMMENT: Nazarbayev clearly laid out Kazakhstan,s ',
);
/** `n` cables, every other one damaged. */
const exportOf = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? DAMAGED : CLEAN)).join('\n\n');
const applied = (text: string, edits: TextEdit[]) => TextDocument.applyEdits(TextDocument.create('file:///x', 'cable', 1, text), edits);

/** The provider as the service makes it, with a model cache of its own. */
function provider() {
  const settings = parseRuleSettings(undefined).settings;
  const cache = new ModelCache();
  const diagnostics = new CableDiagnosticsProvider(cache, { ruleSettings: () => settings });
  return { codeActions: new CableCodeActionsProvider(diagnostics, () => settings, cache), diagnostics };
}

describe('Fix All in slices, in the service', () => {
  const text = exportOf(120);

  it('gives the edits of the synchronous Fix All, the fixed text of fixText', async () => {
    const { codeActions, diagnostics } = provider();
    const doc = LineDocument.create('file:///same.cable', 'cable', 1, text);
    diagnostics.problems(doc, NOT_CANCELLED);
    let pauses = 0;
    const sliced = await codeActions.provideFixAllEditsInSlices(doc, NOT_CANCELLED, 0, () => pauses++);
    // It did run in slices: the cables read again are a pause each.
    expect(pauses).toBeGreaterThan(60);
    expect(sliced).toEqual(codeActions.provideFixAllEdits(doc, NOT_CANCELLED));
    expect(applied(text, sliced!)).toBe(fixText(text).text);
  });

  it('stops at the first pause after the request is cancelled', async () => {
    const { codeActions, diagnostics } = provider();
    const doc = LineDocument.create('file:///cancelled.cable', 'cable', 1, text);
    diagnostics.problems(doc, NOT_CANCELLED);
    let all = 0;
    await codeActions.provideFixAllEditsInSlices(doc, NOT_CANCELLED, 0, (work) => (all = work));
    let cancelled = false;
    const seen: number[] = [];
    const result = await codeActions.provideFixAllEditsInSlices(doc, { get isCancellationRequested() { return cancelled; } }, 0, (work) => {
      seen.push(work);
      if (seen.length === 3) cancelled = true;
    });
    expect(result).toBeUndefined();
    // No pause after the third: the work ended there, a small part of the whole.
    expect(seen.length).toBe(3);
    expect(seen[2]).toBeLessThan(all / 10);
  });

  it('stops when the document changes, and fixes the new version afterwards', async () => {
    const { codeActions, diagnostics } = provider();
    const doc = LineDocument.create('file:///edited.cable', 'cable', 1, text);
    diagnostics.problems(doc, NOT_CANCELLED);
    const seen: number[] = [];
    const result = await codeActions.provideFixAllEditsInSlices(doc, NOT_CANCELLED, 0, (work) => {
      seen.push(work);
      // Typed at the top while Fix All runs: every line below moves.
      if (seen.length === 5) doc.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'Leave a Reply\n\n' }], 2);
    });
    expect(result).toBeUndefined();
    expect(seen.length).toBe(5);
    const now = doc.getText();
    const again = await codeActions.provideFixAllEditsInSlices(doc, NOT_CANCELLED, 0);
    expect(applied(now, again!)).toBe(fixText(now).text);
  });

  it('code actions: source.fixAll abandoned, none stale; the quick fixes alone never wait', async () => {
    const { codeActions, diagnostics } = provider();
    const doc = LineDocument.create('file:///actions.cable', 'cable', 1, text);
    diagnostics.problems(doc, NOT_CANCELLED);
    const all = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    let pauses = 0;
    const quick = await codeActions.provideCodeActionsInSlices(doc, all, { diagnostics: [], only: ['quickfix'] }, NOT_CANCELLED, 0, () => pauses++);
    expect(quick).toEqual([]);
    expect(pauses).toBe(0);
    const edited = await codeActions.provideCodeActionsInSlices(doc, all, { diagnostics: [], only: ['source.fixAll'] }, NOT_CANCELLED, 0, () => {
      if (doc.version === 1) doc.update([{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'x' }], 2);
    });
    expect(edited).toBeUndefined();
    const [fixAll] = (await codeActions.provideCodeActionsInSlices(doc, all, { diagnostics: [], only: ['source.fixAll'] }, NOT_CANCELLED, 0))!;
    expect(fixAll!.kind).toBe('source.fixAll.cable');
    expect(applied(doc.getText(), fixAll!.edit!.changes![doc.uri]!)).toBe(fixText(doc.getText()).text);
  });
});

describe('Fix All in slices, over LSP', () => {
  let dispose: (() => void) | undefined;
  afterEach(() => dispose?.());

  /** A server that yields at every pause of Fix All, with `text` open and its diagnostics published. */
  async function opened(text: string, capabilities: ClientCapabilities = { workspace: { configuration: true } }) {
    const conn = connectInProcess({ diagnosticsDelayMs: 0, fixAllSliceMs: 0 });
    dispose = conn.dispose;
    const pushed: PublishDiagnosticsParams[] = [];
    conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
    const applies: TextEdit[][] = [];
    const versions: Array<number | null> = [];
    conn.client.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
      if (p.edit.changes) applies.push(p.edit.changes[uri]!);
      for (const c of p.edit.documentChanges ?? []) {
        if (!('edits' in c)) continue;
        versions.push(c.textDocument.version);
        applies.push(c.edits as TextEdit[]);
      }
      return { applied: true };
    });
    await initializeClient(conn.client, { capabilities });
    const uri = 'file:///fa/export.cable';
    await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
    await waitFor(() => pushed.some((p) => p.uri === uri && p.version === 1));
    return { client: conn.client, uri, applies, versions, pushed };
  }
  const hoverAt = (uri: string) => ({ textDocument: { uri }, position: { line: 1, character: 3 } });

  it('answers a hover sent during a long Fix All before the Fix All ends, and the Fix All is whole', async () => {
    const text = exportOf(300);
    const { client, uri } = await opened(text);
    const order: string[] = [];
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    // source.fixAll: answered at once when its work is done (the command waits for applyEdit's round trip).
    const fix = client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } }).then((r) => (order.push('fixAll'), r));
    const hover = client.sendRequest(HoverRequest.type, hoverAt(uri)).then(() => void order.push('hover'));
    const [actions] = await Promise.all([fix, hover]);
    expect(order).toEqual(['hover', 'fixAll']);
    const [fixAll] = actions as CodeAction[];
    expect(applied(text, fixAll!.edit!.changes![uri]!)).toBe(fixText(text).text);
  });

  it('runs the command to its end and applies its edits', async () => {
    const text = exportOf(300);
    const { client, uri, applies } = await opened(text);
    expect(await client.sendRequest(ExecuteCommandRequest.type, { command: 'cable.fixAll', arguments: [uri] })).toMatchObject({ applied: true });
    expect(applies.length).toBe(1);
    expect(applied(text, applies[0]!)).toBe(fixText(text).text);
  });

  it('to a client that takes documentChanges, the command sends its edits for the version they were made on', async () => {
    const text = exportOf(20);
    const { client, uri, applies, versions } = await opened(text, { workspace: { configuration: true, workspaceEdit: { documentChanges: true } } });
    expect(await client.sendRequest(ExecuteCommandRequest.type, { command: 'cable.fixAll', arguments: [uri] })).toMatchObject({ applied: true });
    expect(versions).toEqual([1]);
    expect(applied(text, applies[0]!)).toBe(fixText(text).text);
  });

  it('an edit during Fix All: no edit applied, no stale code action', async () => {
    const text = exportOf(300);
    const { client, uri, applies, pushed } = await opened(text);
    const change = (version: number) => client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }] });
    const fix = client.sendRequest(ExecuteCommandRequest.type, { command: 'cable.fixAll', arguments: [uri] });
    await change(2);
    expect(await fix).toEqual({ applied: false, reason: 'the document changed during Fix All' });
    expect(applies).toEqual([]);

    await waitFor(() => pushed.some((p) => p.uri === uri && p.version === 2));
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } });
    await change(3);
    expect(await actions).toEqual([]);

    // Once the edits stop, Fix All runs to its end on the last version.
    await waitFor(() => pushed.some((p) => p.uri === uri && p.version === 3));
    const [fixAll] = (await client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } })) as CodeAction[];
    const now = 'xx' + text;
    expect(applied(now, fixAll!.edit!.changes![uri]!)).toBe(fixText(now).text);
  });

  it('cable/fixAllEdits during an edit answers null (changed), not [] (nothing to fix), and the edits once asked again', async () => {
    const text = exportOf(300);
    const { client, uri, pushed } = await opened(text);
    const edits = client.sendRequest('cable/fixAllEdits', { uri });
    await client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }] });
    expect(await edits).toBeNull();
    await waitFor(() => pushed.some((p) => p.uri === uri && p.version === 2));
    const again = (await client.sendRequest('cable/fixAllEdits', { uri })) as TextEdit[];
    expect(applied('x' + text, again)).toBe(fixText('x' + text).text);
  });

  it('a cancelled Fix All is answered RequestCancelled', async () => {
    const { client, uri } = await opened(exportOf(300));
    const source = new CancellationTokenSource();
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } }, source.token);
    // Answered while the Fix All runs: the cancellation reaches it between two slices.
    await client.sendRequest(HoverRequest.type, hoverAt(uri));
    source.cancel();
    await expect(actions).rejects.toMatchObject({ code: -32800 });
  });
});

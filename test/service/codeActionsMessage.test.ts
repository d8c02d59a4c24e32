/**
 * Code actions as the server sends them (codeActions/provider.ts, actionsForMessage): a quick
 * fix's edits are its problem's, moved in place by a later edit while a large answer is still
 * being encoded, so they go as copies; Fix All's edits are made for the answer and go as they are
 * (copying the 42,000 of a 200 MB export was a turn of 14-48 ms).
 */
import type { CodeAction } from 'vscode-languageserver-types';
import { describe, expect, it } from 'vitest';
import { moveRange, Span } from '../../server/src/parser';
import { actionsForMessage, CableCodeActionsProvider, FIX_ALL_KIND } from '../../server/src/service/codeActions/provider';
import { CableDiagnosticsProvider } from '../../server/src/service/diagnostics/provider';
import { parseRuleSettings } from '../../server/src/service/diagnostics/settings';
import { ModelCache } from '../../server/src/service/modelCache';
import { LineDocument } from '../../server/src/service/textDocument';
import { CLEAN, replaceLine } from '../diagnostics/fixture';
import { NOT_CANCELLED } from './helpers';

describe('code actions for a message', () => {
  it('copies the quick fixes\' edits, and hands Fix All\'s on as they are', () => {
    const settings = parseRuleSettings(undefined).settings;
    const cache = new ModelCache();
    const diagnostics = new CableDiagnosticsProvider(cache, { ruleSettings: () => settings });
    const codeActions = new CableCodeActionsProvider(diagnostics, () => settings, cache);
    const text = replaceLine(CLEAN, 'TAGS: PREL PGOV ECON KZ', 'TAGS: PREL PGOVECON KZ');
    const doc = LineDocument.create('file:///message.cable', 'cable', 1, text);
    const found = diagnostics.provideDiagnostics(doc, NOT_CANCELLED);
    const all = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = codeActions.provideCodeActions(doc, all, { diagnostics: found, only: ['quickfix', 'source.fixAll'] }, NOT_CANCELLED);
    const quick = actions.find((a) => a.kind === 'quickfix')!;
    const fixAll = actions.find((a) => a.kind === FIX_ALL_KIND)!;
    expect(quick && fixAll).toBeTruthy();
    const sent = actionsForMessage(actions);
    expect(sent).toEqual(actions);
    const edits = (a: CodeAction) => a.edit!.changes![doc.uri]!;
    const sentQuick = sent.find((a) => a.kind === 'quickfix')!;
    // The problem's own edit moves in place (as the incremental parse moves it): the message's does not.
    const before = JSON.stringify(edits(sentQuick));
    const range = edits(quick)[0]!.range;
    const moved = range instanceof Span ? range : undefined;
    if (moved) moveRange(moved, 5);
    else range.start.line += 5;
    expect(JSON.stringify(edits(quick))).not.toBe(before);
    expect(JSON.stringify(edits(sentQuick))).toBe(before);
    expect(edits(sent.find((a) => a.kind === FIX_ALL_KIND)!)).toBe(edits(fixAll));
  });
});

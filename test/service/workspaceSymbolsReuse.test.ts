/**
 * Workspace symbols answer an open document from its current model (the index takes it only after
 * the edit debounce), and summarise only the cables an edit touched: the summaries of the others
 * are the workspace index's, kept per cable object. A query on a large export after a keystroke
 * does not go over its thousands of cables again.
 */
import { describe, expect, it } from 'vitest';
import { ModelCache } from '../../server/src/service/modelCache';
import { readSettings } from '../../server/src/service/settings';
import { LineDocument } from '../../server/src/service/textDocument';
import { summaryCount, WorkspaceIndex } from '../../server/src/service/workspace/workspaceIndex';
import { CableWorkspaceSymbolProvider } from '../../server/src/service/workspaceSymbols';
import { samplesExport } from '../server/connection';

const never = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const settings = () => ({ ...readSettings(undefined), workspaceSymbolsMaxResults: 1_000_000 });
const json = (x: unknown) => JSON.parse(JSON.stringify(x));
const URI = 'file:///large/export.cable';

/** What a fresh service answers for `text` open alone. */
function fresh(text: string, query: string) {
  const doc = LineDocument.create(URI, 'cable', 1, text);
  const cache = new ModelCache();
  return json(new CableWorkspaceSymbolProvider(new WorkspaceIndex(undefined), settings, () => [doc], (d) => cache.get(d)).provideWorkspaceSymbols(query, never));
}

describe('workspace symbols of a large open document', () => {
  it('summarise only the cables an edit touched, and answer as a fresh service does', () => {
    const doc = LineDocument.create(URI, 'cable', 1, samplesExport(60_000));
    const cache = new ModelCache();
    const index = new WorkspaceIndex(undefined);
    const provider = new CableWorkspaceSymbolProvider(index, settings, () => [doc], (d) => cache.get(d));
    const cables = cache.get(doc).cables.length;
    expect(cables).toBeGreaterThan(200);

    // The first query summarises every cable once; the index's update of the same version none.
    let before = summaryCount.cables;
    const first = json(provider.provideWorkspaceSymbols('', never));
    expect(summaryCount.cables - before).toBe(cables);
    expect(first).toEqual(fresh(doc.getText(), ''));
    before = summaryCount.cables;
    index.updateOpenDocument(URI, cache.get(doc));
    expect(summaryCount.cables - before).toBe(0);

    // Keystrokes in the middle and at the end, each queried before the index takes the version.
    const lines = doc.getText().split('\n').length;
    const edits = [
      { line: Math.floor(lines / 2), text: 'x' },
      { line: lines - 3, text: 'Y' },
      { line: 5, text: '\n' },
    ];
    let version = 1;
    for (const e of edits) {
      doc.update([{ range: { start: { line: e.line, character: 0 }, end: { line: e.line, character: 0 } }, text: e.text }], ++version);
      before = summaryCount.cables;
      const answer = json(provider.provideWorkspaceSymbols('', never));
      const made = summaryCount.cables - before;
      expect(made).toBeGreaterThan(0);
      expect(made).toBeLessThanOrEqual(3);
      expect(answer).toEqual(fresh(doc.getText(), ''));
      // Asked again, and the index's update of the version: nothing more.
      before = summaryCount.cables;
      const again = json(provider.provideWorkspaceSymbols('astana', never));
      index.updateOpenDocument(URI, cache.get(doc));
      expect(summaryCount.cables - before).toBe(0);
      expect(again.length).toBeGreaterThan(0);
      expect(again).toEqual(fresh(doc.getText(), 'astana'));
    }
  });
});

/**
 * The workspace index's summary of an open document reuses the summaries of the cables an edit did
 * not touch (the incremental parse keeps their objects), and updates its reference-ID look-up only
 * for the cables between. After random edits it answers what a fresh index of the final text does.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { ModelCache } from '../../server/src/service/modelCache';
import { readSettings } from '../../server/src/service/settings';
import { LineDocument } from '../../server/src/service/textDocument';
import { WorkspaceIndex } from '../../server/src/service/workspace/workspaceIndex';
import { CableWorkspaceSymbolProvider } from '../../server/src/service/workspaceSymbols';
import { rng } from '../random';
import { SAMPLES } from './helpers';

const texts = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.cable'))
  .sort()
  .map((f) => readFileSync(join(SAMPLES, f), 'utf8').replace(/\r\n?/g, '\n'));

// Line breaks and deleted lines move later cables; a table or banner starts one (09ANKARA1549 twice in a file: counted keys).
const INSERTS = ['\n', '\n\n\n', 'x', 'VZCZCXRO4321\n', 'Reference ID Created Released Classification Origin\n09ANKARA1549 2009-11-03 13:37 2011-08-30 01:44 CONFIDENTIAL Embassy Ankara\n\n', 'SUBJECT: A NEW SUBJECT\n', 'CONFIDENTIAL ANKARA 001549\n\n', '7'];

function randomChange(lines: string[], r: () => number) {
  const line = Math.floor(r() * lines.length);
  const character = r() < 0.5 ? 0 : Math.floor(r() * (lines[line].length + 1));
  if (r() < 0.3) {
    const end = Math.min(lines.length - 1, line + 1 + Math.floor(r() * 8));
    return { range: { start: { line, character: 0 }, end: { line: end, character: 0 } }, text: '' };
  }
  return { range: { start: { line, character }, end: { line, character } }, text: INSERTS[Math.floor(r() * INSERTS.length)] };
}

const json = (x: unknown) => JSON.parse(JSON.stringify(x));
const never = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const settings = () => ({ ...readSettings(undefined), workspaceSymbolsMaxResults: 1_000_000 });

/** What an index answers: every file's summary, the workspace symbols (read from the index), and findCable for each key given. */
function answers(index: WorkspaceIndex, keys: ReadonlyArray<{ post: string; serial: number }>) {
  const symbols = new CableWorkspaceSymbolProvider(index, settings).provideWorkspaceSymbols('', never);
  const found = keys.map((k) => ({ k, hits: index.findCable(k.post, k.serial).map((h) => ({ uri: h.uri, id: h.cable.referenceId, range: h.cable.referenceRange })) }));
  return json({ files: [...index.allFiles()].sort((a, b) => a.uri.localeCompare(b.uri)), symbols, found });
}

function keysOf(...indexes: WorkspaceIndex[]) {
  const keys = new Map<string, { post: string; serial: number }>();
  for (const index of indexes) for (const f of index.allFiles()) for (const c of f.cables) if (c.post && c.serial !== undefined) keys.set(`${c.post}|${c.serial}`, { post: c.post, serial: c.serial });
  return [...keys.values()];
}

describe('the workspace index of an open document after edits', () => {
  it('answers as a fresh index of the final text, reusing the untouched cables’ summaries', () => {
    let reused = 0;
    for (let seed = 900; seed < 905; seed++) {
      const r = rng(seed);
      const cache = new ModelCache();
      const index = new WorkspaceIndex(undefined);
      const parts: string[] = [];
      // The samples twice over: every reference ID twice in the file.
      for (let i = 0; i < 2 * texts.length; i++) parts.push(texts[(seed + i) % texts.length]);
      const docs = [LineDocument.create(`file:///ws/a-${seed}.cable`, 'cable', 1, parts.join('\n\n')), LineDocument.create('file:///ws/09ANKARA1549.cable', 'cable', 1, parts.slice(0, 4).join('\n\n'))];
      for (const doc of docs) index.updateOpenDocument(doc.uri, cache.get(doc));
      // The text the index last saw of each document (a version it never saw leaves the one before).
      const indexed = new Map(docs.map((d) => [d.uri, d.getText()]));
      const seen = keysOf(index);
      for (let v = 2; v <= 20; v++) {
        const doc = docs[r() < 0.75 ? 0 : 1];
        const before = [...index.allFiles()].find((f) => f.uri === doc.uri)!.cables;
        doc.update([randomChange(doc.lines, r)], v);
        if (r() < 0.2) continue; // a version the index never saw
        index.updateOpenDocument(doc.uri, cache.get(doc));
        indexed.set(doc.uri, doc.getText());
        const after = [...index.allFiles()].find((f) => f.uri === doc.uri)!.cables;
        reused += after.filter((c) => before.includes(c)).length;
        const fresh = new WorkspaceIndex(undefined);
        for (const [uri, text] of indexed) fresh.updateOpenDocument(uri, parseCable(text));
        for (const k of keysOf(index, fresh)) if (!seen.some((s) => s.post === k.post && s.serial === k.serial)) seen.push(k);
        expect(answers(index, seen), `seed ${seed} v${v}`).toEqual(answers(fresh, seen));
      }
      // Closed, a document leaves the index (no file on disk), and its keys find nothing.
      for (const doc of docs) void index.closeDocument(doc.uri, false);
      expect([...index.allFiles()]).toEqual([]);
      for (const k of seen) expect(index.findCable(k.post, k.serial)).toEqual([]);
    }
    // Not everything summarized again: most cables' summaries are the objects of the version before.
    expect(reused).toBeGreaterThan(500);
  });
});

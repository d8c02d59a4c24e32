import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../server/src/service/codeActions/edits';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service';
import { FIX_ALL_KIND } from '../../server/src/service/codeActions/provider';
import { docFromText, NOT_CANCELLED } from '../service/helpers';
import { CLEAN, replaceLine } from './fixture';

// The diagnostics and code-action providers as the language service runs them.
const svc = createLanguageService({ ruleDocs: (r) => `file:///docs/rules.md#${r.code.toLowerCase()}-${r.name}` });
const docOf = (text: string) => docFromText(text);
const getDiagnostics = (doc: ReturnType<typeof docOf>, token = NOT_CANCELLED) => svc.computeDiagnostics(doc, token) as Array<Diagnostic & { data: { rule: string; fixable: boolean } }>;
const getCodeActions = (doc: ReturnType<typeof docOf>, _range: unknown, context: { diagnostics: Diagnostic[]; only?: string[] }) => svc.getCodeActions(doc, _range as Diagnostic['range'], context, NOT_CANCELLED);
const getFixAllEdits = (doc: ReturnType<typeof docOf>) => svc.getFixAllEdits(doc, NOT_CANCELLED);

// Two page markers inside paragraphs and a split word.
const DAMAGED = replaceLine(
  replaceLine(CLEAN, 'policy, saying that "Russia has always been and remains Kazakhstan\'s ', ['policy, saying that "Russia has always been and rema', 'ins Kazakhstan\'s ']),
  'reliable ally, economic partner, and good neighbor." ',
  ['reliable ally, economic partner, and good ', ' ', 'ASTANA 00002318  002 OF 002 ', ' ', ' ', 'neighbor." '],
);

describe('diagnostics over LSP', () => {
  it('carry code, source, a documentation link and the rule', () => {
    const d = getDiagnostics(docOf(DAMAGED));
    const split = d.find((x) => x.code === 'CBL303')!;
    expect(split).toMatchObject({ source: 'cable', severity: 2, data: { rule: 'split-word', fixable: true } });
    expect(split.codeDescription!.href).toMatch(/rules\.md#cbl303-split-word$/);
    expect(split.message).toContain('remains');
  });

  it("share one data and one link object among a rule's problems (and keep them apart from other rules')", () => {
    const d = getDiagnostics(docOf(DAMAGED));
    const markers = d.filter((x) => x.code === 'CBL301');
    expect(markers.length).toBeGreaterThan(1);
    expect(markers[1].data).toBe(markers[0].data);
    expect(markers[1].codeDescription).toBe(markers[0].codeDescription);
    const split = d.find((x) => x.code === 'CBL303')!;
    expect(split.data).not.toBe(markers[0].data);
    expect(split.codeDescription).not.toEqual(markers[0].codeDescription);
  });

  it('stop early on a cancelled token', () => {
    expect(getDiagnostics(docOf(DAMAGED), { isCancellationRequested: true })).toEqual([]);
  });
});

describe('code actions', () => {
  it('offer the preferred quick fix and a fix-all of the kind', () => {
    const doc = docOf(DAMAGED);
    const diags = getDiagnostics(doc);
    const marker = diags.find((x) => x.code === 'CBL301')!;
    const actions = getCodeActions(doc, marker.range, { diagnostics: [marker] });
    expect(actions.map((a) => [a.kind, a.isPreferred ?? false])).toEqual([
      ['quickfix', true],
      ['quickfix', false],
    ]);
    expect(actions[1]!.title).toMatch(/Fix all page-marker-in-paragraph problems in this file \(2\)/);
    const one = applyEdits(DAMAGED, actions[0]!.edit!.changes![doc.uri]!).text;
    expect(getDiagnostics(docOf(one)).filter((x) => x.code === 'CBL301')).toHaveLength(1);
    const all = applyEdits(DAMAGED, actions[1]!.edit!.changes![doc.uri]!).text;
    expect(getDiagnostics(docOf(all)).filter((x) => x.code === 'CBL301')).toHaveLength(0);
  });

  it('give source.fixAll.cable only when asked, with minimal edits that fix everything', () => {
    const doc = docOf(DAMAGED);
    expect(getCodeActions(doc, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { diagnostics: [] })).toEqual([]);
    const [fixAll] = getCodeActions(doc, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { diagnostics: [], only: ['source.fixAll'] });
    expect(fixAll!.kind).toBe(FIX_ALL_KIND);
    const edits = fixAll!.edit!.changes![doc.uri]!;
    // The header is not touched: every edit is in the body.
    expect(Math.min(...edits.map((e) => e.range.start.line))).toBeGreaterThan(24);
    const fixed = applyEdits(DAMAGED, edits).text;
    expect(fixed).toContain('and remains Kazakhstan');
    expect(getDiagnostics(docOf(fixed)).filter((x) => x.data.fixable)).toEqual([]);
    expect(getFixAllEdits(doc)).toEqual(edits);
  });

  it('fade web-page text instead of squiggling it (hint, Unnecessary), in one range per run', () => {
    const d = getDiagnostics(docOf('Leave a Reply\n\nAdvertisements\n' + CLEAN)).filter((x) => x.code === 'CBL401');
    expect(d.map((x) => [x.severity, x.tags, x.range.start.line, x.range.end.line])).toEqual([[4, [1], 0, 2]]);
  });

  it('ignore diagnostics of other sources and unknown ranges', () => {
    const doc = docOf(DAMAGED);
    const r = { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } };
    expect(getCodeActions(doc, r, { diagnostics: [{ range: r, code: 'CBL303', source: 'other', message: '' }, { range: r, code: 'CBL303', source: 'cable', message: '' }] })).toEqual([]);
  });
});

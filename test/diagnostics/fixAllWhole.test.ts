/**
 * Fix All where the text is read whole at each pass (codeActions/byCable.ts, readWhole): a text
 * not kept as lines (Fix All in Workspace's closed files), a document whose parse was whole (no
 * table, routing block or banner anywhere), or a fix that leaves no cable start to read from. It
 * was fixText on the whole text at once (a stall of seconds on a large export); it reads the
 * text a cable at a time with a pause after each, and gives the text fixText gives.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { parseLines } from '../../server/src/parser/parser';
import { splitLines } from '../../server/src/parser/text';
import { fixAllByCable, linesOfText } from '../../server/src/service/codeActions/byCable';
import { fixText } from '../../server/src/service/codeActions/fixAll';
import { CableCodeActionsProvider } from '../../server/src/service/codeActions/provider';
import { checkDocument } from '../../server/src/service/diagnostics/engine';
import { CableDiagnosticsProvider } from '../../server/src/service/diagnostics/provider';
import { parseRuleSettings } from '../../server/src/service/diagnostics/settings';
import type { CableProblem, TextEdit } from '../../server/src/service/diagnostics/types';
import { ModelCache } from '../../server/src/service/modelCache';
import { runToEnd } from '../../server/src/service/slices';
import { LineDocument, splitWithEnds } from '../../server/src/service/textDocument';
import { HAVE_SHARED, plainTexts } from '../parser/helpers';
import { NOT_CANCELLED } from '../service/helpers';
import { CLEAN, replaceLine } from './fixture';

const { corpus } = plainTexts();
const applied = (text: string, edits: TextEdit[]) => TextDocument.applyEdits(TextDocument.create('file:///x', 'cable', 1, text), edits);
const bounds = (steps: ReadonlyArray<{ from: number; start: number; to: number; next: number }>) => steps.map((s) => [s.from, s.start, s.to, s.next]);
const fixes = (ps: readonly CableProblem[]) => JSON.stringify(ps.map((p) => [p.rule.name, p.range, p.fix!.edits]));

/** The clean cable with two fixable problems: a TAGS join and an apostrophe turned into a comma. */
const DAMAGED = replaceLine(
  replaceLine(CLEAN, 'TAGS: PREL PGOV ECON KZ', 'TAGS: PREL PGOVECON KZ'),
  "4.  (C)  COMMENT: Nazarbayev clearly laid out Kazakhstan's ",
  '4.  (C)  COMMENT: Nazarbayev clearly laid out Kazakhstan,s ',
);

/**
 * Fix All with no steps given, as for a text whose parse was whole or not kept: the edits, and
 * how many passes read the whole text. After each pass its lines, steps and fixable problems are
 * those of a whole parse of its text.
 */
function readWhole(text: string, what: string): { edits: TextEdit[] | undefined; passes: number } {
  const src = runToEnd(linesOfText(text));
  const split = splitLines(text);
  const parse = parseLines(split.lines, split.eol, split.bom);
  let passes = 0;
  const edits = fixAllByCable(src, undefined, checkDocument(parse.doc), undefined, (state) => {
    passes++;
    const again = splitLines(state.lines.map((l, i) => l + state.ends[i]).join(''));
    expect(state.lines, `${what}, pass ${passes}: lines`).toEqual(again.lines);
    const whole = parseLines(again.lines, again.eol, split.bom);
    expect(bounds(state.steps), `${what}, pass ${passes}: steps`).toEqual(bounds(whole.steps));
    expect(fixes(state.fixable), `${what}, pass ${passes}: fixable problems`).toBe(fixes(checkDocument(whole.doc).filter((p) => p.fix)));
  });
  return { edits, passes };
}

describe('Fix All reading the whole text at each pass', () => {
  it('splits a text as splitLines does, with each line\'s end and the BOM apart', () => {
    for (const text of ['', 'a', '\ufeffa\r\nb\rc\n\nd', 'x\r\r\n\n\r', '\ufeff', 'last\n']) {
      const src = runToEnd(linesOfText(text));
      const split = splitLines(text);
      expect(src.lines, JSON.stringify(text)).toEqual(split.lines);
      expect(src.bom).toBe(split.bom);
      expect(src.lines.map((_, l) => src.endOf(l))).toEqual(splitWithEnds(text.replace(/^\ufeff/, '')).ends);
    }
    // A long text pauses as it is split.
    const steps = linesOfText('line\n'.repeat(200000));
    let pauses = 0;
    while (!steps.next().done) pauses++;
    expect(pauses).toBeGreaterThan(2);
  });

  it('on the corpus joined into exports, given no steps: the fixed text of fixText', () => {
    let changed = 0;
    for (let i = 0; i < corpus.length; i += 80) {
      const text = corpus.slice(i, i + 20).join('\n\n');
      const want = fixText(text);
      const { edits, passes } = readWhole(text, `cables ${i}-${i + 19}`);
      expect(edits, `cables ${i}`).toBeDefined();
      expect(applied(text, edits!), `cables ${i}`).toBe(want.text);
      if (want.changed) {
        changed++;
        expect(passes).toBeGreaterThan(0);
      }
    }
    expect(changed).toBeGreaterThan(HAVE_SHARED ? 5 : 0);
  });

  it('on texts whose first cable only the fallback finds (a parse that is whole), with every kind of line end', () => {
    // The cable's text without its table, routing block and banner: its subject block starts it.
    const body = DAMAGED.split('\n').slice(DAMAGED.split('\n').indexOf('TAGS: PREL PGOVECON KZ')).join('\n');
    for (const [copies, eol] of [
      [3, '\n'],
      [5, '\r\n'],
      [4, '\r'],
    ] as const) {
      const text = Array.from({ length: copies }, () => body).join('\n\n').replace(/\n/g, eol);
      const split = splitLines(text);
      expect(parseLines(split.lines, split.eol, split.bom).whole).toBe(true);
      const want = fixText(text);
      expect(want.changed).toBe(true);
      const doc = LineDocument.create('file:///whole.cable', 'cable', 1, text);
      const edits = fixAllByCable(doc, undefined, checkDocument(parseLines(split.lines, split.eol, split.bom).doc));
      expect(applied(text, edits!), `${copies} × ${JSON.stringify(eol)}`).toBe(want.text);
      expect(applied(text, readWhole(text, `${copies} copies`).edits!)).toBe(want.text);
    }
  });
});

/** The provider as the service makes it, with a model cache of its own. */
function provider() {
  const settings = parseRuleSettings(undefined).settings;
  const cache = new ModelCache();
  const diagnostics = new CableDiagnosticsProvider(cache, { ruleSettings: () => settings });
  return { codeActions: new CableCodeActionsProvider(diagnostics, () => settings, cache), diagnostics };
}

describe('Fix All in slices on a text not kept as lines (Fix All in Workspace)', () => {
  const text = Array.from({ length: 120 }, (_, i) => (i % 2 === 0 ? DAMAGED : CLEAN)).join('\n\n');

  it('pauses between the cables of each pass, and gives the fixed text of fixText', async () => {
    const { codeActions, diagnostics } = provider();
    const doc = TextDocument.create('file:///closed.cable', 'cable', -1, text);
    diagnostics.problems(doc, NOT_CANCELLED);
    let pauses = 0;
    const edits = await codeActions.provideFixAllEditsInSlices(doc, NOT_CANCELLED, 0, () => pauses++);
    // Every cable is read again once (the pass after the first), with a pause after each.
    expect(pauses).toBeGreaterThan(120);
    expect(applied(text, edits!)).toBe(fixText(text).text);
    expect(edits).toEqual(codeActions.provideFixAllEdits(doc, NOT_CANCELLED));
  });

  it('with a BOM and \\r\\n line ends: the fixed text of fixText, BOM kept', async () => {
    const { codeActions, diagnostics } = provider();
    const bommed = '\ufeff' + text.replace(/\n/g, '\r\n');
    const doc = TextDocument.create('file:///closed-bom.cable', 'cable', -1, bommed);
    diagnostics.problems(doc, NOT_CANCELLED);
    const edits = await codeActions.provideFixAllEditsInSlices(doc, NOT_CANCELLED, 0);
    const want = fixText(bommed);
    expect(want.changed).toBe(true);
    expect(applied(bommed, edits!)).toBe(want.text);
  });

  it('stops at the first pause after the request is cancelled', async () => {
    const { codeActions, diagnostics } = provider();
    const doc = TextDocument.create('file:///closed-cancelled.cable', 'cable', -1, text);
    diagnostics.problems(doc, NOT_CANCELLED);
    let cancelled = false;
    let pauses = 0;
    const result = await codeActions.provideFixAllEditsInSlices(doc, { get isCancellationRequested() { return cancelled; } }, 0, () => {
      if (++pauses === 3) cancelled = true;
    });
    expect(result).toBeUndefined();
    expect(pauses).toBe(3);
  });
});

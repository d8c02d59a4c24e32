/**
 * Fix All cable by cable (codeActions/byCable.ts) against the whole-text loop it replaces in the
 * server (fixText, which `cable fix` still runs): over the corpus joined into multi-cable exports,
 * the samples, and exports that mix damaged cables (fixes that move where a cable starts: a CSV
 * row rewritten as a cable, a banner put on its own line, web-page text taken away, a split word
 * across a page marker that takes two passes) with every kind of line end, the fixed texts must be
 * the same, and the per-cable path must have run (not fallen back to the whole text).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { parseLines } from '../../server/src/parser/parser';
import { splitLines } from '../../server/src/parser/text';
import { createLanguageService } from '../../server/src/service';
import { fixAllByCable } from '../../server/src/service/codeActions/byCable';
import { applyEdits, comparePos, rangesOverlap } from '../../server/src/service/codeActions/edits';
import { fixText, nonOverlappingFixes } from '../../server/src/service/codeActions/fixAll';
import { RULES, RULES_BY_NAME } from '../../server/src/service/diagnostics/catalogue';
import { checkDocument } from '../../server/src/service/diagnostics/engine';
import type { CableProblem, TextEdit } from '../../server/src/service/diagnostics/types';
import { LineDocument } from '../../server/src/service/textDocument';
import { HAVE_SHARED, plainTexts } from '../parser/helpers';
import { rng } from '../random';
import { READ_PAST_THEIR_END } from '../streamFixtures';
import { CLEAN, replaceLine } from './fixture';

const { samples, corpus } = plainTexts();

const MARKER = 'ASTANA 00002318  002 OF 002 ';
/** The clean fixture damaged by each fixable rule in turn; some fixes move a cable's start or need two passes. */
const DAMAGED: string[] = [
  replaceLine(CLEAN, 'C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', 'CC O N F I D E N T I A L SCTION 01 OF 02 ASTANA 002318 '),
  replaceLine(CLEAN, 'C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', 'C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318SIPDIS'),
  replaceLine(replaceLine(CLEAN, 'RUEHKO/AMEMBASSY TOKYO 0950', 'RUEHKO/AMEMBASSY TOKYO 0950C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318'), 'C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', []),
  replaceLine(CLEAN, 'TAGS: PREL PGOV ECON KZ', 'TAGS: PREL PGOVECON KZ'),
  replaceLine(replaceLine(CLEAN, MARKER, []), "3.  (C)  Nazarbayev reiterated Kazakhstan's multi-vector foreign ", [MARKER, ' ', "3.  (C)  Nazarbayev reiterated Kazakhstan's multi-vector foreign "]),
  // A split word across a page marker: the marker's join and the word's are one fix after the other.
  replaceLine(replaceLine(CLEAN, MARKER, []), 'policy, saying that "Russia has always been and remains Kazakhstan\'s ', ['policy, saying that "Russia has always been and rema', ' ', MARKER, ' ', 'ins Kazakhstan\'s ']),
  replaceLine(CLEAN, "4.  (C)  COMMENT: Nazarbayev clearly laid out Kazakhstan's ", '4.  (C)  COMMENT: Nazarbayev clearly laid out Kazakhstan,s &new8 '),
  'Leave a Reply\n\nAdvertisements\n' + CLEAN,
  '12,11/24/2008 10:54,08ASTANA2318,"Embassy Astana",CONFIDENTIAL,,"O 241054Z NOV 08\nFM AMEMBASSY ASTANA\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 3923","C O N F I D E N T I A L ASTANA 002318\n\n1. (C) Text, don,t.\n\nHOAGLAND"\n',
];
const PAGE_TEXT = ['Leave a Reply\nFill in your details below or click an icon to log in:\n', 'Advertisements\n', '\n\n\n'];

type Eol = 'lf' | 'crlf' | 'mixed' | 'cr';
function withEnds(text: string, eol: Eol, r: () => number): string {
  if (eol === 'lf') return text;
  if (eol === 'crlf') return text.replace(/\n/g, '\r\n');
  const kinds = eol === 'cr' ? ['\n', '\r\n', '\r'] : ['\n', '\r\n'];
  return text.replace(/\n/g, () => kinds[Math.floor(r() * kinds.length)]);
}

const bounds = (steps: ReadonlyArray<{ from: number; start: number; to: number; next: number }>) => steps.map((s) => [s.from, s.start, s.to, s.next]);
const fixes = (ps: readonly CableProblem[]) => JSON.stringify(ps.map((p) => [p.rule.name, p.range, p.fix!.edits]));

/**
 * Fix All cable by cable on the parse and problems the diagnostics have; undefined when it fell
 * back. After each pass, its lines are those of its text, and the steps it kept or read again and
 * the fixable problems it found are those of a whole parse of that text.
 */
function byCable(text: string, what: string): TextEdit[] | undefined {
  const doc = LineDocument.create('file:///export.cable', 'cable', 1, text);
  const split = splitLines(text);
  const parse = parseLines(split.lines, split.eol, split.bom);
  let pass = 0;
  // As the server has them: no steps for a parse that was whole (each pass reads the whole text).
  return fixAllByCable(doc, parse.whole ? undefined : parse.steps, checkDocument(parse.doc), undefined, (state) => {
    pass++;
    const joined = state.lines.map((l, i) => l + state.ends[i]).join('');
    const again = splitLines(joined);
    expect(state.lines, `${what}, pass ${pass}: lines`).toEqual(again.lines);
    const whole = parseLines(again.lines, again.eol, split.bom);
    expect(bounds(state.steps), `${what}, pass ${pass}: steps`).toEqual(bounds(whole.steps));
    expect(fixes(state.fixable), `${what}, pass ${pass}: fixable problems`).toBe(fixes(checkDocument(whole.doc).filter((p) => p.fix)));
  });
}

const applied = (text: string, edits: TextEdit[]) => TextDocument.applyEdits(TextDocument.create('file:///x', 'cable', 1, text), edits);

/** Both ways on one text: the same fixed text. Returns what the whole-text loop did. */
function same(text: string, what: string): ReturnType<typeof fixText> {
  const want = fixText(text);
  const edits = byCable(text, what);
  expect(edits, `${what}: fell back to the whole text`).toBeDefined();
  const got = applied(text, edits!);
  if (got !== want.text) {
    const a = got.split('\n');
    const b = want.text.split('\n');
    let l = 0;
    while (l < a.length && a[l] === b[l]) l++;
    expect(JSON.stringify(a.slice(l, l + 3)), `${what}: first different line ${l}`).toBe(JSON.stringify(b.slice(l, l + 3)));
  }
  return want;
}

describe('Fix All cable by cable gives the fixed text of the whole-text loop', () => {
  it('on the corpus joined into exports (\\n, \\r\\n and mixed line ends)', () => {
    let multi = 0;
    let changed = 0;
    // Every cable in an export of 25 with \n; a third of them again with \r\n, and mixed.
    for (const [size, eol, every] of [
      [25, 'lf', 1],
      [12, 'crlf', 3],
      [8, 'mixed', 3],
    ] as const) {
      const r = rng(size);
      for (let i = 0, n = 0; i < corpus.length; i += size, n++) {
        if (n % every !== 0) continue;
        const text = withEnds(corpus.slice(i, i + size).join('\n\n'), eol, r);
        const want = same(text, `cables ${i}-${i + size - 1} (${eol})`);
        if (want.passes > 1) multi++;
        if (want.changed) changed++;
      }
    }
    expect(changed).toBeGreaterThan(HAVE_SHARED ? 50 : 0);
    if (HAVE_SHARED) expect(multi).toBeGreaterThan(0);
  });

  it('on the samples, and on exports that mix damaged cables, page text and every line end', () => {
    same(samples.join('\n'), 'the samples');
    let multi = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed);
      const parts: string[] = [];
      const count = 3 + Math.floor(r() * 6);
      if (r() < 0.3) parts.push(PAGE_TEXT[Math.floor(r() * PAGE_TEXT.length)]);
      for (let k = 0; k < count; k++) {
        const kind = r();
        // A printout whose parse reads through the next cables for its routing block, now and then.
        parts.push(kind < 0.1 ? READ_PAST_THEIR_END : kind < 0.55 ? DAMAGED[Math.floor(r() * DAMAGED.length)] : corpus[Math.floor(r() * corpus.length)]);
        const sep = r();
        parts.push(sep < 0.2 ? PAGE_TEXT[Math.floor(r() * PAGE_TEXT.length)] : sep < 0.4 ? '\n' : '\n\n');
      }
      if (r() < 0.3) parts.push(PAGE_TEXT[Math.floor(r() * PAGE_TEXT.length)]);
      const eol = (['lf', 'crlf', 'mixed', 'cr'] as const)[seed % 4];
      const text = (seed % 5 === 0 ? '\ufeff' : '') + withEnds(parts.join(''), eol, r);
      if (same(text, `seed ${seed} (${eol})`).passes > 1) multi++;
    }
    expect(multi).toBeGreaterThan(0);
  });

  it('on exports with cable starts, markers and damage put in at random lines', () => {
    const PUT = ['VZCZCXRO4321\n', 'Reference ID Created Released Classification Origin\n', 'C O N F I D E N T I A L SECTION 01 OF 02 ANKARA 001234 \n', 'P 021125Z JUL 08\nFM AMEMBASSY ANKARA\n', 'SUBJECT: A NEW SUBJECT\n', '1. (C) A new paragraph.\n', 'Leave a Reply\n', `${MARKER}\n`, 'Syria,s &big8 news\n', 'TAGS: PRELPGOV\n', '\n\n'];
    let fixed = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const r = rng(seed);
      const parts: string[] = [];
      for (let k = 0; k < 5; k++) parts.push(r() < 0.15 ? READ_PAST_THEIR_END : r() < 0.3 ? CLEAN : corpus[Math.floor(r() * corpus.length)]);
      const lines = parts.join('\n\n').split('\n');
      for (let k = 0; k < 8; k++) lines.splice(Math.floor(r() * lines.length), 0, ...PUT[Math.floor(r() * PUT.length)].split('\n').slice(0, -1));
      const text = lines.join('\n');
      // A text whose first cable is found only by the fallback is read whole at every pass.
      if (same(text, `seed ${seed}`).changed) fixed++;
    }
    expect(fixed).toBeGreaterThan(100);
  });

  it('on each damaged cable between two corpus cables, where a fix moves a cable boundary', () => {
    const applied = new Set<string>();
    for (let d = 0; d < DAMAGED.length; d++) {
      for (const eol of ['lf', 'crlf', 'cr'] as const) {
        const want = same(withEnds([corpus[d], DAMAGED[d], DAMAGED[(d + 3) % DAMAGED.length], corpus[d + 1]].join('\n\n'), eol, rng(d)), `damage ${d} (${eol})`);
        for (const rule of Object.keys(want.applied)) applied.add(rule);
      }
    }
    // Every rule with a fix had its fix applied.
    expect([...applied].sort()).toEqual(RULES.filter((r) => r.fixable).map((r) => r.name).sort());
  });
});

describe('nonOverlappingFixes', () => {
  it('picks what reading every edit picked before picks (random fixes of one to three edits, empty ones among them)', () => {
    const rule = RULES_BY_NAME.get('page-marker')!;
    const slow = (ps: CableProblem[]) => {
      const edits: TextEdit[] = [];
      const chosen: CableProblem[] = [];
      for (const p of ps) {
        if (p.fix!.edits.some((e) => edits.some((x) => rangesOverlap(x.range, e.range)))) continue;
        edits.push(...p.fix!.edits);
        chosen.push(p);
      }
      return chosen;
    };
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const pos = () => ({ line: Math.floor(r() * 6), character: Math.floor(r() * 4) });
      const problems: CableProblem[] = [];
      for (let k = 0; k < 2 + Math.floor(r() * 25); k++) {
        const edits: TextEdit[] = [];
        for (let n = 0; n < 1 + Math.floor(r() * 3); n++) {
          const a = pos();
          const b = r() < 0.3 ? a : pos();
          const [start, end] = comparePos(a, b) <= 0 ? [a, b] : [b, a];
          edits.push({ range: { start, end }, newText: 'x' });
        }
        problems.push({ rule, severity: 'warning', range: edits[0].range, message: `${k}`, fix: { title: 't', edits } });
      }
      expect(nonOverlappingFixes(problems).problems.map((p) => p.message), `seed ${seed}`).toEqual(slow(problems).map((p) => p.message));
    }
  });
});

describe('Fix All cable by cable: edits where a lone \\r meets a \\n', () => {
  it('cut the lines as the text they make is cut (a \\n put after a line ended by \\r, a line between \\r and \\n emptied)', () => {
    const rule = RULES_BY_NAME.get('page-marker')!;
    let joins = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed);
      const ends = ['\n', '\r\n', '\r'];
      const text = [corpus[seed % corpus.length], corpus[(seed * 7) % corpus.length], corpus[(seed * 13) % corpus.length]].join('\n\n').replace(/\n/g, () => ends[Math.floor(r() * ends.length)]);
      const doc = LineDocument.create('file:///seams.cable', 'cable', 1, text);
      const split = splitLines(text);
      const parse = parseLines(split.lines, split.eol, split.bom);
      // Edits (as fixes) at the lines after a lone \r: the seams a region must take its line before for.
      const afterCr = split.lines.flatMap((_, l) => (l > 0 && doc.endOf(l - 1) === '\r' ? [l] : []));
      const problems: CableProblem[] = [];
      for (let k = 0; k < 6 && afterCr.length; k++) {
        const l = afterCr[Math.floor(r() * afterCr.length)];
        const at = { line: l, character: 0 };
        const edit =
          r() < 0.5
            ? { range: { start: at, end: at }, newText: ['\n', '\nx', '\r\n', 'y\r'][Math.floor(r() * 4)] }
            : { range: { start: at, end: { line: l, character: split.lines[l].length } }, newText: '' };
        problems.push({ rule, severity: 'warning', range: { start: at, end: at }, message: 'seam', fix: { title: 'seam', edits: [edit] } });
      }
      problems.sort((a, b) => a.range.start.line - b.range.start.line);
      let first = true;
      fixAllByCable(doc, parse.steps, problems, undefined, (state) => {
        if (!first) return;
        first = false;
        const joined = state.lines.map((l, i) => l + state.ends[i]).join('');
        expect(joined, `seed ${seed}`).toBe(applyEdits(text, nonOverlappingFixes(problems).edits).text);
        const again = splitLines(joined);
        // A \r\n the text had nowhere, nor the edits: a lone \r and a \n met.
        const crlfs = (t: string) => t.split('\r\n').length - 1;
        joins += crlfs(joined) - crlfs(text) - problems.reduce((n, p) => n + crlfs(p.fix!.edits[0].newText), 0);
        expect(state.lines, `seed ${seed}: lines`).toEqual(again.lines);
        expect(bounds(state.steps), `seed ${seed}: steps`).toEqual(bounds(parseLines(again.lines, again.eol, false).steps));
      });
    }
    expect(joins).toBeGreaterThan(5);
  });
});

describe('Fix All in the language service on a document kept as lines', () => {
  it('never joins the text, and gives the fixed text of fixText', () => {
    const svc = createLanguageService({});
    const never = { isCancellationRequested: false };
    const text = [corpus[3], DAMAGED[5], corpus[4], DAMAGED[8], corpus[5], DAMAGED[2]].join('\n\n');
    const doc = LineDocument.create('file:///kept.cable', 'cable', 1, text);
    let joined = 0;
    const getText = doc.getText.bind(doc);
    doc.getText = () => (joined++, getText());
    svc.computeDiagnostics(doc, never);
    const edits = svc.getFixAllEdits(doc, never);
    expect(joined).toBe(0);
    expect(edits.length).toBeGreaterThan(3);
    expect(applied(text, edits)).toBe(fixText(text).text);
    // The edits are the changed runs of lines only: the cables without a fixable problem are not touched.
    const untouched = text.split('\n').length - edits.reduce((n, e) => n + e.range.end.line - e.range.start.line, 0);
    expect(untouched).toBeGreaterThan(text.split('\n').length / 2);
  });

  it('after edits the incremental parse took (steps moved, their cables not yet), as on the final text', () => {
    const svc = createLanguageService({});
    const never = { isCancellationRequested: false };
    for (let seed = 1; seed <= 4; seed++) {
      const r = rng(seed);
      const text = [corpus[seed], DAMAGED[seed], corpus[seed + 10], DAMAGED[seed + 3], corpus[seed + 20], corpus[seed + 30]].join('\n\n');
      const doc = LineDocument.create(`file:///edited-${seed}.cable`, 'cable', 1, text);
      svc.computeDiagnostics(doc, never);
      for (let v = 2; v <= 6; v++) {
        // Lines put in or taken out near the top: every later cable moves.
        const line = Math.floor(r() * 30);
        const change = r() < 0.5 ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'x\n\n' } : { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' };
        doc.update([change], v);
        svc.computeDiagnostics(doc, never);
        const now = doc.getText();
        // Fix All must not join the text.
        doc.getText = () => {
          throw new Error('joined');
        };
        const edits = svc.getFixAllEdits(doc, never);
        doc.getText = LineDocument.prototype.getText.bind(doc);
        expect(applied(now, edits), `seed ${seed} v${v}`).toBe(fixText(now).text);
      }
    }
  });
});

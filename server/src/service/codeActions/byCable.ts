/**
 * Fix All on a document kept as lines (the server's LineDocument), cable by cable: the same loop
 * as fixText (fixAll.ts: check, apply the non-overlapping fixes, parse again, until nothing
 * fixable is left), without ever joining the text. A 50 MB export's Fix All joined 50 MB, parsed
 * and checked it twice over and diffed the two texts line by line (seconds, gigabytes).
 *
 * - The first pass's problems are the document's diagnostics, already computed cable by cable.
 * - The picked fixes are applied to the lines they touch (and the line before, whose end a `\n`
 *   inserted at a line's start can join with a lone `\r`): a region's lines are joined with their
 *   own ends, edited, and cut again as splitLines cuts them.
 * - The next pass re-reads only the cables around those regions, as the incremental parse does
 *   (parser/incremental.ts, reparse): from one cable and LOOK_BEHIND lines before a region until
 *   the loop reaches, LOOK_BACK lines past it, a state an old step had; the steps between regions
 *   are kept (their bounds moved). Every cable with a fixable problem, fixed or not (its fix may
 *   have overlapped another), is read again, and so is the text after the last cable (its web-page
 *   text fix reaches back over the blank lines before it): the kept steps have no fixable problem,
 *   so the next pass's fixable problems are those of the steps read again.
 * - The edits handed back are the changed runs of lines, diffed line by line within each run.
 *
 * A fix may cross a cable's bounds (the web-page text at the end of the file takes the blank lines
 * before it, which are the last cable's) or move them (a CSV row rewritten as a table, a banner
 * put on its own line): nothing here assumes a fix stays in its cable; regions are lines, and the
 * re-read cables are found from the lines, as for any edit. Where the incremental parse would read
 * the whole text (a fix near the top leaves no cable start but the fallback's, or makes the text
 * look binary; a document whose own parse was whole: no table, routing block or banner anywhere),
 * the pass reads the whole text, as parseLines does, cable by cable with a pause after each; the
 * next pass goes on from its steps (or reads the whole text again, when it was whole too). A
 * document of 64 lines or fewer is left to fixText (undefined).
 */
import type { CableDocument } from '../../parser';
// Fix All re-reads a region of lines as the incremental parse re-reads an edit: with its bounds.
import { LOOK_BACK, LOOK_BEHIND, SMALL, stepAt } from '../../parser/incremental';
import { BINARY_HEAD_LINES, cableSteps, firstCableStart, linesLookBinary, parseLines, parseStep, type ParseStep } from '../../parser/parser';
import { activeRules, byPosition, checkCableScope, checkDocument, checkDocumentScope, type ActiveRule } from '../diagnostics/engine';
import type { RuleSettings } from '../diagnostics/settings';
import type { CableProblem, TextEdit } from '../diagnostics/types';
import { MAX_PASSES, nonOverlappingFixesInSteps } from './fixAll';
import { diffLines, type Hunk } from './lineDiff';
import { runToEnd } from '../slices';
import { splitWithEnds, splitWithEndsInSteps } from '../textDocument';

/** The document's lines as the parser splits them (BOM-less), each line's own end, and the BOM. */
export interface LinesToFix {
  readonly lines: readonly string[];
  endOf(line: number): string;
  readonly bom: boolean;
}

/**
 * A text's lines as splitLines cuts them (BOM-less), with their ends, for a document not kept as
 * lines; a pause every LINES_PER_PAUSE * 16 lines (a 200 MB text has 4 million).
 */
export function* linesOfText(text: string): Generator<void, LinesToFix> {
  const bom = text.charCodeAt(0) === 0xfeff;
  const { lines, ends } = yield* splitWithEndsInSteps(text, bom ? 1 : 0, LINES_PER_PAUSE * 16);
  return { lines, endOf: (line) => ends[line], bom };
}

/** A step's bounds (parser.ts ParseStep): all the walk reads of a step it keeps. */
interface Bounds {
  from: number;
  start: number;
  to: number;
  next: number;
}

/** What a pass left, for tests: the text's lines and ends, its steps and its fixable problems, as a whole parse of it gives them. */
export interface PassState {
  lines: readonly string[];
  ends: readonly string[];
  steps: readonly Bounds[];
  fixable: readonly CableProblem[];
}

/** Lines changed by a pass: current [a, b) became [na, nb). */
interface Region {
  a: number;
  b: number;
  na: number;
  nb: number;
}

/** Original lines [oa, ob) are now lines [ca, cb). */
interface Change {
  oa: number;
  ob: number;
  ca: number;
  cb: number;
}

/**
 * The edits that fix every fixable problem of the document as fixText would on its whole text
 * (the same text results), or undefined for a document of 64 lines or fewer (see above).
 * `steps` are the document's parse steps, undefined when that parse was whole (parser.ts
 * DocumentParse.whole), and `problems` its problems in order (the diagnostics).
 */
export function fixAllByCable(src: LinesToFix, steps: readonly Bounds[] | undefined, problems: readonly CableProblem[], settings?: RuleSettings, onPass?: (pass: PassState) => void): TextEdit[] | undefined {
  return runToEnd(fixAllByCableInSteps(src, steps, problems, settings, onPass));
}

/** Lines read or copied between two pauses of fixAllByCableInSteps (a few ms at most). */
const LINES_PER_PAUSE = 4096;

/**
 * fixAllByCable as a generator that pauses (yields) after each cable it reads again, each run of
 * LINES_PER_PAUSE lines it copies, and each change it diffs, so that a caller can run it in slices
 * and stop between them (provider.ts: the server's Fix All leaves the event loop to requests, and
 * drops the work when cancelled or when the document changes). Run to its end, it is fixAllByCable.
 * While it is paused, nothing it was given may change: `src`'s lines, `steps`' bounds, `problems`.
 */
export function* fixAllByCableInSteps(src: LinesToFix, steps: readonly Bounds[] | undefined, problems: readonly CableProblem[], settings?: RuleSettings, onPass?: (pass: PassState) => void): Generator<void, TextEdit[] | undefined> {
  const N = src.lines.length;
  if (N <= SMALL) return undefined;
  const active = activeRules(settings);
  let lines = src.lines as string[];
  let ends: string[] = new Array<string>(N);
  let crlf = 0;
  let other = 0;
  for (let l = 0; l < N; l += LINES_PER_PAUSE) {
    const to = Math.min(N, l + LINES_PER_PAUSE);
    const [c, o] = readEnds(src, l, to, ends);
    crlf += c;
    other += o;
    yield;
  }
  let bounds: readonly Bounds[] = steps ?? [];
  // The last parse was whole: the next reads the whole text again, as reparse does after one.
  let whole = !steps || steps.length < 2;
  let fixable = problems.filter((p) => p.fix);
  let changes: Change[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    if (fixable.length === 0) break;
    const pick = yield* nonOverlappingFixesInSteps(fixable);
    if (pick.edits.length === 0) break;
    yield;
    const applied = yield* applyToLines(lines, ends, pick.edits);
    if (!applied.regions.some((r) => r.changed)) break;
    yield;
    for (const r of applied.regions) {
      for (let l = r.a; l < r.b; l++) count(ends[l], -1);
      for (let l = r.na; l < r.nb; l++) count(applied.ends[l], 1);
    }
    yield;
    const newLines = applied.lines;
    const eol: CableDocument['eol'] = crlf > 0 && other > 0 ? 'mixed' : crlf > 0 ? '\r\n' : '\n';
    // Each step read again is checked at once and let go: only its bounds are kept (a 200 MB
    // export's re-read cables are hundreds of MB of model).
    let found: CableProblem[] = [];
    const read = (step: ParseStep) => {
      for (const p of checkStep(newLines, eol, src.bom, step, active, settings)) if (p.fix) found.push(p);
    };
    let walked: Bounds[] | undefined;
    if (!whole) {
      // Re-read: the regions, every cable with a fixable problem, and the text after the last cable.
      const forced: Array<[number, number]> = [];
      const last = lines.length - 1;
      for (let k = 0; k < fixable.length; k++) {
        const p = fixable[k];
        if (k % LINES_PER_PAUSE === LINES_PER_PAUSE - 1) yield;
        let lo = p.range.start.line;
        let hi = p.range.end.line;
        for (const e of p.fix!.edits) {
          lo = Math.min(lo, e.range.start.line);
          hi = Math.max(hi, e.range.end.line);
        }
        forced.push([clampLine(lo, last), clampLine(hi, last)]);
      }
      const tail = bounds[bounds.length - 1];
      forced.push([clampLine(tail.from, last), last]);
      yield;
      const spans = dirtySpans(applied.regions, forced);
      yield;
      if (!(spans.some((s) => s.na < BINARY_HEAD_LINES) && linesLookBinary(newLines))) walked = yield* walk(bounds, newLines, spans, read);
    }
    if (!walked) {
      found = [];
      const all = yield* readWhole(newLines, eol, src.bom, read, settings);
      walked = all.steps;
      whole = all.whole;
      if (all.problems) found = all.problems;
    }
    yield;
    changes = compose(changes, applied.regions.filter((r) => r.changed));
    lines = newLines;
    ends = applied.ends;
    bounds = walked;
    fixable = found.sort(byPosition);
    onPass?.({ lines, ends, steps: bounds, fixable });
    yield;
  }
  return yield* editsOf(src, changes, lines, ends);

  function count(end: string, by: number): void {
    if (end === '\r\n') crlf += by;
    else if (end !== '') other += by;
  }
}

// The loops over every line (or step) of the document, a run of LINES_PER_PAUSE at a time: the
// generators pause between two runs.

/** The ends of lines [from, to) into `ends`; how many are `\r\n`, and how many another end. */
function readEnds(src: LinesToFix, from: number, to: number, ends: string[]): [number, number] {
  let crlf = 0;
  let other = 0;
  for (let l = from; l < to; l++) {
    const e = (ends[l] = src.endOf(l));
    if (e === '\r\n') crlf++;
    else if (e !== '') other++;
  }
  return [crlf, other];
}

/** Lines [from, to) and their ends pushed onto the output. */
function copyLines(lines: readonly string[], ends: readonly string[], from: number, to: number, outLines: string[], outEnds: string[]): void {
  for (let l = from; l < to; l++) {
    outLines.push(lines[l]);
    outEnds.push(ends[l]);
  }
}

/** Steps [from, to) pushed onto `out`, moved by `by` lines. */
function copyMoved(old: readonly Bounds[], from: number, to: number, by: number, out: Bounds[]): void {
  for (let i = from; i < to; i++) {
    const b = old[i];
    out.push({ from: b.from + by, start: b.start < 0 ? -1 : b.start + by, to: b.to + by, next: b.next < 0 ? -1 : b.next + by });
  }
}

function inOrder<T>(xs: readonly T[], cmp: (a: T, b: T) => number): boolean {
  for (let i = 1; i < xs.length; i++) if (cmp(xs[i - 1], xs[i]) > 0) return false;
  return true;
}

function clampLine(line: number, last: number): number {
  return Math.max(0, Math.min(line, last));
}

/** One step's problems, as the diagnostics find them (diagnostics/provider.ts, checkStep). */
function checkStep(lines: string[], eol: CableDocument['eol'], bom: boolean, step: ParseStep, active: readonly ActiveRule[], settings?: RuleSettings): CableProblem[] {
  const view: CableDocument = { cables: step.cable ? [step.cable] : [], outside: step.outside, problems: step.problems, lines, eol, bom, binary: false };
  const found = checkDocumentScope(view, active, { settings });
  if (step.cable) for (const p of checkCableScope(view, step.cable, active, { settings })) found.push(p);
  return found.sort(byPosition);
}

/**
 * applyEdits (edits.ts) on lines: the edits sorted by where they start and end, one that overlaps
 * an edit before it skipped; each run of touched lines (with the line before) joined with its
 * ends, edited, and cut again. New arrays: the document's own are never written.
 */
function* applyToLines(lines: readonly string[], ends: readonly string[], edits: readonly TextEdit[]): Generator<void, { lines: string[]; ends: string[]; regions: Array<Region & { changed: boolean }> }> {
  const n = lines.length;
  const at = (p: { line: number; character: number }) => {
    if (p.line >= n) return { line: n - 1, ch: lines[n - 1].length };
    const line = Math.max(0, p.line);
    return { line, ch: Math.min(Math.max(0, p.character), lines[line].length) };
  };
  const cmp = (x: { line: number; ch: number }, y: { line: number; ch: number }) => x.line - y.line || x.ch - y.ch;
  const order = (x: { s: { line: number; ch: number }; t: { line: number; ch: number }; i: number }, y: typeof x) => cmp(x.s, y.s) || cmp(x.t, y.t) || x.i - y.i;
  const sorted = edits.map((e, i) => ({ s: at(e.range.start), t: at(e.range.end), text: e.newText, i }));
  yield;
  // The picked fixes come in document order, and so, nearly always, do their edits: a sort of the
  // 42,000 edits of a 200 MB export is tens of ms without a pause.
  if (!inOrder(sorted, order)) {
    sorted.sort(order);
    yield;
  }
  const kept: typeof sorted = [];
  let cursor = { line: 0, ch: 0 };
  for (const x of sorted) {
    if (cmp(x.s, cursor) < 0 || cmp(x.t, x.s) < 0) continue;
    kept.push(x);
    cursor = x.t;
  }
  // Runs of lines: an edit's lines and the line before it; runs that share a line are one.
  const groups: Array<{ first: number; last: number; edits: typeof kept }> = [];
  for (const x of kept) {
    const first = Math.max(0, x.s.line - 1);
    const g = groups[groups.length - 1];
    if (g && first <= g.last) {
      g.last = Math.max(g.last, x.t.line);
      g.edits.push(x);
    } else groups.push({ first, last: x.t.line, edits: [x] });
  }
  const outLines: string[] = [];
  const outEnds: string[] = [];
  const regions: Array<Region & { changed: boolean }> = [];
  let copied = 0;
  // Lines copied or joined since the last pause.
  let done = 0;
  for (const g of groups) {
    for (let l = copied; l < g.first; l += LINES_PER_PAUSE) {
      const to = Math.min(g.first, l + LINES_PER_PAUSE);
      copyLines(lines, ends, l, to, outLines, outEnds);
      done += to - l;
      if (done >= LINES_PER_PAUSE) {
        done = 0;
        yield;
      }
    }
    done += g.last - g.first + 1;
    if (done >= LINES_PER_PAUSE) {
      done = 0;
      yield;
    }
    const starts: number[] = [];
    let before = '';
    for (let l = g.first; l <= g.last; l++) {
      starts.push(before.length);
      before += lines[l] + ends[l];
    }
    let after = '';
    let from = 0;
    for (const x of g.edits) {
      const s = starts[x.s.line - g.first] + x.s.ch;
      after += before.slice(from, s) + x.text;
      from = starts[x.t.line - g.first] + x.t.ch;
    }
    after += before.slice(from);
    const cut = splitWithEnds(after);
    // The run ends with its last line's end (no edit reaches into it): the empty piece after it is the next line's start.
    if (g.last < n - 1) {
      cut.lines.pop();
      cut.ends.pop();
    }
    const na = outLines.length;
    for (let k = 0; k < cut.lines.length; k++) {
      outLines.push(cut.lines[k]);
      outEnds.push(cut.ends[k]);
    }
    regions.push({ a: g.first, b: g.last + 1, na, nb: outLines.length, changed: after !== before });
    copied = g.last + 1;
  }
  for (let l = copied; l < n; l += LINES_PER_PAUSE) {
    copyLines(lines, ends, l, Math.min(n, l + LINES_PER_PAUSE), outLines, outEnds);
    yield;
  }
  return { lines: outLines, ends: outEnds, regions };
}


/** A run of lines to read again: old lines [oa, ob] are new lines [na, nb] (inclusive, as a LineEdit). */
interface Span {
  oa: number;
  ob: number;
  na: number;
  nb: number;
}

/** The regions (which moved lines) and the forced lines (old numbering) as sorted, disjoint spans. */
function dirtySpans(regions: readonly Region[], forced: ReadonlyArray<[number, number]>): Span[] {
  type Item = { a: number; b: number; delta: number };
  const byLines = (x: Item, y: Item) => x.a - y.a || x.b - y.b;
  // Both lists are nearly always in order already (the regions always): merged, as a stable sort
  // of the two one after the other would order them, without sorting tens of thousands.
  const fromRegions: Item[] = regions.map((r) => ({ a: r.a, b: r.b, delta: r.nb - r.na - (r.b - r.a) }));
  const fromForced: Item[] = forced.map(([lo, hi]) => ({ a: lo, b: hi + 1, delta: 0 }));
  if (!inOrder(fromRegions, byLines)) fromRegions.sort(byLines);
  if (!inOrder(fromForced, byLines)) fromForced.sort(byLines);
  const items: Item[] = [];
  let x = 0;
  let y = 0;
  while (x < fromRegions.length || y < fromForced.length) {
    if (y >= fromForced.length || (x < fromRegions.length && byLines(fromRegions[x], fromForced[y]) <= 0)) items.push(fromRegions[x++]);
    else items.push(fromForced[y++]);
  }
  const spans: Span[] = [];
  let shift = 0;
  let cur: { a: number; b: number; delta: number } | undefined;
  const close = () => {
    if (!cur) return;
    spans.push({ oa: cur.a, ob: cur.b - 1, na: cur.a + shift, nb: cur.b - 1 + shift + cur.delta });
    shift += cur.delta;
  };
  for (const it of items) {
    if (cur && it.a < cur.b) {
      cur.b = Math.max(cur.b, it.b);
      cur.delta += it.delta;
    } else {
      close();
      cur = { ...it };
    }
  }
  close();
  return spans;
}

/**
 * The steps of the new lines, as parseLines would cut them: the old steps kept (their bounds
 * moved) except around the spans, read again as reparse reads around an edit (see the file's
 * comment); several spans in one walk. Each step read again is handed to `read`. Undefined where
 * reparse would parse the whole text.
 */
function* walk(old: readonly Bounds[], lines: string[], spans: readonly Span[], read: (step: ParseStep) => void): Generator<void, Bounds[] | undefined> {
  const out: Bounds[] = [];
  const after: number[] = [];
  let d = 0;
  for (const sp of spans) after.push((d += sp.nb - sp.na - (sp.ob - sp.oa)));
  const restartFor = (sp: Span) => {
    let k = stepAt(old, sp.oa) - 1;
    while (k > 0 && old[k].from > sp.oa - LOOK_BEHIND) k--;
    return Math.max(k, 0);
  };
  let i = 0;
  let shift = 0;
  let s = 0;
  while (s < spans.length) {
    const k = Math.max(restartFor(spans[s]), i);
    for (; i < k; i += Math.min(k - i, LINES_PER_PAUSE)) {
      copyMoved(old, i, Math.min(k, i + LINES_PER_PAUSE), shift, out);
      yield;
    }
    let from: number;
    let start: number;
    if (k === 0) {
      const first = firstCableStart(lines);
      if (first.fallback || first.start < 0) return undefined;
      from = 0;
      start = first.start;
    } else {
      from = old[k].from + shift;
      start = old[k].start < 0 ? -1 : old[k].start + shift;
    }
    let cur = s;
    for (;;) {
      const step = parseStep(lines, from, start, out.length > 0);
      read(step);
      out.push({ from: step.from, start: step.start, to: step.to, next: step.next });
      yield;
      if (step.start < 0) return out;
      from = step.to;
      start = step.next;
      while (cur + 1 < spans.length && spans[cur + 1].na <= from) cur++;
      if (from < spans[cur].nb + LOOK_BACK) continue;
      // Past the spans entered: does an old step start from this very state?
      const delta = after[cur];
      const j = stepAt(old, from - delta);
      const o = old[j];
      if (j === 0 || o.from !== from - delta || o.start !== (start < 0 ? -1 : start - delta)) continue;
      // The old steps from j on are the new ones up to where the next span's reading starts; when
      // that is before j, the next turn starts from j (k is at least i): the state the walk is in.
      i = j;
      shift = delta;
      s = cur + 1;
      break;
    }
  }
  for (; i < old.length; i += Math.min(old.length - i, LINES_PER_PAUSE)) {
    copyMoved(old, i, Math.min(old.length, i + LINES_PER_PAUSE), shift, out);
    yield;
  }
  return out;
}


/**
 * The steps of the new lines as parseLines cuts them, every one read (and handed to `read`, with a
 * pause after each), where reparse would parse the whole text; `whole` as parseLines says it. A
 * binary text has no steps and a text without a cable one (read at once, as parseLines reads it):
 * their fixable problems are those of the document parseLines makes, in `problems`.
 */
function* readWhole(lines: string[], eol: CableDocument['eol'], bom: boolean, read: (step: ParseStep) => void, settings?: RuleSettings): Generator<void, { steps: Bounds[]; whole: boolean; problems?: CableProblem[] }> {
  const first = linesLookBinary(lines) ? undefined : firstCableStart(lines);
  if (!first || first.start < 0) {
    const parse = parseLines(lines, eol, bom);
    return { steps: parse.steps.map(boundsOf), whole: true, problems: checkDocument(parse.doc, { settings }).filter((p) => p.fix) };
  }
  const steps: Bounds[] = [];
  for (const step of cableSteps(lines, first.start)) {
    read(step);
    steps.push(boundsOf(step));
    yield;
  }
  return { steps, whole: first.fallback };
}

const boundsOf = (step: ParseStep): Bounds => ({ from: step.from, start: step.start, to: step.to, next: step.next });

/** The changes so far followed by a pass's regions (current [a, b) → [na, nb)): runs that meet become one. */
function compose(changes: readonly Change[], regions: readonly Region[]): Change[] {
  const out: Change[] = [];
  let i = 0;
  let j = 0;
  // Current minus original line numbers after the changes passed; next minus current after the regions passed.
  let toOrig = 0;
  let toNext = 0;
  while (i < changes.length || j < regions.length) {
    const takeChange = j >= regions.length || (i < changes.length && changes[i].ca <= regions[j].a);
    const c0 = takeChange ? changes[i].ca : regions[j].a;
    const o0 = c0 - toOrig;
    const n0 = c0 + toNext;
    let c1 = c0;
    for (;;) {
      if (i < changes.length && changes[i].ca <= c1) {
        const c = changes[i++];
        c1 = Math.max(c1, c.cb);
        toOrig += c.cb - c.ca - (c.ob - c.oa);
      } else if (j < regions.length && regions[j].a <= c1) {
        const r = regions[j++];
        c1 = Math.max(c1, r.b);
        toNext += r.nb - r.na - (r.b - r.a);
      } else break;
    }
    out.push({ oa: o0, ob: c1 - toOrig, ca: n0, cb: c1 + toNext });
  }
  return out;
}

/** Each change as the fewest edits: its old and new lines (with their ends) diffed. */
function* editsOf(src: LinesToFix, changes: readonly Change[], lines: readonly string[], ends: readonly string[]): Generator<void, TextEdit[]> {
  const N = src.lines.length;
  const bom = src.bom ? '\ufeff' : '';
  const pos = (l: number) => (l < N ? { line: l, character: 0 } : { line: N - 1, character: src.lines[N - 1].length + (N === 1 ? bom.length : 0) });
  const edits: TextEdit[] = [];
  for (const c of changes) {
    const a: string[] = [];
    for (let l = c.oa; l < c.ob; l++) a.push((l === 0 ? bom : '') + src.lines[l] + src.endOf(l));
    const b: string[] = [];
    for (let l = c.ca; l < c.cb; l++) b.push((l === 0 ? bom : '') + lines[l] + ends[l]);
    for (const h of hunks(a, b)) edits.push({ range: { start: pos(c.oa + h.aStart), end: pos(c.oa + h.aEnd) }, newText: b.slice(h.bStart, h.bEnd).join('') });
    yield;
  }
  return edits;
}

/** Lines this many (old and new, after the same lines at both ends) are one edit rather than diffed: the diff's cost grows with their product. */
const DIFF_LINES = 4000;

/** The changed runs of lines between `a` and `b`: diffLines', or one for a long run. */
function hunks(a: readonly string[], b: readonly string[]): Hunk[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  if (a.length + b.length - 2 * (pre + suf) <= DIFF_LINES) return diffLines(a, b);
  return [{ aStart: pre, aEnd: a.length - suf, bStart: pre, bEnd: b.length - suf }];
}

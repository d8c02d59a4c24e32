/**
 * The incremental parse: after an edit, only the cables the edit touches are read again. A file is
 * a sequence of steps (parser.ts: the outside text before a cable, the cable, its problems), and a
 * step depends only on the loop's state (where it reads from, where its cable starts) and on the
 * lines from there on. So the steps before the edit are kept; the steps from one cable before the
 * edit (a cable's look-ahead may reach into the next) are parsed again, one by one, until the loop
 * reaches a state that an old step had, shifted by the lines the edit added or removed, past the
 * edit: from there on the old steps are what a new parse would give, and their lines are shifted.
 * An edit that splits or merges cables (a `VZCZC`, a table line, a banner) simply makes the loop
 * run on until the states meet again. What the whole text decides (binary or not, a file without
 * table, routing block or banner) is parsed whole.
 */
import { assembleDocument, BINARY_HEAD_LINES, firstCableStart, linesLookBinary, parseLines, parseStep, type DocumentParse, type ParseStep } from './parser';
import type { CableDocument } from './model';
import { Span, TextSpan } from './span';

/**
 * The lines an edit changed: old lines [from, oldTo] became new lines [from, newTo] (inclusive);
 * the lines before `from` are the same, and those after `oldTo` moved by `newTo - oldTo`.
 */
export interface LineEdit {
  from: number;
  oldTo: number;
  newTo: number;
}

/** Two edits one after the other as one: the lines either changed, and what lies between. */
export function composeEdits(first: LineEdit, second: LineEdit): LineEdit {
  // The end of both edits' lines, in the lines between the two edits.
  const end = Math.max(first.newTo, second.oldTo);
  return { from: Math.min(first.from, second.from), oldTo: end - (first.newTo - first.oldTo), newTo: end + (second.newTo - second.oldTo) };
}

/** The model's line numbers: `line` in positions and outside lines, `startLine`/`endLine`, a page marker's join lines. */
const LINE_KEY = /^(?:line|[a-z]+Line|join(?:Before|After))$/;

/** How far before the edit the re-parse starts at least, in lines: the look-aheads of a cable's header reach about 80. */
export const LOOK_BEHIND = 200;
/** Lines a step may read before its own first line, with room to spare. */
export const LOOK_BACK = 20;
/** Files this short are parsed whole: nothing to gain. */
export const SMALL = 64;

export interface ReparseOptions {
  /**
   * Leave the kept steps' objects where they were: only the steps' own line numbers (`from`, `to`,
   * `start`, `next`) move at once, and each step remembers how far its objects lag behind
   * (`lagOf`). The caller settles them (`settleSteps`) before anyone reads the model. A line break
   * in a 200 MB export otherwise walks half the model (about 2 s) before its diagnostics.
   */
  lazy?: boolean;
}

export interface ReparseStats {
  /** Steps parsed again (0 for a whole parse). */
  parsed: number;
  /** Steps kept as they were, and shifted. */
  kept: number;
  shifted: number;
  whole: boolean;
}

/**
 * The parse of `lines` (the text after the edit), from the previous parse of the text before it.
 * The previous parse is consumed: the steps kept after the edit are shifted in place.
 */
export function reparse(prev: DocumentParse, lines: string[], eol: CableDocument['eol'], bom: boolean, edit: LineEdit, stats?: ReparseStats, options: ReparseOptions = {}): DocumentParse {
  const whole = () => {
    if (stats) Object.assign(stats, { parsed: 0, kept: 0, shifted: 0, whole: true });
    return parseLines(lines, eol, bom);
  };
  const old = prev.steps;
  const oldN = old.length ? old[old.length - 1].to : 0;
  const delta = edit.newTo - edit.oldTo;
  if (prev.whole || old.length < 2 || lines.length <= SMALL || oldN <= SMALL || oldN + delta !== lines.length) return whole();
  if (edit.from < BINARY_HEAD_LINES && linesLookBinary(lines)) return whole();

  // The step holding the edit's first line, then one more cable before it and LOOK_BEHIND lines.
  let k = stepAt(old, edit.from) - 1;
  while (k > 0 && old[k].from > edit.from - LOOK_BEHIND) k--;
  let from: number;
  let start: number;
  if (k <= 0) {
    k = 0;
    const first = firstCableStart(lines);
    if (first.fallback || first.start < 0) return whole();
    from = 0;
    start = first.start;
  } else {
    from = old[k].from;
    start = old[k].start;
  }
  const fresh: ParseStep[] = [];
  let cables = k > 0;
  let j = k;
  let tail: ParseStep[] = [];
  for (;;) {
    const step = parseStep(lines, from, start, cables);
    fresh.push(step);
    if (step.cable) cables = true;
    if (step.start < 0) break;
    from = step.to;
    start = step.next;
    // Past the edit by a margin: a step may look a few lines back from where it reads (whether a
    // banner follows a blank line, or a quotation's opening) when it looks for the next cable.
    if (from < edit.newTo + LOOK_BACK) continue;
    // Past the edit: does an old step start from this very state?
    const oldFrom = from - delta;
    while (j < old.length && old[j].from < oldFrom) j++;
    if (j < old.length && old[j].from === oldFrom && old[j].start === (start < 0 ? -1 : start - delta) && (j > 0) === cables) {
      tail = old.slice(j);
      break;
    }
  }
  const steps = old.slice(0, k).concat(fresh, tail);
  if (stats) Object.assign(stats, { parsed: fresh.length, kept: k + tail.length, shifted: delta !== 0 ? tail.length : 0, whole: false });
  if (!options.lazy) {
    // Kept steps may still lag from an earlier lazy parse: the model is settled as a whole one.
    if (delta !== 0) shiftSteps(tail, delta);
    settleSteps(steps);
    return { doc: assembleDocument(lines, eol, bom, steps), steps, whole: false };
  }
  if (delta !== 0) {
    for (const s of tail) {
      moveBounds(s, delta);
      lags.set(s, (lags.get(s) ?? 0) + delta);
    }
  }
  return { doc: assembleDocument(lines, eol, bom, steps, lagOf, () => settleSteps(steps)), steps, whole: false };
}

/** How many lines a step's objects lag behind its bounds (0: settled). */
const lags = new WeakMap<ParseStep, number>();

export function lagOf(step: ParseStep): number {
  return lags.get(step) ?? 0;
}

/**
 * Moves the objects of steps [from, to) that lag to where their bounds say; consecutive steps
 * that lag alike move in one walk (what two steps share moves once). Returns how many moved.
 */
export function settleSteps(steps: readonly ParseStep[], from = 0, to = steps.length): number {
  let moved = 0;
  for (let i = from; i < to; ) {
    const lag = lags.get(steps[i]) ?? 0;
    let j = i + 1;
    while (j < to && (lags.get(steps[j]) ?? 0) === lag) j++;
    if (lag !== 0) {
      const group = steps.slice(i, j);
      shiftLines(group.map((s) => [s.cable, s.outside, s.problems]), lag);
      for (const s of group) lags.delete(s);
      moved += j - i;
    }
    i = j;
  }
  return moved;
}

function moveBounds(s: ParseStep, delta: number): void {
  s.from += delta;
  s.to += delta;
  if (s.start >= 0) s.start += delta;
  if (s.next >= 0) s.next += delta;
}

/**
 * Where a first parse cut short by an edit can go on from: the steps it finished that read only
 * lines far enough before the edit (LOOK_BEHIND for their look-aheads) are those a parse of the
 * new text makes too, and the loop's state after them is where it resumes. A step reads its own
 * lines and, looking for the next cable, those up to `next` (web-page text between two cables
 * can be long): both must lie before. Undefined when nothing can be kept (the edit is near the
 * start, or the first cable starts elsewhere now).
 */
export function resumeAfter(steps: readonly ParseStep[], edit: LineEdit, firstStart: number): { kept: ParseStep[]; from: number; start: number } | undefined {
  if (steps.length === 0 || steps[0].start !== firstStart) return undefined;
  const limit = edit.oldTo < edit.from ? Infinity : edit.from - LOOK_BEHIND;
  let k = 0;
  while (k < steps.length && steps[k].to <= limit && steps[k].next >= 0 && steps[k].next <= limit) k++;
  if (k === 0) return undefined;
  return { kept: steps.slice(0, k), from: steps[k - 1].to, start: steps[k - 1].next };
}

/** The document loop's steps from state (`from`, `start`), after a cable: cableSteps resumed. */
export function* stepsFrom(lines: string[], from: number, start: number): Generator<ParseStep> {
  for (;;) {
    const step = parseStep(lines, from, start, true);
    yield step;
    if (step.start < 0) return;
    from = step.to;
    start = step.next;
  }
}

/** The index of the step whose lines hold `line` (the last step for a line past the end). */
export function stepAt(steps: readonly { from: number }[], line: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (steps[mid].from <= line) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Moves the steps, and everything in them, by `delta` lines. */
export function shiftSteps(steps: readonly ParseStep[], delta: number): void {
  for (const s of steps) moveBounds(s, delta);
  // One walk over everything kept, so that what two steps share moves once too.
  shiftLines(steps.map((s) => [s.cable, s.outside, s.problems]), delta);
}

/**
 * Adds `delta` to every line number under `node`, whatever the model's shape: a property named
 * `line` (positions, outside lines) or `…Line`, or a page marker's `joinBefore`/`joinAfter`. One
 * object may hang from several places (a problem is in its step's and its cable's list, a token's
 * range is shared by the objects built on it), and each must move once. Remembering the objects
 * seen (a Set) costs more than the walk itself (an object's identity hash is made on first use),
 * so the walk marks each number it moves by taking it below MARKED, which a second meeting
 * recognises, and the marks are taken off the objects it moved. The marked numbers stay small
 * integers (V8's Smis): a mark far above the lines made every line field a boxed double, a new
 * heap number at each write, and the first walk re-shaped every position object.
 */
export function shiftLines(node: unknown, delta: number): void {
  if (node === null || typeof node !== 'object') return;
  const moved: Array<Record<string, unknown>> = [];
  walk(node, delta - OFFSET, moved);
  for (const o of moved) {
    if (o instanceof TextSpan || o instanceof Span) {
      o.startLine += OFFSET;
      o.endLine += OFFSET;
      continue;
    }
    for (const key in o) {
      const v = o[key];
      if (typeof v === 'number' && v < MARKED && isLineKey(key)) o[key] = v + OFFSET;
    }
  }
}

/**
 * A moved line `l` is held as `l - OFFSET` until unmarked: below MARKED for any line under 2^29
 * (536 million lines; the whole archive has about 50 million), and still a Smi.
 */
const OFFSET = 2 ** 30 - 1;
const MARKED = -(2 ** 29);

/** Moves (and marks) every line number not yet marked under `node`; the objects moved go to `moved`, to be unmarked. */
function walk(node: object, by: number, moved: Array<Record<string, unknown>>): void {
  // Most of a model's objects are ranges and tokens, whose only lines are these two fields: read
  // by name, not by a walk over their keys (the keyed loads of that walk made settling a line
  // break in a 200 MB export take 0.7 s, 0.4 s this way).
  if (node instanceof TextSpan || node instanceof Span) {
    if (node.startLine >= MARKED) {
      node.startLine += by;
      node.endLine += by;
      moved.push(node as unknown as Record<string, unknown>);
    }
    return;
  }
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const x: unknown = node[i];
      if (x !== null && typeof x === 'object') walk(x, by, moved);
    }
    return;
  }
  const o = node as Record<string, unknown>;
  let hit = false;
  for (const key in o) {
    const v = o[key];
    if (typeof v === 'number') {
      if (v >= MARKED && isLineKey(key)) {
        o[key] = v + by;
        hit = true;
      }
    } else if (v !== null && typeof v === 'object') walk(v, by, moved);
  }
  if (hit) moved.push(o);
}

/**
 * The model's line keys are a handful of names: compared first (a key from `for…in` is an
 * internalized string, so the comparison is by pointer), the pattern only for any other `…Line`.
 * A map of names cost a third of the walk.
 */
function isLineKey(key: string): boolean {
  return key === 'line' || key === 'startLine' || key === 'endLine' || key === 'joinBefore' || key === 'joinAfter' || (key.endsWith('Line') && LINE_KEY.test(key));
}

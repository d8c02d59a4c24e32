/**
 * Applying every fix to a whole text: what `cable fix`, `source.fixAll.cable` and the
 * "Cable: Fix all problems" command do. Fixes can overlap (a split word across a page marker is
 * also that marker's join), so, as ESLint does, the non-overlapping ones are applied, the text
 * is parsed again and the rest recomputed, until nothing fixable is left.
 */
import { parseCable, type CableDocument } from '../../parser';
import { checkDocument } from '../diagnostics/engine';
import type { RuleSettings } from '../diagnostics/settings';
import type { CableProblem, TextEdit } from '../diagnostics/types';
import { runToEnd } from '../slices';
import { applyEdits, comparePos, rangesOverlap, stripBom } from './edits';

/** Picks, in document order, the fixes whose edits overlap no fix picked before. */
export function nonOverlappingFixes(problems: readonly CableProblem[]): { edits: TextEdit[]; problems: CableProblem[] } {
  return runToEnd(nonOverlappingFixesInSteps(problems));
}

/** nonOverlappingFixes pausing every 4,096 problems, for Fix All in slices (byCable.ts): a 200 MB export has 42,000 fixes. */
export function* nonOverlappingFixesInSteps(problems: readonly CableProblem[]): Generator<void, { edits: TextEdit[]; problems: CableProblem[] }> {
  const edits: TextEdit[] = [];
  const chosen: CableProblem[] = [];
  const picked = new PickedEdits();
  for (let k = 0; k < problems.length; k++) {
    const p = problems[k];
    if (k % 4096 === 4095) yield;
    if (!p.fix || p.fix.edits.length === 0) continue;
    if (p.fix.edits.some((e) => picked.overlaps(e))) continue;
    for (const e of p.fix.edits) {
      edits.push(e);
      picked.add(e);
    }
    chosen.push(p);
  }
  return { edits, problems: chosen };
}

/**
 * The edits picked so far, asked whether a new one overlaps any (rangesOverlap). Kept in order of
 * start and end: edits that overlap none of the others then also end in order, so the ones a
 * range can overlap are found by two binary searches, not by reading every edit (a 50 MB export
 * has 10,000 fixes: 50 million comparisons). Should a fix's own edits overlap each other, the
 * order no longer says it, and every edit is read, as before.
 */
class PickedEdits {
  private readonly sorted: TextEdit[] = [];
  private disjoint = true;

  overlaps(e: TextEdit): boolean {
    const xs = this.sorted;
    if (!this.disjoint) return xs.some((x) => rangesOverlap(x.range, e.range));
    // The first edit that does not end before e starts.
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (comparePos(xs[mid].range.end, e.range.start) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < xs.length && comparePos(xs[i].range.start, e.range.end) <= 0; i++) if (rangesOverlap(xs[i].range, e.range)) return true;
    return false;
  }

  add(e: TextEdit): void {
    const xs = this.sorted;
    if (!this.disjoint) {
      xs.push(e);
      return;
    }
    let i = xs.length;
    while (i > 0 && order(xs[i - 1], e) > 0) i--;
    if ((i > 0 && rangesOverlap(xs[i - 1].range, e.range)) || (i < xs.length && rangesOverlap(xs[i].range, e.range))) this.disjoint = false;
    xs.splice(i, 0, e);
  }
}

const order = (a: TextEdit, b: TextEdit) => comparePos(a.range.start, b.range.start) || comparePos(a.range.end, b.range.end);

export interface FixResult {
  /** The fixed text, BOM restored when the input had one. */
  text: string;
  changed: boolean;
  /** How many fixes were applied, per rule name. */
  applied: Record<string, number>;
  passes: number;
  /** Fixable problems left after the last pass (0 unless fixes keep producing new ones). */
  remaining: number;
}

export const MAX_PASSES = 10;

export function fixText(input: string, settings?: RuleSettings, parse: (text: string) => CableDocument = parseCable): FixResult {
  const { text: body, bom } = stripBom(input);
  let text = body;
  const applied: Record<string, number> = {};
  let passes = 0;
  let remaining = 0;
  for (; passes < MAX_PASSES; passes++) {
    const problems = checkDocument(parse(text), { settings }).filter((p) => p.fix);
    remaining = problems.length;
    if (problems.length === 0) break;
    const pick = nonOverlappingFixes(problems);
    if (pick.edits.length === 0) break;
    const r = applyEdits(text, pick.edits);
    if (r.text === text) break;
    text = r.text;
    for (const p of pick.problems) applied[p.rule.name] = (applied[p.rule.name] ?? 0) + 1;
  }
  if (passes === MAX_PASSES) remaining = checkDocument(parse(text), { settings }).filter((p) => p.fix).length;
  return { text: (bom ? '\ufeff' : '') + text, changed: text !== body, applied, passes, remaining };
}

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
import { applyEdits, rangesOverlap, stripBom } from './edits';

/** Picks, in document order, the fixes whose edits overlap no fix picked before. */
export function nonOverlappingFixes(problems: readonly CableProblem[]): { edits: TextEdit[]; problems: CableProblem[] } {
  const edits: TextEdit[] = [];
  const chosen: CableProblem[] = [];
  for (const p of problems) {
    if (!p.fix || p.fix.edits.length === 0) continue;
    if (p.fix.edits.some((e) => edits.some((x) => rangesOverlap(x.range, e.range)))) continue;
    edits.push(...p.fix.edits);
    chosen.push(p);
  }
  return { edits, problems: chosen };
}

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

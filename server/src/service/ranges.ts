import type { Cable, CableDocument, Position, Range } from '../parser';

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Half-open: the character at `end` is not inside. */
export function rangeContains(range: Range, pos: Position): boolean {
  return comparePositions(range.start, pos) <= 0 && comparePositions(pos, range.end) < 0;
}

/** Whether `inner` lies within `outer` (ends included). */
export function rangeWithin(inner: Range, outer: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

export function spanRange(first: Range, last: Range): Range {
  return { start: first.start, end: last.end };
}

/** The cable whose range holds `line`, by binary search (cables come in order). */
export function cableAtLine(model: CableDocument, line: number): Cable | undefined {
  const cables = model.cables;
  let lo = 0;
  let hi = cables.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = cables[mid]!;
    if (line < c.range.start.line) hi = mid - 1;
    else if (line > c.range.end.line) lo = mid + 1;
    else return c;
  }
  return undefined;
}

/**
 * A range of its own. The model's ranges are moved in place when an edit moves their cable; what
 * goes into a message (which may wait in the writer behind a large one) carries copies.
 */
export function copyRange(r: Range): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

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

export function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
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
 * The tokens of `list` that hold `pos`. Editors ask with the caret, which may sit just after the
 * word it means (`RUEHC|`), so a miss is retried one character to the left.
 */
export function hitTest<T extends { range: Range }>(items: Iterable<T>, pos: Position): T | undefined {
  const arr = Array.isArray(items) ? (items as T[]) : [...items];
  for (const item of arr) if (rangeContains(item.range, pos)) return item;
  return undefined;
}

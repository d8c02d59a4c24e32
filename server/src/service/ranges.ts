import { copyRange as copySpan, Span, TextSpan, type Cable, type CableDocument, type Position, type Range } from '../parser';

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
export { copyRange } from '../parser';

/**
 * An answer with objects of its own, for the providers whose results hold the model's ranges and
 * positions (or the index's summaries of them): the model's objects are moved in place when an
 * edit moves their cable, and an answer may wait in the writer behind a large message while the
 * next version is analysed. Plain data only (what a response is): arrays and objects are copied
 * all the way down, everything else is kept. The service copies the answers about a document sent
 * with a BOM with toClient (clientPositions.ts) instead, which also moves their positions on line 0.
 */
export function detached<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Span) return copySpan(value) as T;
  // A token of one object (a TextSpan: its bounds are its own fields) is copied whole, its text kept.
  if (value instanceof TextSpan) return value.copy() as T;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = detached(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = detached((value as Record<string, unknown>)[key]);
  return out as T;
}

/**
 * Applying edits to a text, shared by the quick fixes and `cable fix`: positions compared and
 * overlaps found, edits applied while the text keeps its line endings and BOM.
 */
import type { Position, Range } from '../../parser';
import type { TextEdit } from '../diagnostics/types';

export function comparePos(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  // Touching ranges do not overlap, except two insertions at the same point (order unknowable).
  if (comparePos(a.end, b.start) < 0 || comparePos(b.end, a.start) < 0) return false;
  if (comparePos(a.end, b.start) === 0) return comparePos(a.start, a.end) === 0 && comparePos(b.start, b.end) === 0;
  if (comparePos(b.end, a.start) === 0) return comparePos(a.start, a.end) === 0 && comparePos(b.start, b.end) === 0;
  return true;
}

/**
 * Offsets of each line's start in `text`, counting line breaks the way the parser and LSP do
 * (`\r\n`, `\n`, lone `\r`). `text` must not start with a BOM: callers strip it first.
 */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) {
      starts.push(i + 1);
    }
  }
  return starts;
}

function offsetAt(text: string, starts: number[], p: Position): number {
  if (p.line >= starts.length) return text.length;
  const lineStart = starts[p.line]!;
  const next = p.line + 1 < starts.length ? starts[p.line + 1]! : text.length + 1;
  // The character may not run past the line's own text into its line break.
  let lineEnd = next - 1;
  if (p.line + 1 < starts.length) {
    lineEnd = next - 1;
    if (text.charCodeAt(lineEnd) === 10 && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  } else {
    lineEnd = text.length;
  }
  return Math.min(lineStart + Math.max(0, p.character), lineEnd);
}

/**
 * Applies non-overlapping edits to `text` (BOM stripped). Edits that overlap an earlier one are
 * skipped and counted, never half-applied.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: number; skipped: number } {
  const starts = lineStarts(text);
  const sorted = edits
    .map((e, i) => ({ e, i, s: offsetAt(text, starts, e.range.start), t: offsetAt(text, starts, e.range.end) }))
    .sort((a, b) => a.s - b.s || a.t - b.t || a.i - b.i);
  let out = '';
  let cursor = 0;
  let applied = 0;
  let skipped = 0;
  for (const x of sorted) {
    if (x.s < cursor || x.t < x.s) {
      skipped++;
      continue;
    }
    out += text.slice(cursor, x.s) + x.e.newText;
    cursor = x.t;
    applied++;
  }
  out += text.slice(cursor);
  return { text: out, applied, skipped };
}

export function stripBom(text: string): { text: string; bom: boolean } {
  return text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), bom: true } : { text, bom: false };
}

/**
 * A line diff (Myers' O(ND) algorithm) between a text and its fixed form. It turns the result
 * of several fix passes back into minimal edits on the original text (so "fix all" in the editor
 * touches only the lines that change), and it is the basis of `cable fix --dry-run`'s unified diff.
 */
import type { TextEdit } from '../diagnostics/types';

/** Lines with their terminators, so that a changed line ending is a changed line. */
export function splitKeepingEol(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      out.push(text.slice(start, i + 1));
      start = i + 1;
    } else if (c === 10) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

export interface Hunk {
  /** Lines a[aStart, aEnd) are replaced by b[bStart, bEnd). */
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/** Myers diff; returns the changed regions in order. Common prefix and suffix are trimmed first. */
export function diffLines(a: readonly string[], b: readonly string[]): Hunk[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  const n = A.length;
  const m = B.length;
  if (n === 0 && m === 0) return [];
  if (n === 0 || m === 0) return [{ aStart: pre, aEnd: pre + n, bStart: pre, bEnd: pre + m }];

  const max = n + m;
  const offset = max;
  const v = new Int32Array(2 * max + 2);
  // Only the diagonals -d..d of round d are ever read back, so each round keeps 2d+1 entries,
  // not the whole array: a multi-MB Fix All with thousands of changed lines kept a copy of
  // 2(n+m) entries per change (gigabytes) and took seconds.
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)) x = v[offset + k + 1]!;
      else x = v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && A[x] === B[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk back through the trace to recover the edit path as (x, y) steps.
  const steps: Array<{ kind: 'eq' | 'del' | 'ins'; x: number; y: number }> = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const vd = trace[d]!;
    const at = (k: number) => vd[k + d]!;
    const k = x - y;
    let prevK: number;
    if (k === -d || (k !== d && at(k - 1) < at(k + 1))) prevK = k + 1;
    else prevK = k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      steps.push({ kind: 'eq', x, y });
    }
    if (x === prevX) {
      y--;
      steps.push({ kind: 'ins', x, y });
    } else {
      x--;
      steps.push({ kind: 'del', x, y });
    }
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    steps.push({ kind: 'eq', x, y });
  }
  steps.reverse();

  const hunks: Hunk[] = [];
  let cur: Hunk | undefined;
  let ax = 0;
  let by = 0;
  for (const s of steps) {
    if (s.kind === 'eq') {
      if (cur) {
        hunks.push(cur);
        cur = undefined;
      }
      ax++;
      by++;
      continue;
    }
    if (!cur) cur = { aStart: ax, aEnd: ax, bStart: by, bEnd: by };
    if (s.kind === 'del') {
      ax++;
      cur.aEnd = ax;
    } else {
      by++;
      cur.bEnd = by;
    }
  }
  if (cur) hunks.push(cur);
  return hunks.map((h) => ({ aStart: h.aStart + pre, aEnd: h.aEnd + pre, bStart: h.bStart + pre, bEnd: h.bEnd + pre }));
}

/** Minimal edits (one per changed region of lines) that turn `before` into `after`. */
export function editsBetween(before: string, after: string): TextEdit[] {
  const a = splitKeepingEol(before);
  const b = splitKeepingEol(after);
  const posOfUnit = (i: number) => {
    if (i < a.length) return { line: i, character: 0 };
    // Past the last unit: the end of the text.
    const last = a[a.length - 1] ?? '';
    const endsWithEol = last.endsWith('\n') || last.endsWith('\r');
    return endsWithEol ? { line: a.length, character: 0 } : { line: Math.max(0, a.length - 1), character: last.length };
  };
  return diffLines(a, b).map((h) => ({
    range: { start: posOfUnit(h.aStart), end: posOfUnit(h.aEnd) },
    newText: b.slice(h.bStart, h.bEnd).join(''),
  }));
}

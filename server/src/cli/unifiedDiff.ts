/** `cable fix --dry-run`: the change as a unified diff (`patch -p0` applies it). */
import { splitKeepingEol } from '../service/codeActions/lineDiff';
import { lineHunks } from './hunks';

const CONTEXT = 3;

function strip(line: string): { text: string; eol: boolean } {
  if (line.endsWith('\r\n')) return { text: line.slice(0, -2), eol: true };
  if (line.endsWith('\n') || line.endsWith('\r')) return { text: line.slice(0, -1), eol: true };
  return { text: line, eol: false };
}

export function unifiedDiff(file: string, before: string, after: string): string {
  const a = splitKeepingEol(before);
  const b = splitKeepingEol(after);
  const hunks = lineHunks(a, b);
  if (hunks.length === 0) return '';
  const out: string[] = [`--- ${file}`, `+++ ${file}`];
  const emit = (prefix: string, line: string) => {
    const s = strip(line);
    out.push(prefix + s.text);
    if (!s.eol) out.push('\\ No newline at end of file');
  };
  let i = 0;
  while (i < hunks.length) {
    // Merge hunks whose context would overlap.
    let j = i;
    while (j + 1 < hunks.length && hunks[j + 1]!.aStart - hunks[j]!.aEnd <= 2 * CONTEXT) j++;
    const first = hunks[i]!;
    const last = hunks[j]!;
    const aFrom = Math.max(0, first.aStart - CONTEXT);
    const aTo = Math.min(a.length, last.aEnd + CONTEXT);
    const bFrom = first.bStart - (first.aStart - aFrom);
    const bTo = last.bEnd + (aTo - last.aEnd);
    const aLen = aTo - aFrom;
    const bLen = bTo - bFrom;
    out.push(`@@ -${aLen === 0 ? aFrom : aFrom + 1},${aLen} +${bLen === 0 ? bFrom : bFrom + 1},${bLen} @@`);
    let ax = aFrom;
    for (let k = i; k <= j; k++) {
      const h = hunks[k]!;
      for (; ax < h.aStart; ax++) emit(' ', a[ax]!);
      for (let x = h.aStart; x < h.aEnd; x++) emit('-', a[x]!);
      for (let y = h.bStart; y < h.bEnd; y++) emit('+', b[y]!);
      ax = h.aEnd;
    }
    for (; ax < aTo; ax++) emit(' ', a[ax]!);
    i = j + 1;
  }
  return out.join('\n') + '\n';
}

/**
 * The changed line regions between a file and its fixed form, for `cable fix --dry-run`'s diff and
 * for placing edits among a file's bytes. The shared Myers diff keeps one copy of its frontier per
 * edit step, which on a 3.5 MB export with 2,400 fixes grows to gigabytes; fixes are local, so the
 * two texts are walked together instead, resynchronising after each difference at the nearest
 * point where a few lines agree again, and only the small region between is given to Myers.
 */
import { diffLines, type Hunk } from '../service/codeActions/lineDiff';

/** How far ahead (in lines, summed over both sides) a difference may reach before Myers takes the rest. */
const WINDOW = 400;
/** Lines that must agree for a resynchronisation point: one blank line agreeing proves nothing. */
const AGREE = 3;

export function lineHunks(a: readonly string[], b: readonly string[]): Hunk[] {
  const hunks: Hunk[] = [];
  const agree = (i: number, j: number) => {
    for (let k = 0; k < AGREE; k++) {
      const x = i + k;
      const y = j + k;
      if (x >= a.length || y >= b.length) return x >= a.length && y >= b.length;
      if (a[x] !== b[y]) return false;
    }
    return true;
  };
  const region = (i0: number, i1: number, j0: number, j1: number) => {
    for (const h of diffLines(a.slice(i0, i1), b.slice(j0, j1))) {
      hunks.push({ aStart: h.aStart + i0, aEnd: h.aEnd + i0, bStart: h.bStart + j0, bEnd: h.bEnd + j0 });
    }
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    let sync: [number, number] | undefined;
    // Nearest first; at equal distance, deletions first (most fixes remove lines).
    for (let s = 1; s <= WINDOW && !sync; s++) {
      for (let di = s; di >= 0; di--) {
        const x = i + di;
        const y = j + (s - di);
        if (x > a.length || y > b.length) continue;
        if (agree(x, y)) {
          sync = [x, y];
          break;
        }
      }
    }
    if (!sync) {
      region(i, a.length, j, b.length);
      break;
    }
    region(i, sync[0], j, sync[1]);
    [i, j] = sync;
  }
  return hunks;
}

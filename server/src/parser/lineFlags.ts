/**
 * What a few of the parse's tests would find on each line, found once over the whole text. Each
 * of them (a control character, `???`, a redaction, `&`, a comma glued to a letter, a block word)
 * is rare, and each was looked for line by line: a native search is nearly free per character but
 * costs about 16 ns a call, so six searches over the 133,000 lines of an 8 MB export cost more than
 * the same searches run once over its text, each line's answer read off where they stop.
 *
 * A flag is a pre-filter: a line without it cannot pass the test it stands for, and a line with it
 * is tested as it was (BLOCK_WORD, exact, is taken for its test). Without flags (the incremental
 * parse and the server's steps read lines, not the text they came from) every line is tested.
 */

/** U+FFFD or a control character other than a tab (what scanCharacters reports, and looksBinary counts). */
export const SUSPECT_CHAR = 1;
/** `???`: characters lost in transmission. */
export const LOST_MARKS = 2;
/** `XXXXXX`: a redaction. */
export const REDACTION_RUN = 4;
/** `&`: the 2011 rendering's damaged opening quote. */
export const AMPERSAND = 8;
/** A comma with an ASCII letter right after it: where a damaged apostrophe can be. */
export const COMMA_LETTER = 16;
/**
 * `summary`, `comment` or `text` in any case: a line the block scan reads for block words. Exact
 * (the test's own pattern, and a line holds each match whole): the scan takes it for the test.
 */
export const BLOCK_WORD = 32;

/**
 * The flags of each line of `lines`, read from `text` (the lines' text, from `base` on: past a
 * BOM), whose lines all end in `eol` (one or two characters). A line's flags are `flags[line]`,
 * for `line` below `lines.length`, until the next call: a short text's flags are lineFlags' own
 * array, longer than its lines and filled afresh by the next call.
 */
export function lineFlags(text: string, base: number, lines: readonly string[], eolLength: number): Uint8Array {
  const n = lines.length;
  // Read only within the parseCable call that asked (no step, cable or document keeps them).
  const flags = n < STARTS_KEPT ? flagsScratch.fill(0, 0, n) : new Uint8Array(n);
  // Where each line starts in the text, and where the next one does (n + 1 entries).
  const starts = n < STARTS_KEPT ? startsScratch : new Int32Array(n + 1);
  let at = base;
  for (let l = 0; l < n; l++) {
    starts[l] = at;
    at += lines[l].length + eolLength;
  }
  starts[n] = at;
  /** The line holding text position `p`. */
  const lineOf = (p: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= p) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // Each search goes on from the next line once it has found one: a line is flagged once.
  const mark = (what: string, flag: number): void => {
    for (let p = text.indexOf(what, base); p >= 0; ) {
      const l = lineOf(p);
      flags[l] |= flag;
      p = l + 1 < n ? text.indexOf(what, starts[l + 1]) : -1;
    }
  };
  const markPattern = (re: RegExp, flag: number): void => {
    re.lastIndex = base;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const l = lineOf(m.index);
      flags[l] |= flag;
      if (l + 1 >= n) break;
      re.lastIndex = starts[l + 1];
    }
  };
  markPattern(CONTROL_IN_TEXT, SUSPECT_CHAR);
  mark('\x7f', SUSPECT_CHAR);
  mark('\ufffd', SUSPECT_CHAR);
  mark('???', LOST_MARKS);
  mark('XXXXXX', REDACTION_RUN);
  mark('&', AMPERSAND);
  // Most commas have a space after them: only one glued to a letter is looked up.
  for (let p = text.indexOf(',', base); p >= 0; p = text.indexOf(',', p + 1)) {
    const c = text.charCodeAt(p + 1);
    if (((c | 32) - 97) >>> 0 >= 26) continue;
    const l = lineOf(p);
    flags[l] |= COMMA_LETTER;
    if (l + 1 >= n) break;
    p = starts[l + 1] - 1;
  }
  markPattern(BLOCK_WORD_IN_TEXT, BLOCK_WORD);
  return flags;
}

// lineFlags' line starts for a text of fewer lines than STARTS_KEPT, kept from one call to the
// next: a typed array costs about a microsecond to make, which a file of the corpus's size (8 KB,
// 160 lines) feels; they are read only within the call. A longer text's are its own, let go after.
// The flags likewise: making them was 0.7% of a corpus parse (CPU profile, 35 of 4,755 ms).
const STARTS_KEPT = 4096;
const startsScratch = new Int32Array(STARTS_KEPT);
const flagsScratch = new Uint8Array(STARTS_KEPT);

// The control characters below a space but the tab and the line ends (\n, \r: no line holds one,
// and the text holds one after every line). DEL and U+FFFD are looked for apart: a native search
// finds each at almost no cost, and the class without them reads the text a quarter faster
// (6.1 -> 5.0 ms over an 8 MB export, 8.4 -> 5.8 ms over the corpus's files).
const CONTROL_IN_TEXT = /[\x00-\x08\x0b\x0c\x0e-\x1f]/g;
const BLOCK_WORD_IN_TEXT = /summary|comment|text/gi;

/** Whether line `l` may hold what `flag` stands for: always, without flags. */
export function mayHave(flags: Uint8Array | undefined, l: number, flag: number): boolean {
  return flags === undefined || (flags[l] & flag) !== 0;
}

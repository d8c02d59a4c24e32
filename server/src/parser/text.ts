/**
 * Low-level helpers the parser stages share: splitting the input into lines the way LSP counts
 * them, cutting a line into words with their columns, and building ranges. Everything here is a
 * single pass over its input; nothing uses a regular expression that can backtrack without bound.
 */
import type { NumberToken, Range, Token } from './model';
import { NumberSpan, Span, TextSpan } from './span';

export interface Word {
  text: string;
  start: number;
  end: number;
}

export interface SplitText {
  lines: string[];
  eol: '\n' | '\r\n' | 'mixed';
  bom: boolean;
}

/**
 * LSP (and VS Code) end a line at `\r\n`, `\n` or a lone `\r`; positions must count lines the
 * same way or every range after a stray `\r` would be off by one.
 */
export function splitLines(input: string): SplitText {
  let text = input;
  let bom = false;
  if (text.charCodeAt(0) === 0xfeff) {
    bom = true;
    text = text.slice(1);
  }
  // The usual files end every line alike: a native split finds the ends faster than a loop over
  // every character, and gives the same lines.
  if (text.indexOf('\r') < 0) return { lines: text.split('\n'), eol: '\n', bom };
  const parts = text.split('\r\n');
  let clean = true;
  for (let k = 0; k < parts.length && clean; k++) if (parts[k].indexOf('\r') >= 0 || parts[k].indexOf('\n') >= 0) clean = false;
  if (clean) return { lines: parts, eol: '\r\n', bom };
  const lines: string[] = [];
  let crlf = 0;
  let lf = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      lines.push(text.slice(start, i));
      if (text.charCodeAt(i + 1) === 10) {
        i++;
        crlf++;
      } else {
        lf++;
      }
      start = i + 1;
    } else if (c === 10 /* \n */) {
      lines.push(text.slice(start, i));
      lf++;
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  const eol = crlf > 0 && lf > 0 ? 'mixed' : crlf > 0 ? '\r\n' : '\n';
  return { lines, eol, bom };
}

/** Whitespace as cables use it: space, tab, and the non-breaking spaces of web-page copies. */
export function isSpace(c: number): boolean {
  // Asked of nearly every character read: a letter or digit is let go on two comparisons, not seven.
  return c <= 32 ? c === 32 || c === 9 || c === 11 || c === 12 : c >= 0xa0 && (c === 0xa0 || c === 0x2007 || c === 0x202f);
}

export function words(line: string, from = 0, to = line.length): Word[] {
  return firstWords(line, from, to, Infinity);
}

/**
 * How many words words(line, from, to) would cut, counted without cutting them; counting stops
 * past `cap` (the answer is then cap + 1), so a long line costs no more than its first words.
 */
export function wordCount(line: string, from = 0, to = line.length, cap = Infinity): number {
  let n = 0;
  let i = from;
  while (i < to) {
    while (i < to && isSpace(line.charCodeAt(i))) i++;
    if (i >= to) break;
    if (++n > cap) return n;
    while (i < to && !isSpace(line.charCodeAt(i))) i++;
  }
  return n;
}

/**
 * Whitespace as a regular expression's `\s` reads it (wider than isSpace: line ends, U+3000, U+FEFF…):
 * the first character a pattern anchored with `^\s*` can read, found without running it.
 */
export function isRegExpSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return c >= 0xa0 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff);
}

/** The code of the first character that is not `\s` (NaN when there is none). */
export function firstAfterRegExpSpace(line: string): number {
  let i = 0;
  while (i < line.length && isRegExpSpace(line.charCodeAt(i))) i++;
  return line.charCodeAt(i);
}

/** The first `max` words of words(line, from, to): a test that reads a line's first words cuts no more. */
export function firstWords(line: string, from: number, to: number, max: number): Word[] {
  const out: Word[] = [];
  let i = from;
  while (i < to && out.length < max) {
    while (i < to && isSpace(line.charCodeAt(i))) i++;
    if (i >= to) break;
    const s = i;
    while (i < to && !isSpace(line.charCodeAt(i))) i++;
    out.push({ text: line.slice(s, i), start: s, end: i });
  }
  return out;
}

/**
 * Where words(line, from, to) would cut the words, without cutting them: their starts and ends in
 * two arrays the caller reads right away (they are shared, and the next cut overwrites them). A
 * reader that compares a few words of a line makes no object for each of them.
 */
export class WordSpans {
  start = new Int32Array(64);
  end = new Int32Array(64);

  /** Cuts `line[from, to)` (its first `max` words); returns how many words were cut. */
  cut(line: string, from: number, to: number, max = Infinity): number {
    let n = 0;
    let i = from;
    while (i < to && n < max) {
      while (i < to && isSpace(line.charCodeAt(i))) i++;
      if (i >= to) break;
      const s = i;
      while (i < to && !isSpace(line.charCodeAt(i))) i++;
      if (n === this.start.length) {
        const ns = new Int32Array(n * 2);
        const ne = new Int32Array(n * 2);
        ns.set(this.start);
        ne.set(this.end);
        this.start = ns;
        this.end = ne;
      }
      this.start[n] = s;
      this.end[n++] = i;
    }
    return n;
  }

  /** Whether word `k` of the last cut is `what`, exactly. */
  is(line: string, k: number, what: string): boolean {
    const s = this.start[k];
    return this.end[k] - s === what.length && line.startsWith(what, s);
  }

  /** Whether word `k` of the last cut, upper-cased, is `what` (upper-case); only a word beyond ASCII is cut to be upper-cased. */
  isUpper(line: string, k: number, what: string): boolean {
    const a = this.start[k];
    const b = this.end[k];
    for (let i = a; i < b; i++) if (line.charCodeAt(i) > 127) return line.slice(a, b).toUpperCase() === what;
    return b - a === what.length && upperAt(line, a, what);
  }
}

/** Whether `text` holds `what` (upper-case) at `at`, its ASCII letters compared upper-cased. */
export function upperAt(text: string, at: number, what: string): boolean {
  if (text.length < at + what.length) return false;
  for (let i = 0; i < what.length; i++) {
    const c = text.charCodeAt(at + i);
    if ((c >= 97 && c <= 122 ? c - 32 : c) !== what.charCodeAt(i)) return false;
  }
  return true;
}

/** Whether `a` from `i` on and `b` from `j` on are the same text: `a.slice(i) === b.slice(j)`, with nothing cut. */
export function sameTail(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return false;
  for (; i < a.length; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  return true;
}

export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (!isSpace(line.charCodeAt(i))) return false;
  return true;
}

export function firstNonSpace(line: string): number {
  let i = 0;
  while (i < line.length && isSpace(line.charCodeAt(i))) i++;
  return i;
}

/** Index just past the last non-space character. */
export function trimmedEnd(line: string): number {
  let i = line.length;
  while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
  return i;
}

export function range(line: number, start: number, end: number): Range {
  return new Span(line, start, line, end);
}

export function spanRange(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return new Span(startLine, startChar, endLine, endChar);
}

/** The range of whole lines `first..last`, from the first line's text start to the last's end. */
export function linesRange(lines: string[], first: number, last: number): Range {
  return spanRange(first, firstNonSpace(lines[first] ?? ''), last, trimmedEnd(lines[last] ?? ''));
}

/**
 * A short text as the model keeps it, shared with an equal text kept before: a text of fewer than
 * 13 characters cut from a line is a copy of its own (a longer one is a view of the line), and a
 * model holds the same few thousand of them over and over (`(C)` in every paragraph, `PRIORITY` on
 * every addressee line). Texts are never changed, so sharing one is invisible to a reader. The
 * texts kept are a table of 4,096 slots chosen by length and three characters, the last text
 * seen in each (a hash of the whole text cost more than the room it gave back); it holds copies,
 * not the text they were cut from.
 */
export function shortText(text: string): string {
  const n = text.length;
  if (n >= 13 || n === 0) return text;
  const slot = (n * 31 + text.charCodeAt(0) * 7 + text.charCodeAt(n >> 1) * 17 + text.charCodeAt(n - 1) * 131) & 4095;
  const kept = SHORT_TEXTS[slot];
  if (kept === text) return kept;
  SHORT_TEXTS[slot] = text;
  return text;
}
const SHORT_TEXTS: string[] = new Array<string>(4096).fill('');

export function token(line: number, start: number, text: string): Token {
  return new TextSpan(shortText(text), line, start, line, start + text.length);
}

export function wordToken(line: number, w: Word): Token {
  return new TextSpan(shortText(w.text), line, w.start, line, w.end);
}

/** A token over `startLine:startChar` to `endLine:endChar` (it may run over several lines). */
export function spanToken(text: string, startLine: number, startChar: number, endLine: number, endChar: number): Token {
  return new TextSpan(shortText(text), startLine, startChar, endLine, endChar);
}

export function numberToken(line: number, start: number, text: string, value: number): NumberToken {
  return new NumberSpan(shortText(text), value, line, start, line, start + text.length);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

export function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

export function isLetter(c: number): boolean {
  // One comparison: setting bit 5 takes A–Z onto a–z, and nothing else onto them.
  return ((c | 32) - 97) >>> 0 < 26;
}

export function allDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

export function allUpperLetters(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isUpper(s.charCodeAt(i))) return false;
  return true;
}

/** True when the line has letters and none of them is lower case. */
export function isAllCaps(s: string): boolean {
  let letters = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isLower(c)) return false;
    if (isUpper(c)) letters++;
  }
  return letters > 0;
}


/** Strip punctuation from both ends of a word: `"NEW` → `NEW`, `ins,` → `ins`. */
export function stripPunct(s: string): { text: string; offset: number } {
  let a = 0;
  let b = s.length;
  while (a < b && !isLetter(s.charCodeAt(a)) && !isDigit(s.charCodeAt(a))) a++;
  while (b > a && !isLetter(s.charCodeAt(b - 1)) && !isDigit(s.charCodeAt(b - 1))) b--;
  return { text: s.slice(a, b), offset: a };
}

// Calendar facts are defined once, in data/calendar.ts; the parser's modules import them from here.
export { MONTH_ABBREVIATIONS as MONTHS, daysInMonth, fullYear as expandYear, pad } from '../data/calendar';
import { daysInMonth, pad } from '../data/calendar';

export function isoDate(year: number, month: number, day: number, hour = 0, minute = 0): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59) return undefined;
  // The model keeps one for every table date and date-time group: written as one string of its
  // own, not a template's chain of ten joined pieces (about 350 bytes where the text is 40).
  if (Number.isInteger(year) && year >= 0 && year <= 9999 && Number.isInteger(hour) && hour >= 0 && Number.isInteger(minute) && minute >= 0) {
    const d = (n: number, k: number) => 48 + (Math.floor(n / k) % 10);
    return String.fromCharCode(d(year, 1000), d(year, 100), d(year, 10), d(year, 1), 45, d(month, 10), d(month, 1), 45, d(day, 10), d(day, 1), 84, d(hour, 10), d(hour, 1), 58, d(minute, 10), d(minute, 1), 58, 48, 48, 90);
  }
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00Z`;
}

/** The date part (`YYYY-MM-DD`) of isoDate(year, month, day). */
export function isoDay(year: number, month: number, day: number): string | undefined {
  return isoDate(year, month, day)?.slice(0, 10);
}

/**
 * The last answer about a line, for a slot of line numbers (256 slots): the parse asks the same
 * questions of the same lines several times (the next-cable scan, the header fields' stop tests,
 * the look-aheads), and an answer depends on the line's number and text alone. The text is kept
 * as a copy: a line cut from a document would keep the whole document alive. Answers are shared
 * between callers, so they are never to be changed.
 */
export class LineMemo<T> {
  private readonly lines = new Int32Array(256).fill(-1);
  private readonly texts: string[] = new Array<string>(256).fill('');
  private readonly values: T[];

  constructor(empty: T) {
    this.values = new Array<T>(256).fill(empty);
  }

  get(line: number, text: string, compute: (line: number, text: string) => T): T {
    const slot = line & 255;
    if (this.lines[slot] === line && this.texts[slot] === text) return this.values[slot]!;
    const value = compute(line, text);
    this.lines[slot] = line;
    this.texts[slot] = text.length < 13 ? text : (' ' + text).slice(1);
    this.values[slot] = value;
    return value;
  }
}

/**
 * The parts between the routing block and the text: the banner, captions, office lines and the
 * subject block (E.O., TAGS, SUBJECT, REF, Classified By). Real cables write these in many
 * forms (see docs/cable-format.md §4–5): colon or none, upper or lower case, one line or several,
 * even all of them run together on one line, so labels are found where they stand in a line.
 */
import { CAPTIONS as CAPTION_LIST } from '../data/vocabulary';
import type { ParseContext } from './context';
import { isKnownTagCode, isMistypedTagCode, isTagCode, splitGluedTags } from '../data/tagCodes';
import type { Banner, BannerDamage, ClassifiedBy, DateToken, EoLine, Level, PageMarker, RefBlock, SubjectLine, TagsLine, Token } from './model';
import { parseRefBlock } from './references';
import {
  allDigits,
  expandYear,
  isBlank,
  isDigit,
  isLetter,
  isLower,
  isSpace,
  isUpper,
  isoDay,
  shortText,
  LineMemo,
  numberToken,
  range,
  sameTail,
  spanRange,
  stripPunct,
  token,
  upperAt,
  wordCount,
  wordToken,
  WordSpans,
  words,
  type Word,
} from './text';

// ---------------------------------------------------------------------------------------------
// Banner

/**
 * The code of `text[i]`, or -1 outside the text (which no character test passes, as the NaN of a
 * read past the end fails them): such a read threw the optimized code of the function away the first
 * time it happened (V8: "out of bounds"), and the first parse ran in slower code until it was made again.
 */
function codeAt(text: string, i: number): number {
  return i >= 0 && i < text.length ? text.charCodeAt(i) : -1;
}

/**
 * The level a classification word names (`UNCLAS`, `UNCLASSIFIED`, `CONFIDENTIAL`, `SECRET`,
 * `TOPSECRET`), or undefined. Compared, not looked up: a look-up by a text just cut or built
 * letter by letter first searches the table of known strings (and copies a built one whole).
 */
function bannerLevel(word: string): Level | undefined {
  switch (word) {
    case 'UNCLAS':
    case 'UNCLASSIFIED':
      return 'U';
    case 'CONFIDENTIAL':
      return 'C';
    case 'SECRET':
      return 'S';
    case 'TOPSECRET':
      return 'T';
    default:
      return undefined;
  }
}

/** Caption words that may stand on the banner line itself (`UNCLAS E F T O`, `… SENSITIVE`). */
const BANNER_EXTRAS = new Set(CAPTION_LIST.filter((c) => c.onBanner).map((c) => c.text));

/**
 * Reads a banner starting at `from`: the classification (plain or letter-spaced), then
 * `SECTION nn OF nn`, the post and the serial. A line such as `SECRET SERVICE AGENTS MET` is not
 * a banner: after the classification only a section, a post + serial, or nothing may follow.
 *
 * Banners damaged in transmission are read too, and the damage recorded: a classification with
 * one letter doubled, lost or changed (`SS E C R E T`, `CC O N F…`, `NCLAS`, `CO N F I…`), a
 * mistyped `SCTION` or `GF`, a serial with a letter in it (`00Q021`), a serial glued to the next
 * field (`000549E.O. 12958`). A damaged classification counts only when a section or a serial
 * follows it, so prose that starts with a near-miss word is never taken for a banner.
 */
export function parseBanner(line: number, text: string, from = 0): Banner | undefined {
  if (!bannerFirstWord(text, from, Math.min(text.length, from + 200))) return undefined;
  const w = words(text, from, Math.min(text.length, from + 200));
  if (!w.length) return undefined;
  let k = 0;
  let level: Level | undefined;
  let letterSpaced = false;
  let clsEnd = 0;
  const damage: BannerDamage[] = [];
  const slash = w[0].text.indexOf('/');
  const first = slash < 0 ? w[0].text : w[0].text.slice(0, slash);
  const plain = bannerLevel(first.toUpperCase());
  if (plain && first.length > 1 && (first === first.toUpperCase() || w.length > 2)) {
    level = plain;
    k = 1;
    clsEnd = w[0].end;
  } else if (first.toUpperCase() === 'TOP' && w[1]?.text.toUpperCase().startsWith('SECRET')) {
    level = 'T';
    k = 2;
    clsEnd = w[1].end;
  } else if (w[0].text.length === 1) {
    // Letter-spaced: `C O N F I D E N T I A L`, `S E C R E T`, `C o n f i d e n t i a l`.
    let spelled = '';
    let j = 0;
    while (j < w.length && w[j].text.length === 1 && isLetter(w[j].text.charCodeAt(0)) && spelled.length < 12) {
      // An ASCII letter: its upper case is its code with bit 5 cleared.
      spelled += String.fromCharCode(w[j].text.charCodeAt(0) & ~32);
      j++;
      // Compared only at a classification's length (6, 9 or 12 letters).
      const n = spelled.length;
      const lv = n === 6 || n === 9 || n === 12 ? bannerLevel(spelled) : undefined;
      if (lv && (spelled !== 'UNCLAS' || w[j]?.text.toUpperCase() !== 'S')) {
        level = lv;
        k = j;
        clsEnd = w[j - 1].end;
        letterSpaced = true;
        if (spelled !== 'UNCLAS') break;
      }
    }
  }
  if (!level) {
    const d = damagedClassification(line, text, w);
    if (!d) return undefined;
    level = d.level;
    k = d.next;
    clsEnd = w[d.next - 1].end;
    letterSpaced = d.letterSpaced;
    damage.push(d.damage);
  }
  const clsStart = w[0].start;
  const banner: Banner = {
    range: range(line, clsStart, clsEnd),
    classification: { text: text.slice(clsStart, clsEnd), range: range(line, clsStart, clsEnd), level, letterSpaced },
    section: undefined,
    post: undefined,
    serial: undefined,
    gluedAt: undefined,
    damage: undefined,
  };
  // `E F T O` spelled out after UNCLAS.
  if (w[k]?.text === 'E' && w[k + 1]?.text === 'F' && w[k + 2]?.text === 'T' && w[k + 3]?.text === 'O') k += 4;
  while (w[k] && BANNER_EXTRAS.has(stripPunct(w[k].text).text.toUpperCase())) k++;
  const sectionWord = w[k]?.text.toUpperCase();
  if (sectionWord && (sectionWord === 'SECTION' || (nearWord(sectionWord, 'SECTION') && allDigits(w[k + 1]?.text ?? ''))) && isOfWord(w[k + 2]?.text)) {
    const n = w[k + 1];
    const t = w[k + 3];
    if (n && t && allDigits(n.text) && allDigits(t.text)) {
      if (sectionWord !== 'SECTION') damage.push({ kind: 'section', range: range(line, w[k].start, w[k].end), text: w[k].text, repaired: 'SECTION' });
      if (w[k + 2].text.toUpperCase() !== 'OF') damage.push({ kind: 'of', range: range(line, w[k + 2].start, w[k + 2].end), text: w[k + 2].text, repaired: 'OF' });
      banner.section = {
        range: range(line, w[k].start, t.end),
        number: numberToken(line, n.start, n.text, Number(n.text)),
        total: numberToken(line, t.start, t.text, Number(t.text)),
      };
      k += 4;
    } else return undefined;
  }
  // Post (one or more words) and serial (digits) end the banner; captions may trail.
  let serialIdx = -1;
  let serialDigits = '';
  let glued = -1;
  for (let j = k; j < w.length && j < k + 5; j++) {
    const x = w[j].text;
    if (allDigits(x)) {
      serialIdx = j;
      serialDigits = x;
      break;
    }
    if (j === k || !isDigit(x.charCodeAt(0))) continue;
    const g = gluedSerial(x);
    if (g > 0) {
      serialIdx = j;
      serialDigits = x.slice(0, g);
      glued = w[j].start + g;
      break;
    }
    const noisy = noisySerial(x);
    if (noisy && j === w.length - 1) {
      serialIdx = j;
      serialDigits = noisy;
      damage.push({ kind: 'serial', range: range(line, w[j].start, w[j].end), text: x, repaired: noisy });
      break;
    }
  }
  if (serialIdx > k) {
    banner.post = token(line, w[k].start, text.slice(w[k].start, w[serialIdx - 1].end));
    const s = w[serialIdx];
    banner.serial = numberToken(line, s.start, text.slice(s.start, s.start + serialDigits.length), Number(serialDigits));
    k = serialIdx + 1;
  }
  if (glued >= 0 && banner.serial) {
    banner.gluedAt = { line, character: glued };
    banner.range = range(line, clsStart, glued);
  } else {
    while (w[k] && BANNER_EXTRAS.has(stripPunct(w[k].text).text.toUpperCase())) k++;
    if (k < w.length) return undefined;
    banner.range = range(line, clsStart, w[w.length - 1].end);
  }
  if (damage.length) {
    if (damage[0].kind === 'classification' && !banner.serial && !banner.section) return undefined;
    banner.damage = damage;
  }
  return banner;
}

// The next-cable scan, the header fields' stop test, the routing block and the body's old page
// headers ask about the same banner lines, three times each on average; only lines a banner may
// stand on are kept.
const bannerMemo = new LineMemo<Readonly<Banner> | undefined>(undefined);

/**
 * parseBanner(line, text) for a caller that only reads the banner: the answer may be shared with
 * the next caller asking about the same line and text, so it is never to be changed or put in a
 * model (parseBanner gives a banner of its own for that).
 */
export function peekBanner(line: number, text: string): Readonly<Banner> | undefined {
  if (text.length > 200) return parseBanner(line, text);
  if (!bannerFirstWord(text, 0, text.length)) return undefined;
  return bannerMemo.get(line, text, parseBanner);
}

const CLASSIFICATION_WORDS = ['UNCLASSIFIED', 'UNCLAS', 'CONFIDENTIAL', 'SECRET'];
const PLAIN_LEVELS = ['UNCLAS', 'UNCLASSIFIED', 'CONFIDENTIAL', 'SECRET', 'TOPSECRET'];

/**
 * Whether the first word of `text[from, to)` may open a banner, as parseBanner reads it: a letter
 * or two (letter-spaced), `TOP`, a classification word in any case, or five to thirteen capitals (a
 * damaged one), each before any `/`. Banner helpers ask every line of a text; most are let go here,
 * before the line is cut into words.
 */
function bannerFirstWord(text: string, from: number, to: number): boolean {
  let s = from;
  while (s < to && isSpace(text.charCodeAt(s))) s++;
  if (s >= to) return false;
  let e = s;
  let head = -1;
  while (e < to && !isSpace(text.charCodeAt(e))) {
    const c = text.charCodeAt(e);
    // Beyond ASCII a letter may upper-case into a classification's (`ſECRET`): read in full. One
    // that upper-cases into anything else (`¶`, `é`), before any `/`, leaves a word no classification
    // can be, plain, letter-spaced or damaged (their letters are A-Z): the paragraph anchors of a
    // rendering (`¶B. MADRID 1234`) are let go here.
    if (c > 127) return head >= 0 || isUpperWord(String.fromCharCode(c).toUpperCase());
    if (c === 47 /* / */ && head < 0) head = e;
    e++;
  }
  // A letter or two: letter-spaced (`S E C R E T`, `CO N F I…`), so are the next two words.
  if (e - s <= 2) return letters(text, s, e) && shortLetterWord(text, e, to) && shortLetterWord(text, nextWordEnd(text, e, to), to);
  const h = (head < 0 ? e : head) - s;
  if (h === 3) return upperAt(text, s, 'TOP');
  if (h < 5 || h > 13) return false;
  let caps = true;
  for (let i = s; i < s + h && caps; i++) caps = isUpper(text.charCodeAt(i));
  if (caps) {
    // Capitals: a classification word, or one a letter away from one (damaged).
    if (h !== 5 && h !== 6 && h !== 7 && h < 11) return false;
    const word = text.slice(s, s + h);
    return CLASSIFICATION_WORDS.some((c) => c === word || nearWord(word, c));
  }
  for (const l of PLAIN_LEVELS) if (l.length === h && upperAt(text, s, l)) return true;
  return false;
}

function letters(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isLetter(text.charCodeAt(i))) return false;
  return true;
}

/** Where the word after `from` (spaces skipped) ends, or `to`. */
function nextWordEnd(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && isSpace(text.charCodeAt(i))) i++;
  while (i < to && !isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The word after `from` is one or two ASCII letters. */
function shortLetterWord(text: string, from: number, to: number): boolean {
  let s = from;
  while (s < to && isSpace(text.charCodeAt(s))) s++;
  const e = nextWordEnd(text, s, to);
  return e > s && e - s <= 2 && letters(text, s, e);
}

/**
 * A classification written with one letter doubled, lost, changed or two letters swapped, or
 * letter-spaced with two letters run together (`CO N F I D E N T I A L`): the level, where the
 * classification ends (a word index) and the repair. Only capitals count: teletype banners are
 * capitals, and a lower-case near miss is prose.
 */
function damagedClassification(line: number, text: string, w: Word[]): { level: Level; next: number; letterSpaced: boolean; damage: BannerDamage } | undefined {
  let spelled = '';
  let j = 0;
  while (j < w.length && w[j].text.length <= 2 && isUpperWord(w[j].text) && spelled.length + w[j].text.length <= 14) {
    spelled += w[j].text;
    j++;
  }
  const letterSpaced = j >= 3;
  if (!letterSpaced) {
    const word = w[0].text.split('/')[0];
    if (word.length < 5 || word.length > 13 || !isUpperWord(word)) return undefined;
    spelled = word;
    j = 1;
  }
  let best: string | undefined;
  for (const c of CLASSIFICATION_WORDS) {
    if (spelled === c ? letterSpaced : nearWord(spelled, c)) {
      if (!best || Math.abs(c.length - spelled.length) < Math.abs(best.length - spelled.length)) best = c;
    }
  }
  if (!best) return undefined;
  const start = w[0].start;
  const end = letterSpaced ? w[j - 1].end : w[0].start + spelled.length;
  const repaired = letterSpaced ? best.split('').join(' ') : best;
  if (text.slice(start, end) === repaired) return undefined;
  return {
    level: bannerLevel(best)!,
    next: j,
    letterSpaced,
    damage: { kind: 'classification', range: range(line, start, end), text: text.slice(start, end), repaired },
  };
}

function isUpperWord(s: string): boolean {
  if (!s.length) return false;
  for (let i = 0; i < s.length; i++) if (!isUpper(s.charCodeAt(i))) return false;
  return true;
}

// The patterns the label and banner readers test words with, made once: a regular expression
// written inside a function is a new object each time the line runs (an allocation per word read).
const TWO_CAPITALS_OR_DIGITS = /^[A-Z0-9]{2}$/;
const TAGS_WORD = /^([A-Z]+)([:;,]?)$/;
const MARKING_WORD = /^\([A-Z/]{1,6}\)$/i;
const EO_ORDER = /^1\d{4}:?$/;
const DECL_WORD = /^DECL\b/i;
const TAGS_COLON_GLUED = /^TAGS?:[A-Z]{2}/;
const SUBJECT_COLON_GLUED = /^SUBJ(?:ECT)?:[^\s:]/;
const SUBJECT_LOST_LETTER_GLUED = /^S?UBJ(?:ECT)?:[^\s:]/;
const ENDS_IN_COLON = /[:;,]$/;
const REF_COLON_GLUED = /^REF(?:S|TELS?)?:\S/;
const REF_GLUED_TO_WORD = /^[A-Z]{2,}REF:$/;
const CLASSIFIED_GLUED_TO_WORD = /^\S+Classified$/;
const BY_WORD = /^[Bb][Yy]:?$/;

/** `OF`, or `OF` with one character wrong (`GF`, `0F`, `OR`). */
function isOfWord(s: string | undefined): boolean {
  if (!s) return false;
  const u = s.toUpperCase();
  return u === 'OF' || (u.length === 2 && (u[0] === 'O' || u[1] === 'F') && TWO_CAPITALS_OR_DIGITS.test(u));
}

/** True when `s` differs from `target` by one letter doubled, lost, changed, or two swapped. */
function nearWord(s: string, target: string): boolean {
  if (s === target) return false;
  const d = s.length - target.length;
  if (d > 1 || d < -1 || target.length < 5) return false;
  let i = 0;
  while (i < s.length && i < target.length && s[i] === target[i]) i++;
  // Compared in place: every capital word of five to thirteen letters a banner test reads is asked (each routing indicator).
  if (d === 0) {
    if (sameTail(s, i + 1, target, i + 1)) return true;
    return s.charCodeAt(i) === target.charCodeAt(i + 1) && s.charCodeAt(i + 1) === target.charCodeAt(i) && sameTail(s, i + 2, target, i + 2);
  }
  return d > 0 ? sameTail(s, i + 1, target, i) : sameTail(s, i, target, i + 1);
}

/** Fields a banner's serial runs into when the line break after it was lost. */
const GLUED_FIELD = /^(?:E\.\s?O\.?|EO\b|TAGS?\b|SUBJ|SIPDIS|NOFORN|NODIS|EXDIS|LIMDIS|SENSITIVE|CLASSIFIED|Classified|REF|DEPT|STATE\b|PASS\b|FOR\b|¶?\d{1,2}\.\s)/;

/** `000549E.O.`: the length of the serial's digits when a known field follows them, else 0. */
function gluedSerial(x: string): number {
  let g = 0;
  while (g < x.length && isDigit(x.charCodeAt(g))) g++;
  if (g < 3 || g > 7 || g === x.length) return 0;
  return GLUED_FIELD.test(x.slice(g)) ? g : 0;
}

/** Letters a teletype or a scan confuses with digits. */
const DIGIT_LOOKALIKE: Record<string, string> = { O: '0', Q: '0', D: '0', o: '0', I: '1', L: '1', l: '1', S: '5', B: '8', Z: '2', G: '6' };

/** `00Q021`: a serial with one look-alike letter among its digits, as the digits it stands for. */
function noisySerial(x: string): string | undefined {
  if (x.length < 4 || x.length > 8) return undefined;
  let out = '';
  let letters = 0;
  for (const ch of x) {
    if (isDigit(ch.charCodeAt(0))) out += ch;
    else if (DIGIT_LOOKALIKE[ch] && ++letters === 1) out += DIGIT_LOOKALIKE[ch];
    else return undefined;
  }
  return letters === 1 ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// Captions and office lines

const CAPTIONS = CAPTION_LIST.filter((c) => !c.text.includes(' ')).map((c) => c.text);
// Phrases are matched word by word; `E F T O` is EFTO letter-spaced, as banners spell it.
const CAPTION_PHRASES = [...CAPTION_LIST.filter((c) => c.text.includes(' ')).map((c) => c.text.split(' ')), ['E', 'F', 'T', 'O']];

/** Captions are written in capitals; two lower-case letters together rule a line out. */
const LOWER_WORD = /[a-z]{2}/;

const CAPTION_FIRST_WORDS = new Set([...CAPTIONS, ...CAPTION_PHRASES.map((p) => p[0])]);
// The first letters of those words, as a table by character code (a set asked of every line cost more).
const CAPTION_FIRST_LETTERS = new Uint8Array(128);
for (const w of CAPTION_FIRST_WORDS) CAPTION_FIRST_LETTERS[w.charCodeAt(0)] = 1;
// The same words by first letter (its code, A to Z): a word is compared only with those it may be.
const CAPTION_FIRST_BY_LETTER: string[][] = Array.from({ length: 91 }, () => []);
for (const w of CAPTION_FIRST_WORDS) CAPTION_FIRST_BY_LETTER[w.charCodeAt(0)].push(w);

/**
 * Whether the line's first word after any `-`/`--` may start a caption line (a caption or a
 * phrase's first word): every line of a text is asked, and most are ruled out by the first letter
 * alone. A bulleted line (`-- THE MINISTER SAID`) is let go on the word after its dashes before
 * it is cut into words.
 */
function captionFirst(text: string): boolean {
  let s = 0;
  while (s < text.length && isSpace(text.charCodeAt(s))) s++;
  // A line that starts with a letter or digit (most do) is let go on it, before its first word is read.
  const c0 = codeAt(text, s);
  // So is one with two lower-case letters side by side among its first three characters (`Since …`,
  // `said that …`): LOWER_WORD would find them in the caption line's test after this one.
  if (isLower(codeAt(text, s + 1)) && (isLower(c0) || isLower(codeAt(text, s + 2)))) return false;
  if (isLetter(c0) || isDigit(c0)) {
    if (!CAPTION_FIRST_LETTERS[isLower(c0) ? c0 - 32 : c0]) return false;
  }
  let e = 0;
  let a = 0;
  for (;;) {
    s = e;
    while (s < text.length && isSpace(text.charCodeAt(s))) s++;
    e = s;
    while (e < text.length && !isSpace(text.charCodeAt(e))) e++;
    if (e === s) return false;
    a = s;
    while (a < e && !isLetter(text.charCodeAt(a)) && !isDigit(text.charCodeAt(a))) a++;
    if (a < e) break;
    // A word without letters or digits is a caption line's only if it is `-` or `--`, which the
    // line's captions may follow.
    if (!(text.charCodeAt(s) === 45 /* - */ && (e - s === 1 || (e - s === 2 && text.charCodeAt(s + 1) === 45)))) return false;
  }
  const c = text.charCodeAt(a);
  const u = isLower(c) ? c - 32 : c;
  if (!CAPTION_FIRST_LETTERS[u]) return false;
  let b = e;
  while (b > a && !isLetter(text.charCodeAt(b - 1)) && !isDigit(text.charCodeAt(b - 1))) b--;
  for (const w of CAPTION_FIRST_BY_LETTER[u]) if (w.length === b - a && upperAt(text, a, w)) return true;
  // A letter outside ASCII may upper-case into one (`ı` → `I`): such a word is compared as cut.
  for (let i = a; i < b; i++) if (text.charCodeAt(i) > 127) return CAPTION_FIRST_WORDS.has(stripPunct(text.slice(s, e)).text.toUpperCase());
  return false;
}

/** The longest caption line is a few captions (`SENSITIVE BUT UNCLASSIFIED SIPDIS`): a longer line is none. */
const CAPTION_LINE_MAX = 120;

// The first two letters of those words (their codes less 65, five bits each), and the one-letter
// word (`E`, of `E F T O`).
const CAPTION_FIRST_PAIRS = new Uint8Array(32 * 32);
const CAPTION_ONE_LETTER = new Uint8Array(128);
for (const w of CAPTION_FIRST_WORDS) {
  if (w.length === 1) CAPTION_ONE_LETTER[w.charCodeAt(0)] = 1;
  else CAPTION_FIRST_PAIRS[(w.charCodeAt(0) - 65) * 32 + w.charCodeAt(1) - 65] = 1;
}

/**
 * Whether a line whose first non-space character is `c0`, `c1` after it (a space at the line's end),
 * both ASCII, may pass captionFirst: its first word, stripped of punctuation, must be a caption's
 * first word (whose first two letters are a pair above, or `E` alone), or `-` (captionFirst reads on).
 */
function leadMayOpenCaption(c0: number, c1: number): boolean {
  if (c0 === 45 /* - */) return true;
  if (isDigit(c0)) return false;
  if (!isLetter(c0)) {
    // Punctuation before the word's letters (`(SIPDIS)`): the first letter must be a caption's. A
    // word of punctuation alone other than `-` opens no caption line.
    if (isLetter(c1)) return CAPTION_FIRST_LETTERS[c1 & ~32] === 1;
    return !isDigit(c1) && !isSpace(c1);
  }
  if (isLetter(c1)) return CAPTION_FIRST_PAIRS[((c0 & ~32) - 65) * 32 + (c1 & ~32) - 65] === 1;
  // A digit or punctuation after the first letter leaves no caption word but a one-letter one
  // (captions are letters).
  return CAPTION_ONE_LETTER[c0 & ~32] === 1;
}

// leadMayOpenCaption by code pair (c0 * 128 + c1): 0 no; 1 yes; 2 yes unless the next character is
// lower case too (captionFirst's test: a caption line has no two lower-case letters side by side).
const CAPTION_LEADS = new Uint8Array(128 * 128);
for (let c0 = 0; c0 < 128; c0++) {
  for (let c1 = 0; c1 < 128; c1++) {
    if (isLower(c1) && isLower(c0)) continue;
    if (leadMayOpenCaption(c0, c1)) CAPTION_LEADS[c0 * 128 + c1] = isLower(c1) ? 2 : 1;
  }
}

/**
 * False when parseCaptionLine(text) is surely undefined, read from the first two or three characters
 * after `s` (the line's first non-space): the body asks it of every line, and a caption line is one
 * in a thousand. True means only that the line must be read. Small, and a table look-up: the body's
 * line loop takes it in, and a larger test left the loop's other calls out.
 */
export function mayBeCaptionLine(text: string, s: number): boolean {
  const c0 = text.charCodeAt(s);
  const c1 = s + 1 < text.length ? text.charCodeAt(s + 1) : 32;
  // Beyond ASCII a character after the first letter may upper-case into one (`ı` → `I`): such a
  // line is read. One before it is punctuation to captionFirst, as `!` is: a rendering's `¶1.`
  // is let go on its digit.
  if (c1 > 127) return text.length <= CAPTION_LINE_MAX;
  const v = CAPTION_LEADS[((c0 > 127 ? 33 : c0) << 7) | c1];
  return v !== 0 && text.length <= CAPTION_LINE_MAX && (v === 1 || !isLower(text.charCodeAt(s + 2)));
}

/** The caption tokens of a line, or undefined when the line is anything else. */
export function parseCaptionLine(line: number, text: string): Token[] | undefined {
  if (text.length > CAPTION_LINE_MAX || !captionFirst(text) || LOWER_WORD.test(text)) return undefined;
  return readCaptions(line, text);
}

/**
 * The captions of a line the test above let through. A function of its own: the look-up's closure
 * holds the words, and a function with such a closure makes the place for them at every call, even
 * on the lines it lets go first (every line of a text is asked).
 */
function readCaptions(line: number, text: string): Token[] | undefined {
  // Counted before they are cut: a line of capitals in an old telegram's text is let through to
  // here, and most have more words than a caption line.
  const count = wordCount(text, 0, Math.min(text.length, 200), 8);
  if (!count || count > 8) return undefined;
  const w = words(text, 0, Math.min(text.length, 200));
  // Each word stripped and upper-cased once, not once for every phrase it is compared with.
  const plainWords = w.map((x) => stripPunct(x.text).text.toUpperCase());
  const out: Token[] = [];
  let k = 0;
  while (k < w.length) {
    const plain = plainWords[k];
    let phrase: string[] | undefined;
    for (const p of CAPTION_PHRASES) {
      let same = true;
      for (let j = 0; j < p.length && same; j++) same = (plainWords[k + j] ?? '') === p[j];
      if (same) {
        phrase = p;
        break;
      }
    }
    if (phrase) {
      const end = w[k + phrase.length - 1].end;
      out.push(token(line, w[k].start, text.slice(w[k].start, end)));
      k += phrase.length;
    } else if (CAPTIONS.includes(plain)) {
      const s = stripPunct(w[k].text);
      out.push(token(line, w[k].start + s.offset, s.text));
      k++;
    } else if (w[k].text === '-' || w[k].text === '--') {
      k++;
    } else return undefined;
  }
  return out.length ? out : undefined;
}

/** `STATE FOR SCA/CEN`, `DEPT FOR EUR/SE`, `PASS TO USTR`, `NSC FOR SENIOR DIRECTOR …`. */
export function isOfficeLine(text: string): boolean {
  // The first word and the five after it are all the test reads, in place.
  const n = officeWords.cut(text, 0, Math.min(text.length, 120), 6);
  if (!n) return false;
  if (officeWords.isUpper(text, 0, 'PASS') || officeWords.isUpper(text, 0, 'FOR') || officeWords.isUpper(text, 0, 'DEPT') || officeWords.isUpper(text, 0, 'DEPARTMENT')) return true;
  let head = false;
  for (let k = 1; k < n && !head; k++) head = officeWords.isUpper(text, k, 'FOR') || officeWords.isUpper(text, k, 'PASS');
  return head && isUpper(text.charCodeAt(officeWords.start[0]));
}
const officeWords = new WordSpans();

// ---------------------------------------------------------------------------------------------
// Subject block labels

export type LabelKind = 'eo' | 'tags' | 'subject' | 'ref' | 'classifiedBy';

export interface Label {
  kind: LabelKind;
  line: number;
  start: number;
  /** Where the label's own text ends (colon included). */
  end: number;
}

/** `TAS:`, `TABS:`, `TGS:`, `AGS:`, `TAGES:`: the label as real cables mistype it. */
const MISSPELT_TAGS = new Set(['TAS', 'TABS', 'TGS', 'AGS', 'TAGES', 'TAGSS']);

/**
 * A TAGS label: `TAGS`, `TAGS:`, `TAGS;`, `TAGS,` at the start of a line (mid-line with the colon,
 * or right after the E.O. line's date when the 2010 rendering ran them together), `TAG` at the
 * start of a line, and the misspellings at the start of a line when a code follows.
 */
function tagsLabel(u: string, k: number, lead: boolean, out: Label[], next: string | undefined): boolean {
  // Every form starts with T or A (TAGS, TAG, TAS, AGS…): other words are not matched at all.
  if (u.charCodeAt(0) !== 84 && u.charCodeAt(0) !== 65) return false;
  const m = TAGS_WORD.exec(u);
  if (!m) return false;
  const base = m[1];
  // Every word of a line is asked: the next word is read only after a label's own word.
  if (base !== 'TAGS' && base !== 'TAG' && !MISSPELT_TAGS.has(base)) return false;
  const colon = m[2] === ':';
  if ((base === 'TAGS' && (lead || colon)) || (base === 'TAG' && k === 0)) return true;
  // Otherwise a code must follow it, in capitals.
  const code = next ? stripPunct(next).text : '';
  const codeNext = !!next && isTagCode(code) && code === code.toUpperCase();
  const afterEo = k > 0 && out.length > 0 && out[out.length - 1].kind === 'eo' && codeNext;
  if (base === 'TAGS' || base === 'TAG') return afterEo;
  return MISSPELT_TAGS.has(base) && k === 0 && codeNext;
}


function skipColon(text: string, at: number): number {
  let i = at;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  if (text[i] === ':') return i + 1;
  return at;
}

/** A, C, E, R, S, T, U: the letters the labels below start with (`UBJECT:` lost its S). */
const LABEL_FIRST = new Uint8Array(128);
for (const c of [65, 67, 69, 82, 83, 84, 85]) LABEL_FIRST[c] = 1;

/**
 * Whether the word `text.slice(a, b)` may be (or end in) a label: the header lines and a text's first line are asked
 * word by word, and most words are let go on their first letter before they are upper-cased.
 * Further into a line a label may be glued to the word before it (`REAPE.O.`, `PRIMEREF:`,
 * `CAIROClassified`): such words end in `.`, `:` or `d`. A first letter outside ASCII may
 * upper-case into one of the letters (`ſ` → `S`), so it is never let go.
 */
function mayBeLabel(text: string, a: number, b: number, k: number): boolean {
  const c = text.charCodeAt(a);
  if (c > 127 || LABEL_FIRST[c >= 97 && c <= 122 ? c - 32 : c]) return true;
  if (k === 0) return false;
  const z = text.charCodeAt(b - 1);
  return z === 46 /* . */ || z === 58 /* : */ || z === 100 /* d */;
}

/**
 * After a label, whether the word `text[a, b)` (ending in `z`) may be one of the forms that count
 * further into a line: `…E.O.`, `…REF:`, `…Classified`, `TAGS:`/`TAG`, `SUBJECT:`, `REF:`,
 * `CLASSIFIED`. A letter beyond ASCII may upper-case into them (`ſUBJECT`): such a word is read.
 */
function midLineLabel(text: string, a: number, b: number, z: number): boolean {
  if (z === 46 /* . */ || z === 58 /* : */ || z === 100 /* d */) return true;
  if (upperAt(text, a, 'TAG') || upperAt(text, a, 'SUBJ') || text.startsWith('REF', a) || (b - a === 10 && upperAt(text, a, 'CLASSIFIED'))) return true;
  for (let i = a; i < b; i++) if (text.charCodeAt(i) > 127) return true;
  return false;
}

/**
 * Before any label, whether the word `text[a, b)` (ending in `z`) further into a line may be one:
 * only `TAGS:`, `SUBJECT:` and `SUBJ:` (five or eight characters) and a word ending in `E.O.` count
 * there. Every word of a line with a colon that ends a sentence is asked; it is let go on its
 * length, its letters or its last four characters before it is cut and upper-cased (no letter
 * beyond ASCII upper-cases into `E`, `O` or a stop; a word with one is compared as upper-cased).
 */
function firstMidLineLabel(text: string, a: number, b: number, z: number): boolean {
  if (z === 58 /* : */) {
    if (b - a !== 5 && b - a !== 8) return false;
    // `Summary:`, `Comment:` (eight characters, as `SUBJECT:` is) open many a paragraph.
    if (b - a === 5 ? upperAt(text, a, 'TAGS:') || upperAt(text, a, 'SUBJ:') : upperAt(text, a, 'SUBJECT:')) return true;
    for (let i = a; i < b; i++) if (text.charCodeAt(i) > 127) return true;
    return false;
  }
  if (z !== 46 /* . */ || b - a < 4) return false;
  return (text.charCodeAt(b - 4) | 32) === 101 /* e */ && text.charCodeAt(b - 3) === 46 && (text.charCodeAt(b - 2) | 32) === 111 /* o */;
}

// The header loop, its fields' stop test, the look-aheads for a subject block and the body's page
// headers ask about the same lines: half the calls of a parse repeat one before them.
const labelMemo = new LineMemo<ReadonlyArray<Readonly<Label>>>([]);

/**
 * Labels of the subject block that stand in `text`. At the start of a line every form counts;
 * further into the line (the 2010 rendering sometimes runs E.O., TAGS and SUBJECT together) only
 * `Tags:` and `Subject:` with their colon do, so that ordinary words are not taken for labels.
 * The answer is shared with the next caller asking about the same line: it is not to be changed.
 */
export function findLabels(line: number, text: string): ReadonlyArray<Readonly<Label>> {
  return labelMemo.get(line, text, readLabels);
}

// Where the words of the line readLabels reads start and end; most are let go on their first
// letter, so a word's text is cut only when it is looked at.
let wordStart = new Int32Array(64);
let wordEnd = new Int32Array(64);

/** The words of `text` up to `to` (the first `max`), as words() cuts them, into wordStart/wordEnd; their count. */
function cutWords(text: string, to: number, max = Infinity): number {
  let n = 0;
  let i = 0;
  while (i < to && n < max) {
    while (i < to && isSpace(text.charCodeAt(i))) i++;
    if (i >= to) break;
    const s = i;
    while (i < to && !isSpace(text.charCodeAt(i))) i++;
    if (n === wordStart.length) {
      const ns = new Int32Array(n * 2);
      const ne = new Int32Array(n * 2);
      ns.set(wordStart);
      ne.set(wordEnd);
      wordStart = ns;
      wordEnd = ne;
    }
    wordStart[n] = s;
    wordEnd[n++] = i;
  }
  return n;
}

/**
 * Whether a line's first word `text[a, b)` may be a label: upper-cased, every label a first word
 * can be starts with `E.`, `EO`, `TA`, `TG`, `AG`, `SU`, `UB`, `RE` or `CL`. Most first words are let
 * go on their first two letters before they are cut and upper-cased (a letter beyond ASCII may
 * upper-case into one of them, so it is never let go).
 */
function leadMayBeLabel(text: string, a: number, b: number): boolean {
  if (b - a < 2) return false;
  const c0 = text.charCodeAt(a);
  const c1 = text.charCodeAt(a + 1);
  // A first character beyond ASCII that upper-cases into no ASCII letter (`¶`, the 2010 rendering's
  // paragraph anchor: `¶1. (S) Summary: …`) starts no label.
  if (c0 > 127) return isLetter(String.fromCharCode(c0).toUpperCase().charCodeAt(0));
  if (c1 > 127) return true;
  const u0 = c0 >= 97 && c0 <= 122 ? c0 - 32 : c0;
  const u1 = c1 >= 97 && c1 <= 122 ? c1 - 32 : c1;
  switch (u0) {
    case 69 /* E */:
      return u1 === 46 /* . */ || u1 === 79 /* O */;
    case 84 /* T */:
      return u1 === 65 /* A */ || u1 === 71 /* G */;
    case 65 /* A */:
      return u1 === 71 /* G */;
    case 83 /* S */:
      return u1 === 85 /* U */;
    case 85 /* U */:
      return u1 === 66 /* B */;
    case 82 /* R */:
      return u1 === 69 /* E */;
    case 67 /* C */:
      return u1 === 76 /* L */;
    default:
      return false;
  }
}

/** Labels found on no line: the answer for most lines, shared (never changed). */
const NO_LABELS: Label[] = [];

/** Whether `text[a, b)` holds no lower-case ASCII letter and no character beyond ASCII: toUpperCase leaves it as it is. */
function isAsciiUpper(text: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c > 127 || isLower(c)) return false;
  }
  return true;
}

function wordText(text: string, n: number, k: number): string | undefined {
  return k < n ? text.slice(wordStart[k], wordEnd[k]) : undefined;
}

function readLabels(line: number, text: string): Label[] {
  const to = Math.min(text.length, 4000);
  // The lead (the first word, or the second after a marking `(C)`) may be any label; a word further
  // into the line, before any label, only `TAGS:`, `SUBJECT:`, `SUBJ:` or one ending in `E.O.`. A
  // line whose first word is neither a marking nor a label's start, and which holds no such word
  // (most lines of prose, some thousands of characters long in the 2010 rendering), is let go uncut.
  let s = 0;
  while (s < to && isSpace(text.charCodeAt(s))) s++;
  let e = s;
  while (e < to && !isSpace(text.charCodeAt(e))) e++;
  if (text.charCodeAt(s) !== 40 /* ( */ && !leadMayBeLabel(text, s, e) && !midLineCandidate(text, e, to)) return NO_LABELS;
  // Without a colon or `E.O.` only the lead can be a label: only the three words it reads are cut,
  // and a line whose lead is a label is read again in full.
  if (text.indexOf(':') < 0 && text.indexOf('.O.') < 0 && text.indexOf('.o.') < 0) {
    const lead = scanLabels(line, text, cutWords(text, to, 3), 2);
    if (!lead.length) return NO_LABELS;
  }
  const out = scanLabels(line, text, cutWords(text, to), Infinity);
  return out.length ? out : NO_LABELS;
}

/** `E.O.`'s last three characters as a line may write them. */
const EO_STOPS = ['.O.', '.o.'];

/**
 * Whether a word of `text[from, to)` (past the line's first word, which ends at `from`) is one
 * firstMidLineLabel lets through: such a word ends in a colon or in `E.O.`, and is found from the
 * colons and stops of the line, not by cutting its words.
 */
function midLineCandidate(text: string, from: number, to: number): boolean {
  for (let p = text.indexOf(':', from); p >= 0 && p < to; p = text.indexOf(':', p + 1)) {
    if (p + 1 < to && !isSpace(text.charCodeAt(p + 1))) continue;
    // Back to the word's start, no further than nine characters (the words that count have eight at most).
    let a = p;
    while (a > from && p + 1 - a < 9 && !isSpace(text.charCodeAt(a - 1))) a--;
    if (firstMidLineLabel(text, a, p + 1, 58)) return true;
  }
  for (const stop of EO_STOPS) {
    for (let q = text.indexOf(stop, from); q >= 0 && q + 2 < to; q = text.indexOf(stop, q + 1)) {
      const b = q + 3;
      if (b < to && !isSpace(text.charCodeAt(b))) continue;
      let a = q;
      while (a > from && !isSpace(text.charCodeAt(a - 1))) a--;
      if (firstMidLineLabel(text, a, b, 46)) return true;
    }
  }
  return false;
}

/** readLabels over the `n` words cut, reading the first `max` of them. */
function scanLabels(line: number, text: string, n: number, max: number): Label[] {
  const out: Label[] = [];
  const S = wordStart;
  // `(C) SUBJECT: …`: a marking before the first label makes the second word a line's lead.
  const markedLead = n > 1 && text.charCodeAt(S[0]) === 40 /* ( */ && MARKING_WORD.test(wordText(text, n, 0)!);
  for (let k = 0; k < n && k < max; k++) {
    if (!mayBeLabel(text, S[k], wordEnd[k], k) || (k === 0 && !leadMayBeLabel(text, S[0], wordEnd[0]))) continue;
    const lead = k === 0 || (k === 1 && markedLead);
    // Further into a line, before any label, only `TAGS:`, `SUBJECT:`, `SUBJ:` and an office line's
    // `…E.O.` count: a prose line's words are let go on their last character, uncut.
    if (!lead) {
      const z = text.charCodeAt(wordEnd[k] - 1);
      if (out.length === 0 ? !firstMidLineLabel(text, S[k], wordEnd[k], z) : !midLineLabel(text, S[k], wordEnd[k], z)) continue;
    }
    const t = text.slice(S[k], wordEnd[k]);
    const at = S[k];
    // A word in capitals (most that get here) is its own upper case: only one with a lower-case or
    // non-ASCII letter is upper-cased.
    const u = isAsciiUpper(text, at, wordEnd[k]) ? t : t.toUpperCase();
    if (lead && (u === 'E.O.' || u === 'EO' || u === 'E.O' || u === 'E.0.' || u.startsWith('E.O.1') || upperAt(text, at, 'E. O.')) && k === 0) {
      const end = u.startsWith('E. ') || t === 'E.' ? at + 5 : at + (u.startsWith('E.O.1') ? 4 : t.length);
      out.push({ kind: 'eo', line, start: at, end });
    } else if (k > 0 && (!out.length || out[out.length - 1].kind === 'classifiedBy') && u.endsWith('E.O.') && EO_ORDER.test(wordText(text, n, k + 1) ?? '') && DECL_WORD.test(wordText(text, n, k + 2) ?? '')) {
      // `DEPARTMENT FOR WHA AND PM E.O. 12958: DECL: …`: an office line run into the E.O. line;
      // `…S/CT FOR REAPE.O. 12958` (02ANKARA8305): glued to the office line's last word.
      out.push({ kind: 'eo', line, start: at + t.length - 4, end: at + t.length });
    } else if ((lead || out.length > 0) && TAGS_COLON_GLUED.test(u)) {
      // `TAGS:PREL PGOV`: the space after the colon lost.
      out.push({ kind: 'tags', line, start: at, end: at + u.indexOf(':') + 1 });
    } else if (out.length > 0 && SUBJECT_COLON_GLUED.test(u)) {
      // `…TAGS: PREL EG SUBJECT:EGYPT'S…`: run on after another label, the space after the colon lost.
      out.push({ kind: 'subject', line, start: at, end: at + u.indexOf(':') + 1 });
    } else if ((u.charCodeAt(0) === 84 || u.charCodeAt(0) === 65) && tagsLabel(u, k, lead, out, wordText(text, n, k + 1))) {
      out.push({ kind: 'tags', line, start: at, end: skipColon(text, at + (ENDS_IN_COLON.test(t) ? t.length : stripPunct(t).text.length)) });
    } else if (u === 'SUBJECT:' || u === 'SUBJ:' || (lead && (u === 'SUBJECT' || u === 'SUBJ' || u === 'UBJECT:' || u === 'UBJECT')) || (lead && k === 0 && SUBJECT_LOST_LETTER_GLUED.test(u))) {
      // `UBJECT:` lost its first letter; `SUBJECT:EGYPT'S` lost the space after the colon.
      const base = u.startsWith('SUBJECT') ? 7 : u.startsWith('UBJECT') ? 6 : 4;
      const prev = out[out.length - 1];
      // `SUBJECT: SUBJECT: AFGHANISTAN…` (09KABUL1239): the label doubled is one label.
      if (prev?.kind === 'subject' && prev.end <= at && !text.slice(prev.end, at).trim()) prev.end = skipColon(text, at + base);
      else out.push({ kind: 'subject', line, start: at, end: skipColon(text, at + base) });
    } else if (
      (lead && k === 0 && (u === 'REF:' || u === 'REFS:' || u === 'REFTEL:' || u === 'REFTELS:' || u === 'REF' || u === 'REFS' || u === 'REFTEL' || u === 'REFERENCE:' || u === 'REFERENCES:')) ||
      // Run on after the subject in the 2010 rendering: only with the colon.
      (k > 0 && out.length > 0 && (t === 'REF:' || t === 'REFS:' || t === 'REFTEL:'))
    ) {
      out.push({ kind: 'ref', line, start: at, end: skipColon(text, at + stripPunct(t).text.length) });
    } else if (lead && k === 0 && REF_COLON_GLUED.test(u)) {
      // `REF:09 Paris`: the entry glued to the label's colon.
      out.push({ kind: 'ref', line, start: at, end: at + u.indexOf(':') + 1 });
    } else if (k > 0 && out.some((l) => l.kind === 'subject') && REF_GLUED_TO_WORD.test(t)) {
      // `…AS UK PRIMEREF: A. LONDON 1939`: the line break before REF lost in the 2010 rendering.
      out.push({ kind: 'ref', line, start: at + t.length - 4, end: at + t.length });
    } else if (k > 0 && out.length > 0 && !out.some((l) => l.kind === 'classifiedBy') && CLASSIFIED_GLUED_TO_WORD.test(t) && BY_WORD.test(wordText(text, n, k + 1) ?? '')) {
      // `…DIPLOMATIC CAIROClassified By: …`: the line break before Classified By lost.
      const c = at + t.length - 10;
      out.push({ kind: 'classifiedBy', line, start: c, end: skipColon(text, S[k + 1] + 2) });
    } else if (
      u === 'CLASSIFIED' &&
      (((lead || k === 0) && (wordText(text, n, k + 1)?.toUpperCase() === 'BY' || wordText(text, n, k + 1)?.toUpperCase() === 'BY:')) ||
        (k > 0 && out.length > 0 && wordText(text, n, k + 1)?.toUpperCase() === 'BY:') ||
        // `Classified By: Classified by Political Officer …` (05MADRID395): doubled in another case.
        (k > 0 && wordText(text, n, k + 1)?.toUpperCase() === 'BY' && out.some((l) => l.kind === 'classifiedBy' && !text.slice(l.end, at).trim())))
    ) {
      // Labels after it count only in their strict forms (`E.O. 12958: DECL`, `TAGS:`, `SUBJECT:`):
      // the 2010 rendering runs the subject block on after Classified By on one line.
      const prev = out.find((l) => l.kind === 'classifiedBy');
      // `Classified By: Classified By: DCM …` (03THEHAGUE2843): the label doubled is one label, and
      // the words after the label are its, however they read.
      if (prev && !text.slice(prev.end, at).trim()) prev.end = skipColon(text, S[k + 1] + 2);
      else if (!prev) out.push({ kind: 'classifiedBy', line, start: at, end: skipColon(text, S[k + 1] + 2) });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// E.O. line

function parseDecl(line: number, w: Word): DateToken {
  const t = stripPunct(w.text).text;
  const p = t.split('/');
  if (p.length === 3 && p.every(allDigits)) {
    let y: number, m: number, d: number;
    if (p[0].length === 4) [y, m, d] = [Number(p[0]), Number(p[1]), Number(p[2])];
    else [m, d, y] = [Number(p[0]), Number(p[1]), p[2].length === 2 ? expandYear(Number(p[2])) : Number(p[2])];
    const iso = isoDay(y, m, d);
    return { text: shortText(w.text), range: range(line, w.start, w.end), iso };
  }
  return wordToken(line, w);
}

export function parseEo(ctx: ParseContext, label: Label, to: number): EoLine {
  const { line } = label;
  const text = ctx.lines[line];
  const labelTok = token(line, label.start, text.slice(label.start, label.end));
  const eo: EoLine = { range: range(line, label.start, label.end), label: labelTok, order: undefined, decl: undefined };
  const w = words(text, label.end, to);
  let k = 0;
  if (w[k] && allDigits(stripPunct(w[k].text).text)) {
    const s = stripPunct(w[k].text);
    eo.order = token(line, w[k].start + s.offset, s.text);
    k++;
  } else if (w[k] && stripPunct(w[k].text).text.length >= 4 && allDigits(stripPunct(w[k].text).text.slice(0, 4))) {
    eo.order = wordToken(line, w[k]);
    k++;
  }
  if (w[k] && stripPunct(w[k].text).text.toUpperCase() === 'DECL') k++;
  if (w[k]) {
    eo.decl = parseDecl(line, w[k]);
    const looksDate = eo.decl.text.includes('/') && isDigit(eo.decl.text.charCodeAt(0)) && eo.decl.text.toUpperCase() !== 'N/A';
    if (looksDate && !eo.decl.iso)
      ctx.problem('eo-date', eo.decl.range, `Declassification date "${eo.decl.text}" is not a real date`, { text: eo.decl.text });
  }
  if (w.length) eo.range = range(line, label.start, w[w.length - 1].end);
  if (!eo.order) ctx.problem('eo-malformed', eo.range, `E.O. line names no executive order (E.O. 12958: DECL: MM/DD/YYYY)`, {});
  return eo;
}

// ---------------------------------------------------------------------------------------------
// TAGS

/** One word of a TAGS block, or a parenthesised group (`(STEINBERG, JAMES B.)`, always a person). */
interface TagWord {
  line: number;
  start: number;
  end: number;
  text: string;
  /** A comma or semicolon follows it. */
  commaAfter: boolean;
  paren: boolean;
}

/** A space, `,`, `;`, a tab or a no-break space (by code: every character of a TAGS block is asked). */
const isTagSeparator = (c: number) => c === 32 || c === 44 || c === 59 || c === 9 || c === 0xa0;

/**
 * A classification word in a TAGS block is the foot of an old telegram page (`…PGOV  CONFIDENTIAL`
 * before its `PAGE 02` header), never a code.
 */
const TAGS_DEBRIS = new Set(['CONFIDENTIAL', 'SECRET', 'UNCLASSIFIED', 'UNCLAS', '-', '--']);

function tagWords(line: number, text: string, from: number, to: number, out: TagWord[]): void {
  let i = from;
  while (i < to) {
    while (i < to && isTagSeparator(text.charCodeAt(i))) {
      const c = text.charCodeAt(i);
      if ((c === 44 /* , */ || c === 59 /* ; */) && out.length && out[out.length - 1].line === line) out[out.length - 1].commaAfter = true;
      i++;
    }
    if (i >= to) break;
    if (text.charCodeAt(i) === 40 /* ( */) {
      const close = text.indexOf(')', i + 1);
      const e = close >= 0 && close < to ? close : to;
      let a = i + 1;
      let b = e;
      while (a < b && isTagSeparator(text.charCodeAt(a))) a++;
      while (b > a && isTagSeparator(text.charCodeAt(b - 1))) b--;
      if (b > a) out.push({ line, start: a, end: b, text: text.slice(a, b), commaAfter: false, paren: true });
      i = e + 1;
      continue;
    }
    const s = i;
    while (i < to && !isTagSeparator(text.charCodeAt(i)) && text.charCodeAt(i) !== 40 /* ( */) i++;
    let e = i;
    while (e > s && (text.charCodeAt(e - 1) === 46 /* . */ || text.charCodeAt(e - 1) === 58 /* : */)) e--;
    if (e <= s) continue;
    const word = text.slice(s, e);
    if (!TAGS_DEBRIS.has(word)) out.push({ line, start: s, end: e, text: word, commaAfter: false, paren: false });
  }
}

/** Four capitals starting as the political, economic, program, military and outreach codes do. */
const CODE_SHAPE = /^[PEKMO][A-Z]{3}$/;

/**
 * A code, a code mistyped (`PGOF` for PGOV), or two codes run together (`PRELPGOV` after `OVIP`):
 * not a word of a person's name (`POPE`, `KING` are names).
 */
function looksLikeCode(word: string): boolean {
  const t = stripPunct(word).text;
  const u = t.toUpperCase();
  return isTagCode(t) || isMistypedTagCode(u) || !!splitGluedTags(t) || (u.length === 8 && CODE_SHAPE.test(u.slice(0, 4)) && CODE_SHAPE.test(u.slice(4)));
}

/**
 * The codes and people of a TAGS block. A parenthesised group is a person; so are the words after
 * `OVIP` (a VIP's visit) up to the next code (`OVIP BIDEN JOSEPH`, `OVIP CLINTON, HILLARY, PREL`).
 * When commas separate the entries, the words between two commas are one entry when none of them
 * is a code (`HUMAN RIGHTS`, `COUNTRY CLEARANCE`). Two codes run together (`NATOPREL`) are two codes.
 */
function readTagWords(lines: string[], words: TagWord[]): Pick<TagsLine, 'codes' | 'persons' | 'glued'> {
  const codes: Token[] = [];
  const persons: Token[] = [];
  const glued: TagsLine['glued'] = [];
  const span = (a: TagWord, b: TagWord) => token(a.line, a.start, lines[a.line].slice(a.start, b.end));
  const commas = words.some((w) => w.commaAfter);
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    if (w.paren) {
      persons.push(span(w, w));
      continue;
    }
    if (w.text.toUpperCase() === 'OVIP') {
      codes.push(span(w, w));
      let j = k + 1;
      while (j < words.length && j - k <= 4 && !words[j].paren && words[j].line === words[k + 1].line && !looksLikeCode(words[j].text)) j++;
      if (j > k + 1) {
        persons.push(span(words[k + 1], words[j - 1]));
        k = j - 1;
      }
      continue;
    }
    const pieceStart = k === 0 || words[k - 1].commaAfter || words[k - 1].paren || words[k - 1].line !== w.line;
    if (commas && pieceStart && !w.commaAfter) {
      let j = k;
      while (j + 1 < words.length && !words[j].commaAfter && !words[j + 1].paren && words[j + 1].line === w.line) j++;
      const piece = words.slice(k, j + 1);
      // A piece holding a known code (`PREL PGOV … LE SY IR` before `PK, AF`) is codes, not a name.
      if (piece.length > 1 && piece.length <= 4 && !piece.some((x) => x.text.length > 2 && looksLikeCode(x.text)) && !piece.every((x) => x.text.length === 2)) {
        codes.push(span(w, words[j]));
        k = j;
        continue;
      }
    }
    const parts = splitGluedTags(w.text);
    if (parts) {
      glued.push({ text: shortText(lines[w.line].slice(w.start, w.end)), range: range(w.line, w.start, w.end), parts });
      codes.push(token(w.line, w.start, parts[0]), token(w.line, w.start + parts[0].length, parts[1]));
      continue;
    }
    codes.push(span(w, w));
  }
  return { codes, persons, glued };
}

/**
 * A line that carries on a TAGS line: short words in capitals (or all lower-case, when the 2010
 * rendering lowered the cable: `Tags: ovip, prel,` / `etra, mnuc, ch`), at least half of them codes
 * unless the line before ended on a comma — an all-capitals text line is not taken for TAGS.
 */
function looksLikeTagsContinuation(text: string, lower: boolean, afterComma: boolean): boolean {
  // The words as words() cuts them within 200 characters, each read in place: most lines are let
  // go on their first word, before anything is cut from them (the header loop asks every line).
  const to = Math.min(text.length, 200);
  const n = wordCount(text, 0, to, 30);
  if (!n || n > 30) return false;
  let parens = 0;
  let codes = 0;
  for (let i = 0; i < to; ) {
    while (i < to && isSpace(text.charCodeAt(i))) i++;
    if (i >= to) break;
    const s = i;
    let open = false;
    let close = false;
    for (; i < to; i++) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) break;
      if (c === 40 /* ( */) open = true;
      else if (c === 41 /* ) */) close = true;
    }
    if (open || close || parens) {
      parens += (open ? 1 : 0) - (close ? 1 : 0);
      continue;
    }
    // stripPunct's bounds: ASCII letters and digits are what it keeps.
    let a = s;
    let b = i;
    while (a < b && !isLetter(text.charCodeAt(a)) && !isDigit(text.charCodeAt(a))) a++;
    while (b > a && !isLetter(text.charCodeAt(b - 1)) && !isDigit(text.charCodeAt(b - 1))) b--;
    if (b - a < 2 || b - a > 16 || !tagsCase(text, a, b, lower)) return false;
    let digits = true;
    for (let j = a; j < b && digits; j++) digits = isDigit(text.charCodeAt(j));
    if (digits) return false;
    if (isTagCode(text.slice(a, b))) codes++;
  }
  return afterComma || codes * 2 >= n;
}

/** `t === t.toUpperCase() || (lower && t === t.toLowerCase())` for t = text[a, b), read in place when it is ASCII. */
function tagsCase(text: string, a: number, b: number, lower: boolean): boolean {
  let upper = false;
  let low = false;
  for (let j = a; j < b; j++) {
    const c = text.charCodeAt(j);
    if (c > 127) {
      const t = text.slice(a, b);
      return t === t.toUpperCase() || (lower && t === t.toLowerCase());
    }
    if (isLower(c)) low = true;
    else if (isUpper(c)) upper = true;
  }
  return !low || (lower && !upper);
}

export function isBareTagsLine(text: string): boolean {
  if (!looksLikeTagsContinuation(text, false, false)) return false;
  const w = words(text, 0, Math.min(text.length, 200)).map((x) => stripPunct(x.text).text);
  return w.length >= 2 && w.some((x) => x.length >= 3 && isKnownTagCode(x));
}

/** A classification word alone on its line: the foot of an old telegram page. */
const PAGE_FOOT = /^\s*(?:CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE)\s*$/;

/**
 * The TAGS block: its label's line up to `to`, then the lines that carry it on. An old page header
 * (`PAGE 02 HARARE 06677 01 OF 03 291400Z`, with the page's foot line before it, or with the next
 * codes glued on after it) inside the block is stepped over and returned in `markers`.
 */
export function parseTags(
  ctx: ParseContext,
  label: Label,
  to: number,
  limit: number,
  stop: (line: number) => boolean,
  marker: (line: number) => PageMarker | undefined = () => undefined,
): { tags: TagsLine; last: number; markers: PageMarker[] } {
  const { line } = label;
  const lines = ctx.lines;
  const text = lines[line];
  const labelTok = token(line, label.start, text.slice(label.start, label.end));
  const tw: TagWord[] = [];
  tagWords(line, text, label.end, to, tw);
  const markers: PageMarker[] = [];
  let last = line;
  // A TAGS line wraps rarely, and only when the labels that follow are on later lines.
  if (to === text.length) {
    const lower = tw.length > 0 && tw.every((c) => c.paren || c.text === c.text.toLowerCase());
    // A page's foot run onto the line (`PINS,  CONFIDENTIAL`) does not end the list.
    const endsWithComma = (l: number) => /[,;]\s*(?:(?:CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS)\s*)?$/.test(lines[l]);
    let l = last + 1;
    const pending: PageMarker[] = [];
    while (l < limit && !isBlank(lines[l])) {
      const t = lines[l];
      const m = marker(l);
      if (m && m.range.start.line === l) {
        const rest = m.range.end.character;
        if (t.slice(rest).trim() && looksLikeTagsContinuation(t.slice(rest), lower, endsWithComma(last))) {
          markers.push(...pending.splice(0), m);
          tagWords(l, t, rest, t.length, tw);
          last = l++;
          continue;
        }
        if (t.slice(rest).trim()) break;
        pending.push(m);
        l++;
        continue;
      }
      if (PAGE_FOOT.test(t) && l + 1 < limit && marker(l + 1)) {
        l++;
        continue;
      }
      if (stop(l) || !looksLikeTagsContinuation(t, lower, endsWithComma(last))) break;
      markers.push(...pending.splice(0));
      tagWords(l, t, 0, t.length, tw);
      last = l++;
    }
  }
  const read = readTagWords(lines, tw);
  const lastWord = tw[tw.length - 1];
  const end = lastWord ? { line: lastWord.line, character: lines[lastWord.line].indexOf(')', lastWord.end) === lastWord.end ? lastWord.end + 1 : lastWord.end } : labelTok.range.end;
  return { tags: { range: spanRange(line, label.start, end.line, end.character), label: labelTok, codes: read.codes, persons: read.persons, glued: read.glued }, last, markers };
}

// ---------------------------------------------------------------------------------------------
// SUBJECT

const SUBJECT_MARKER_TAIL = /\s+[A-Z]+ \d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}$/;

/** `post`: the banner's post, the post a page marker run into the subject names. */
export function parseSubject(ctx: ParseContext, label: Label, to: number, limit: number, stop: (line: number) => boolean, post?: string): { subject: SubjectLine; last: number } {
  const { line } = label;
  const text = ctx.lines[line];
  const labelTok = token(line, label.start, text.slice(label.start, label.end));
  const parts: Token[] = [];
  const first = text.slice(label.end, to);
  const lead = first.length - first.trimStart().length;
  let firstText = first.trim();
  // `…TESTING U.S. WATERS TRIPOLI 00000310 001.2 OF 004 CLASSIFIED BY:` (09TRIPOLI310): the 2010
  // rendering ran a page marker into the subject's line; it is no part of the subject.
  const marker = SUBJECT_MARKER_TAIL.exec(firstText);
  if (marker && marker.index > 0) {
    // The marker's post is one word, or the banner's when that has more (`NEW DELHI`).
    const more = post?.includes(' ') ? post.slice(0, post.lastIndexOf(' ')) : '';
    const head = firstText.slice(0, marker.index);
    firstText = (more && head.endsWith(` ${more}`) ? head.slice(0, head.length - more.length) : head).trimEnd();
  }
  if (firstText) parts.push(token(line, label.end + lead, firstText));
  let last = line;
  if (to === text.length) {
    while (last + 1 < limit && !isBlank(ctx.lines[last + 1]) && !stop(last + 1)) {
      last++;
      const t = ctx.lines[last];
      const s = t.length - t.trimStart().length;
      parts.push(token(last, s, t.trim()));
    }
  }
  const end = parts.length ? parts[parts.length - 1].range.end : labelTok.range.end;
  return {
    subject: { range: spanRange(line, label.start, end.line, end.character), label: labelTok, text: parts.map((p) => p.text).join(' '), parts },
    last,
  };
}

// ---------------------------------------------------------------------------------------------
// REF

/** The REF block is read in references.ts; this keeps the subject block's labels in one place. */
export function parseRefs(ctx: ParseContext, label: Label, to: number, limit: number, stop: (line: number) => boolean): { refs: RefBlock; last: number } {
  return parseRefBlock(ctx, label, to, limit, stop);
}

// ---------------------------------------------------------------------------------------------
// Classified By

function findReasonStart(text: string, from: number): number {
  // Searched in the line itself, not in an upper-cased copy: upper-casing can lengthen a text
  // (`ß` → `SS`), and a position found in the copy would then miss in the line.
  let at = indexOfCaseless(REASON, text, from);
  // The reason often wraps mid-word: `FOR REAS` / `ONS 1.5 (B AND D)`.
  if (at < 0) at = indexOfCaseless(REAS, text, from);
  if (at < 0) {
    const c = text.indexOf(' 1.', from);
    if (c >= 0) at = c + 1;
  }
  return at;
}

const REASON = /reason/gi;
const REAS = /reas/gi;

function indexOfCaseless(re: RegExp, text: string, from: number): number {
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? m.index : -1;
}

/** The reason letters after each `1.4` / `1.5` / `1.6`: `1.4(B) and (d)`, `1.5 (b,d)`, `1.4 B AND D`. */
function reasonTokens(line: number, text: string, from: number, carried = ''): ClassifiedBy['reasons'] {
  const out: ClassifiedBy['reasons'] = [];
  let clause = carried;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 49 /* 1 */ && codeAt(text, i + 1) === 46 /* . */ && isDigit(codeAt(text, i + 2)) && !isDigit(codeAt(text, i + 3))) {
      clause = text.slice(i, i + 3);
      out.push({ text: clause, range: range(line, i, i + clause.length), clause });
      i += 2;
      continue;
    }
    if (!clause || !isLetter(c)) continue;
    // A letter standing alone: the letters of words are let go before their neighbours are cut.
    const single = !isLetter(codeAt(text, i - 1)) && !isLetter(codeAt(text, i + 1));
    if (!single) continue;
    // The neighbours by code (a space at the line's ends): a character cut from the line is a string
    // of its own beyond Latin-1, which the optimized comparisons had not met (V8: "wrong instance type").
    const before = i === 0 ? 32 : text.charCodeAt(i - 1);
    const after = i + 1 < text.length ? text.charCodeAt(i + 1) : 32;
    const lower = isLower(c) ? c : c + 32;
    // Reasons run (a)–(h); any other letter in parentheses is kept too, so a check can flag it.
    const parenthesised = before === 40 /* ( */ && (after === 41 /* ) */ || after === 44 /* , */);
    // Before: `(`, a space, `,`, `/` or `&`; after: `)`, a space, `,`, `.`, `/` or `&`.
    const opens = before === 40 || before === 32 || before === 44 || before === 47 || before === 38;
    const closes = after === 41 || after === 32 || after === 44 || after === 46 || after === 47 || after === 38;
    if (single && ((lower >= 97 && lower <= 104 && opens && closes) || parenthesised)) {
      // `A` stands for itself only in parentheses or lists: `1.5 A AND D` is rare enough to accept.
      out.push({ text: text[i], range: range(line, i, i + 1), clause, letter: text[i].toLowerCase() });
    }
  }
  return out;
}

/**
 * `to`: where the line's next label starts, when the 2010 rendering ran the E.O. line, TAGS and the
 * subject on after Classified By on one line; the reason wraps onto the next line only when the
 * line is Classified By's to its end.
 */
export function parseClassifiedBy(ctx: ParseContext, label: Label, limit: number, stop: (line: number) => boolean, to?: number): { classifiedBy: ClassifiedBy; last: number } {
  const { line } = label;
  const whole = ctx.lines[line];
  const text = to !== undefined && to < whole.length ? whole.slice(0, to) : whole;
  const labelTok = token(line, label.start, text.slice(label.start, label.end));
  const cb: ClassifiedBy = { range: range(line, label.start, text.trimEnd().length), label: labelTok, reasons: [], classifier: undefined };
  const reasonAt = findReasonStart(text, label.end);
  const classEnd = reasonAt >= 0 ? reasonAt : text.trimEnd().length;
  let cls = text.slice(label.end, classEnd);
  const lead = cls.length - cls.trimStart().length;
  cls = cls.trim();
  // `…, for reasons` / `; Reason` / `. REASONS:` leave punctuation and a `for` behind.
  for (;;) {
    const before = cls;
    cls = cls.replace(/[,;.:]$/, '').trimEnd();
    if (cls.toUpperCase().endsWith(' FOR') || cls.toUpperCase().endsWith(' PER')) cls = cls.slice(0, -4).trimEnd();
    if (cls === before) break;
  }
  if (cls) cb.classifier = token(line, label.end + lead, cls);
  let last = line;
  if (reasonAt >= 0) cb.reasons.push(...reasonTokens(line, text, reasonAt));
  // The reason often wraps onto the next line; take it when the first line left it unfinished.
  const hasLetters = cb.reasons.some((r) => r.letter);
  // `1.4(b) and (d).` on the next line reads like paragraph 1 to `stop`; a clause is no paragraph.
  const nextIsReason = (l: number) => !stop(l) || /^\s*1\.[4-6]\s*\(?[a-hA-H]\b/.test(ctx.lines[l]);
  if (!hasLetters && text.length === whole.length && last + 1 < limit && !isBlank(ctx.lines[last + 1]) && nextIsReason(last + 1)) {
    last++;
    const t = ctx.lines[last];
    const ra = reasonAt >= 0 ? 0 : findReasonStart(t, 0);
    let carried = cb.reasons.length ? cb.reasons[cb.reasons.length - 1].clause : '';
    // `for reasons 1` / `.4 (b) and (d).` (09RABAT1009): the clause itself broken at the line end.
    const split = reasonAt >= 0 && !carried && /\b1\.?\s*$/.test(text) ? /^\s*(\.?)(\d)(?!\d)/.exec(t) : null;
    if (split && (split[1] === '.' || /\.\s*$/.test(text))) {
      carried = `1.${split[2]}`;
      const at = split[0].length - split[1].length - 1;
      cb.reasons.push({ text: shortText(t.slice(at, split[0].length)), range: range(last, at, split[0].length), clause: carried });
    }
    if (reasonAt >= 0) cb.reasons.push(...reasonTokens(last, t, 0, carried));
    else if (ra >= 0) cb.reasons.push(...reasonTokens(last, t, ra));
    cb.range = spanRange(line, label.start, last, t.trimEnd().length);
  }
  return { classifiedBy: cb, last };
}

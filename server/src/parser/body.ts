/**
 * The text of a cable: paragraphs, section headers, summary/comment/quoted blocks, page markers,
 * redactions and the signature. See docs/cable-format.md §6–8 for the forms handled here.
 */
import { isReleaseNotice, pageTextForm } from '../data/pageText';
import { CAPTIONS } from '../data/vocabulary';
import type { ParseContext } from './context';
import type { Body, Level, Marking, NumberToken, PageMarker, Paragraph, SectionHeader, TextBlock, TextDamage, Token } from './model';
import { readPageHeader } from './header';
import { findLabels, mayBeCaptionLine, parseCaptionLine, peekBanner } from './subject';
import { MarkingSpan, NumberSpan } from './span';
import { AMPERSAND, BLOCK_WORD, COMMA_LETTER, REDACTION_RUN, mayHave } from './lineFlags';
import {
  allDigits,
  allUpperLetters,
  firstAfterRegExpSpace,
  firstNonSpace,
  isAllCaps,
  isBlank,
  isDigit,
  isLetter,
  isSpace as isSpaceChar,
  isLower,
  isRegExpSpace,
  isUpper,
  numberToken,
  range,
  shortText,
  spanToken,
  spanRange,
  stripPunct,
  token,
  trimmedEnd,
  upperAt,
  wordCount,
  wordToken,
  words,
} from './text';

// A line's characters are read within its length (`i < text.length && …`), not past its end for a
// NaN that fails the test alike: the first such read in a function's optimized code threw that code
// away (V8: "out of bounds", and "not a Smi" in the character tests handed the NaN), and the parse
// ran in slower code until it was made again. A 50 MB export's first parse met about twenty.

// ---------------------------------------------------------------------------------------------
// Markings

/**
 * Reads a paragraph marking at `at` (an opening parenthesis): `(C)`, `(S//NF)`, `(U//FOUO)`,
 * `(S/REL USA, KWT)`. A parenthesis that opens ordinary words is not a marking; a short code that
 * is not a level (`(X)`) or a marking left unclosed (`(C `) is one, but malformed.
 */
function parseMarking(line: number, text: string, at: number): MarkingSpan | undefined {
  if (text.charCodeAt(at) !== 40 /* ( */) return undefined;
  let close = -1;
  const lim = Math.min(text.length, at + 40);
  for (let i = at + 1; i < lim; i++) {
    const c = text.charCodeAt(i);
    if (c === 41 /* ) */) {
      close = i;
      break;
    }
    if (c === 40 /* ( */) break;
  }
  if (close < 0) {
    // `(C ` with no closing parenthesis: a level and a space, as the rendering lost the `)`.
    let e = at + 1;
    while (e < text.length && isUpper(text.charCodeAt(e))) e++;
    const lv = markingLevel(text, at + 1, e);
    if (lv !== undefined && (e === text.length || text[e] === ' ')) {
      return new MarkingSpan(shortText(text.slice(at, e)), line, at, e, lv, false, []);
    }
    return undefined;
  }
  // The content is read in place: nearly every paragraph has a marking, and its content cut from
  // the line was garbage once its level was known.
  let slash = false;
  for (let i = at + 1; i < close; i++) {
    const c = text.charCodeAt(i);
    if (c === 47 /* / */) slash = true;
    else if (!(isUpper(c) || c === 32 || c === 44 /* , */ || c === 45 /* - */)) return undefined;
  }
  if (close === at + 1 || !isUpper(text.charCodeAt(at + 1))) return undefined;
  // Most markings are one level (`(C)`): no split for them.
  const parts = slash ? slashParts(text.slice(at + 1, close)) : undefined;
  const level = parts ? markingLevel(parts[0] ?? '', 0, parts[0]?.length ?? 0) : markingLevel(text, at + 1, close);
  if (level === undefined && close - at - 1 > 2) return undefined;
  const markText = shortText(text.slice(at, close + 1));
  if (level !== undefined) return new MarkingSpan(markText, line, at, close + 1, level, true, parts && parts.length > 1 ? parts.slice(1) : ([]));
  return new MarkingSpan(markText, line, at, close + 1, undefined, false, []);
}

/**
 * The level a marking's code names (`U`, `SBU`, `FOUO`, `C`, `S`, `TS`), or undefined: the code is
 * `text[from, to)` with its trailing spaces left out. Compared in place, not cut and looked up:
 * nearly every paragraph has a marking, and its code cut from the line was garbage once read.
 */
function markingLevel(text: string, from: number, to: number): Level | undefined {
  while (to > from && text.charCodeAt(to - 1) === 32) to--;
  const c = text.charCodeAt(from);
  switch (to - from) {
    case 1:
      return c === 85 /* U */ ? 'U' : c === 67 /* C */ ? 'C' : c === 83 /* S */ ? 'S' : undefined;
    case 2:
      return c === 84 /* T */ && text.charCodeAt(from + 1) === 83 /* S */ ? 'T' : undefined;
    case 3:
      return text.startsWith('SBU', from) ? 'U' : undefined;
    case 4:
      return text.startsWith('FOUO', from) ? 'U' : undefined;
    default:
      return undefined;
  }
}

/**
 * `content.split('/')`, each part trimmed and the empty ones left out (`S//NF`: S, NF): cut in one
 * pass into one array (a marked paragraph of the 2010 rendering is most often `(S//NF)`).
 */
function slashParts(content: string): string[] {
  const out: string[] = [];
  for (let a = 0; a <= content.length; ) {
    let b = content.indexOf('/', a);
    if (b < 0) b = content.length;
    const p = content.slice(a, b).trim();
    if (p.length > 0) out.push(p);
    a = b + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Line classes

interface ParaStart {
  anchor?: Token;
  number?: NumberToken;
  marking?: Marking;
  /** Where the paragraph's own words begin. */
  textStart: number;
  /**
   * Where its anchor or number stands, -1 when it has neither: the paragraph's range starts there.
   * (Read off a token, it was a range and a position made for the reading, for every paragraph.)
   */
  at: number;
}

/** Every paragraph's start is a ¶, a number or a marking's parenthesis: most lines are no paragraph's start. */
function mayStartParagraph(c0: number): boolean {
  return c0 === 0xb6 /* ¶ */ || c0 === 40 /* ( */ || isDigit(c0);
}

/**
 * `1.  (U)  Text`, `¶1. (C) Text`, `1.(C) Text`, `12. Text`, or `(C) Text` with no number, at `at`,
 * a character mayStartParagraph let through (its callers read that character already).
 */
function paragraphStart(line: number, text: string, at: number): ParaStart | undefined {
  let i = at;
  // Read into locals and built at once: a start is made for every numbered line of a text, and
  // fields added one by one each cost the object a new shape and an outside store.
  let number: NumberToken | undefined;
  let marking: MarkingSpan | undefined;
  const anchored = text.charCodeAt(i) === 0xb6; /* ¶ */
  if (anchored) i++;
  const ds = i;
  let n = 0;
  for (; i < text.length && i - ds < 4; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) break;
    n = n * 10 + (c - 48);
  }
  if (i > ds) {
    // `¶2006.`: a year that happened to start a wrapped line is not paragraph 2006.
    if (i >= text.length || text.charCodeAt(i) !== 46 /* . */ || n < 1 || n > 199 || i - ds > 3) return undefined;
    const after = text.charCodeAt(i + 1);
    if (!(i + 1 >= text.length || after === 32 || after === 9 || after === 40 /* ( */ || after === 0xa0)) return undefined;
    // The number's text is the number's own unless it has a leading zero (`01.`): not cut from the line.
    number = new NumberSpan(text.charCodeAt(ds) === 48 ? shortText(text.slice(ds, i)) : PARAGRAPH_NUMBERS[n], n, line, ds, line, i);
    i++;
    i = afterSpaces(text, i);
  } else if (anchored) {
    return undefined;
  }
  if (i < text.length && text.charCodeAt(i) === 40 /* ( */) {
    marking = parseMarking(line, text, i);
    if (marking) i = afterSpaces(text, marking.endCharacter);
  }
  if (!number && !marking) return undefined;
  return { anchor: anchored ? token(line, at, '¶') : undefined, number, marking, textStart: i, at: number ? at : -1 };
}

// The texts of the numbers a paragraph may have (1 to 199), made once.
const PARAGRAPH_NUMBERS: readonly string[] = Array.from({ length: 200 }, (_, k) => String(k));

/** Where the spaces, tabs and no-break spaces from `i` on end. */
function afterSpaces(text: string, i: number): number {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 0xa0) break;
  }
  return i;
}

/**
 * `text.includes(' OF ')`, found from the rarer `O`: a search led by the space stops at every word
 * (every line of a text is asked).
 */
function hasSpacedOf(text: string): boolean {
  for (let i = text.indexOf('OF ', 1); i >= 0; i = text.indexOf('OF ', i + 1)) if (text.charCodeAt(i - 1) === 32) return true;
  return false;
}

/** Whether the line's last two words (as words() cuts them) are `OF` and one to three digits (`e`: where its text ends). */
function endsWithOfTotal(text: string, e: number): boolean {
  // Read back over digits only, four at most: most lines end in a letter or a stop, and are let go
  // on their last character, not after their whole last word.
  let b = e;
  while (b > 0 && e - b < 4 && isDigit(text.charCodeAt(b - 1))) b--;
  if (e - b < 1 || e - b > 3 || (b > 0 && !isSpaceChar(text.charCodeAt(b - 1)))) return false;
  let a = b;
  while (a > 0 && isSpaceChar(text.charCodeAt(a - 1))) a--;
  return a >= 2 && text.charCodeAt(a - 2) === 79 /* O */ && text.charCodeAt(a - 1) === 70 /* F */ && (a === 2 || isSpaceChar(text.charCodeAt(a - 3)));
}

// The hyphens, stops and apostrophes a post's name may carry (`USUN NEW Y`, `ST. JOHN'S`).
const POST_PUNCTUATION = /[-.']/g;

/** `ASTANA 00002318  002 OF 003`, `USUN NEW Y 00001234 001.2 OF 004`, `* Missing Section 001 *`. */
export function parsePageMarker(line: number, text: string, s0 = firstNonSpace(text), e = trimmedEnd(text)): PageMarker | undefined {
  // Every marker form has ` OF `, `PAGE` or a leading `*`; most lines have none of them.
  // An old page header may carry a whole paragraph glued on (the 2010 rendering's long lines).
  // Unless the line leads with `PAGE` or `*`, only the form that ends `… 002 OF 003` is left: a
  // line's last two words let it go before it is searched, or its words counted and cut.
  // (`PAGE` is looked for only after a `P`: a search for it costs a call, and every line is asked.)
  // A blank line (oldHeaderAt asks any line) is no marker.
  if (s0 >= text.length) return undefined;
  const c0 = text.charCodeAt(s0);
  const leadsPage = c0 === 80 /* P */ && text.startsWith('PAGE', s0);
  if (c0 !== 42 /* * */ && !leadsPage && !endsWithOfTotal(text, e)) return undefined;
  const oldHeader = leadsPage && text.startsWith('PAGE ', s0);
  if ((text.length > 200 && !oldHeader) || (!hasSpacedOf(text) && !text.includes('PAGE') && firstAfterRegExpSpace(text) !== 42 /* * */)) return undefined;
  // An old page header may carry a line of text glued on; every other marker is a short line.
  // (Counted before the words are cut: most lines with ` OF ` in them are sentences.)
  const lim = Math.min(text.length, 200);
  const count = wordCount(text, 0, lim, 10);
  if (count < 2) return undefined;
  if (count > 10) {
    if (!(s0 + 4 <= lim && leadsPage && (s0 + 4 === lim || isSpaceChar(text.charCodeAt(s0 + 4))))) return undefined;
  }
  const w = words(text, 0, lim);
  // Each form below is built in one literal, its fields in the order they always had (`text`,
  // `range`, `insideParagraph`, `removal`, then the form's own): a spread of a shared base cost
  // more than the rest of the marker's reading.
  const removal = { startLine: line, endLine: line };
  if (w[0].text === '*' && text.includes('Missing Section')) {
    const lineTok = token(line, w[0].start, text.slice(w[0].start, w[w.length - 1].end));
    const num = w.find((x) => allDigits(x.text));
    return {
      text: lineTok.text,
      range: lineTok.range,
      insideParagraph: false,
      removal,
      post: token(line, w[0].start, ''),
      serial: numberToken(line, w[0].start, '', 0),
      page: num ? Number(num.text) : 0,
      pageText: num?.text ?? '',
      total: 0,
      kind: 'missing-section',
    };
  }
  const h = readPageHeader(text);
  if (h) {
    // An old header states its section (`01 OF 03`), not a number of pages: its total is 0.
    const tok = token(line, h.start, text.slice(h.start, h.end));
    const out: PageMarker = {
      text: tok.text,
      range: tok.range,
      insideParagraph: false,
      removal,
      post: h.post ? token(line, h.post.start, h.post.text) : wordToken(line, w[2]),
      serial: h.serial ? numberToken(line, h.serial.start, h.serial.text, Number(h.serial.text)) : numberToken(line, w[2].end, '', 0),
      page: Number(h.page.text),
      pageText: h.page.text,
      total: 0,
      kind: 'page-header',
    };
    if (h.section) out.section = h.section;
    if (h.glued !== undefined) out.gluedText = { line, character: h.glued };
    return out;
  }
  if (w.length > 10) return undefined;
  const n = w.length;
  if (n < 5) return undefined;
  const totalW = w[n - 1];
  const ofW = w[n - 2];
  const pageW = w[n - 3];
  const serialW = w[n - 4];
  if (ofW.text !== 'OF' || !allDigits(totalW.text) || totalW.text.length > 3 || !allDigits(serialW.text) || serialW.text.length < 4) return undefined;
  const dot = pageW.text.indexOf('.');
  const pageMain = dot < 0 ? pageW.text : pageW.text.slice(0, dot);
  if (!allDigits(pageMain) || pageMain.length > 3 || (dot >= 0 && !allDigits(pageW.text.slice(dot + 1)))) return undefined;
  // The post is one to three words (`ASTANA`, `USUN NEW Y`, `RIO DE JANEIRO`). More words before
  // the serial are text the marker was glued onto: the marker starts at the post.
  let postFrom = 0;
  if (n - 4 > 3) postFrom = n - 5;
  for (let k = postFrom; k < n - 4; k++) if (!allUpperLetters(w[k].text.replace(POST_PUNCTUATION, ''))) return undefined;
  const from = w[postFrom].start;
  const tok = token(line, from, text.slice(from, w[n - 1].end));
  return {
    text: tok.text,
    range: tok.range,
    insideParagraph: false,
    removal,
    post: token(line, w[postFrom].start, text.slice(w[postFrom].start, w[n - 5].end)),
    serial: numberToken(line, serialW.start, serialW.text, Number(serialW.text)),
    page: Number(pageMain),
    pageText: pageW.text,
    total: Number(totalW.text),
    kind: 'marker',
  };
}

type LineClass =
  | { kind: 'blank' }
  /** `-------`: a rule under a heading; it separates like a blank line but is the author's text. */
  | { kind: 'rule' }
  /** `part`: a line that goes with an old page header (its classification lines, a repeated header). */
  | { kind: 'marker'; marker: PageMarker; part?: true }
  | { kind: 'caption' }
  /** `marker`: an old page header the line's text was glued onto (the text starts after it). */
  | { kind: 'para'; start: ParaStart; marker?: PageMarker }
  | { kind: 'text'; marker?: PageMarker };

// The classification an old telegram printed at the foot and head of every page, with the
// terminal's control number on a section's first page (` CONFIDENTIAL PTQ1865`).
const PAGE_CLASSIFICATION = /^\s*(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|TOP SECRET|LIMITED OFFICIAL USE)(?:\s+[A-Z]{3}\d{3,5})?\s*$/;
// The same word run onto the end of the text line above the header (`…SAID, IS  CONFIDENTIAL`).
const GLUED_CLASSIFICATION = /\S\s+(UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\s*$/;

// The classes without data are shared by every line they classify (none is ever changed in place).
/**
 * Every line class is made here, with the same fields in the same order: the body's loops read
 * `kind` (and `marker`, `start`) of every line, and six shapes of object made those reads
 * megamorphic look-ups.
 */
function lineClass(kind: LineClass['kind'], start?: ParaStart, marker?: PageMarker, part?: true): LineClass {
  return { kind, start, marker, part } as LineClass;
}
const BLANK_LINE: LineClass = lineClass('blank');
const RULE_LINE: LineClass = lineClass('rule');
const CAPTION_LINE: LineClass = lineClass('caption');
const TEXT_LINE: LineClass = lineClass('text');

/**
 * The class of each line of `[from, to)`. `endOrBegin` is given the lines whose last word is END or
 * BEGIN (the block scan's END SUMMARY or BEGIN TEXT may go on to the next line), found here where
 * each line's end is read anyway: the block scan then reads no line's end of its own.
 */
function classify(ctx: ParseContext, from: number, to: number, endOrBegin: number[], subject?: string): LineClass[] {
  // Sized at once: pushed one by one, a long text's array was copied at every doubling, each copy
  // more garbage for the collector.
  const out = new Array<LineClass>(Math.max(0, to - from));
  const headers: number[] = [];
  const lines = ctx.lines;
  for (let i = from; i < to; i++) {
    const text = lines[i];
    const k = i - from;
    // Where the line's text starts, found once for the tests below (each would find it again).
    const s0 = firstNonSpace(text);
    if (s0 === text.length) {
      out[k] = BLANK_LINE;
      continue;
    }
    const e = trimmedEnd(text);
    if (lastWordIsEndOrBegin(text, e)) endOrBegin.push(i);
    const c0 = text.charCodeAt(s0);
    // parsePageMarker's own first test, read here: a marker's line leads with `*` or `PAGE`, or
    // ends in its page count's digits. Most lines are let go without the call.
    if (c0 === 42 /* * */ || c0 === 80 /* P */ || isDigit(text.charCodeAt(e - 1))) {
      const marker = parsePageMarker(i, text, s0, e);
      if (marker) {
        out[k] = markerLine(i, text, marker, headers);
        continue;
      }
    }
    // A rule's first character is one of its dashes.
    if ((c0 === 45 /* - */ || c0 === 61 /* = */ || c0 === 95 /* _ */) && isRule(text)) {
      out[k] = RULE_LINE;
      continue;
    }
    // Nearly every line is let go on its first characters, without the caption reader's call.
    if (mayBeCaptionLine(text, s0) && parseCaptionLine(i, text)) {
      out[k] = CAPTION_LINE;
      continue;
    }
    // (Most lines are let go on the first character read above, without a call.)
    const start = mayStartParagraph(c0) ? paragraphStart(i, text, s0) : undefined;
    out[k] = start ? lineClass('para', start) : TEXT_LINE;
  }
  // From the last: a header's classification lines are its own before an earlier section's first
  // page claims what runs up to it as its repeated header.
  for (let k = headers.length - 1; k >= 0; k--) oldHeaderParts(ctx, from, to, out, headers[k], subject);
  return out;
}

/** The class of a line that holds a page marker (and of the text glued onto an old page header). */
function markerLine(i: number, text: string, marker: PageMarker, headers: number[]): LineClass {
  if (marker.gluedText) {
    // `PAGE 03 HARARE 06677 03 OF 03 291401Z 11. (C) COMMENT: …`: the line is the text's too.
    headers.push(i);
    const g = marker.gluedText.character;
    const start = mayStartParagraph(text.charCodeAt(g)) ? paragraphStart(i, text, g) : undefined;
    return start ? lineClass('para', start, marker) : lineClass('text', undefined, marker);
  }
  if (marker.kind === 'page-header') headers.push(i);
  return lineClass('marker', undefined, marker);
}

/**
 * What goes with an old page header at line `h`: the page's classification lines before and after
 * it (and the word glued to the end of the text line above), and on a section's first page in the
 * middle of the text, the telegram's header repeated up to the section's second page.
 */
function oldHeaderParts(ctx: ParseContext, from: number, to: number, out: LineClass[], h: number, subject?: string): void {
  const lines = ctx.lines;
  const c = out[h - from];
  const m = c.kind === 'marker' || c.kind === 'para' || c.kind === 'text' ? c.marker : undefined;
  if (!m || m.kind !== 'page-header') return;
  const part = (l: number, tok: Token) => {
    (m.classification ??= []).unshift(tok);
    out[l - from] = lineClass('marker', undefined, m, true);
  };
  let j = h - 1;
  for (let n = 0; n < 4 && j >= from; n++) {
    while (j >= from && out[j - from].kind === 'blank') j--;
    if (j < from || out[j - from].kind === 'marker' || !PAGE_CLASSIFICATION.test(lines[j])) break;
    const s = firstNonSpace(lines[j]);
    part(j, token(j, s, lines[j].slice(s, trimmedEnd(lines[j]))));
    j--;
  }
  const above = j >= from ? out[j - from] : undefined;
  if (above && (above.kind === 'text' || above.kind === 'para') && !above.marker) {
    const g = GLUED_CLASSIFICATION.exec(lines[j]);
    if (g) (m.classification ??= []).unshift(token(j, g.index + g[0].indexOf(g[1], 1), g[1]));
  }
  if (!m.gluedText) {
    let k = h + 1;
    while (k < to && out[k - from].kind === 'blank') k++;
    if (k < to && out[k - from].kind !== 'marker' && PAGE_CLASSIFICATION.test(lines[k])) {
      const s = firstNonSpace(lines[k]);
      (m.classification ??= []).push(token(k, s, lines[k].slice(s, trimmedEnd(lines[k]))));
      out[k - from] = lineClass('marker', undefined, m, true);
    }
  }
  // A section's first page: its repeated header runs to the section's page 2, with no paragraph
  // among it and the banner in it.
  if (m.page !== 1) return;
  let banner = false;
  // The repeated header's last line: a banner, captions or a label (E.O., TAGS, SUBJECT…); the
  // lines after it, up to the next page, are the text's again.
  let last = h;
  let k = h + 1;
  for (; k < to && k <= h + 30; k++) {
    const ck = out[k - from];
    if (ck.kind === 'para' && !ck.marker) return;
    const mk = ck.kind === 'marker' ? (ck.part ? undefined : ck.marker) : ck.kind === 'text' || ck.kind === 'para' ? ck.marker : undefined;
    if (mk?.kind === 'page-header') break;
    if (ck.kind === 'blank' || (ck.kind === 'marker' && ck.part)) continue;
    const t = lines[k];
    const isBanner = peekBanner(k, t) !== undefined;
    if (isBanner) banner = true;
    if (isBanner || ck.kind === 'caption' || findLabels(k, t).some((x) => x.start <= firstNonSpace(t) + 1) || /^\s*(?:ACTION|INFO)\s+[A-Z]{1,5}-\d\d\b/.test(t) || /^\s*[A-Z][A-Z/ .-]* FOR [A-Z]/.test(t)) last = k;
  }
  if (!banner || k >= to || k > h + 30) return;
  const next = out[k - from] as { marker: PageMarker };
  if (next.marker.page !== 2 || next.marker.serial.value !== m.serial.value) return;
  let end = last;
  // `PAGE 02 HARARE 06677 02 OF 03 291401Z OPPOSITION LEADER`: the subject's last words, repeated.
  const glued = next.marker.gluedText ? lines[k].slice(next.marker.gluedText.character).trim() : '';
  if (glued && subject && norm(subject).endsWith(norm(glued)) && !out.slice(last + 1 - from, k - from).some((x) => x.kind !== 'blank' && x.kind !== 'marker')) {
    out[k - from] = lineClass('marker', undefined, next.marker);
    end = k;
  }
  if (c.kind !== 'marker') out[h - from] = lineClass('marker', undefined, m);
  for (let l = h + 1; l <= last; l++) if (out[l - from].kind !== 'marker') out[l - from] = lineClass('marker', undefined, m, true);
  m.repeatedHeader = { startLine: h, endLine: end };
}

/**
 * An old page header at `from` in the cable's header (after its page's classification lines, if
 * any): the marker, with those lines as its classification and what repairing it removes. The
 * subject and the other fields of the header read on through it.
 */
export function oldHeaderAt(lines: string[], from: number, limit: number): { marker: PageMarker; line: number } | undefined {
  let l = from;
  const classification: Token[] = [];
  while (l < limit && l < from + 3 && PAGE_CLASSIFICATION.test(lines[l])) {
    const s = firstNonSpace(lines[l]);
    classification.push(token(l, s, lines[l].slice(s, trimmedEnd(lines[l]))));
    l++;
  }
  if (l >= limit) return undefined;
  const marker = parsePageMarker(l, lines[l]);
  if (!marker || marker.kind !== 'page-header') return undefined;
  if (classification.length) marker.classification = classification;
  marker.removal = { startLine: from, endLine: l };
  if (marker.gluedText) {
    marker.insideParagraph = true;
    marker.joinBefore = from - 1;
    marker.joinAfter = l;
  }
  return { marker, line: l };
}

/**
 * The old page header at line `h` of the cable's header, with the page's classification lines
 * above it (none above `floor`) and a classification word run onto the end of the line above them
 * (`REF: HARARE 5346  CONFIDENTIAL`). The REF block and the other labels read on through it.
 */
export function oldHeaderEndingAt(lines: string[], h: number, floor: number): PageMarker | undefined {
  let from = h;
  while (from - 1 >= floor && from > h - 3 && PAGE_CLASSIFICATION.test(lines[from - 1])) from--;
  const found = oldHeaderAt(lines, from, h + 1);
  if (!found || found.line !== h) return undefined;
  const m = found.marker;
  const g = from - 1 >= floor ? GLUED_CLASSIFICATION.exec(lines[from - 1]) : null;
  if (g) (m.classification ??= []).unshift(token(from - 1, g.index + g[0].indexOf(g[1], 1), g[1]));
  // Text glued on that opens a field of its own (`CLASSIFIED BY:`) is not the line above's.
  if (m.gluedText && findLabels(h, lines[h]).some((x) => x.start >= m.gluedText!.character && x.start <= m.gluedText!.character + 1)) {
    m.insideParagraph = false;
    delete m.joinBefore;
    delete m.joinAfter;
  }
  return m;
}

function norm(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// Signature and trailers

// Block words and prosigns, and every caption (`SIPDIS`, `NOFORN`): never a signer.
const NOT_SIGNATURES = new Set(['END SUMMARY', 'END COMMENT', 'END TEXT', 'SUMMARY', 'COMMENT', 'BT', 'NNNN', 'END', 'UNQUOTE', 'QUOTE', 'TEXT', 'END SUMMARY.', 'END COMMENT.', ...CAPTIONS.map((c) => c.text)]);

function isSignatureShape(text: string): boolean {
  const t = text.trim();
  if (t.length < 2 || t.length > 40 || wordCount(t, 0, t.length, 4) > 4) return false;
  if (!isAllCaps(t)) return false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (!(isLetter(c) || c === 32 || c === 46 || c === 45 || c === 39 || c === 44 || c === 0xa0)) return false;
  }
  // `DANIEL ORTEGA AN...`: a truncated title of a page's link list, not a name.
  if (t.endsWith(':') || t.endsWith(',') || t.endsWith('..') || isTrailer(t)) return false;
  return !NOT_SIGNATURES.has(stripPunct(t).text.toUpperCase()) && !stripPunct(t).text.toUpperCase().startsWith('END ');
}

// Patterns the trailer, footer and item tests run on many lines of every text, made once: a regular
// expression written inside a function is a new object each time the line runs.
const ASCII_LETTER_OR_DIGIT = /[A-Za-z0-9]/;
const VISIT_WEB_SITE = /^["“]?Visit .*Web ?Site/i;
const WIKI_LINK = /^[a-z0-9.]+\/wiki\/\S*["”]$/i;
const REFERENCE_ID_SHAPE = /^\d{4}[A-Z]+\d+$/;
const ENDS_IN_ELLIPSIS = /(?:\.\.\.|…)$/;
const FOOTER_VISIT = /^["“]?(?:Please )?visit\b.*\bweb ?site\b/i;
const FOOTER_LINK = /^(?:https?:\/\/|www\.)\S/i;
const HTTP_LINK = /https?:\/\//i;
// `A.`, `(A)`, `A)`, `(1)`, `a)`: a list item's label.
const ITEM_LABEL = /^(\(([A-Za-z]|\d{1,2})\)|([A-Z])[.)]|([a-z])\))$/;
const LEADING_MARKING = /^\((U|C|S|SBU|TS)(\/[^)]{1,20})?\)/;

/** `NNNN`, `2005CARACA01673 - UNCLASSIFIED`: what renderings leave after the signature. */
export function isTrailer(text: string): boolean {
  const t = text.trim();
  // Upper-casing never shortens a text: only a short line is upper-cased to compare.
  if (t.length <= 14 && (t.toUpperCase() === 'NNNN' || t === 'BT' || t.toUpperCase() === 'END CABLE TEXT')) return true;
  // `>`, `...`: leftovers of the page the cable was taken from; ` CONFIDENTIAL`: the old page foot.
  if (t.length > 0 && !ASCII_LETTER_OR_DIGIT.test(t)) return true;
  if (t.length <= 20 && PAGE_FEET.has(t)) return true;
  // A post's own footer: `"Visit Ankara's Classified Web Site at http://…"`.
  if (VISIT_WEB_SITE.test(t) || WIKI_LINK.test(t)) return true;
  // The release stamp of a declassified cable is the document's, after its signer.
  if (isReleaseNotice(t)) return true;
  // `2005CARACA01673 - UNCLASSIFIED`: the first three words read in place (every text line is asked).
  if (!isDigit(t.charCodeAt(0))) return false;
  let e = 0;
  while (e < t.length && !isSpaceChar(t.charCodeAt(e))) e++;
  let s = e;
  while (s < t.length && isSpaceChar(t.charCodeAt(s))) s++;
  if (s >= t.length || t.charCodeAt(s) !== 45 /* - */ || (s + 1 < t.length && !isSpaceChar(t.charCodeAt(s + 1)))) return false;
  s++;
  while (s < t.length && isSpaceChar(t.charCodeAt(s))) s++;
  return s < t.length && REFERENCE_ID_SHAPE.test(t.slice(0, e));
}
const PAGE_FEET = new Set(['UNCLASSIFIED', 'UNCLAS', 'CONFIDENTIAL', 'SECRET', 'LIMITED OFFICIAL USE']);

const TITLE_WORDS = /^(?:AMBASSADOR|CHARGE|CHARG[EÉ] D'AFFAIRES(?:,? A\.?I\.?)?|CONSUL GENERAL|PRINCIPAL OFFICER|DCM|AMB|A\/DCM)$/i;

/** `AMBASSADOR`, `Charge d'Affaires, a.i.`: the title under a signer's name. */
function isSignerTitle(text: string): boolean {
  return TITLE_WORDS.test(text.replace(/\u00a0/g, ' ').trim());
}

/** `HTS ACTIVIST LIU XIAOBO...`: a truncated title from a page's list of links under the cable. */
function isLinkTitle(text: string): boolean {
  const t = text.trim();
  return t.length <= 80 && ENDS_IN_ELLIPSIS.test(t) && isAllCaps(t);
}

/**
 * A post's footer: `Visit Embassy Amman's classified website at` / `http://www.state.sgov.gov/…`,
 * `Please visit Paris' Classified Website at:`. It stands between the text and the signer.
 */
function isFooterLine(text: string): boolean {
  const t = text.trim();
  return FOOTER_VISIT.test(t) || FOOTER_LINK.test(t) || (t.includes('sgov.gov') && HTTP_LINK.test(t)) || isRule(t);
}

// Words that end a wrapped sentence's line and so run on into the next line.
const RUN_ON = new Set(['THE', 'OF', 'AND', 'TO', 'WITH', 'BY', 'FOR', 'IN', 'A', 'AN', 'AT', 'FROM', 'ON', 'OR', 'THAT', 'MR', 'MRS', 'MS', 'DR', 'AMBASSADOR', 'PRESIDENT', 'MINISTER']);

/** The line above a signature-shaped last line carries its sentence on into it. */
function runsOn(prev: string, line: string): boolean {
  const e = trimmedEnd(prev);
  if (e === 0) return false;
  const last = prev[e - 1];
  if (last === ',' || last === '-' || last === '(') return true;
  if (line.trim().endsWith('.') && !/\b[A-Z]\.$/.test(line.trim())) return !endsSentence(prev);
  let s = e;
  while (s > 0 && !isSpaceChar(prev.charCodeAt(s - 1))) s--;
  return RUN_ON.has(prev.slice(s, e).toUpperCase());
}

// Mixed-case words that stand alone at the end of a text without being a name.
const NOT_NAMES = new Set(['Comment', 'Summary', 'Background', 'Note', 'Thanks', 'Regards', 'End', 'Text', 'Unquote', 'Quote', 'Sipdis', 'Noforn', 'Unclassified', 'Confidential', 'Secret', 'Nnnn', 'Signed', 'Bio', 'Conclusion', 'Action', 'Request', 'Embassy', 'Consulate', 'Mission', 'Department', 'Origin']);

/**
 * A signer's name in mixed case on its own line (`Wolff`, `LeBaron`, `Stapleton`, `Tom Smith`):
 * one to three capitalised words with no sentence punctuation, under a finished sentence, a blank
 * line, a list or a footer. Returns where the name starts, or -1.
 */
function nameAlone(text: string, prev: string): number {
  const t = text.slice(0, nameEnd(text)).replace(/\u00a0/g, ' ').trim();
  // `tuttle`, `jones`: the 2010 rendering lowered some signers; only after a finished text.
  const lowered = /^[a-z]{3,20}$/.test(t);
  if (lowered && !NOT_NAMES.has(t[0].toUpperCase() + t.slice(1)) && (!prev || endsSentence(prev) || /\bEND (?:COMMENT|SUMMARY|TEXT)\.?$/i.test(prev.trim()) || isTrailer(prev) || isFooterLine(prev) || /^[A-Z][a-z]+$/.test(prev.trim()))) return firstNonSpace(text);
  if (t.length < 2 || t.length > 40 || !/^(?:(?:van|von|de|del|da|di|le|la) )?[A-Z][A-Za-z'’-]*\.?(?: [A-Z][A-Za-z'’-]*\.?){0,2}$/.test(t)) return -1;
  if (t.endsWith('.') && !/\b[A-Z]\.$/.test(t)) return -1;
  if (t.split(' ').some((w) => NOT_NAMES.has(w.replace(/\.$/, '')))) return -1;
  if (prev && runsOn(prev, text)) return -1;
  // Under an export's field (`09ULAANBAATAR234`, `8/13/2009 8:54`) a capitalised line is another field.
  if (prev && !endsSentence(prev) && !/\p{Ll}/u.test(prev) && !isFooterLine(prev)) return -1;
  return firstNonSpace(text);
}

/**
 * `…the sky turned yellow. PEARCE`: the 2010 rendering joined the signer's line to the last
 * paragraph. One to three words in capitals after the final sentence's end, not a block's end
 * (`END COMMENT`) nor a caption. Returns where the name starts, or -1.
 */
function gluedSignature(text: string): number {
  const end = nameEnd(text);
  // The name and what stands before it are in the line's last characters: the patterns run there
  // only, so that a huge last line costs no more than a short one.
  const off = Math.max(0, end - 120);
  const t = text.slice(off, end);
  // `…whipping boy for ZANU-PF. END COMMENT RAY`: the block's end, then the signer.
  const caps = /\s(?:END (?:COMMENT|SUMMARY|TEXT)\.?\s+)?([A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+){0,2})\s*$/.exec(t);
  // `…integrated into Europe. Edelman`, `…asap. van Voorst`: one name in mixed case.
  const mixed = caps ? null : /\s((?:(?:van|von|de|del|da|di|le|la) )?[A-Z][a-z'’-]+(?:[A-Z][a-z'’-]+)?)\s*$/.exec(t);
  // `…went well.PEARCE`: no space left between the sentence's end and the name (not `U.S.ARMY`).
  const tight = caps || mixed ? null : /(?:[a-z]{2}|[A-Z]{3})[.!?]["”)]?([A-Z][A-Z'’-]{2,}(?:\s+[A-Z][A-Z'’-]+){0,2}|[A-Z][a-z'’-]{2,})\s*$/.exec(t);
  const m = caps ?? mixed ?? tight;
  if (!m) return -1;
  const name = m[1];
  const at = off + m.index + m[0].lastIndexOf(name);
  const before = text.slice(0, tight ? at : off + m.index).trimEnd();
  // `¶3. Koenig`: a paragraph's last line may be its number alone; `**** ****` a row of stars.
  if (!/[\p{L}\p{N}*]/u.test(before) || wordCount(before, 0, before.length, 0) < 1) return -1;
  // After the end of a sentence, a post's footer or its link (`…index. cfm Tuttle`), a row of
  // stars, a date (`July 30, 2009 CRETZ`) or a page marker (`… 002 OF 002 HEARNE`).
  const last = before[before.length - 1];
  const after = '.!?"”)8*'.includes(last) || /https?:|sgov\.gov/.test(before) || /\b(?:19|20)\d\d$/.test(before) || /\bOF \d{3}$/.test(before);
  if (!after) return -1;
  const inCaps = !!caps || (!!tight && isAllCaps(name));
  if (inCaps && (!isSignatureShape(name) || /^X+$/.test(name) || parseCaptionLine(0, name) || name.split(/\s+/).some((w) => CAPS_WORDS.has(w)))) return -1;
  if (!inCaps && name.split(' ').some((w) => NOT_NAMES.has(w))) return -1;
  return at;
}

// Words in capitals that end a truncated sentence (`…FATA and NWFP. VIA`), never a signer.
const CAPS_WORDS = new Set(['VIA', 'THE', 'AND', 'BUT', 'FOR', 'WITH', 'FROM', 'THIS', 'THAT', 'NOTE', 'PARA', 'REF', 'ALSO', 'IN', 'ON', 'AT', 'TO', 'OF', 'BY', 'AS', 'IF', 'OR', 'A', 'AN', 'IT', 'WE', 'HE', 'SHE', 'THEY', 'IS', 'ARE', 'WAS', 'NOT', 'NO', 'YES']);

/**
 * Where the name ends on a signer's line: before the date some renderings put after it
 * (`TUTTLE 0 02/26/2008`, `DANILOVICH 2005-05-06`).
 */
function nameEnd(text: string): number {
  let end = trimmedEnd(text);
  // `BAKER UNCLASSIFIED`: the classification foot run onto the signer's line is a trailer, not a name.
  const foot = /\s(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET)$/.exec(text.slice(Math.max(0, end - 14), end));
  if (foot && /[A-Za-z]/.test(text.slice(0, end - foot[0].length))) end = trimmedEnd(text.slice(0, end - foot[0].length));
  const off = Math.max(0, end - 40);
  const m = /\s(?:0\s+)?(?:\d{1,2}\/\d{1,2}\/\d{4}|\d{4}-\d\d-\d\d)$/.exec(text.slice(off, end));
  return m && LETTER.test(text.slice(0, off + m.index)) ? trimmedEnd(text.slice(0, off + m.index)) : end;
}

/**
 * Where the name starts on a signer's line that carries the last words of the text before it:
 * a block's end (`END TEXT HEFFERN`), `MINIMIZE CONSIDERED SHANNON`, a redaction (`XXXXXXXXXXX
 * STEPHENS`). The name is the last word or words after them; `from` when there are none.
 */
function signerStart(text: string, from: number): number {
  const lead = /^(?:(?:END (?:COMMENT|SUMMARY|TEXT)|MINIMIZE CONSIDERED)\.?|X{6,}[.,]?)\s+(?=[A-Z])/;
  let at = from;
  for (let m = lead.exec(text.slice(at)); m; m = lead.exec(text.slice(at))) at += m[0].length;
  return at < trimmedEnd(text) ? at : from;
}

/** A numbered paragraph or a marked one (`(C) Summary: …`). */
export function startsParagraph(text: string): boolean {
  const i = firstNonSpace(text);
  let j = i;
  if (text[j] === '¶') j++;
  const d = j;
  while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
  if (j > d && j - d <= 3 && text[j] === '.') return true;
  if (text[i] === '(' && LEADING_MARKING.test(text.slice(i, i + 30))) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// The body

export interface BodyResult {
  body: Body;
  /** First line after the cable's own text (signature and trailers included). */
  end: number;
}

const TERMINAL = new Set(['.', '?', '!', ':', '"', ')', "'", '”', ';']);

function endsSentence(text: string): boolean {
  const e = trimmedEnd(text);
  return e > 0 && TERMINAL.has(text[e - 1]);
}

/**
 * Where known page text at the end of the text begins (a blog's comment form after a cable with no
 * signer), else `limit`: the cable ends before it, so that the page text is not read as the
 * cable's last paragraph. Wordless lines among it go with it; anything else ends the search.
 */
function pageTextTail(lines: string[], from: number, limit: number): number {
  let tail = limit;
  for (let j = limit - 1; j >= from; j--) {
    const t = lines[j];
    if (isBlank(t)) continue;
    if (pageTextForm(t)) tail = j;
    else if (/[\p{L}\p{N}]/u.test(t)) break;
  }
  return tail;
}

/** A lettered or bulleted list item, or a sentence of prose, that no web page is known to add. */
function continuesCable(text: string, line: number): boolean {
  if (isTrailer(text) || pageTextForm(text)) return false;
  if (itemAt(line, text)) return true;
  // Six words or more, three of them in lower case, within 400 characters: counted in place.
  const to = Math.min(text.length, 400);
  let count = 0;
  let lower = 0;
  for (let i = 0; i < to; ) {
    while (i < to && isSpaceChar(text.charCodeAt(i))) i++;
    if (i >= to) break;
    count++;
    if (isLower(text.charCodeAt(i))) lower++;
    while (i < to && !isSpaceChar(text.charCodeAt(i))) i++;
  }
  return count >= 6 && lower >= 3;
}

const NO_PROSE = new Uint8Array(0);

function startsLower(text: string): boolean {
  const i = firstNonSpace(text);
  return isLower(text.charCodeAt(i));
}

/**
 * Whether line `i` is a section header: a short line standing alone that a paragraph follows (the
 * body's text runs to `textEnd`). Outside parseBody, not a closure made in each call: the closure's
 * call to itself saw a new function in every cable, and the optimized code was thrown away over it
 * (V8: "wrong call target").
 */
function isHeaderAt(lines: readonly string[], cls: readonly LineClass[], from: number, textEnd: number, i: number): boolean {
  const ci = cls[i - from];
  if (ci.kind !== 'text' || ci.marker || lines[i].length > 100) return false;
  const p = i - 1;
  if (p >= from && cls[p - from].kind !== 'blank' && cls[p - from].kind !== 'marker' && cls[p - from].kind !== 'rule') return false;
  let n = i + 1;
  // Old telegrams' system put `SIPDIS` on a line of its own wherever it fell, even between a
  // heading and its rule (00HARARE6677: TSVANGIRAI LOOKS INTO THE CRYSTAL BALL / SIPDIS / ----).
  while (n < textEnd && (cls[n - from].kind === 'blank' || cls[n - from].kind === 'marker' || cls[n - from].kind === 'rule' || cls[n - from].kind === 'caption')) n++;
  if (n >= textEnd) return false;
  const t = lines[i].trim();
  // A header too long for one line may be broken over two, each in capitals over its own rule
  // (06PARIS7424: `FUSING HER POPULARITY (AND HER CURRENT` / ---- / `ORGANIZATION) WITH HER PARTY`
  // / ----): its first half is a header when the second is. Not a redaction over its rule
  // (05MADRID1324: `XXXXXXXXXXXX` / ==== / `U.S.-SPAIN RELATIONS` / ====), which stands for text.
  if (cls[n - from].kind !== 'para' && !(cls[n - from].kind === 'text' && underlinedAt(lines, cls, from, textEnd, i) && underlinedAt(lines, cls, from, textEnd, n) && NOT_ONLY_X.test(t) && isHeaderAt(lines, cls, from, textEnd, n))) return false;
  if (t.length > 80 || t.length < 3 || wordCount(t, 0, t.length, 12) > 12) return false;
  const last = t[t.length - 1];
  // A header may end in an abbreviation's point (06PARIS1031: `OPENNESS TO THE U.S.` over a row
  // of dashes): a point ends a sentence unless the line is in capitals and underlined.
  if (last === '.' && !(isAllCaps(t) && i + 1 < textEnd && cls[i + 1 - from].kind === 'rule')) return false;
  if (last === ',' || last === ';' || last === '-') return false;
  const u = stripPunct(t).text.toUpperCase();
  if (u === 'SUMMARY' || u === 'COMMENT' || u.startsWith('END ') || u.startsWith('BEGIN ')) return false;
  // Mixed-case headers exist (`Who are we dealing with?`) but must then not read as a sentence.
  if (!isAllCaps(t) && (!isUpper(t.charCodeAt(0)) || wordCount(t, 0, t.length, 8) > 8)) return false;
  return true;
}

/** Line `l` in capitals over a rule. */
function underlinedAt(lines: readonly string[], cls: readonly LineClass[], from: number, textEnd: number, l: number): boolean {
  return l + 1 < textEnd && cls[l + 1 - from].kind === 'rule' && isAllCaps(lines[l].trim());
}

export function parseBody(ctx: ParseContext, from: number, limit: number, subject?: string): BodyResult {
  const lines = ctx.lines;
  limit = pageTextTail(lines, from, limit);
  // Line i's class is cls[i - from], read in place: a closure to read it was a call on every line
  // of each of the passes below.
  const endOrBegin: number[] = [];
  const cls = classify(ctx, from, limit, endOrBegin, subject);
  // Every field in the literal (an absent one is undefined, which JSON leaves out), in the order they are set.
  const body: Body = { sections: [], paragraphs: [], blocks: [], pageMarkers: [], redactions: [], trailers: [], signature: undefined, damage: undefined, range: undefined };

  // The signature: a short line in capitals after the last paragraph, with nothing after it but
  // trailers or text that is not the cable's (web-page text is in mixed case).
  let lastParaStart = limit - 1;
  while (lastParaStart >= from && cls[lastParaStart - from].kind !== 'para') lastParaStart--;
  if (lastParaStart < from) lastParaStart = -1;
  let sigLine = -1;
  /** Where a signature glued to the last paragraph's line starts (`…turned yellow. PEARCE`). */
  let gluedAt = -1;
  /** The second line of a signer block (name, then title). */
  let sigLast = -1;
  const scanFrom = lastParaStart >= 0 ? lastParaStart + 1 : from;
  // Most files end with the signer's name: when the last line that is not a trailer or a post's
  // footer has the shape of a signature, it is one, whatever stands before it (a footer, a list,
  // a page marker), unless the line above runs on into it.
  let lastContent = limit - 1;
  while (lastContent >= from && (cls[lastContent - from].kind === 'blank' || ((isTrailer(lines[lastContent]) || isFooterLine(lines[lastContent])) && gluedSignature(lines[lastContent]) < 0) || isLinkTitle(lines[lastContent]))) lastContent--;
  if (lastContent >= from && lastContent >= scanFrom && cls[lastContent - from].kind === 'text' && isSignatureShape(lines[lastContent])) {
    const p = lastContent - 1;
    if (p < from || (cls[p - from].kind !== 'text' && cls[p - from].kind !== 'para') || !runsOn(lines[p], lines[lastContent])) sigLine = lastContent;
  } else if (lastContent >= from && lastContent >= scanFrom - 1 && (cls[lastContent - from].kind === 'text' || cls[lastContent - from].kind === 'para')) {
    const name = nameAlone(lines[lastContent], cls[lastContent - 1 - from]?.kind === 'text' ? lines[lastContent - 1] : '');
    if (name >= 0) sigLine = lastContent;
    else {
      const g = gluedSignature(lines[lastContent]);
      if (g >= 0) {
        sigLine = lastContent;
        gluedAt = g;
      }
    }
  }
  // A signer block: the name over a title (`LEBARON` / `AMBASSADOR`).
  if (sigLine >= 0 && gluedAt < 0 && isSignerTitle(lines[sigLine]) && sigLine - 1 >= from && cls[sigLine - 1 - from].kind === 'text' && isSignatureShape(lines[sigLine - 1]) && !isSignerTitle(lines[sigLine - 1])) {
    sigLast = sigLine;
    sigLine--;
  }
  // What follows a signature is trailers or web-page text, never the cable's own prose: no
  // paragraph, no page marker, no wrapped run of long lines, no long line in capitals.
  // (A web page has a long line or two; the 2010 rendering's one-line paragraphs come in numbers.)
  // One backward pass tells, for every line, whether the text after it is such prose.
  // Asked only when no signature was found yet (most cables end with their signer's line).
  const proseAfter = sigLine < 0 ? new Uint8Array(Math.max(0, limit - scanFrom + 1)) : NO_PROSE;
  if (sigLine < 0) {
    let longLines = 0;
    let capsLines = 0;
    let run = 0;
    let prose = false;
    for (let j = limit - 1; j >= scanFrom; j--) {
      proseAfter[j - scanFrom] = prose ? 1 : 0;
      const cj = cls[j - from];
      const len = lines[j].length;
      run = cj.kind === 'text' && len >= 50 ? run + 1 : 0;
      if (len >= 150) longLines++;
      if (cj.kind === 'text' && isAllCaps(lines[j]) && wordCount(lines[j], 0, lines[j].length, 5) >= 5 && !isTrailer(lines[j])) capsLines++;
      if (cj.kind === 'para' || cj.kind === 'marker' || run >= 3 || longLines >= 3 || capsLines >= 2) prose = true;
      // A list item or a sentence that is not known page text continues the cable: a short line
      // in capitals above it is a list heading, not a signer (lists of suspects and of officials
      // after such a heading lost their last paragraphs to a misjudged signature).
      else if (cj.kind === 'text' && continuesCable(lines[j], j)) prose = true;
    }
  }
  for (let i = scanFrom; i < limit && sigLine < 0; i++) {
    const c = cls[i - from];
    if (c.kind !== 'text' || proseAfter[i - scanFrom] || !isSignatureShape(lines[i])) continue;
    const prevBlankOrEnd = i === from || cls[i - 1 - from].kind === 'blank' || endsSentence(lines[i - 1]);
    if (prevBlankOrEnd) sigLine = i;
  }
  let end = limit;
  let textEnd = limit;
  /** Where the last paragraph's text ends on a line whose end is the glued signature. */
  let gluedTextEnd = -1;
  if (sigLine >= 0) {
    const t = lines[sigLine];
    if (gluedAt >= 0) {
      gluedAt = signerStart(t, gluedAt);
      body.signature = token(sigLine, gluedAt, t.slice(gluedAt, nameEnd(t)));
      gluedTextEnd = trimmedEnd(t.slice(0, gluedAt));
      textEnd = sigLine + 1;
    } else if (sigLast > sigLine) {
      const s = firstNonSpace(t);
      const last = lines[sigLast];
      body.signature = spanToken(`${t.slice(s, trimmedEnd(t))} ${last.trim()}`, sigLine, s, sigLast, trimmedEnd(last));
      textEnd = sigLine;
    } else {
      const s = signerStart(t, firstNonSpace(t));
      body.signature = token(sigLine, s, t.slice(s, nameEnd(t)));
      if (s > firstNonSpace(t)) {
        // `END TEXT HEFFERN`: the words before the name close the last paragraph.
        gluedAt = s;
        gluedTextEnd = trimmedEnd(t.slice(0, s));
        textEnd = sigLine + 1;
      } else textEnd = sigLine;
    }
    const after = Math.max(sigLine, sigLast);
    end = after + 1;
    for (let j = after + 1; j < limit; j++) {
      if (isBlank(lines[j])) continue;
      if (isTrailer(lines[j]) || (isSignatureShape(lines[j]) && cls[j - from].kind === 'text')) {
        const s2 = firstNonSpace(lines[j]);
        body.trailers.push(token(j, s2, lines[j].slice(s2, trimmedEnd(lines[j]))));
        end = j + 1;
      } else break;
    }
  }

  const prevNonBlank = (l: number): number => {
    let k = l - 1;
    while (k >= from && cls[k - from].kind === 'blank') k--;
    return k;
  };
  const gluedStart = (l: number): number | undefined => {
    const c = cls[l - from];
    return c.kind === 'para' || c.kind === 'text' ? c.marker?.gluedText?.character : undefined;
  };
  let cur: { start: number; last: number; info?: ParaStart; numbered: boolean } | undefined;
  let pendingBlank = false;
  let markerSinceText = false;
  let lastNumber = 0;
  const closeParagraph = () => {
    if (!cur) return;
    const startText = lines[cur.start];
    const info = cur.info;
    // On an old page header's line the paragraph's text starts after the header.
    const glued = gluedStart(cur.start);
    const s = info && info.at >= 0 ? info.at : (glued ?? firstNonSpace(startText));
    const paraRange = spanRange(cur.start, s, cur.last, cur.last === sigLine && gluedTextEnd >= 0 ? gluedTextEnd : trimmedEnd(lines[cur.last]));
    const startLine = cur.start;
    const endLine = cur.last;
    const firstWords = firstWordsOf(startText, info ? info.textStart : glued ?? firstNonSpace(startText), cur.start + 1 <= cur.last && cls[cur.start + 1 - from].kind !== 'marker' ? lines[cur.start + 1] : '');
    let found: Paragraph['items'] | undefined;
    for (let j = cur.start + 1; j <= cur.last; j++) {
      const c = cls[j - from];
      if (c.kind !== 'text' && c.kind !== 'para') continue;
      const item = itemAt(j, lines[j]);
      if (item) (found ??= []).push(item);
    }
    const items = found ?? [];
    const section = body.sections.length ? body.sections.length - 1 : undefined;
    let p: Paragraph;
    // The model keeps every paragraph for as long as the document is open: the two forms nine in
    // ten of them take (`¶2. (C) …`, under a section header or not) are built with all their fields
    // at once, in the order the others get them one by one (a field added later goes to an
    // outside store, and costs the object a new shape).
    if (info?.anchor && info.number && info.marking) {
      p =
        section === undefined
          ? { range: paraRange, startLine, endLine, firstWords, items, anchor: info.anchor, number: info.number, marking: info.marking }
          : { range: paraRange, startLine, endLine, firstWords, items, anchor: info.anchor, number: info.number, marking: info.marking, section };
    } else {
      p = { range: paraRange, startLine, endLine, firstWords, items };
      if (info?.anchor) p.anchor = info.anchor;
      if (info?.number) p.number = info.number;
      if (info?.marking) p.marking = info.marking;
      if (section !== undefined) p.section = section;
    }
    body.paragraphs.push(p);
    cur = undefined;
  };

  for (let i = from; i < textEnd; i++) {
    const c = cls[i - from];
    if (c.kind === 'blank' || c.kind === 'rule') {
      pendingBlank = true;
      continue;
    }
    if (c.kind === 'marker') {
      if (!c.part) body.pageMarkers.push(c.marker);
      markerSinceText = true;
      continue;
    }
    if ((c.kind === 'para' || c.kind === 'text') && c.marker) {
      body.pageMarkers.push(c.marker);
      markerSinceText = true;
    }
    if (isHeaderAt(lines, cls, from, textEnd, i)) {
      closeParagraph();
      const t = lines[i];
      const s = firstNonSpace(t);
      body.sections.push({ title: t.slice(s, trimmedEnd(t)), range: range(i, s, trimmedEnd(t)) } satisfies SectionHeader);
      pendingBlank = false;
      markerSinceText = false;
      continue;
    }
    if (c.kind === 'para') {
      const num = c.start.number?.value;
      const prevText = cur ? lines[cur.last] : '';
      // Without a blank line before it, a number opens a paragraph only after a finished sentence,
      // and then only as the next number or with WikiLeaks' ¶ anchor; otherwise it is a wrapped
      // line that happens to start with a number (`November` / `16. His aim…`). A number with a
      // marking (`¶2. (SBU)`) is always a paragraph, even right under a heading.
      const accepted =
        !cur ||
        pendingBlank ||
        markerSinceText ||
        (num !== undefined && !!c.start.marking?.valid) ||
        (endsSentence(prevText) && (num === undefined || num === lastNumber + 1 || (!!c.start.anchor && num > lastNumber)));
      if (accepted) {
        closeParagraph();
        cur = { start: i, last: i, info: c.start, numbered: num !== undefined };
        if (num !== undefined) lastNumber = num;
        pendingBlank = false;
        markerSinceText = false;
        continue;
      }
    }
    // A stray SIPDIS right under a heading (see isHeaderAt) opens no paragraph of its own.
    if (c.kind === 'caption' && !cur && body.sections.length && body.sections[body.sections.length - 1]!.range.start.line === prevNonBlank(i)) continue;
    // Ordinary text (or a caption such as a stray SIPDIS).
    if (!cur) {
      cur = { start: i, last: i, numbered: false };
    } else if (pendingBlank && !cur.numbered) {
      // A page marker between the halves of one paragraph leaves blank lines but no sentence end.
      const joined = markerSinceText && (!endsSentence(lines[cur.last]) || startsLower(lines[i]));
      if (!joined) {
        closeParagraph();
        cur = { start: i, last: i, numbered: false };
      } else cur.last = i;
    } else {
      cur.last = i;
    }
    pendingBlank = false;
    markerSinceText = false;
  }
  closeParagraph();

  // Which markers fall inside a paragraph, and what repairing each join removes.
  // An old page header's own lines (its classification lines) are crossed like blank lines.
  const crossable = (l: number, m: PageMarker): boolean => {
    const c = cls[l - from];
    return c.kind === 'blank' || (c.kind === 'marker' && c.part === true && c.marker === m && !!m.classification?.some((t) => t.range.start.line === l));
  };
  for (const m of body.pageMarkers) {
    const line = m.range.start.line;
    if (m.gluedText) {
      // The text glued onto the header's line continues the paragraph above it, or opens one; in
      // a repeated header it is the header's (the subject's last words, a distribution line).
      const g = m.gluedText.character;
      // Glued text that is a header's own (a label, a distribution line, the subject's last words
      // repeated) stays on its line, whether or not the rest of a repeated header is still there.
      const gluedRest = lines[line].slice(g);
      const label =
        findLabels(line, lines[line]).some((x) => x.start >= g && x.start <= g + 1) ||
        /^(?:ACTION|INFO)\s+[A-Z]{1,5}-\d\d\b/.test(gluedRest) ||
        (!!subject && norm(subject).endsWith(norm(gluedRest)));
      const p = cls[line - from].kind !== 'marker' && !label ? body.paragraphs.find((x) => x.startLine < line && line <= x.endLine) : undefined;
      let a = line;
      while (a - 1 >= from && crossable(a - 1, m)) a--;
      m.removal = { startLine: a, endLine: line };
      if (p) {
        m.insideParagraph = true;
        m.joinBefore = a - 1;
        m.joinAfter = line;
      }
      continue;
    }
    const p = body.paragraphs.find((x) => x.startLine < line && line < x.endLine);
    let a = line;
    while (a - 1 >= from && crossable(a - 1, m)) a--;
    let b = line;
    while (b + 1 < textEnd && crossable(b + 1, m)) b++;
    m.removal = { startLine: a, endLine: b };
    // A finished sentence before the marker and a capital after it is a paragraph's own break
    // (a heading, a new sentence group): joining the lines there would lose the author's spacing.
    const brokeAtSentence = p && endsSentence(lines[a - 1] ?? '') && !startsLower(lines[b + 1] ?? '');
    if (p && !brokeAtSentence) {
      m.insideParagraph = true;
      m.joinBefore = a - 1;
      m.joinAfter = b + 1;
    }
  }

  scanBlocks(ctx, from, textEnd, cls, endOrBegin, body);
  const damage = scanDamage(lines, ctx.flags, body.paragraphs, (l) => (cls[l - from].kind === 'marker' ? -1 : (gluedStart(l) ?? 0)));
  if (damage.length) body.damage = damage;
  for (let i = from; i < textEnd; i++) {
    // A redaction is six X or more: a line without them is not cut into words.
    if (!mayHave(ctx.flags, i, REDACTION_RUN) || cls[i - from].kind === 'blank' || cls[i - from].kind === 'marker' || !lines[i].includes('XXXXXX')) continue;
    // The words read in place, each without the punctuation at its ends: six X or more is one.
    // Only the words that hold six X are read (a redacted line is mostly other words).
    const t = lines[i];
    for (let x = t.indexOf('XXXXXX'); x >= 0; ) {
      let a = x;
      while (a > 0 && !isSpaceChar(t.charCodeAt(a - 1))) a--;
      let p = x + 6;
      while (p < t.length && !isSpaceChar(t.charCodeAt(p))) p++;
      let b = p;
      x = t.indexOf('XXXXXX', p);
      while (a < b && !isLetter(t.charCodeAt(a)) && !isDigit(t.charCodeAt(a))) a++;
      while (b > a && !isLetter(t.charCodeAt(b - 1)) && !isDigit(t.charCodeAt(b - 1))) b--;
      if (b - a < 6) continue;
      let xs = true;
      for (let k = a; k < b && xs; k++) xs = t.charCodeAt(k) === 88 /* X */;
      if (xs) body.redactions.push(token(i, a, t.slice(a, b)));
    }
  }
  let firstLine = from;
  while (firstLine < limit && cls[firstLine - from].kind === 'blank') firstLine++;
  let lastLine = end - 1;
  while (lastLine > firstLine && isBlank(lines[lastLine])) lastLine--;
  if (firstLine <= lastLine && firstLine < limit) body.range = spanRange(firstLine, firstNonSpace(lines[firstLine]), lastLine, trimmedEnd(lines[lastLine]));
  return { body, end };
}

// ---------------------------------------------------------------------------------------------
// Transmission damage (the 2011 rendering)

// `Syria,s`, `don,t`, `I,m`, `CHIRAC,S`: a contraction or possessive with a comma for its
// apostrophe. A lone `s`, `t`, `d`, `ll`, `re`, `ve` or `m` after a comma is no word of its own.
const APOSTROPHE_SUFFIX = /(?<![\p{L}\p{N}'’])(\p{L}+),(s|t|d|ll|re|ve|m|S|T|D|LL|RE|VE|M)(?![\p{L}\p{N}])/gu;
// `Qa,ida`, `Shi,a`, `Ba,athists`: a transliteration's apostrophe inside a name.
const APOSTROPHE_INSIDE = /(?<![\p{L}\p{N}'’])([A-Z][a-z]{1,4}),([a-z]{1,8})(?![\p{L}\p{N}])/gu;
// What a real comma missing its space would put after a short capitalised word (`Iraq,and`).
const AFTER_COMMA = new Set(['and', 'the', 'or', 'but', 'in', 'of', 'to', 'for', 'with', 'on', 'at', 'as', 'is', 'was', 'are', 'by', 'not', 'who', 'which', 'that', 'this', 'it', 'he', 'she', 'we', 'they']);

// The same patterns, matched only where they are tried (see nextApostrophe).
export const APOSTROPHE_SUFFIX_AT = new RegExp(APOSTROPHE_SUFFIX.source, 'uy');
export const APOSTROPHE_INSIDE_AT = new RegExp(APOSTROPHE_INSIDE.source, 'uy');

/**
 * The first match of an apostrophe pattern (`re`: its sticky copy) in `text` at `from` or after,
 * as the global pattern's search from `from` finds it. A match is letters run up to a comma with
 * an ASCII letter after it, the letters starting where no letter stands before them: so the
 * pattern is tried only at the letters before each such comma (from the first character that may
 * be a letter back from it), not at every character of the line (where `\p{L}+` read each word to
 * its end again from each of its letters).
 */
export function nextApostrophe(re: RegExp, text: string, from: number): RegExpExecArray | null {
  for (let c = text.indexOf(',', from); c >= 0; c = text.indexOf(',', c + 1)) {
    if (c + 1 >= text.length || !isLetter(text.charCodeAt(c + 1))) continue;
    let q = c;
    while (q > from && (isLetter(text.charCodeAt(q - 1)) || text.charCodeAt(q - 1) > 127)) q--;
    for (; q < c; q++) {
      re.lastIndex = q;
      const m = re.exec(text);
      if (m) return m;
    }
  }
  return null;
}

/**
 * Where the apostrophe patterns may first match in `text` from `from`, or -1: both need a comma
 * with a letter right after it, most lines' commas have a space after them, and a match starts at
 * the letters before such a comma (any character beyond ASCII may be a letter).
 */
function damageFrom(text: string, from: number): number {
  for (let c = text.indexOf(',', from); c >= 0; c = text.indexOf(',', c + 1)) {
    if (c + 1 >= text.length || !isLetter(text.charCodeAt(c + 1))) continue;
    let s = c;
    while (s > from && (isLetter(text.charCodeAt(s - 1)) || text.charCodeAt(s - 1) > 127)) s--;
    return s;
  }
  return -1;
}

/**
 * The apostrophes and quotation marks the 2011 rendering damaged in the paragraphs. Real commas
 * stay untouched: a comma followed by a space is never damage, a lone letter before the comma
 * (`1.4 b,d`, the reasons) is a list, and a redaction (`XXXXX,s`) is left as it is. A `&` opens a
 * quotation only at a word's start (`R&D` is a word), and its `8` closes it only right after a
 * word of letters or a punctuation mark (`A-18`, `G8` are not closings); an opening without its
 * closing within the paragraph is left alone.
 */
function scanDamage(lines: string[], flags: Uint8Array | undefined, paragraphs: Paragraph[], textFrom: (line: number) => number): TextDamage[] {
  const out: TextDamage[] = [];
  // Whether the cable writes curly marks decides how a repair reads: asked only once damage is
  // found (most cables have none, and the search reads every line of their paragraphs).
  let curlyFound: boolean | undefined;
  const curly = (): boolean => (curlyFound ??= hasCurlyMarks(lines, paragraphs));
  for (const p of paragraphs) {
    for (let line = p.startLine; line <= p.endLine; line++) {
      if (!mayHave(flags, line, COMMA_LETTER)) continue;
      const from = textFrom(line);
      if (from < 0) continue;
      const text = lines[line];
      // Both patterns need a comma with a letter after it (a line of `&` alone has no apostrophe).
      const start = damageFrom(text, from);
      if (start < 0) continue;
      for (let r = 0; r < 2; r++) {
        const re = r === 0 ? APOSTROPHE_SUFFIX_AT : APOSTROPHE_INSIDE_AT;
        for (let m = nextApostrophe(re, text, start); m; m = nextApostrophe(re, text, m.index + m[0].length)) {
          const [, head, tail] = m;
          if (/^x+$/i.test(head) || /^x+$/i.test(tail)) continue;
          if (re === APOSTROPHE_SUFFIX_AT) {
            if (head.length < 2 && head !== 'I') continue;
            if (tail === tail.toUpperCase() && head !== head.toUpperCase()) continue;
          } else if (AFTER_COMMA.has(tail) || /^(?:s|t|d|ll|re|ve|m)$/.test(tail)) continue;
          const at = m.index + head.length;
          out.push({ kind: 'apostrophe', range: range(line, at, at + 1), text: ',', repaired: curly() ? '’' : "'" });
        }
      }
    }
    scanQuotes(lines, flags, p, textFrom, curly, out);
  }
  if (out.length > 1) out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}

function hasCurlyMarks(lines: string[], paragraphs: Paragraph[]): boolean {
  for (const p of paragraphs) for (let l = p.startLine; l <= p.endLine; l++) if (CURLY.test(lines[l])) return true;
  return false;
}
const CURLY = /[’“”]/;

// scanQuotes' tests of the characters around a `&` or `8`, made once: written in the loop, each was
// a new pattern at every character it tested (the bundle builds `\p{L}` ones with new RegExp).
const QUOTE_OPEN_BEFORE = /[\s([—-]/;
const QUOTE_OPEN_AFTER = /[\p{L}\p{N}'‘(]/u;
const QUOTE_CLOSE_AFTER = /[\s.,;:)!?\]]/;
const QUOTE_CLOSE_BEFORE = /[.,!?;:)'’]/;
const LETTER = /\p{L}/u;

function scanQuotes(lines: string[], flags: Uint8Array | undefined, p: Paragraph, textFrom: (line: number) => number, curly: () => boolean, out: TextDamage[]): void {
  let open: { line: number; at: number; budget: number } | undefined;
  for (let l = p.startLine; l <= p.endLine; l++) {
    if (!open && !mayHave(flags, l, AMPERSAND)) continue;
    const from = textFrom(l);
    if (from < 0) continue;
    const text = lines[l];
    if (!open && !text.includes('&', from)) continue;
    for (let i = from; i < text.length; i++) {
      // By code: a character cut from the line is a string of its own beyond Latin-1 (`’`), which
      // the optimized comparison with '&' had not met (V8: "wrong instance type").
      const c = text.charCodeAt(i);
      if (open && open.budget-- <= 0) open = undefined;
      if (c === 38 /* & */) {
        const before = i === from ? ' ' : text[i - 1];
        const after = i + 1 < text.length ? text[i + 1] : undefined;
        // A second opening before any closing: the first was no quotation mark.
        if (QUOTE_OPEN_BEFORE.test(before) && after !== undefined && QUOTE_OPEN_AFTER.test(after)) open = { line: l, at: i, budget: 400 };
        continue;
      }
      if (c !== 56 /* 8 */ || !open) continue;
      const before = i > 0 ? text[i - 1] : '';
      const after = i + 1 < text.length ? text[i + 1] : undefined;
      if (!(after === undefined || QUOTE_CLOSE_AFTER.test(after))) continue;
      let w = i;
      while (w > 0 && LETTER.test(text[w - 1])) w--;
      if (!(i - w >= 2 || QUOTE_CLOSE_BEFORE.test(before))) continue;
      out.push({ kind: 'open-quote', range: range(open.line, open.at, open.at + 1), text: '&', repaired: curly() ? '“' : '"' });
      out.push({ kind: 'close-quote', range: range(l, i, i + 1), text: '8', repaired: curly() ? '”' : '"' });
      open = undefined;
    }
  }
}

/** A letter other than X: the line is not only a redaction. */
const NOT_ONLY_X = /[A-WYZa-wyz]/;

function isRule(text: string): boolean {
  let dashes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 45 /* - */ || c === 61 /* = */ || c === 95 /* _ */) dashes++;
    else if (c !== 32 && c !== 9 && c !== 0xa0) return false;
  }
  // A lone `-` between paragraphs is an old telegram's separator (90CAPETOWN97: `PARLIAMENT.` / `-` / `¶3.`).
  return dashes >= 3 || (dashes === 1 && text.trim() === '-');
}

/**
 * A paragraph's first words, from `line[from…]` trimmed (as String.prototype.trim trims): read in
 * place, the line not cut. A first line shorter than 40 characters goes on with the next line.
 */
export function firstWordsOf(line: string, from: number, next: string): string {
  let a = from;
  let b = line.length;
  while (a < b && isRegExpSpace(line.charCodeAt(a))) a++;
  while (b > a && isRegExpSpace(line.charCodeAt(b - 1))) b--;
  if (b - a < 40 && next) {
    const t = `${line.slice(a, b)} ${next.trim()}`;
    return firstWordsIn(t, 0, t.length);
  }
  return firstWordsIn(line, a, b);
}

/** The words of `t[from, to)` one space apart, up to 48 characters (`…` after them when more follow). */
function firstWordsIn(t: string, from: number, to: number): string {
  // Words one space apart (most lines) are the text itself: cut once, not joined word by word.
  let first = -1;
  let len = 0;
  let single = true;
  for (let i = from; i < to; ) {
    const sp = i;
    while (i < to && isSpaceChar(t.charCodeAt(i))) i++;
    if (i >= to) break;
    if (first >= 0 && (i - sp !== 1 || t.charCodeAt(sp) !== 32)) {
      single = false;
      break;
    }
    const s = i;
    while (i < to && !isSpaceChar(t.charCodeAt(i))) i++;
    if (len + (i - s) > 48) return `${t.slice(first < 0 ? s : first, (first < 0 ? s : first) + len)}…`;
    if (first < 0) first = s;
    len = len ? len + 1 + (i - s) : i - s;
  }
  if (single) return first < 0 ? '' : t.slice(first, first + len);
  // Only the words that fit are cut: a paragraph's first line may be thousands of characters long.
  let out = '';
  for (let i = from; i < to; ) {
    while (i < to && isSpaceChar(t.charCodeAt(i))) i++;
    if (i >= to) break;
    const s = i;
    while (i < to && !isSpaceChar(t.charCodeAt(i))) i++;
    if (out.length + (i - s) > 48) return `${out}…`;
    out = out ? `${out} ${t.slice(s, i)}` : t.slice(s, i);
  }
  return out;
}

function itemAt(line: number, text: string): Paragraph['items'][number] | undefined {
  const i = firstNonSpace(text);
  // Every paragraph line is asked. An item's first word starts with a dash, a parenthesis, `*`, `•`
  // or `o`, or is a character and `.` or `)` (`A.`, `b)`): other lines are let go on their first
  // two characters, before their first word is read.
  const c0 = text.charCodeAt(i);
  if (c0 !== 45 /* - */ && c0 !== 40 /* ( */ && c0 !== 42 /* * */ && c0 !== 0x2022 /* • */ && c0 !== 111 /* o */) {
    const c1 = i + 1 < text.length ? text.charCodeAt(i + 1) : -1;
    if (c1 !== 46 /* . */ && c1 !== 41 /* ) */) return undefined;
  }
  const lim = Math.min(text.length, i + 12);
  let e = i;
  while (e < lim && !isSpaceChar(text.charCodeAt(e))) e++;
  if (e === i) return undefined;
  // Every item's first word is a bullet (`--…` may be long) or at most four characters (`(12)`):
  // most lines are ruled out before anything is cut from them.
  if (e - i > 4 && text.charCodeAt(i) !== 45 /* - */) return undefined;
  const t = text.slice(i, e);
  if (t === '--' || t === '-' || t === '*' || t === '•' || t === 'o' || t.startsWith('--')) {
    const e = t.startsWith('--') ? 2 : 1;
    return { range: range(line, i, trimmedEnd(text)), kind: 'bullet', label: t.slice(0, e) };
  }
  // `A.`, `(A)`, `A)`, `(1)`, `a.`: a single letter or a small number.
  const m = ITEM_LABEL.exec(t);
  if (m) return { range: range(line, i, trimmedEnd(text)), kind: 'sub', label: m[2] ?? m[3] ?? m[4] ?? t };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Summary, comment and quoted-text blocks

type BlockKind = TextBlock['kind'];
const BLOCK_KEYWORD = /summary|comment|text/i;
/** The order unclosed blocks are reported in. */
const BLOCK_KINDS: readonly BlockKind[] = ['summary', 'comment', 'quote'];

/**
 * A word of a line the block scan reads. Its text is cut from the line only when asked (most
 * words are only stepped over); `word` is the upper-cased word without punctuation when it is one
 * the scan compares, else ''.
 */
class BlockScanWord {
  lineWords = 0;
  /** For a line's first word: the last word of the line before, which says whether a sentence ended there. */
  before?: string;
  constructor(
    private text: string,
    public line: number,
    private rawStart: number,
    private rawEnd: number,
    readonly start: number,
    readonly end: number,
    readonly word: string,
    readonly first: boolean,
  ) {}
  get raw(): string {
    return this.text.slice(this.rawStart, this.rawEnd);
  }
  /** The item stands for a run of words the scan steps over, up to this one. */
  extend(text: string, line: number, rawStart: number, rawEnd: number): void {
    this.text = text;
    this.line = line;
    this.rawStart = rawStart;
    this.rawEnd = rawEnd;
  }
}

// The words the block scan compares, and those whose part before a slash it compares.
const BLOCK_SCAN_WORDS = ['END', 'AND', 'TEXT', 'BEGIN', 'SUMMARY', 'COMMENT'];
const BLOCK_SCAN_HEADS = ['TEXT/', 'SUMMARY/', 'COMMENT/'];

/**
 * `text.slice(a, b).toUpperCase()` when that is one of the words the block scan compares (or starts
 * with one and a slash), else '' — which every comparison treats alike. Only such words are cut.
 */
function blockWordOf(text: string, a: number, b: number): string {
  for (let i = a; i < b; i++) if (text.charCodeAt(i) > 127) return text.slice(a, b).toUpperCase();
  const n = b - a;
  // Every word compared starts with A, B, C, E, S or T and has three letters or more.
  const c = text.charCodeAt(a) | 32;
  if (n < 3 || (c !== 97 && c !== 98 && c !== 99 && c !== 101 && c !== 115 && c !== 116)) return '';
  for (const w of BLOCK_SCAN_WORDS) if (w.length === n && upperAt(text, a, w)) return w;
  for (const h of BLOCK_SCAN_HEADS) if (n > h.length && upperAt(text, a, h)) return text.slice(a, b).toUpperCase();
  return '';
}

/** The block a word opens or closes (SUMMARY, COMMENT, TEXT) for every word of a line: compared, not looked up (a lookup hashes each word). */
function blockKind(word: string): BlockKind | undefined {
  return word === 'SUMMARY' ? 'summary' : word === 'COMMENT' ? 'comment' : word === 'TEXT' ? 'quote' : undefined;
}

/**
 * blockKind(word.split('/')[0]): the kind of a block word or of its head before a slash
 * (`SUMMARY/COMMENT`). Compared, not looked up: a lookup by ever new names made the block scan's
 * optimized code be thrown away (V8: "wrong name"), and the split cut an array for each word.
 */
function blockHeadKind(word: string): BlockKind | undefined {
  const slash = word.indexOf('/');
  return blockKind(slash < 0 ? word : word.slice(0, slash));
}

/**
 * Whether `text[from, to)` is END or BEGIN once stripped of punctuation, in any case. Every line's
 * last word is asked: only a word of the right length is cut from its line.
 */
function isEndOrBegin(text: string, from: number, to: number): boolean {
  let a = from;
  let b = to;
  while (a < b && !isLetter(text.charCodeAt(a)) && !isDigit(text.charCodeAt(a))) a++;
  while (b > a && !isLetter(text.charCodeAt(b - 1)) && !isDigit(text.charCodeAt(b - 1))) b--;
  if (b - a === 3 ? upperAt(text, a, 'END') : b - a === 5 ? upperAt(text, a, 'BEGIN') : false) return true;
  if (b - a !== 3 && b - a !== 5) return false;
  // A letter beyond ASCII may upper-case into one of theirs (`BEGıN`): such a word is cut.
  for (let i = a; i < b; i++) {
    if (text.charCodeAt(i) > 127) {
      const u = text.slice(a, b).toUpperCase();
      return u === 'END' || u === 'BEGIN';
    }
  }
  return false;
}

/** The line's last word (as words() cuts it), or '' for a blank line. */
function lastWord(text: string): string {
  const end = trimmedEnd(text);
  let s = end;
  while (s > 0 && !isSpaceChar(text.charCodeAt(s - 1))) s--;
  return text.slice(s, end);
}

/**
 * isEndOrBegin of the line's last word (`end`: where the line's text ends). Every line is asked:
 * END and BEGIN end in D and N, so a word whose last letter or digit is another is let go before
 * the word is looked for (the letters beyond ASCII are punctuation to the stripping, and
 * upper-casing keeps an ASCII letter's place at the end).
 */
function lastWordIsEndOrBegin(text: string, end: number): boolean {
  let z = end - 1;
  for (; z >= 0; z--) {
    const c = text.charCodeAt(z);
    if (isLetter(c) || isDigit(c) || isSpaceChar(c)) break;
  }
  if (z < 0) return false;
  const c = text.charCodeAt(z) | 32;
  if (c !== 100 /* d */ && c !== 110 /* n */) return false;
  // Many words end in D or N (`and`, `been`): the letters before it let them go, unless one is
  // beyond ASCII (it may upper-case into one of END's or BEGIN's, `BEGıN`: the word is then read).
  if (!endsLike(text, z, c === 100 ? 'END' : 'BEGIN')) return false;
  let s = end;
  while (s > 0 && !isSpaceChar(text.charCodeAt(s - 1))) s--;
  return isEndOrBegin(text, s, end);
}

/**
 * Whether the characters before `text[z]` (the last letter of a word) may be those before the last
 * letter of `word` (in capitals): each is, in any case, or is beyond ASCII. A character before the
 * word's start is a space or punctuation, and is none of them.
 */
function endsLike(text: string, z: number, word: string): boolean {
  for (let k = 1; k < word.length; k++) {
    if (z - k < 0) return false;
    const c = text.charCodeAt(z - k);
    if (c > 127) return true;
    if ((c >= 97 && c <= 122 ? c - 32 : c) !== word.charCodeAt(word.length - 1 - k)) return false;
  }
  return true;
}

/**
 * The block scan's reading of the word at `s` of line `line` (up to a space or `lim`; `first`: it is
 * the line's first word): an item of `all`, or the run of stepped-over words the last item stands
 * for grown by it. Returns where the word ends; the last item's word is '' for a word stepped over.
 */
function scanWord(all: BlockScanWord[], lines: readonly string[], text: string, line: number, s: number, lim: number, first: boolean, lastRawLine: number): number {
  let p = s;
  let ascii = true;
  for (; p < lim; p++) {
    const c = text.charCodeAt(p);
    if (isSpaceChar(c)) break;
    if (c > 127) ascii = false;
  }
  let a = s;
  while (a < p && !isLetter(text.charCodeAt(a)) && !isDigit(text.charCodeAt(a))) a++;
  // blockWordOf's answer for a word of ASCII alone whose first letter starts no block word
  // (A, B, C, E, S, T): '', known before the word's end is stripped or read again.
  const c = a < p ? text.charCodeAt(a) | 32 : 32;
  const stepped = ascii && (a === p || (c !== 97 && c !== 98 && c !== 99 && c !== 101 && c !== 115 && c !== 116));
  // Words the scan only steps over are read only as the word before a block word (or as
  // not being one after END): one item stands for a run of them, with the run's last word.
  const prev = all[all.length - 1];
  if (stepped && prev !== undefined && prev.word === '') {
    prev.extend(text, line, s, p);
    return p;
  }
  let b = p;
  while (b > a && !isLetter(text.charCodeAt(b - 1)) && !isDigit(text.charCodeAt(b - 1))) b--;
  let word = stepped ? '' : blockWordOf(text, a, b);
  // `AND` is compared only right after a block's word (`END SUMMARY AND COMMENT`): anywhere
  // else (nearly every `and` of a line) it is a word stepped over, not an item of its own.
  if (word === 'AND' && !(prev !== undefined && prev.word !== '' && blockHeadKind(prev.word) !== undefined)) word = '';
  if (word === '' && prev !== undefined && prev.word === '') {
    prev.extend(text, line, s, p);
    return p;
  }
  const item = new BlockScanWord(text, line, s, p, a, b, word, first);
  if (first && word !== '' && lastRawLine >= 0) item.before = lastWord(lines[lastRawLine]);
  all.push(item);
  return p;
}

const BLOCK_KEYWORD_ALL = /summary|comment|text/gi;

/**
 * scanWord over the words of a line that matter to the block scan, with the line's other words
 * read as one stepped-over run each: items the scan reads as it reads everyWord's, for a line that
 * does not end in END or BEGIN and does not follow one that does (those are cut whole). Where a run
 * stands and which words stand apart from it may differ; nothing reads them.
 *
 * A block word holds a keyword, so only words that hold one are read, each with the word before it
 * (an END or BEGIN the item needs) and the words after it while they are items (`AND`, `COMMENT`
 * after `SUMMARY AND`, a block word after a block word). A word left out is never a block word, nor
 * an `AND` after one, and an END or BEGIN left out has no block word after it, so nothing reads it
 * but as a word stepped over; only the last of a run is kept (an item's `raw`), and it is given the
 * run's place so that an `AND` after it is not read as after a block word.
 *
 * A word beyond ASCII is upper-cased whole by blockWordOf, but no such word without a keyword
 * becomes a block word: the characters that upper-case into ASCII alone are ſ, ı, ß and the Latin
 * ligatures (S, I, SS, FF, FI, FL, FFI, FFL, ST), none of them a letter inside SUMMARY, COMMENT or
 * TEXT, and one at a word's edge is stripped as punctuation (`ſummary` is no SUMMARY). `BEGıN` is
 * BEGIN, and is read as the word before its TEXT.
 */
export function keywordWords(all: BlockScanWord[], lines: readonly string[], text: string, line: number, lastRawLine: number): void {
  const firstItem = all.length;
  const n = text.length;
  const firstStart = firstNonSpace(text);
  /** Where the words read so far end: the words from here on are not yet read. */
  let done = 0;
  /** The last word of `[done, to)`, read as a word stepped over (forced: see above). */
  const stepOver = (to: number): void => {
    let e = to;
    while (e > done && isSpaceChar(text.charCodeAt(e - 1))) e--;
    if (e <= done) return;
    let s = e;
    while (s > done && !isSpaceChar(text.charCodeAt(s - 1))) s--;
    const prev = all[all.length - 1];
    if (prev !== undefined && prev.word === '') prev.extend(text, line, s, e);
    else all.push(new BlockScanWord(text, line, s, e, s, e, '', s === firstStart));
  };
  const re = BLOCK_KEYWORD_ALL;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    // (The search goes on from the end of the words read: a keyword is never in one of them.)
    let ws = m.index;
    while (ws > done && !isSpaceChar(text.charCodeAt(ws - 1))) ws--;
    // The word before: read as scanWord reads it; the words before that are stepped over.
    let pe = ws;
    while (pe > done && isSpaceChar(text.charCodeAt(pe - 1))) pe--;
    let s = ws;
    if (pe > done) {
      s = pe;
      while (s > done && !isSpaceChar(text.charCodeAt(s - 1))) s--;
      stepOver(s);
    }
    // From the word before on, each word is read while the one before it was an item (the
    // matched word is always read).
    for (;;) {
      while (s < n && isSpaceChar(text.charCodeAt(s))) s++;
      if (s >= n) {
        done = n;
        break;
      }
      const p = scanWord(all, lines, text, line, s, n, s === firstStart, lastRawLine);
      done = p;
      if (all[all.length - 1].word === '' && p > ws) break;
      s = p;
    }
    if (re.lastIndex < done) re.lastIndex = done;
  }
  // The words after the last read are left out: the last item read is a run already (the reading
  // stops after a word stepped over), or the line's last word.
  const count = wordCount(text, 0, n, 3);
  for (let k = firstItem; k < all.length; k++) all[k].lineWords = count;
}

/**
 * scanWord over every word of a line in turn (its first 20,000 characters), as words() and
 * stripPunct() cut them: the reading keywordWords stands for, and the block scan's own for a line
 * that ends in END or BEGIN or follows one. Each item is told how many words its line holds, up to
 * four (the scan asks only whether there are three or fewer, as keywordWords counts them).
 */
export function everyWord(all: BlockScanWord[], lines: readonly string[], text: string, line: number, lastRawLine: number): void {
  const firstItem = all.length;
  const lim = Math.min(text.length, 20000);
  let count = 0;
  for (let p = 0; p < lim; ) {
    while (p < lim && isSpaceChar(text.charCodeAt(p))) p++;
    if (p >= lim) break;
    p = scanWord(all, lines, text, line, p, lim, count === 0, lastRawLine);
    count++;
  }
  if (count > 4) count = 4;
  for (let k = firstItem; k < all.length; k++) all[k].lineWords = count;
}

function scanBlocks(ctx: ParseContext, from: number, to: number, cls: readonly LineClass[], endOrBegin: readonly number[], body: Body): void {
  const lines = ctx.lines;
  type W = BlockScanWord;
  const all: W[] = [];
  let carry = false;
  /** The last line read before this one (not blank): its last word is cut only for a block word's `before`. */
  let lastRawLine = -1;
  /** The first of endOrBegin's lines not before this one. */
  let eb = 0;
  for (let i = from; i < to; i++) {
    const c = cls[i - from];
    if (c.kind === 'blank' || c.kind === 'marker') continue;
    const text = lines[i];
    // The flag is the keyword's own test, run over the text at once (exact, not a pre-filter).
    const candidate = carry || (ctx.flags !== undefined ? (ctx.flags[i] & BLOCK_WORD) !== 0 : BLOCK_KEYWORD.test(text));
    const wasCarry = carry;
    while (eb < endOrBegin.length && endOrBegin[eb] < i) eb++;
    carry = eb < endOrBegin.length && endOrBegin[eb] === i;
    // Only lines with a keyword (or the END/BEGIN before one) are cut into words; the others only
    // leave their last word behind.
    if (candidate || carry || wasCarry) {
      // Cut only around the keywords (see keywordWords): most of the line's words are stepped over.
      if (!carry && !wasCarry && text.length <= 20000) keywordWords(all, lines, text, i, lastRawLine);
      else everyWord(all, lines, text, i, lastRawLine);
    }
    // (A line that is not blank has text: it is the last read.)
    lastRawLine = i;
  }
  // Every kind a field from the start, emptied rather than deleted: a deleted field turned the
  // object into a dictionary, and the scan's optimized code was thrown away over it (V8: "wrong map").
  const open: Record<BlockKind, Token | undefined> = { summary: undefined, comment: undefined, quote: undefined };
  const close = (kind: BlockKind, closeTok: Token) => {
    const o = open[kind];
    if (o) {
      body.blocks.push({ kind, range: spanRange(o.range.start.line, o.range.start.character, closeTok.range.end.line, closeTok.range.end.character), open: o, close: closeTok });
      open[kind] = undefined;
    } else {
      ctx.problem('block-unopened', closeTok.range, `"${closeTok.text}" closes a ${kind === 'quote' ? 'quoted text' : kind} that was never opened`, { kind });
    }
  };
  // (The words after an item are read only where there are some: a read past the list's end
  // deoptimized the scan.)
  const wordAt = (j: number): string | undefined => (j < all.length ? all[j].word : undefined);
  for (let k = 0; k < all.length; k++) {
    const w = all[k];
    const nextKind = w.word === 'END' && k + 1 < all.length ? blockHeadKind(all[k + 1].word) : undefined;
    if (nextKind !== undefined) {
      const n = all[k + 1];
      const kind = nextKind;
      const tok: Token = spanToken(n.line === w.line ? lines[w.line].slice(w.start, n.end) : `${w.raw} ${n.raw}`, w.line, w.start, n.line, n.end);
      close(kind, tok);
      // `END SUMMARY AND COMMENT`, `END SUMMARY/COMMENT` close both.
      if (n.word === 'SUMMARY/COMMENT' || (wordAt(k + 2) === 'AND' && wordAt(k + 3) === 'COMMENT' && open.comment)) {
        if (n.word !== 'SUMMARY/COMMENT') k += 2;
        close('comment', tok);
      }
      k++;
      continue;
    }
    if (w.word === 'BEGIN' && wordAt(k + 1) === 'TEXT') {
      const n = all[k + 1];
      if (!open.quote) open.quote = spanToken(lines[w.line].slice(w.start, n.line === w.line ? n.end : undefined), w.line, w.start, n.line, n.end);
      k++;
      continue;
    }
    const kind = blockKind(w.word);
    if (!kind || kind === 'quote' || open[kind] || !isUpper(w.raw.charCodeAt(stripPunct(w.raw).offset))) continue;
    const rawEnd = w.raw.slice(stripPunct(w.raw).offset + w.word.length);
    const punctAfter = rawEnd.startsWith(':') || rawEnd.startsWith('.') || rawEnd.startsWith(' -');
    const alone = w.lineWords <= 3 && (rawEnd === '' || rawEnd === ':' || rawEnd === '.');
    const prevRaw = w.first ? w.before : k > 0 ? all[k - 1].raw : undefined;
    const sentenceStart =
      w.first ||
      w.raw.startsWith('(') ||
      prevRaw === undefined ||
      /[.:)]$/.test(prevRaw) ||
      prevRaw === '--' ||
      /^-+$/.test(prevRaw) ||
      (prevRaw.startsWith('(') && prevRaw.endsWith(')')) ||
      stripPunct(prevRaw).text.toUpperCase() === 'BEGIN';
    if (sentenceStart && (punctAfter || alone)) {
      const end = w.end + (punctAfter && rawEnd[0] !== ' ' ? 1 : 0);
      open[kind] = spanToken(lines[w.line].slice(w.start, end), w.line, w.start, w.line, end);
    }
  }
  for (const kind of BLOCK_KINDS) {
    const o = open[kind];
    if (!o) continue;
    // An unclosed block runs to the end of the paragraph it opens in.
    const line = o.range.start.line;
    const p = body.paragraphs.find((x) => x.startLine <= line && line <= x.endLine);
    const endLine = p ? p.endLine : line;
    body.blocks.push({ kind, range: spanRange(line, o.range.start.character, endLine, trimmedEnd(lines[endLine])), open: o });
    // Real cables often leave a closing comment paragraph, or a `COMMENT` heading, unclosed:
    // the data says so, so that a check can tell those from a summary that lost its end.
    const standalone = wordCount(lines[line], 0, lines[line].length, 3) <= 3;
    const atEnd = !!p && p === body.paragraphs[body.paragraphs.length - 1];
    ctx.problem('block-unclosed', o.range, `"${o.text}" opens a ${kind === 'quote' ? 'quoted text' : kind} that is never closed (END ${kind === 'quote' ? 'TEXT' : kind.toUpperCase()})`, {
      kind,
      standalone,
      atEnd,
    });
  }
  // A list of one is in order already (and a sort makes a copy of the list to sort it).
  if (body.blocks.length > 1) body.blocks.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

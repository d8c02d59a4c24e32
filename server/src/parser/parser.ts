/**
 * `parseCable(text)`: the one parser every feature reads. It finds the cables in a file (web-page
 * text around them set apart), and for each its table, routing block, banner, subject block and
 * text. It never throws: whatever the input, the result is a model whose ranges lie inside it.
 */
import { isTrailer, parseBody } from './body';
import { compactCable } from './compact';
import { ParseContext } from './context';
import { findDtg, isDateLine, isDtgLine, isExtractNotice, isTableHeader, isVzczc, parseReferenceId, parseRouting, parseTable, TABLE_LEVELS } from './header';
import type { Body, Cable, CableDocument, OutsideText, PageMarker, ParseProblem, Range, WikiLeaksTable } from './model';
import { TextSpan } from './span';
import { LOST_MARKS, SUSPECT_CHAR, lineFlags, mayHave } from './lineFlags';
import {
  findLabels,
  isBareTagsLine,
  isOfficeLine,
  parseBanner,
  parseCaptionLine,
  parseClassifiedBy,
  parseEo,
  parseRefs,
  parseSubject,
  parseTags,
  peekBanner,
  type Label,
} from './subject';
import { oldHeaderAt, oldHeaderEndingAt, parsePageMarker, startsParagraph } from './body';
import { classifyOutsideLine } from './outside';
import { pageTextForm } from '../data/pageText';
import { isCsvRowStart, maskedLines, readCsvRow, type CsvRow } from './csvRow';
import { firstAfterRegExpSpace, firstNonSpace, firstWords, isBlank, isoDate, isRegExpSpace, linesRange, spanRange, splitLines, token, trimmedEnd, wordCount } from './text';

export function parseCable(input: string): CableDocument {
  const text = typeof input === 'string' ? input : '';
  const split = splitLines(text);
  try {
    // Lines that end alike sit in the text at offsets their lengths give: what a few tests look for
    // is found over the text at once (mixed line ends are rare, and their lines are tested one by one).
    const flags = split.eol === 'mixed' ? undefined : lineFlags(text, split.bom ? 1 : 0, split.lines, split.eol.length);
    return parseLines(split.lines, split.eol, split.bom, flags).doc;
  } catch (err) {
    // A parser bug must not take the editor or a corpus run down with it: report it as what it is.
    return {
      cables: [],
      outside: [],
      lines: split.lines,
      eol: split.eol,
      bom: split.bom,
      binary: false,
      problems: [
        {
          kind: 'internal-error',
          range: spanRange(0, 0, 0, 0),
          message: `Internal error in the parser: ${(err as Error)?.message ?? String(err)}. The file is shown unread; please report it.`,
          data: { stack: (err as Error)?.stack ?? null },
        },
      ],
    };
  }
}

/**
 * The document loop, one cable at a time. The loop's state between two cables is only where the
 * next step reads from (`from`) and where its cable starts (`start`): a step reads the lines from
 * `from` on and nothing before it, so the steps partition the lines, and a step whose state and
 * lines are unchanged gives the same result. The incremental parse (./incremental.ts) re-runs
 * only the steps an edit touches on that ground; parseCable runs them all.
 */
export interface ParseStep {
  /** The first line this step reads as its own (the outside text before its cable included). */
  from: number;
  /** The line its cable's reading starts at; -1 for the last step, the text after the last cable. */
  start: number;
  /** The next step's `from`. */
  to: number;
  /** The next step's `start` (-1: no cable follows). */
  next: number;
  cable?: Cable;
  /** Outside text, in the order found. */
  outside: OutsideText[];
  /** Its problems, the character scan of its lines included, in range order. */
  problems: ParseProblem[];
}

export interface DocumentParse {
  doc: CableDocument;
  steps: ParseStep[];
  /**
   * The whole text decided the steps, not the loop's state: binary, no cable found, or a first
   * cable found only by the fallback (no table, routing block or banner anywhere).
   */
  whole: boolean;
}

/** The lines looksBinary reads: any edit among them may change the verdict. */
export const BINARY_HEAD_LINES = 2000;

/**
 * NUL bytes, or many other control characters (more than one in ten), mean the file is not text:
 * read in the first BINARY_HEAD_LINES lines joined with line feeds, up to 65,536 characters. Line
 * ends are not counted as control characters (the lines come split already). Read line by line: no
 * copy of the text is made, and a line without a control character is let go on one pattern run
 * (a file of one cable was joined and searched three times over).
 */
export function linesLookBinary(lines: string[], flags?: Uint8Array): boolean {
  const n = Math.min(lines.length, BINARY_HEAD_LINES);
  // Without a NUL or control character among the lines read, no text is binary: with flags, a file
  // none of whose first lines is flagged (nearly every one) is let go without its lines being read.
  if (flags) {
    let suspect = false;
    for (let k = 0; k < n && !suspect; k++) suspect = (flags[k] & SUSPECT_CHAR) !== 0;
    if (!suspect) return false;
  }
  let length = 0;
  let controls = 0;
  for (let k = 0; k < n && length < BINARY_HEAD_CHARS; k++) {
    // The line feed before the line counts in the length; it is no control character here.
    if (k > 0 && ++length >= BINARY_HEAD_CHARS) break;
    const line = lines[k];
    const take = Math.min(line.length, BINARY_HEAD_CHARS - length);
    if (mayHave(flags, k, SUSPECT_CHAR) && NUL_OR_CONTROL.test(take < line.length ? line.slice(0, take) : line)) {
      for (let i = 0; i < take; i++) {
        const c = line.charCodeAt(i);
        if (c === 0) return true;
        if (c < 32 ? (c >= 1 && c <= 8) || c === 11 || c >= 14 : c === 0x7f || c === 0xfffd) controls++;
      }
    }
    length += take;
  }
  return length > 0 && controls / length > 0.1;
}
const BINARY_HEAD_CHARS = 65536;
// NUL, the control characters that count (line feed, form feed and carriage return do not) and U+FFFD.
const NUL_OR_CONTROL = /[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]/;

/** Where the first cable starts (a date line or extract notice just above it included); fallback: found without table, routing block or banner. */
export function firstCableStart(lines: string[]): { start: number; fallback: boolean } {
  let first = findFirstStart(lines, 0, lines.length);
  const fallback = first < 0;
  if (first < 0) first = fallbackStart(lines);
  if (first < 0) return { start: -1, fallback };
  // A date line or extract notice just above the banner is the cable's own.
  for (let j = first - 1; j >= 0; j--) {
    if (isBlank(lines[j])) continue;
    if (isDateLine(lines[j]) || isExtractNotice(lines[j])) first = j;
    else break;
  }
  return { start: first, fallback };
}

/**
 * Every step over `lines`, and the document they make. `flags`: lineFlags of these very lines
 * (parseCable has their text), or none, and every line is tested; the model is the same.
 */
export function parseLines(lines: string[], eol: CableDocument['eol'], bom: boolean, flags?: Uint8Array): DocumentParse {
  if (linesLookBinary(lines, flags)) return { doc: { cables: [], outside: [], lines, eol, bom, binary: true, problems: [] }, steps: [], whole: true };
  const first = firstCableStart(lines);
  if (first.start < 0) {
    // No cable: only the characters are read.
    const ctx = new ParseContext(lines, flags);
    const step: ParseStep = { from: 0, start: -1, to: lines.length, next: -1, outside: [], problems: [] };
    sealStep(ctx, step);
    return { doc: assembleDocument(lines, eol, bom, [step]), steps: [step], whole: true };
  }
  const steps = [...cableSteps(lines, first.start, flags)];
  return { doc: assembleDocument(lines, eol, bom, steps), steps, whole: first.fallback };
}

/**
 * The document loop's steps from the first cable's start to the text after the last cable, one at
 * a time: the whole parse takes them all, the server's first analysis yields between them.
 */
export function* cableSteps(lines: string[], firstStart: number, flags?: Uint8Array): Generator<ParseStep> {
  let from = 0;
  let start = firstStart;
  for (let n = 0; ; n++) {
    const step = parseStep(lines, from, start, n > 0, flags);
    yield step;
    if (step.start < 0) return;
    from = step.to;
    start = step.next;
  }
}

/**
 * One turn of the loop from state (`from`, `start`): the outside text before the cable, the
 * cable (a truncated preview before the full text restarts it), and the problems of lines
 * [from, to). `start` -1 (or past the end): the text after the last cable. `afterCable`: a cable
 * came before, so the outside text is `between` rather than `before`.
 */
export function parseStep(lines: string[], from: number, start: number, afterCable: boolean, flags?: Uint8Array): ParseStep {
  const n = lines.length;
  const ctx = new ParseContext(lines, flags);
  const outside: OutsideText[] = [];
  if (start < 0 || start >= n) return sealStep(ctx, { from, start: -1, to: n, next: -1, outside: addOutside(outside, lines, from, n, 'after'), problems: [] });
  const position = afterCable ? 'between' : 'before';
  let i = from;
  let at = start;
  for (;;) {
    addOutside(outside, lines, i, at, position);
    const mark = ctx.problems.length;
    const { cable, end, preamble } = parseCsvRowCable(ctx, at, n) ?? parseOneCable(ctx, at, n);
    // Some exports put a truncated preview of the cable (banner, office lines, `…`) and a few
    // metadata lines before the full text: the preview is not a cable of its own.
    // Once: a preview stands before the full text, never before another preview, and a file of
    // banner lines alone (each one a "fragment") must not be re-read from every banner to the end.
    const restart = at === start && isFragment(cable) ? findBannerAfter(lines, (cable.banner?.range.start.line ?? at) + 1, end) : -1;
    if (restart >= 0) {
      ctx.problems.length = mark;
      addOutside(outside, lines, i, restart, position);
      i = restart;
      at = restart;
      continue;
    }
    // An e-mail printout's header between the table and the cable is text before the cable.
    if (preamble) addOutside(outside, lines, preamble.from, preamble.to, 'before');
    const to = Math.max(end, at + 1);
    return sealStep(ctx, { from, start, to, next: findNextStart(lines, to, n), cable, outside, problems: [] });
  }
}

/** The step's characters scanned, its problems in range order and handed to its cable. */
function sealStep(ctx: ParseContext, step: ParseStep): ParseStep {
  scanCharacters(ctx, step.from, step.to);
  // Stable: problems at the same place keep the order they were found in.
  step.problems = ctx.problems.length > 1 ? ctx.problems.sort(byRange) : ctx.problems;
  const c = step.cable;
  if (c) {
    for (const p of step.problems) if (p.range.start.line >= c.range.start.line && p.range.start.line <= c.range.end.line) c.problems.push(p);
    compactCable(c);
  }
  return step;
}

/** The document the steps make, in their order. */
export function assembleDocument(
  lines: string[],
  eol: CableDocument['eol'],
  bom: boolean,
  steps: readonly ParseStep[],
  // For steps whose objects lag behind their bounds (parser/incremental.ts): how many lines each
  // lags, and how to settle them all should the problems need sorting on their real lines.
  lagOf: (step: ParseStep) => number = () => 0,
  settle: () => void = () => undefined,
): CableDocument {
  const assembly = startAssembly(lines, eol, bom);
  appendSteps(assembly, steps, 0, lagOf, settle);
  return assembly.doc;
}

/**
 * A document assembled step by step (the server's model of the cables read so far, during a
 * sliced first parse): `appendSteps` adds the steps that came since, and the document is at every
 * point the one assembleDocument makes of the same steps.
 */
export interface Assembly {
  readonly doc: CableDocument;
  /** Every step's first problem came at or after the previous step's last: the list is the steps' in their order. */
  sorted: boolean;
  lastLine: number;
  lastCharacter: number;
}

export function startAssembly(lines: string[], eol: CableDocument['eol'], bom: boolean): Assembly {
  return { doc: { cables: [], outside: [], lines, eol, bom, binary: false, problems: [] }, sorted: true, lastLine: -1, lastCharacter: -1 };
}

/** Adds steps[from..] to the assembly's document (grown in place). */
export function appendSteps(assembly: Assembly, steps: readonly ParseStep[], from: number, lagOf: (step: ParseStep) => number = () => 0, settle: () => void = () => undefined): void {
  const doc = assembly.doc;
  let { sorted, lastLine, lastCharacter } = assembly;
  for (let i = from; i < steps.length; i++) {
    const step = steps[i];
    if (step.cable) doc.cables.push(step.cable);
    for (const o of step.outside) doc.outside.push(o);
    const ps = step.problems;
    if (ps.length === 0) continue;
    const lag = lagOf(step);
    const first = ps[0].range.start;
    if (first.line + lag < lastLine || (first.line + lag === lastLine && first.character < lastCharacter)) sorted = false;
    for (const p of ps) doc.problems.push(p);
    const last = ps[ps.length - 1].range.start;
    lastLine = last.line + lag;
    lastCharacter = last.character;
  }
  assembly.sorted = sorted;
  assembly.lastLine = lastLine;
  assembly.lastCharacter = lastCharacter;
  // A step's problems lie on its own lines; should one not, the whole list is put in order. The
  // sort is stable and what came before is in order already: sorting it with the new steps' gives
  // the order a sort of all the steps' problems at once gives.
  if (!sorted && from < steps.length) {
    settle();
    doc.problems.sort(byRange);
  }
}

function byRange(a: ParseProblem, b: ParseProblem): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function addOutside(out: OutsideText[], lines: string[], from: number, to: number, position: OutsideText['position']): OutsideText[] {
  let a = from;
  while (a < to && isBlank(lines[a])) a++;
  let b = to - 1;
  while (b >= a && isBlank(lines[b])) b--;
  if (a > b) return out;
  const classified = [];
  for (let l = a; l <= b; l++) {
    const c = classifyOutsideLine(l, lines[l]);
    if (c) classified.push(c);
  }
  out.push({ range: spanRange(a, 0, b, lines[b].length), position, lines: classified });
  return out;
}

/** The first line of the first cable: its table, routing block, or banner. */
function findFirstStart(lines: string[], from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const t = lines[i];
    if (isBlank(t)) continue;
    if (isTableHeader(t) || isVzczc(t) || isDtgLine(t) || isCsvRowStart(t)) return i;
    const b = peekBanner(i, t);
    if (b && (b.serial || b.section || b.classification.letterSpaced)) return i;
  }
  return -1;
}

/** A file with no table, routing block or banner: the cable starts at its subject block or first paragraph. */
function fallbackStart(lines: string[]): number {
  let firstText = -1;
  for (let i = 0; i < lines.length; i++) {
    if (isBlank(lines[i])) continue;
    if (firstText < 0) firstText = i;
    if (findLabels(i, lines[i]).length) return i;
  }
  return firstText;
}

/**
 * A later cable starts with a new table or routing block, or the banner of a bare copy. `found`,
 * when given, is told the bare copy's banner line when that is what the start is (-1 otherwise):
 * the caller asks it again of the line it stops at, and the look-ahead reads up to 25 lines.
 */
function findNextStart(lines: string[], from: number, to: number, found?: { banner: number }): number {
  if (found) found.banner = -1;
  for (let i = from; i < to; i++) {
    const t = lines[i];
    // Every line of a text is asked: each start below leads with a capital, a digit, `"` or a
    // banner's u, n, c, s or t in lower case, so a blank line, a line of prose going on in lower
    // case or one that leads with punctuation is let go on its first character. Each test is
    // asked only of a line that leads with a character its start may lead with.
    const c = firstAfterRegExpSpace(t);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 34 /* " */ || c === 117 /* u */ || c === 110 /* n */ || c === 99 /* c */ || c === 115 /* s */ || c === 116 /* t */)) continue;
    if (c === 82 /* R */ ? isTableHeader(t) : c === 86 /* V */ ? isVzczc(t) : (c === 34 || (c >= 48 && c <= 57)) && isCsvRowStart(t)) return i;
    // A bare copy's date line leads with a weekday's M, T, W, F or S, its banner with U, N, C, S or T.
    const l = c | 32;
    const banner = l === 117 || l === 110 || l === 99 || l === 115 || l === 116 || c === 77 /* M */ || c === 87 /* W */ || c === 70 /* F */ ? bareCopyBanner(lines, i, to) : -1;
    if (banner >= 0) {
      if (found) found.banner = banner;
      return i;
    }
    // A date-time group leads with a capital or a digit (its precedence, or its day).
    if (c < 97 && c !== 34 && isDtgLine(t)) {
      let j = i + 1;
      while (j < to && isBlank(lines[j])) j++;
      if (j < to && lines[j].trimStart().startsWith('FM ')) return i;
    }
  }
  return -1;
}

// The classification word, letter-spaced or not, damaged as banners are (`SS E C R E T`, `NCLAS`).
const BANNER_FIRST = /^\s*(?:U*N?CLAS|C+ ?O ?N ?F|S+ ?E ?C ?R|T ?O ?P )/i;
/**
 * BANNER_FIRST, run only on a line whose first two characters may start it (every line of a text
 * is asked): u then u, n or c; n then c; c then l, c, o or a space; s then s, e or a space; t then
 * o or a space (in either case: a space's code, or a NUL's, with bit 5 set is a space's).
 */
export function bannerFirst(t: string): boolean {
  let i = 0;
  while (i < t.length && isRegExpSpace(t.charCodeAt(i))) i++;
  const c = t.charCodeAt(i) | 32;
  const d = t.charCodeAt(i + 1) | 32;
  const may =
    c === 117 /* u */
      ? d === 117 || d === 110 || d === 99
      : c === 110 /* n */
        ? d === 99
        : c === 99 /* c */
          ? d === 108 || d === 99 || d === 111 || d === 32
          : c === 115 /* s */
            ? d === 115 || d === 101 || d === 32
            : c === 116 /* t */ && (d === 111 || d === 32);
  return may && BANNER_FIRST.test(t);
}
const QUOTE_BEFORE = /\b(?:QUOTE|QTE|BEGIN TEXT|TEXT FOLLOWS)[\s:.]*$/i;

/**
 * Body-only copies (the corpus holds 110, the cablegate site's pages without a header) put
 * together in one export start with nothing but their banner. A banner with its post and serial,
 * on a line after a blank, whose subject block (E.O., TAGS, SUBJECT) follows before any paragraph,
 * starts a cable; a quoted telegram's banner after `QUOTE`/`BEGIN TEXT` does not. Whether it is a
 * new cable or a section of the same one is the caller's to say (`sameBanner`).
 */
function isBareCopyBanner(lines: string[], i: number, to: number): boolean {
  const t = lines[i];
  if (t.length > 200 || !bannerFirst(t)) return false;
  if (i > 0 && !isBlank(lines[i - 1]) && !isDateLine(lines[i - 1])) return false;
  const b = peekBanner(i, t);
  if (!b?.post || !b.serial || b.range.start.character > firstNonSpace(t)) return false;
  for (let j = i - 1; j >= 0 && j >= i - 4; j--) {
    if (isBlank(lines[j])) continue;
    if (QUOTE_BEFORE.test(lines[j])) return false;
    break;
  }
  for (let j = i + 1; j < to && j <= i + 25; j++) {
    const u = lines[j];
    if (isBlank(u)) continue;
    if (findLabels(j, u).some((l) => l.kind === 'subject' || l.kind === 'eo' || l.kind === 'tags')) return true;
    if (startsParagraph(u)) return false;
  }
  return false;
}

/**
 * The banner line of a bare copy starting at line `i` (its banner, or the rendering's date line
 * above it: `Tuesday, 03 July 2001, 12:03`), or -1.
 */
function bareCopyBanner(lines: string[], i: number, to: number): number {
  if (isDateLine(lines[i])) {
    let j = i + 1;
    while (j < to && j <= i + 2 && isBlank(lines[j])) j++;
    return j < to && isBareCopyBanner(lines, j, to) ? j : -1;
  }
  return isBareCopyBanner(lines, i, to) ? i : -1;
}

/** Whether the banner on line `c` is the same cable's (a section's banner) as the first one from `start`. */
function sameBanner(lines: string[], start: number, c: number): boolean {
  const key = (l: number) => {
    const b = peekBanner(l, lines[l]);
    return b?.post && b.serial ? `${b.post.text.replace(/[^A-Za-z]/g, '').toUpperCase()} ${b.serial.value}` : undefined;
  };
  const other = key(c);
  for (let l = start; l < c; l++) {
    if (isBlank(lines[l]) || !bannerFirst(lines[l])) continue;
    const own = key(l);
    if (own) return own === other;
  }
  return false;
}

/**
 * A cables.csv row as a cable: its table from the row's fields, its header and text read by
 * parseOneCable on the row's lines with the CSV syntax blanked (same lengths, so every range is
 * the text's own), then the lines put back.
 */
function parseCsvRowCable(ctx: ParseContext, start: number, n: number): { cable: Cable; end: number; preamble?: { from: number; to: number } } | undefined {
  const lines = ctx.lines;
  if (!isCsvRowStart(lines[start])) return undefined;
  const row = readCsvRow(lines, start);
  if (!row) return undefined;
  const end = row.range.end.line + 1;
  const header = row.fields[6]!;
  const body = row.fields[7]!;
  // The header and the text are read apart: the text field starts on the header's last line
  // (`…PRIORITY","S E C R E T …`), and the routing block must end where its field does.
  const read = (k: number, from: number, to: number): Cable => {
    const saved = new Map<number, string>();
    for (const [l, masked] of maskedLines(lines, row, k)) {
      saved.set(l, lines[l]);
      lines[l] = masked;
    }
    try {
      return parseOneCable(ctx, from, to).cable;
    } finally {
      for (const [l, text] of saved) lines[l] = text;
    }
  };
  const mark = ctx.problems.length;
  const cable = read(7, body.range.start.line, Math.min(n, end));
  if (header.value.trim()) {
    const routing = read(6, header.range.start.line, Math.min(n, header.range.end.line + 1)).routing;
    if (routing) cable.routing = routing;
  }
  // The separator between the header and the text fields is no routing line run into a banner.
  const textStart = body.range.start;
  for (let k = ctx.problems.length - 1; k >= mark; k--) {
    const p = ctx.problems[k];
    if (p.kind === 'routing-glued-to-banner' && p.range.start.line === textStart.line && Math.abs(p.range.start.character - textStart.character) <= 2) ctx.problems.splice(k, 1);
  }
  cable.table = csvTable(ctx, row);
  restoreTokenTexts(cable, lines);
  cable.csvRow = { range: row.range, style: row.style, header: header.range, text: body.range, fields: row.fields.map((f) => f.range) };
  cable.range = spanRange(row.range.start.line, row.range.start.character, row.range.end.line, trimmedEnd(lines[row.range.end.line]));
  return { cable, end };
}

/**
 * Inside a row the escapes' characters were blanked for reading (`\"` read as ` "`): every token on
 * one line gets back the text its range covers in the file, so that a token's text is always
 * exactly what it spans. (Multi-line texts, such as a wrapped subject, keep the read form.)
 */
function restoreTokenTexts(node: unknown, lines: string[], seen = new Set<unknown>()): void {
  if (node === null || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const x of node) restoreTokenTexts(x, lines, seen);
    return;
  }
  const o = node as { range?: Range; text?: unknown };
  if (o.range && typeof o.text === 'string' && o.range.start.line === o.range.end.line) {
    const slice = (lines[o.range.start.line] ?? '').slice(o.range.start.character, o.range.end.character);
    if (slice.length === o.text.length && slice !== o.text) o.text = slice;
  }
  for (const v of Object.values(node)) if (v && typeof v === 'object') restoreTokenTexts(v, lines, seen);
}

/** The WikiLeaks table a row's fields make: created `M/D/YYYY H:MM`, reference ID, classification, origin. */
function csvTable(ctx: ParseContext, row: CsvRow): WikiLeaksTable {
  const f = (k: number) => row.fields[k]!;
  // A field may wrap (`"Embassy The` / `Hague"`): its token spans the field, its text on one line.
  const tok = (k: number) => {
    const text = f(k).value.replace(/\s+/g, ' ').trim();
    const r = f(k).range;
    return r.start.line === r.end.line ? token(r.start.line, r.start.character, text) : { range: r, text };
  };
  const firstField = f(0).range.start;
  const table: WikiLeaksTable = {
    range: spanRange(firstField.line, 0, f(5).range.end.line, f(5).range.end.character),
    headerLine: token(firstField.line, 0, ctx.lines[firstField.line].slice(0, f(1).range.start.character).replace(/[",]+$/, '')),
    referenceId: undefined,
    created: undefined,
    released: undefined,
    classification: undefined,
    origin: undefined,
  };
  const idText = f(2).value.trim();
  table.referenceId = parseReferenceId(f(2).range.start.line, { text: idText, start: f(2).range.start.character, end: f(2).range.start.character + idText.length });
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})/.exec(f(1).value.trim());
  // A field's token is a TextSpan (one line) or a literal with its range first (several lines): the
  // date's ISO form and the classification's level come after the token's own fields.
  const created = tok(1);
  if (m) {
    const iso = isoDate(Number(m[3]), Number(m[1]), Number(m[2]), Number(m[4]), Number(m[5]));
    table.created = created instanceof TextSpan ? { text: created.text, range: created.range, iso } : { range: created.range, text: created.text, iso };
  } else table.created = created;
  const cls = tok(4);
  // `CONFIDENTIAL//NOFORN Iran`: the field may carry more than the classification (10RPODUBAI13).
  const level = TABLE_LEVELS[cls.text] ?? TABLE_LEVELS[cls.text.split(' ')[0]];
  table.classification = cls instanceof TextSpan ? { text: cls.text, range: cls.range, level } : { range: cls.range, text: cls.text, level };
  table.origin = tok(3);
  return table;
}

function parseOneCable(ctx: ParseContext, start: number, n: number): { cable: Cable; end: number; preamble?: { from: number; to: number } } {
  const lines = ctx.lines;
  // The body stands in its place among the fields (their order is the model's JSON), and is read only once parseBody has made it.
  const cable: Cable = { range: linesRange(lines, start, start), captions: [], officeLines: [], body: BODY_TO_COME, problems: [] };
  let i = start;
  const skipBlank = () => {
    while (i < n && isBlank(lines[i])) i++;
  };
  const extras = () => {
    for (;;) {
      skipBlank();
      if (i >= n) return;
      if (!cable.dateLine && isDateLine(lines[i])) cable.dateLine = lineToken(lines, i);
      else if (!cable.extractNotice && isExtractNotice(lines[i])) cable.extractNotice = lineToken(lines, i);
      else return;
      i++;
    }
  };
  if (isTableHeader(lines[i])) {
    const t = parseTable(ctx, i, n);
    cable.table = t.table;
    i = t.next;
  }
  extras();
  // A cable printed from the post's message system: an e-mail header and `Cable Text:`, then the
  // system's own banner, card and distribution, then the routing block and the cable proper.
  const preamble = cable.table ? printoutPreamble(lines, i, n) : undefined;
  if (preamble) i = preamble.to;
  const printout = !!preamble || printoutAhead(lines, i, n);
  const printoutRouting = printout ? findPrintoutRouting(lines, i, Math.min(n, i + 80)) : -1;
  let afterRouting = i;
  let printoutRoutingEnd = -1;
  if (printoutRouting >= 0) {
    const r = parseRouting(ctx, printoutRouting, n, (l) => isBannerLine(lines, l));
    cable.routing = r.block;
    printoutRoutingEnd = r.next;
  }
  // Some exports put distribution lists, `APPROVED:`/`DRAFTED:` lines or the addressees before
  // the routing block proper; they belong to it.
  const routingAt = printout
    ? -1
    : cable.table || strayBanner(lines, i, n)
      ? findRoutingAhead(lines, i, Math.min(n, i + 60))
      : i < n && startsRoutingLine(lines[i])
        ? i
        : -1;
  if (routingAt >= 0) {
    const pre0 = i;
    i = routingAt;
    const r = parseRouting(ctx, i, n, (l) => isBannerLine(lines, l));
    cable.routing = r.block;
    if (pre0 < routingAt) {
      const pre = [];
      for (let l = pre0; l < routingAt; l++) if (!isBlank(lines[l])) pre.push(lineToken(lines, l));
      r.block.otherLines.unshift(...pre);
      if (pre.length) r.block.range = spanRange(pre[0].range.start.line, pre[0].range.start.character, r.block.range.end.line, r.block.range.end.character);
    }
    i = r.next;
    if (r.gluedAt) {
      const { line, character } = r.gluedAt;
      const b = parseBanner(line, lines[line], character);
      ctx.problem('routing-glued-to-banner', spanRange(line, character, line, character), 'The classification banner runs straight on from the last routing line, with no line break', {
        line,
        character,
      });
      if (b) cable.banner = b;
      i = line + 1;
    }
    afterRouting = i;
  }
  // The next cable can only start after this one's header: at a new table, or at a routing block
  // that follows this cable's signature (old cables repeat their header lines inside the text).
  // A second VZCZC after this cable's own routing block starts a new message; otherwise a routing
  // start counts only after a signature (e-mail exports quote a cable's header inside a preamble),
  // probed once so that a long export stays linear.
  const headerEnd = Math.max(afterRouting, start + 1, printoutRoutingEnd);
  let limit = n;
  let probed = false;
  let scanned = headerEnd;
  let sawParagraph = false;
  const found = { banner: -1 };
  for (let c = findNextStart(lines, headerEnd, n, found); c >= 0; c = findNextStart(lines, c + 1, n, found)) {
    // Exports sometimes repeat the routing block before the text: a repeat is no new message.
    for (; scanned < c && !sawParagraph; scanned++) sawParagraph = startsParagraph(lines[scanned]);
    // A new table, or a cables.csv row, always starts a new cable.
    if (isTableHeader(lines[c]) || isCsvRowStart(lines[c]) || (isVzczc(lines[c]) && cable.routing && sawParagraph)) {
      limit = c;
      break;
    }
    // The start found is a bare copy's banner, or a line that is no table, CSV row or routing block
    // start and not one (a VZCZC or DTG line is let go on its first letter): asked only then.
    const banner = found.banner >= 0 ? found.banner : bareCopyBanner(lines, c, n);
    if (banner >= 0) {
      // After this cable's text, another cable's banner starts that cable; a section's banner
      // (same post and serial) is this cable going on.
      if (sawParagraph && !sameBanner(lines, start, banner)) {
        limit = c;
        break;
      }
      continue;
    }
    if (probed) continue;
    probed = true;
    if (parseBody(new ParseContext(lines, ctx.flags), headerEnd, c).body.signature) {
      limit = c;
      break;
    }
  }

  const headerMarkers: PageMarker[] = [];
  const stop = (l: number): boolean => {
    const t = lines[l];
    if (isBlank(t)) return true;
    const labels = findLabels(l, t);
    if (labels.length && labels[0].start <= firstNonSpace(t) + 6) return true;
    // ` CONFIDENTIAL` alone: the foot of an old telegram page, before its `PAGE 02` header.
    return !!parsePageMarker(l, t) || isBannerLine(lines, l) || startsParagraph(t) || isTrailer(t);
  };
  let sawLabel = false;
  let lastOffice = -2;
  let blockStart: Range['start'] | undefined;
  let blockEnd: Range['end'] | undefined;
  const noteBlock = (r: Range) => {
    if (!blockStart) blockStart = r.start;
    blockEnd = r.end;
  };
  for (; i < limit; i++) {
    let t = lines[i];
    if (isBlank(t)) continue;
    if (printout && i < printoutRoutingEnd) {
      // The message system's header, read up to its routing block; its banner stands for the
      // cable's until the cable's own follows the routing block.
      const p = (cable.printout ??= { header: [], distribution: [] });
      if (i === printoutRouting) {
        i = printoutRoutingEnd - 1;
        // The card's labels were the system's: the cable's own header starts afresh.
        sawLabel = false;
        continue;
      }
      if (isBannerLine(lines, i) && !peekBanner(i, t)?.gluedAt) {
        if (cable.banner) p.header.push(lineToken(lines, i));
        else cable.banner = parseBanner(i, t);
        continue;
      }
      if (PRINTOUT_DISTRIBUTION.test(t)) {
        const tok = lineToken(lines, i);
        p.distribution.push(tok);
        cable.officeLines.push(tok);
        continue;
      }
      if (PRINTOUT_CARD.test(t)) {
        p.header.push(lineToken(lines, i));
        continue;
      }
    } else if (printout && cable.banner && cable.printout && cable.banner.range.start.line < printoutRoutingEnd && isBannerLine(lines, i)) {
      // The cable's own banner after the routing block: the system's banner was its header.
      const own = parseBanner(i, t);
      if (own && !own.gluedAt) {
        cable.printout.header.unshift(lineToken(lines, cable.banner.range.start.line));
        cable.banner = own;
        continue;
      }
    }
    if (!cable.banner && !sawLabel) {
      const b = parseBanner(i, t);
      if (b) {
        cable.banner = b;
        if (!b.gluedAt) continue;
        // `CAIRO 000549E.O. 12958: …`: the field glued to the banner is read where it stands, as
        // if the line break had not been lost (blanking the banner keeps every range exact).
        t = ' '.repeat(b.gluedAt.character) + t.slice(b.gluedAt.character);
      }
    }
    if (!cable.dateLine && isDateLine(t)) {
      cable.dateLine = lineToken(lines, i);
      continue;
    }
    if (!cable.extractNotice && isExtractNotice(t)) {
      cable.extractNotice = lineToken(lines, i);
      continue;
    }
    const marker = parsePageMarker(i, t);
    if (marker) {
      // An old page header takes its page's classification with it, even run onto the line above.
      headerMarkers.push((marker.kind === 'page-header' && oldHeaderEndingAt(lines, i, start)) || marker);
      continue;
    }
    // An E.O. label found mid-line has the strict form `E.O. 12958: DECL` (an office line run into it).
    // (The labels found are shared with the next caller: they are read here, never changed.)
    const found = findLabels(i, t);
    let labels: ReadonlyArray<Readonly<Label>> = found.length && !(found[0].start <= firstNonSpace(t) + 6 || found[0].kind === 'eo') ? found.slice(1) : found;
    // A TAGS line written with no label, between the E.O. line (or the banner) and the subject.
    if (!labels.length && (cable.eo || cable.banner) && !cable.tags && !cable.subject && isBareTagsLine(t) && subjectNext(lines, i + 1, limit)) {
      labels = [{ kind: 'tags', line: i, start: firstNonSpace(t), end: firstNonSpace(t) }];
    }
    if (labels.length && printoutRoutingEnd >= 0 && i >= printoutRoutingEnd) dropCardLabels(cable, labels, printoutRoutingEnd, lines);
    if (labels.length && blockStart && printoutRoutingEnd >= 0 && i >= printoutRoutingEnd && blockStart.line < printoutRoutingEnd) blockStart = undefined;
    if (labels.length) {
      let last = i;
      for (let k = 0; k < labels.length; k++) {
        const label = labels[k];
        const to = k + 1 < labels.length ? labels[k + 1].start : t.length;
        last = Math.max(last, parseLabel(ctx, cable, label, to, limit, stop, noteBlock, headerMarkers));
      }
      // Old page headers a field read on through (`REF: A. STATE 40721` / ` CONFIDENTIAL` /
      // `PAGE 02 ROME 01196 01 OF 02 082030Z  B. ROME 1098`) are the text's page headers all the same.
      for (let l = i + 1; l <= last; l++) {
        if (!lines[l].includes('PAGE') || headerMarkers.some((m) => m.range.start.line === l)) continue;
        const m = oldHeaderEndingAt(lines, l, i);
        if (m) headerMarkers.push(m);
      }
      i = last;
      sawLabel = true;
      continue;
    }
    const caps = parseCaptionLine(i, t);
    if (caps) {
      cable.captions.push(...caps);
      continue;
    }
    if (!sawLabel && !startsParagraph(t)) {
      // `SECRET//REL SAU`: a dissemination line standing among the captions.
      const first = firstWords(t, 0, t.length, 1)[0].text;
      if (first.includes('//') && peekBanner(i, first)) {
        cable.captions.push(lineToken(lines, i));
        continue;
      }
      // Office lines take many forms; any short line the subject block follows is one. Before
      // the banner such lines are an export's metadata (`ID: 248711`, `ORIGIN: 10BERLIN180`).
      if (((isOfficeLine(t) || lastOffice === i - 1) && wordCount(t, 0, t.length, 30) <= 30) || labelAhead(lines, i + 1, limit)) {
        if (cable.banner) {
          cable.officeLines.push(lineToken(lines, i));
          lastOffice = i;
        } else (cable.metadata ??= []).push(lineToken(lines, i));
        continue;
      }
    }
    break;
  }
  if (blockStart && blockEnd) cable.subjectBlockRange = spanRange(blockStart.line, blockStart.character, blockEnd.line, blockEnd.character);
  const { body, end } = parseBody(ctx, i, limit, cable.subject?.text);
  body.pageMarkers.unshift(...headerMarkers);
  cable.body = body;
  let lastLine = Math.max(start, end - 1);
  while (lastLine > start && isBlank(lines[lastLine])) lastLine--;
  cable.range = spanRange(start, firstNonSpace(lines[start]), lastLine, trimmedEnd(lines[lastLine]));
  return { cable, end: Math.max(end, i), ...(preamble ? { preamble } : {}) };
}

const BODY_TO_COME: Body = Object.freeze({ sections: [], paragraphs: [], blocks: [], pageMarkers: [], redactions: [], trailers: [] });

function parseLabel(
  ctx: ParseContext,
  cable: Cable,
  label: Label,
  to: number,
  limit: number,
  stop: (l: number) => boolean,
  noteBlock: (r: Range) => void,
  markers: PageMarker[],
): number {
  switch (label.kind) {
    case 'eo': {
      if (cable.eo) return label.line;
      cable.eo = parseEo(ctx, label, to);
      noteBlock(cable.eo.range);
      return label.line;
    }
    case 'tags': {
      if (cable.tags) return label.line;
      const r = parseTags(ctx, label, to, limit, stop, (l) => parsePageMarker(l, ctx.lines[l]));
      cable.tags = r.tags;
      markers.push(...r.markers);
      noteBlock(r.tags.range);
      return r.last;
    }
    case 'subject': {
      if (cable.subject) return label.line;
      // A page marker glued to a subject line (`NELSON JOBIM TO WASHINGTON BRASILIA 00000351 001.2
      // OF 003`) does not end the subject: the line's words before it are the subject's.
      const glued = (l: number) => {
        const m = parsePageMarker(l, ctx.lines[l]);
        return m && m.range.start.character > firstNonSpace(ctx.lines[l]) ? m : undefined;
      };
      const r = parseSubject(ctx, label, to, limit, (l) => !glued(l) && stop(l), cable.banner?.post?.text);
      for (let k = 1; k < r.subject.parts.length; k++) {
        const part = r.subject.parts[k];
        const m = glued(part.range.start.line);
        if (!m) continue;
        const t = ctx.lines[part.range.start.line].slice(part.range.start.character, m.range.start.character).trimEnd();
        r.subject.parts[k] = token(part.range.start.line, part.range.start.character, t);
        markers.push(m);
      }
      // ` CONFIDENTIAL` / `PAGE 02 HARARE 06677 01 OF 03 291400Z OPPOSITION LEADER`: an old page
      // header across the subject, with the subject's last words glued on after it.
      for (let h = r.subject.parts.length && to === ctx.lines[label.line].length ? oldHeaderAt(ctx.lines, r.last + 1, limit) : undefined; h?.marker.gluedText; h = oldHeaderAt(ctx.lines, r.last + 1, limit)) {
        const line = ctx.lines[h.line];
        const s = h.marker.gluedText.character;
        if (findLabels(h.line, line).some((x) => x.start >= s && x.start <= s + 6) || startsParagraph(line.slice(s))) break;
        r.subject.parts.push(token(h.line, s, line.slice(s, trimmedEnd(line))));
        markers.push(h.marker);
        r.last = h.line;
        while (r.last + 1 < limit && !stop(r.last + 1)) {
          r.last++;
          const t = ctx.lines[r.last];
          r.subject.parts.push(token(r.last, firstNonSpace(t), t.trim()));
        }
      }
      const lastPart = r.subject.parts[r.subject.parts.length - 1];
      if (lastPart) r.subject.range = spanRange(r.subject.range.start.line, r.subject.range.start.character, lastPart.range.end.line, lastPart.range.end.character);
      r.subject.text = r.subject.parts.map((p) => p.text).filter(Boolean).join(' ');
      cable.subject = r.subject;
      noteBlock(r.subject.range);
      return r.last;
    }
    case 'ref': {
      if (cable.refs) return label.line;
      const r = parseRefs(ctx, label, to, limit, stop);
      cable.refs = r.refs;
      noteBlock(r.refs.range);
      return r.last;
    }
    case 'classifiedBy': {
      if (cable.classifiedBy) return label.line;
      const r = parseClassifiedBy(ctx, label, limit, stop, to);
      cable.classifiedBy = r.classifiedBy;
      noteBlock(r.classifiedBy.range);
      return r.last;
    }
  }
}

/**
 * The cable's own subject block follows its routing block: the same labels on the system's card
 * before it (`TAGS:`, `Subject:`) give way, their lines kept as the card's.
 */
function dropCardLabels(cable: Cable, labels: ReadonlyArray<Readonly<Label>>, routingEnd: number, lines: string[]): void {
  const keys = { eo: 'eo', tags: 'tags', subject: 'subject', ref: 'refs', classifiedBy: 'classifiedBy' } as const;
  for (const label of labels) {
    const key = keys[label.kind];
    const old = cable[key];
    if (!old || old.range.start.line >= routingEnd) continue;
    for (let l = old.range.start.line; l <= old.range.end.line; l++) if (!isBlank(lines[l])) cable.printout?.header.push(lineToken(lines, l));
    delete cable[key];
  }
  cable.printout?.header.sort((a, b) => a.range.start.line - b.range.start.line);
}

function isFragment(cable: Cable): boolean {
  return !!cable.banner && !cable.subject && !cable.eo && !cable.tags && cable.body.paragraphs.every((p) => !p.number);
}

function findBannerAfter(lines: string[], from: number, to: number): number {
  for (let l = from; l < to; l++) {
    const b = isBlank(lines[l]) ? undefined : peekBanner(l, lines[l]);
    if (b && b.serial) return l;
  }
  return -1;
}

// The post's internal distribution in a message-system printout, and the drafting record with it.
const PRINTOUT_DISTRIBUTION = /^\s*(?:CX[A-Z]{2,}:|ACTION:|INFO:|DISSEMINATION:|CHARGE:|APPROVED:|DRAFTED:|CLEARED:)/;
// The system's `TELEGRAM` card: `TELEGRAM  June 03, 2003`, `To:`, `Action:`, `From:`, `Captions:`, `Ref: None`, a rule.
const PRINTOUT_CARD = /^\s*(?:TELEGRAM\s+[A-Z][a-z]+ \d{1,2}, \d{4}\s*$|To:\s|Action:\s|From:\s|Captions:\s|Ref:\s+None\s*$|_{10,}\s*$)/;

/**
 * The e-mail header of a message-system printout right after the table (`Stephen H Rogerson
 * 12/02/2009 11:08:08 AM From DB/Inbox: Search Results`, `Cable Text:`): every line known page
 * text of the printout (or an export's `null`), the e-mail line among them.
 */
function printoutPreamble(lines: string[], from: number, n: number): { from: number; to: number } | undefined {
  let sawHeader = false;
  let first = -1;
  let l = from;
  for (; l < n && l < from + 20; l++) {
    if (isBlank(lines[l])) continue;
    const form = pageTextForm(lines[l]);
    if (!form || (form.kind !== 'printout' && form.kind !== 'export')) break;
    if (form.kind === 'printout' && /\bFrom\b/.test(lines[l])) sawHeader = true;
    if (first < 0) first = l;
  }
  return sawHeader && first >= 0 ? { from: first, to: l } : undefined;
}

/** The system's distribution block (`CXDOHA:` over `ACTION:`) ahead of the routing block and the text. */
function printoutAhead(lines: string[], from: number, n: number): boolean {
  let seen = 0;
  for (let l = from; l < n && seen < 40; l++) {
    if (isBlank(lines[l])) continue;
    seen++;
    if (/^\s*CX[A-Z]{2,}:\s*$/.test(lines[l]) && /^\s*(?:ACTION|INFO):/.test(lines[l + 1] ?? '')) return true;
    if (isVzczc(lines[l]) || startsParagraph(lines[l])) return false;
  }
  return false;
}

/** The routing block after the printout's header: the first `VZCZC` before any paragraph. */
function findPrintoutRouting(lines: string[], from: number, to: number): number {
  for (let l = from; l < to; l++) {
    const t = lines[l];
    if (isVzczc(t)) return l;
    if (startsParagraph(t)) return -1;
  }
  return -1;
}

/** A banner line right before `VZCZC`: the routing block's stray first line, not the cable's banner. */
function strayBanner(lines: string[], l: number, n: number): boolean {
  return l + 1 < n && isBannerLine(lines, l) && isVzczc(lines[l + 1]);
}

/** The next line with text starts with a SUBJECT label. */
function subjectNext(lines: string[], from: number, limit: number): boolean {
  for (let l = from; l < limit && l < from + 3; l++) {
    if (isBlank(lines[l])) continue;
    const labels = findLabels(l, lines[l]);
    return labels[0]?.kind === 'subject' && labels[0].start <= firstNonSpace(lines[l]) + 6;
  }
  return false;
}

function labelAhead(lines: string[], from: number, limit: number): boolean {
  let seen = 0;
  for (let l = from; l < limit && seen < 30; l++) {
    const t = lines[l];
    if (isBlank(t)) continue;
    seen++;
    const labels = findLabels(l, t);
    if (labels.length && labels[0].start <= firstNonSpace(t) + 6) return true;
    if (startsParagraph(t)) return false;
  }
  return false;
}

function startsRoutingLine(t: string): boolean {
  return isVzczc(t) || (!!findDtg(t) && isDtgLine(t));
}

function findRoutingAhead(lines: string[], from: number, to: number): number {
  for (let l = from; l < to; l++) {
    const t = lines[l];
    if (isBlank(t)) continue;
    if (startsRoutingLine(t)) return l;
    // A stray banner line right before `VZCZC` (09STATE119085) is the routing block's, not the cable's banner.
    if (isBannerLine(lines, l) && isVzczc(lines[l + 1] ?? '')) continue;
    if (isBannerLine(lines, l) || findLabels(l, t).length || startsParagraph(t) || isTableHeader(t)) return -1;
  }
  return -1;
}

function isBannerLine(lines: string[], l: number): boolean {
  const b = peekBanner(l, lines[l]);
  return !!b && (!!b.serial || !!b.section || b.classification.letterSpaced);
}

function lineToken(lines: string[], l: number) {
  const t = lines[l];
  const s = firstNonSpace(t);
  return token(l, s, t.slice(s, trimmedEnd(t)));
}

/**
 * U+FFFD where characters were lost; control characters the rendering let through. (`???`, lost
 * characters too, is looked for apart: a native search for it and a pattern without the
 * alternative read a line faster than the pattern with it.)
 */
const SUSPECT = /[\x00-\x08\x0a-\x1f\x7f\ufffd]/;
/**
 * A line with none of SUSPECT's characters and no `?`: the rest of the code units, the whole line
 * matched. Every line of a text is asked, and a greedy run over the allowed ranges reads a line
 * about a third faster than SUSPECT's search for one of its own (and spares the search for `???`);
 * a line it lets through (a `?`, or one of SUSPECT's) is asked as before.
 */
const CLEAN = /^[\t\x20-\x3e\x40-\x7e\x80-\ufffc\ufffe\uffff]*$/;

function scanCharacters(ctx: ParseContext, from: number, to: number): void {
  const lines = ctx.lines;
  const flags = ctx.flags;
  for (let l = from; l < to; l++) {
    if (!mayHave(flags, l, SUSPECT_CHAR | LOST_MARKS)) continue;
    const t = lines[l];
    if (CLEAN.test(t) || (!SUSPECT.test(t) && !t.includes('???'))) continue;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 63 /* ? */ && t.charCodeAt(i + 1) === 63 && t.charCodeAt(i + 2) === 63) {
        let e = i + 3;
        while (t.charCodeAt(e) === 63) e++;
        ctx.problem('lost-characters', spanRange(l, i, l, e), `Characters lost in transmission: "${t.slice(i, e)}"`, { text: t.slice(i, e) });
        i = e - 1;
      } else if (c === 0xfffd) {
        let e = i + 1;
        while (t.charCodeAt(e) === 0xfffd) e++;
        ctx.problem('lost-characters', spanRange(l, i, l, e), 'Characters lost in transmission: replacement character U+FFFD', { text: t.slice(i, e) });
        i = e - 1;
      } else if ((c < 32 && c !== 9) || c === 0x7f) {
        let e = i + 1;
        while (e < t.length && ((t.charCodeAt(e) < 32 && t.charCodeAt(e) !== 9) || t.charCodeAt(e) === 0x7f)) e++;
        ctx.problem('control-characters', spanRange(l, i, l, e), `Control character${e - i > 1 ? 's' : ''} ${[...t.slice(i, e)].map((ch) => 'U+' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')).join(' ')} in the text`, {
          text: t.slice(i, e),
        });
        i = e - 1;
      }
    }
  }
}

/**
 * The machine parts before the text: the WikiLeaks table and the ACP 127 routing block.
 */
import { isRoutingIndicator, PRECEDENCE_NAME, PRECEDENCE_WORDS } from '../data/vocabulary';
import type { ParseContext } from './context';
import type {
  Addressee,
  AddresseeKind,
  DateTimeGroup,
  DateToken,
  DeLine,
  DeliveryLine,
  FromLine,
  Level,
  PrecedenceCode,
  ReferenceId,
  RoutingBlock,
  SecurityLine,
  StartOfMessage,
  Token,
  WikiLeaksTable,
} from './model';
import {
  MONTHS,
  allDigits,
  daysInMonth,
  allUpperLetters,
  expandYear,
  firstNonSpace,
  firstWords,
  isBlank,
  isDigit,
  isRegExpSpace,
  isSpace,
  isUpper,
  isoDate,
  linesRange,
  numberToken,
  range,
  sameTail,
  shortText,
  spanRange,
  token,
  trimmedEnd,
  wordToken,
  WordSpans,
  words,
  type Word,
} from './text';

// ---------------------------------------------------------------------------------------------
// WikiLeaks table

export function isTableHeader(line: string): boolean {
  // Every line of a text is asked: one that does not lead with `Reference` is let go before the
  // search for `Reference ID` reads it to its end.
  if (!line.startsWith('Reference', firstNonSpace(line)) || !line.includes('Reference ID')) return false;
  // The first four words within 200 characters, read in place (the next-cable scan and the cable's
  // start ask each table line several times).
  const n = tableWords.cut(line, 0, Math.min(line.length, 200), 4);
  return n >= 4 && tableWords.is(line, 0, 'Reference') && tableWords.is(line, 1, 'ID') && tableWords.is(line, 2, 'Created');
}
const tableWords = new WordSpans();

export const TABLE_LEVELS: Record<string, Level> = {
  UNCLASSIFIED: 'U',
  'UNCLASSIFIED//FOR OFFICIAL USE ONLY': 'U',
  CONFIDENTIAL: 'C',
  'CONFIDENTIAL//NOFORN': 'C',
  SECRET: 'S',
  'SECRET//NOFORN': 'S',
  'TOP SECRET': 'T',
  'TOP SECRET//NOFORN': 'T',
};

/** `08ASTANA2318` → year, post and serial: two-digit year, the post run together in capitals, the serial. */
export function splitReferenceId(t: string): { year: number; post: string; serial: number } | undefined {
  let i = 0;
  while (i < t.length && isDigit(t.charCodeAt(i))) i++;
  const yearEnd = i;
  while (i < t.length && isUpper(t.charCodeAt(i))) i++;
  const postEnd = i;
  while (i < t.length && isDigit(t.charCodeAt(i))) i++;
  if (yearEnd !== 2 || postEnd === yearEnd || i !== t.length || i === postEnd) return undefined;
  return { year: expandYear(Number(t.slice(0, 2))), post: t.slice(2, postEnd), serial: Number(t.slice(postEnd)) };
}

/**
 * A literal that holds its Span, even when the ID does not read (no year, post or serial): the
 * workspace index keeps the ID's range of a cable an edit did not touch, and counts on it being the
 * model's own, moved in place by the incremental parse (a TextSpan's range is a copy made when read).
 */
export function parseReferenceId(line: number, w: Word): ReferenceId {
  const parts = splitReferenceId(w.text);
  if (!parts) return { text: shortText(w.text), range: range(line, w.start, w.end) };
  return { text: shortText(w.text), range: range(line, w.start, w.end), year: parts.year, post: parts.post, serial: parts.serial };
}

function parseTableDate(ctx: ParseContext, line: number, d: Word | undefined, t: Word | undefined): DateToken | undefined {
  if (!d) return undefined;
  const text = t ? ctx.lines[line].slice(d.start, t.end) : d.text;
  let iso: string | undefined;
  let dated = false;
  // `YYYY-M-D` and `H:M`, the parts read in place (every cable's table has two dates; splitting
  // them cost more than the rest of the table).
  const dt = d.text;
  const a = dt.indexOf('-');
  const b = a === 4 ? dt.indexOf('-', a + 1) : -1;
  const c = t ? t.text.indexOf(':') : -1;
  if (t && b > a + 1 && dt.indexOf('-', b + 1) < 0 && c > 0 && t.text.indexOf(':', c + 1) < 0) {
    const year = digitsValue(dt, 0, a);
    const month = digitsValue(dt, a + 1, b);
    const day = digitsValue(dt, b + 1, dt.length);
    const hour = digitsValue(t.text, 0, c);
    const minute = digitsValue(t.text, c + 1, t.text.length);
    if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0) {
      iso = isoDate(year, month, day, hour, minute);
      dated = true;
    }
  }
  const tok: DateToken = dated ? { text: shortText(text), range: range(line, d.start, d.start + text.length), iso } : token(line, d.start, text);
  if (!iso) ctx.problem('table-date', tok.range, `"${text}" is not a date and time (YYYY-MM-DD HH:MM)`, { text });
  return tok;
}

/** The number `text[from, to)` writes in digits alone (as Number() reads it), or -1 (none, or not digits). */
function digitsValue(text: string, from: number, to: number): number {
  if (to <= from) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  // Past 15 digits a running sum may round apart from Number(); such a part is no date anyway.
  return to - from > 15 ? Number(text.slice(from, to)) : v;
}

/** Parses the header line and the values line after it (skipping blank lines). */
export function parseTable(ctx: ParseContext, headerLine: number, limit: number): { table: WikiLeaksTable; next: number } {
  const lines = ctx.lines;
  const header = lines[headerLine];
  const headerTok = token(headerLine, 0, header.trimEnd());
  // Every field in the literal (an absent one is undefined, which JSON leaves out), in the order they are set.
  const table: WikiLeaksTable = { range: headerTok.range, headerLine: headerTok, referenceId: undefined, created: undefined, released: undefined, classification: undefined, origin: undefined };
  let v = headerLine + 1;
  while (v < limit && isBlank(lines[v])) v++;
  if (v >= limit) return { table, next: headerLine + 1 };
  const w = words(lines[v]);
  if (w.length === 0) return { table, next: headerLine + 1 };
  table.referenceId = parseReferenceId(v, w[0]);
  if (table.referenceId.serial === undefined) {
    ctx.problem('table-reference-id', table.referenceId.range, `"${w[0].text}" is not a reference ID (year, post, serial: 08ASTANA2318)`, {
      text: w[0].text,
    });
  }
  table.created = parseTableDate(ctx, v, w[1], w[2]);
  table.released = parseTableDate(ctx, v, w[3], w[4]);
  let k = 5;
  if (w[k]) {
    // The only classifications with spaces are these two; every other one is a single word.
    let endWord = k;
    if (w[k].text.startsWith('UNCLASSIFIED//FOR') && w[k + 3]?.text === 'ONLY') endWord = k + 3;
    else if (w[k].text === 'TOP' && w[k + 1]?.text.startsWith('SECRET')) endWord = k + 1;
    const text = lines[v].slice(w[k].start, w[endWord].end);
    const cls: Token & { level?: Level } = { text: shortText(text), range: range(v, w[k].start, w[k].start + text.length), level: TABLE_LEVELS[text] };
    if (!cls.level) ctx.problem('table-classification', cls.range, `"${text}" is not a classification WikiLeaks used`, { text });
    table.classification = cls;
    k = endWord + 1;
    if (w[k]) table.origin = token(v, w[k].start, lines[v].slice(w[k].start, w[w.length - 1].end));
  }
  table.range = spanRange(headerLine, 0, v, w[w.length - 1].end);
  return { table, next: v + 1 };
}

// ---------------------------------------------------------------------------------------------
// Routing block

export function isVzczc(line: string): boolean {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  return line.startsWith('VZCZC', i);
}

/**
 * The precedence codes by the word that writes them. Without a prototype: the header asks
 * `word in SINGLE`, and an object's inherited names (`constructor`, `toString`) would pass for
 * prosigns. No line reaches that today (the words asked are one to four capitals), but the tables
 * should not depend on it.
 */
function codesBy(word: (code: PrecedenceCode) => string): Record<string, PrecedenceCode> {
  const table = Object.create(null) as Record<string, PrecedenceCode>;
  for (const code of Object.keys(PRECEDENCE_NAME) as PrecedenceCode[]) table[word(code)] = code;
  return table;
}
const SINGLE = codesBy((c) => c);
const DOUBLED = codesBy((c) => c + c);
/** Single precedence words an addressee line may end with (`NIACT IMMEDIATE` is read as two). */
const PRECEDENCE_WORD_SET = new Set(PRECEDENCE_WORDS.map((p) => p.word).filter((w) => !w.includes(' ')));

/**
 * A precedence word, or one mistyped by a letter (`PIORITY`, `IMMEDITE`): only the long words, whose
 * misspellings no post name shares.
 */
function isPrecedenceWord(word: string): boolean {
  if (PRECEDENCE_WORD_SET.has(word)) return true;
  if (word.length < 6 || !allUpperLetters(word)) return false;
  for (const p of ['PRIORITY', 'IMMEDIATE', 'ROUTINE']) if (oneEditApart(word, p)) return true;
  return false;
}

/** One letter lost, added or changed. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return sameTail(a, i + 1, b, i + 1);
  return a.length < b.length ? sameTail(a, i, b, i + 1) : sameTail(a, i + 1, b, i);
}

function looksLikeIndicatorWord(s: string): boolean {
  return s.length >= 3 && s.length <= 9 && allUpperLetters(s);
}

/**
 * `241054Z NOV 08`, `291359Z Nov 00`, with an optional precedence letter before it: the line's start,
 * from `i` (past its spaces), is shaped as `/^\s*(?:[A-Z]{1,2}\s+){0,2}\d{6}Z?\s/` reads one (each
 * part is a run of one class, so there is nothing to try again), so that only lines shaped like a
 * date-time group are cut into words. Read in place: nearly every line of a cable in capitals is
 * asked, and the pattern cost a call into the regular expression engine each.
 */
export function dtgShape(line: string, i: number): boolean {
  for (let groups = 0; ; groups++) {
    let d = i;
    while (d < i + 6 && isDigit(line.charCodeAt(d))) d++;
    if (d === i + 6) return isRegExpSpace(line.charCodeAt(line.charCodeAt(d) === 90 /* Z */ ? d + 1 : d));
    // A precedence: one or two capitals, then spaces.
    if (groups === 2 || !isUpper(line.charCodeAt(i))) return false;
    i += isUpper(line.charCodeAt(i + 1)) ? 2 : 1;
    if (!isRegExpSpace(line.charCodeAt(i))) return false;
    while (isRegExpSpace(line.charCodeAt(i))) i++;
  }
}

export function findDtg(line: string): { words: Word[]; at: number } | undefined {
  // The shape starts with a capital and a capital or a space (a precedence), or two digits: every
  // line of a text is asked, and most that lead with a capital go on in lower case (`The …`), let
  // go on their first two characters before the pattern is run.
  let i = 0;
  while (i < line.length && isRegExpSpace(line.charCodeAt(i))) i++;
  const c = line.charCodeAt(i);
  const c1 = line.charCodeAt(i + 1);
  if (c >= 48 && c <= 57 ? !isDigit(c1) : !(c >= 65 && c <= 90) || !(isUpper(c1) || isRegExpSpace(c1))) return undefined;
  if (!dtgShape(line, i)) return undefined;
  // Its first three words and two after them are all the test and the routing block read (six
  // tell whether more follow). Lines of the text shaped like one (`151200 EST`) are let go before
  // those words are cut.
  if (!dtgAhead(line)) return undefined;
  const w = firstWords(line, 0, Math.min(line.length, 120), 6);
  // `O 241054Z NOV 08`; `O P 280224Z MAR 09` gives the action and the info precedence.
  for (let i = 0; i < Math.min(w.length, 3); i++) {
    const t = w[i].text;
    const digits = t.endsWith('Z') ? t.slice(0, -1) : t;
    if (digits.length === 6 && allDigits(digits) && w[i + 1] && MONTHS.includes(w[i + 1].text.toUpperCase()) && w[i + 2]) {
      const yr = w[i + 2].text;
      if ((yr.length === 2 || yr.length === 4) && allDigits(yr)) {
        for (let k = 0; k < i; k++) if (!(w[k].text in SINGLE) && !(w[k].text in DOUBLED)) return undefined;
        return { words: w, at: i };
      }
    }
  }
  return undefined;
}

const dtgWords = new WordSpans();

/** Whether one of the line's first three words is six digits (a `Z` after them) with a month after it and a word after that. */
function dtgAhead(line: string): boolean {
  const n = dtgWords.cut(line, 0, Math.min(line.length, 120), 6);
  const ws = dtgWords.start;
  const we = dtgWords.end;
  for (let i = 0; i < Math.min(n, 3); i++) {
    const len = we[i] - ws[i] - (line.charCodeAt(we[i] - 1) === 90 /* Z */ ? 1 : 0);
    if (len !== 6 || i + 2 >= n) continue;
    let digits = true;
    for (let j = ws[i]; j < ws[i] + 6 && digits; j++) digits = isDigit(line.charCodeAt(j));
    if (digits && isMonthWord(line, i + 1)) return true;
  }
  return false;
}

/** Whether dtgWords' word `k` is a month (MONTHS), upper-cased. */
function isMonthWord(line: string, k: number): boolean {
  for (const m of MONTHS) if (dtgWords.isUpper(line, k, m)) return true;
  return false;
}

export function isDtgLine(line: string): boolean {
  const d = findDtg(line);
  return !!d && d.words.length <= d.at + 3;
}

/** The date-time group findDtg found on `line`. */
function parseDtg(ctx: ParseContext, line: number, found: { words: Word[]; at: number }): DateTimeGroup {
  const { words: w, at } = found;
  const dt = w[at];
  const zulu = dt.text.endsWith('Z');
  const digits = zulu ? dt.text.slice(0, -1) : dt.text;
  const day = Number(digits.slice(0, 2));
  const hour = Number(digits.slice(2, 4));
  const minute = Number(digits.slice(4, 6));
  const monthWord = w[at + 1];
  const yearWord = w[at + 2];
  const month = MONTHS.indexOf(monthWord.text.toUpperCase()) + 1;
  const yearValue = yearWord.text.length === 2 ? expandYear(Number(yearWord.text)) : Number(yearWord.text);
  const g: DateTimeGroup = {
    range: spanRange(line, w[0].start, line, yearWord.end),
    dayTime: wordToken(line, dt),
    day,
    hour,
    minute,
    zulu,
    month: withValue(wordToken(line, monthWord), month),
    year: withValue(wordToken(line, yearWord), yearValue),
    precedence: at >= 1 ? withCode(wordToken(line, w[0]), SINGLE[w[0].text] ?? DOUBLED[w[0].text]) : undefined,
    iso: undefined,
  };
  const bad = (field: 'hour' | 'minute' | 'day', value: number, why: string) =>
    ctx.problem('dtg-field', g.dayTime.range, `Date-time group ${dt.text}: ${why}`, { field, value, text: dt.text });
  if (hour > 23) bad('hour', hour, `hour ${digits.slice(2, 4)} is past 23`);
  if (minute > 59) bad('minute', minute, `minute ${digits.slice(4, 6)} is past 59`);
  if (day < 1 || (month > 0 && day > daysInMonth(yearValue, month)))
    bad('day', day, `day ${digits.slice(0, 2)} is not in ${monthWord.text.toUpperCase()} ${yearValue}`);
  if (!zulu) ctx.problem('dtg-missing-zulu', g.dayTime.range, `Date-time group ${dt.text} lacks the Z (Zulu time) suffix`, { text: dt.text });
  g.iso = isoDate(yearValue, month, day, hour, minute);
  return g;
}

function parseStart(line: number, text: string): StartOfMessage {
  const w = words(text);
  const first = w[0];
  const marker = token(line, first.start, 'VZCZC');
  const tid = first.text.slice(5);
  if (!tid) return { range: range(line, first.start, first.end), marker };
  let i = 0;
  while (i < tid.length && isUpper(tid.charCodeAt(i))) i++;
  return { range: range(line, first.start, first.end), marker, transmissionId: token(line, first.start + 5, tid), channel: tid.slice(0, i), channelSerial: tid.slice(i) };
}

function parseDelivery(ctx: ParseContext, line: number, first: boolean): DeliveryLine {
  const text = ctx.lines[line];
  const w = words(text);
  const doubled = first && w[0].text in DOUBLED;
  const d: DeliveryLine = { range: range(line, w[0].start, w[w.length - 1].end), indicators: [], precedence: doubled ? withCode(wordToken(line, w[0]), DOUBLED[w[0].text]) : undefined };
  let k = doubled ? 1 : 0;
  for (; k < w.length; k++) {
    const tok = wordToken(line, w[k]);
    d.indicators.push(tok);
    if (!isRoutingIndicator(w[k].text))
      ctx.problem('routing-indicator-malformed', tok.range, `"${w[k].text}" is not a routing indicator (5–7 capitals starting with R)`, {
        text: w[k].text,
      });
  }
  return d;
}

function isDeliveryContinuation(text: string): boolean {
  const w = words(text);
  return w.length > 0 && w.every((x) => looksLikeIndicatorWord(x.text) && x.text.charCodeAt(0) === 82);
}

function parseDe(ctx: ParseContext, line: number): DeLine {
  const text = ctx.lines[line];
  const w = words(text);
  // Every field in the literal, in the order they are set (an absent one is undefined, which JSON
  // leaves out): fields added later went to an out-of-object store.
  const de: DeLine = { range: range(line, w[0].start, w[w.length - 1].end), keyword: wordToken(line, w[0]), station: undefined, serial: undefined, section: undefined, julianDay: undefined, time: undefined };
  const missing: string[] = [];
  if (w[1]) de.station = wordToken(line, w[1]);
  else missing.push('station');
  const ssn = w.find((x, i) => i >= 1 && x.text.startsWith('#'));
  if (ssn) {
    const slash = ssn.text.indexOf('/');
    const serialText = slash < 0 ? ssn.text.slice(1) : ssn.text.slice(1, slash);
    if (allDigits(serialText)) de.serial = numberToken(line, ssn.start, '#' + serialText, Number(serialText));
    else ctx.problem('de-field', range(line, ssn.start, ssn.end), `"${ssn.text}" is not a station serial number (#NNNN)`, { field: 'serial' });
    if (slash >= 0) {
      const secText = ssn.text.slice(slash + 1);
      if (allDigits(secText)) de.section = numberToken(line, ssn.start + slash, '/' + secText, Number(secText));
      else ctx.problem('de-field', range(line, ssn.start + slash, ssn.end), `"/${secText}" is not a section number`, { field: 'section' });
    }
  } else missing.push('serial (#NNNN)');
  const jt = ssn ? w[w.indexOf(ssn) + 1] : undefined;
  if (jt && allDigits(jt.text) && jt.text.length === 7) {
    const day = Number(jt.text.slice(0, 3));
    const hh = Number(jt.text.slice(3, 5));
    const mm = Number(jt.text.slice(5, 7));
    de.julianDay = numberToken(line, jt.start, jt.text.slice(0, 3), day);
    de.time = numberToken(line, jt.start + 3, jt.text.slice(3), hh * 60 + mm);
    if (day < 1 || day > 366)
      ctx.problem('de-field', de.julianDay.range, `Julian day ${jt.text.slice(0, 3)} is not a day of the year (001–366)`, { field: 'julianDay', value: day });
    if (hh > 23 || mm > 59)
      ctx.problem('de-field', de.time.range, `Time ${jt.text.slice(3)} is not a time of day (0000–2359)`, { field: 'time', value: hh * 100 + mm });
  } else if (jt) {
    ctx.problem('de-field', range(line, jt.start, jt.end), `"${jt.text}" is not a Julian day and time (DDDHHMM)`, { field: 'julian' });
  } else missing.push('Julian day and time');
  if (missing.length)
    ctx.problem('de-malformed', de.range, `DE line lacks its ${missing.join(', ')}`, { missing });
  return de;
}

const SECURITY_LETTERS: Record<string, Level> = { U: 'U', E: 'U', C: 'C', S: 'S', T: 'T' };

function parseSecurity(ctx: ParseContext, line: number): SecurityLine {
  const text = ctx.lines[line];
  const w = words(text);
  const sec: SecurityLine = { range: range(line, w[0].start, w[w.length - 1].end), keyword: wordToken(line, w[0]), signals: [], letters: undefined };
  const lw = w[1];
  if (lw && !lw.text.startsWith('Z') && !lw.text.startsWith('(')) {
    // SPECAT traffic writes `SSSSS/AAAAA`; the classification is the part before the slash.
    const base = lw.text.split('/')[0];
    const c = base[0];
    const uniform = base.length === 5 && [...base].every((x) => x === c);
    if (uniform && c in SECURITY_LETTERS) {
      sec.letters = { text: shortText(lw.text), range: range(line, lw.start, lw.end), level: SECURITY_LETTERS[c], efto: c === 'E' };
    } else {
      sec.letters = wordToken(line, lw);
      ctx.problem('security-malformed', sec.letters.range, `"${lw.text}" is not five of one classification letter (U, E, C, S, T)`, { text: lw.text });
    }
  } else {
    ctx.problem('security-malformed', sec.range, `${w[0].text} line has no classification letters`, {});
  }
  for (let k = sec.letters ? 2 : 1; k < w.length; k++) sec.signals.push(wordToken(line, w[k]));
  return sec;
}

function parseFrom(line: number, text: string): FromLine {
  const w = words(text);
  return { range: range(line, w[0].start, w[w.length - 1].end), keyword: wordToken(line, w[0]), name: w[1] ? token(line, w[1].start, text.slice(w[1].start, w[w.length - 1].end)) : undefined };
}

/** `RUEHC/SECSTATE WASHDC IMMEDIATE 3923` → indicator, name, precedence, control number. */
// The words of the addressee line being read: an addressee reads its first and last words only.
const addresseeWords = new WordSpans();

function parseAddressee(ctx: ParseContext, kind: AddresseeKind, line: number, from: number, to: number, keyword?: Token, keywordStart = 0): Addressee {
  const text = ctx.lines[line];
  const n = addresseeWords.cut(text, from, to);
  const ws = addresseeWords.start;
  const we = addresseeWords.end;
  // `keyword` (`TO`, `INFO`), when given, starts at `keywordStart` and ends at `from`.
  const start = keyword ? keywordStart : n ? ws[0] : from;
  const end = n ? we[n - 1] : from;
  // Every field in the literal, in the order they are set (an absent one is undefined, which JSON
  // leaves out): fields added later went to an out-of-object store, an object more per addressee.
  const a: Addressee = { kind, range: range(line, start, end), keyword, routingIndicator: undefined, controlNumber: undefined, precedence: undefined, name: undefined };
  if (!n) {
    ctx.problem('addressee-malformed', a.range, `${kind} line names no addressee`, { kind });
    return a;
  }
  const first = ws[0];
  let nameStart = first;
  let slash = text.indexOf('/', first);
  if (slash >= we[0]) slash = -1;
  else if (slash >= 0) slash -= first;
  const indicator = slash > 0 ? text.slice(first, first + slash) : '';
  if (slash > 0 && looksLikeIndicatorWord(indicator)) {
    a.routingIndicator = token(line, first, indicator);
    if (!isRoutingIndicator(a.routingIndicator.text))
      ctx.problem('routing-indicator-malformed', a.routingIndicator.range, `"${a.routingIndicator.text}" is not a routing indicator (5–7 capitals starting with R)`, {
        text: a.routingIndicator.text,
      });
    nameStart = first + slash + 1;
  } else if (slash === 0) {
    ctx.problem('addressee-malformed', range(line, first, first + 1), `Addressee starts with a slash and no routing indicator`, { kind });
    nameStart = first + 1;
  }
  // Precedence and control number stand at the end: `… WASHDC IMMEDIATE 3923`, `… NIACT IMMEDIATE`.
  let last = n - 1;
  // `2276-2279`: one control number per section of a cable sent in several.
  if (last > 0 && ws[last] >= nameStart) {
    const t = text.slice(ws[last], we[last]);
    if (allDigits(t) ? t.length <= 5 : CONTROL_NUMBER_RANGE.test(t)) {
      a.controlNumber = token(line, ws[last], t);
      last--;
    }
  }
  if (last >= 1 && ws[last] > nameStart && isPrecedenceWord(text.slice(ws[last], we[last]))) {
    let pStart = ws[last];
    if (we[last] - ws[last] === 9 && text.startsWith('IMMEDIATE', ws[last]) && we[last - 1] - ws[last - 1] === 5 && text.startsWith('NIACT', ws[last - 1]) && ws[last - 1] > nameStart) {
      last--;
      pStart = ws[last];
    }
    a.precedence = token(line, pStart, text.slice(pStart, we[a.controlNumber ? n - 2 : n - 1]));
    last--;
  }
  const nameEnd = last >= 0 ? we[last] : nameStart;
  if (nameEnd > nameStart) a.name = token(line, nameStart, text.slice(nameStart, nameEnd));
  else if (a.routingIndicator)
    ctx.problem('addressee-malformed', a.range, `Routing indicator ${a.routingIndicator.text} has no addressee name after the slash`, {
      kind,
      indicator: a.routingIndicator.text,
    });
  return a;
}

/** Lines of the pre-2003 telegram header (`ACTION AF-00`, `INFO LOG-00 NP-00 …`, `------A54E38 291401Z /38`). */
function isOfficeCodeLine(text: string): boolean {
  // Either form has a dash or a slash (`---`, `AF-00`, `/38`): lines without one are not cut into words.
  if (text.indexOf('-') < 0 && text.indexOf('/') < 0) return false;
  // The words read in place: at most one of them may be other than a code (the patterns run only
  // on words of their shape: `AF-00`, a dash before two last characters; `/38`).
  let count = 0;
  let others = 0;
  for (let i = 0; i < text.length; ) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    const s = i;
    while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
    if (count++ === 0 && text.startsWith('---', s)) return true;
    const n = i - s;
    const code = n >= 4 && n <= 8 && text.charCodeAt(i - 3) === 45 ? OFFICE_CODE.test(text.slice(s, i)) : text.charCodeAt(s) === 47 && SLASH_CODE.test(text.slice(s, i));
    if (!code && ++others > 1) return false;
  }
  return count > 0 && others < count;
}

/** `PAGE 02 STATE 015113 182333Z`, `PAGE 01 HARARE 06677 01 OF 03 291400Z`. */
export function isPageHeader(text: string): boolean {
  return readPageHeader(text) !== undefined;
}

/** What an old telegram's page header says, with the columns of its parts. */
export interface OldPageHeader {
  /** Where `PAGE` starts and where the header ends (after its date-time group). */
  start: number;
  end: number;
  page: { text: string; start: number; end: number };
  /** `HARARE`, `CAPE T`, `VATICA`: the post as the telegram system cut it. */
  post?: { text: string; start: number; end: number };
  serial?: { text: string; start: number; end: number };
  /** `01 OF 03`: the section of a sectioned telegram this page belongs to. */
  section?: { number: number; total: number };
  /** The cable's own text the 2010 rendering glued onto the header's line, where it starts. */
  glued?: number;
}

/**
 * Reads an old telegram's page header: `PAGE nn POST SERIAL [ss OF tt] DDHHMMZ`, where the post is
 * one to three words (`CAPE T`) and the 2010 rendering may have glued the next line of text on
 * after the date-time group (`PAGE 02 HARARE 06677 01 OF 03 291400Z OPPOSITION LEADER`). Without
 * a date-time group only a short line is a header (`PAGE 02 RUEHFRA0170 S E C R E T`), since
 * nothing then says where a header would end and prose begin.
 */
export function readPageHeader(text: string): OldPageHeader | undefined {
  // The first word is `PAGE`: every routing line and every line of an old telegram's text is
  // asked, and the others are let go uncut.
  const s = firstNonSpace(text);
  if (!text.startsWith('PAGE ', s) && !(text.startsWith('PAGE', s) && isSpace(text.charCodeAt(s + 4)))) return undefined;
  const w = words(text, 0, Math.min(text.length, 400));
  if (w.length < 4 || w[0].text !== 'PAGE' || !allDigits(w[1].text) || w[1].text.length > 3) return undefined;
  const out: OldPageHeader = { start: w[0].start, end: w[w.length - 1].end, page: w[1] };
  let k = 2;
  while (k < w.length && k < 5 && allUpperLetters(w[k].text)) k++;
  if (k > 2 && k < w.length && allDigits(w[k].text) && w[k].text.length >= 4 && w[k].text.length <= 6) {
    out.post = { text: text.slice(w[2].start, w[k - 1].end), start: w[2].start, end: w[k - 1].end };
    out.serial = w[k];
    k++;
    if (k + 2 < w.length && w[k + 1].text === 'OF' && allDigits(w[k].text) && allDigits(w[k + 2].text) && w[k].text.length <= 2 && w[k + 2].text.length <= 2) {
      out.section = { number: Number(w[k].text), total: Number(w[k + 2].text) };
      k += 3;
    }
    if (k < w.length && DAY_TIME_WORD.test(w[k].text)) {
      out.end = w[k].end;
      if (k + 1 < w.length) out.glued = w[k + 1].start;
      return out;
    }
  }
  return w.length <= 9 ? out : undefined;
}

/** Where a classification banner was run onto the end of the last routing line. */
const GLUED_BANNERS = ['UNCLAS', 'C O N F I D E N T I A L', 'S E C R E T', 'CONFIDENTIAL', 'SECRET'];
function findGluedBanner(text: string): number {
  for (const b of GLUED_BANNERS) {
    const at = text.indexOf(b);
    // Glued means no space before it; a banner word at a word start is a name (`SECRET SERVICE`).
    if (at > 0 && text.charCodeAt(at - 1) !== 32) return at;
  }
  return -1;
}

/** The first word, as words(text, 0, 40) cuts it, is `kw`. */
function isKeywordLine(text: string, kw: string): boolean {
  const to = Math.min(text.length, 40);
  let s = 0;
  while (s < to && isSpace(text.charCodeAt(s))) s++;
  const e = s + kw.length;
  return s < to && e <= to && text.startsWith(kw, s) && (e === to || isSpace(text.charCodeAt(e)));
}

/**
 * Parses the routing block from `first` (a VZCZC or date-time-group line). Stops at the first
 * line that cannot belong to it; returns the block and the next line to read.
 */
export function parseRouting(ctx: ParseContext, first: number, limit: number, isBannerLine: (line: number) => boolean): { block: RoutingBlock; next: number; gluedAt?: { line: number; character: number } } {
  const lines = ctx.lines;
  const block: RoutingBlock = { range: linesRange(lines, first, first), delivery: [], addressees: [], pageHeaders: [], otherLines: [], bt: [], nnnn: [] };
  let state: 'start' | 'delivery' | 'header' | 'addressees' = 'start';
  let kind: AddresseeKind = 'TO';
  let last = first;
  let gluedAt: { line: number; character: number } | undefined;
  let dtg: ReturnType<typeof findDtg>;
  let i = first;
  for (; i < limit; i++) {
    const text = lines[i];
    if (isBlank(text)) {
      // A blank line ends the addressees unless more addressees or a page header follow it.
      let j = i + 1;
      while (j < limit && isBlank(lines[j])) j++;
      if (j >= limit) break;
      const nt = lines[j];
      const continues =
        state === 'addressees'
          ? ADDRESSEE_START.test(nt) || isPageHeader(nt) || isKeywordLine(nt, 'TO') || isKeywordLine(nt, 'INFO') || isKeywordLine(nt, 'XMT') || isKeywordLine(nt, 'BT')
          : !isBannerLine(j) && !isBlank(nt) && !isDateLine(nt) && !isSubjectLabelLine(nt);
      if (!continues) break;
      i = j - 1;
      continue;
    }
    // From the first word on: a cables.csv row's header starts far into its line.
    const from = firstNonSpace(text);
    // The first word and where the second starts are all the loop reads of a line's words (as
    // words() cuts them within 60 characters): read in place, only the first word is cut.
    const lim = Math.min(text.length, from + 60);
    let end0 = from;
    while (end0 < lim && !isSpace(text.charCodeAt(end0))) end0++;
    let start1 = end0;
    while (start1 < lim && isSpace(text.charCodeAt(start1))) start1++;
    // Every word the loop compares the first with (`DE`, `NNNN`, `OO`…) has at most four letters: a
    // longer one (an addressee's `RUEHC/SECSTATE`, most lines of the block) is not cut.
    const w0 = end0 - from <= 4 ? text.slice(from, end0) : '';
    if (i === first && isVzczc(text)) {
      block.start = parseStart(i, text);
      state = 'delivery';
    } else if (state === 'delivery' && block.delivery.length === 0 && w0 in DOUBLED) {
      block.delivery.push(parseDelivery(ctx, i, true));
    } else if (state === 'delivery' && block.delivery.length > 0 && w0 !== 'DE' && isDeliveryContinuation(text)) {
      block.delivery.push(parseDelivery(ctx, i, false));
    } else if (w0 === 'DE' && !block.de) {
      block.de = parseDe(ctx, i);
      state = 'header';
    } else if ((w0 === 'ZNR' || w0 === 'ZNY') && !block.security) {
      block.security = parseSecurity(ctx, i);
      state = 'header';
    } else if (!block.dtg && state !== 'addressees' && (dtg = findDtg(text))) {
      block.dtg = parseDtg(ctx, i, dtg);
      state = 'header';
    } else if (w0 === 'FM' && !block.from) {
      block.from = parseFrom(i, text);
      state = 'header';
    } else if (w0 === 'BT') {
      block.bt.push(token(i, from, 'BT'));
    } else if (w0 === 'NNNN') {
      block.nnnn.push(token(i, from, 'NNNN'));
    } else if (isPageHeader(text)) {
      // `PAGE 01 ROME 01196 02 OF 02 071049Z ACTION EUR-00`: the distribution line glued on is its own.
      const h = readPageHeader(text)!;
      block.pageHeaders.push(token(i, h.start, text.slice(h.start, h.glued !== undefined ? h.end : trimmedEnd(text))));
      if (h.glued !== undefined) block.otherLines.push(token(i, h.glued, text.slice(h.glued, trimmedEnd(text))));
    } else if (isOfficeCodeLine(text)) {
      block.otherLines.push(token(i, from, text.trim()));
    } else if ((w0 === 'TO' || w0 === 'INFO' || w0 === 'XMT') && block.from !== undefined && start1 < lim && isPageHeader(text.slice(start1))) {
      // `INFO PAGE 02 STATE 050524 131535Z`: an old page header where the INFO line's first addressee stood.
      kind = w0;
      state = 'addressees';
      block.pageHeaders.push(token(i, start1, text.slice(start1).trim()));
    } else if ((w0 === 'TO' || w0 === 'INFO' || w0 === 'XMT') && block.from !== undefined) {
      kind = w0;
      state = 'addressees';
      const glued = findGluedBanner(text);
      const end = glued > 0 ? glued : text.length;
      block.addressees.push(parseAddressee(ctx, kind, i, end0, end, token(i, from, w0), from));
      if (glued > 0) {
        gluedAt = { line: i, character: glued };
        last = i;
        i++;
        break;
      }
    } else if (state === 'addressees' && !isBannerLine(i)) {
      const glued = findGluedBanner(text);
      const end = glued > 0 ? glued : text.length;
      block.addressees.push(parseAddressee(ctx, kind, i, 0, end));
      if (glued > 0) {
        gluedAt = { line: i, character: glued };
        last = i;
        i++;
        break;
      }
    } else if (state !== 'addressees' && !block.from && !isBannerLine(i) && !isDateLine(text) && !isSubjectLabelLine(text)) {
      // Old telegram headers carry lines this parser keeps without reading (`CONFIDENTIAL PTQ1859`).
      block.otherLines.push(token(i, from, text.trim()));
    } else {
      break;
    }
    last = i;
  }
  block.range = gluedAt ? spanRange(first, firstNonSpace(lines[first] ?? ''), gluedAt.line, gluedAt.character) : linesRange(lines, first, last);
  return { block, next: gluedAt ? gluedAt.line : last + 1, gluedAt };
}

// ---------------------------------------------------------------------------------------------
// Lines some renderings add

const WEEKDAYS = ['Monday,', 'Tuesday,', 'Wednesday,', 'Thursday,', 'Friday,', 'Saturday,', 'Sunday,'];

/** `Friday, 23 February 2001, 15:53` */
export function isDateLine(text: string): boolean {
  // The first word is a weekday with its comma (`Monday,` … `Wednesday,`): every line of a text is
  // asked, and most are let go on their first word, uncut.
  let s = 0;
  while (s < text.length && isSpace(text.charCodeAt(s))) s++;
  // Mo(nday), Tu(esday), We(dnesday), Th(ursday), Fr(iday), Sa(turday), Su(nday): most lines are let
  // go on their first two letters, before their first word is read to its end.
  const c0 = text.charCodeAt(s);
  const c1 = text.charCodeAt(s + 1);
  if (!((c0 === 77 && c1 === 111) || (c0 === 84 && (c1 === 117 || c1 === 104)) || (c0 === 87 && c1 === 101) || (c0 === 70 && c1 === 114) || (c0 === 83 && (c1 === 97 || c1 === 117)))) return false;
  let e = s;
  while (e < text.length && !isSpace(text.charCodeAt(e))) e++;
  if (e - s < 7 || e - s > 10 || !text.startsWith('day,', e - 4)) return false;
  const w = words(text, 0, Math.min(text.length, 80));
  return w.length === 5 && WEEKDAYS.includes(w[0].text) && allDigits(w[1].text) && allDigits(w[3].text.replace(',', ''));
}

export function isExtractNotice(text: string): boolean {
  return text.trimStart().startsWith('This record is a partial extract of the original cable');
}

/** Labels that open the subject block; a routing block never runs into one. */
function isSubjectLabelLine(text: string): boolean {
  const t = text.trimStart().toUpperCase();
  return t.startsWith('E.O.') || t.startsWith('EO 1') || t.startsWith('TAGS') || t.startsWith('SUBJECT') || t.startsWith('SUBJ:');
}

// Word shapes tested on every addressee and header line, made once: a regular expression written
// inside a function is a new object each time the line runs.
// `2276-2279`: one control number per section of a cable sent in several.
const CONTROL_NUMBER_RANGE = /^\d{1,5}-\d{1,5}$/;
// `RUEHC/SECSTATE …` after a blank line: the addressees go on.
const ADDRESSEE_START = /^\s*[A-Z]{4,8}\//;
const OFFICE_CODE = /^[A-Z]{1,5}-\d\d$/;
const SLASH_CODE = /^\/\d+[A-Z]$/;
const DAY_TIME_WORD = /^\d{6}Z$/;

/**
 * `{ ...tok, value }` and `{ ...tok, code }` built in one literal (the model keeps them for every
 * date-time group and delivery line: a spread makes the object field by field, the last one in an
 * outside store).
 */
function withValue(tok: Token, value: number): Token & { value: number } {
  return { text: tok.text, range: tok.range, value };
}
function withCode(tok: Token, code: PrecedenceCode | undefined): Token & { code?: PrecedenceCode } {
  return { text: tok.text, range: tok.range, code };
}

/**
 * A streaming reader for cables.csv in both styles of cable-format.md §10:
 *
 * - the 2011 release ("strict"): every field in double quotes, `\"` and `\'` (and `\\`) inside a
 *   field, newlines as they are, so one row spans many lines;
 * - rows as exports paste them ("loose"): fields quoted only when needed, quotes inside doubled
 *   (`""`, RFC 4180), backslashes literal.
 *
 * The style is decided row by row: a quoted row number is the 2011 style (a number never needs
 * quotes in the other), so a header row or rows of both kinds in one file are read right. Text is pushed in
 * chunks of any size and rows come out as soon as they are complete, so memory holds one row and
 * one chunk whatever the file's size. A malformed row is reported with its number, its first
 * line and the reason, and reading goes on at the next line that starts a row.
 */

export type CsvStyle = 'strict' | 'loose';

export interface CsvRecord {
  kind: 'record';
  /** 1-based ordinal of the row in the input (the header row, if any, counts). */
  row: number;
  /** 1-based line where the row starts. */
  line: number;
  fields: string[];
  /** The row's own line end, so files written from it can keep the same. */
  eol: '\n' | '\r\n';
}

export interface CsvError {
  kind: 'error';
  row: number;
  line: number;
  reason: string;
}

export type CsvItem = CsvRecord | CsvError;

/** A row never legitimately comes near this; past it a quote was surely left open. */
export const MAX_ROW_CHARS = 64 * 1024 * 1024;

// A line that begins a row in either style: row number, then the creation date `M/D/YYYY H:MM`.
const ROW_START = /^"?\d+"?,"?\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}(?::\d{2})?"?,/;
// What follows a trailing backslash's closing quote at a line end: the next row or the end.
const NEXT_STRICT_ROW = /^"\d+","/;

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const LF = 10;
const CR = 13;

type Parsed =
  | { kind: 'record'; fields: string[]; end: number; lines: number; eol: '\n' | '\r\n' }
  | { kind: 'more' }
  | { kind: 'error'; reason: string };

export class CsvReader {
  private buf = '';
  private row = 0;
  private line = 1;
  private started = false;
  private readonly forced: CsvStyle | undefined;
  /** Do not re-scan an incomplete row until the buffer has grown past this (keeps long rows linear). */
  private retryAt = 0;

  constructor(
    /** Field count a row must have; rows with another count are errors. 0 accepts any. */
    private readonly expectedFields = 8,
    style?: CsvStyle,
  ) {
    this.forced = style;
  }

  /** Adds text and returns every row completed by it. */
  push(chunk: string): CsvItem[] {
    if (!this.started) {
      if (this.buf.length + chunk.length === 0) return [];
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.buf = this.buf.length ? this.buf + chunk : chunk;
    if (this.buf.length < this.retryAt) return [];
    return this.drain(false);
  }

  /** The input is over: returns the last rows, and an error for a row left open. */
  end(): CsvItem[] {
    return this.drain(true);
  }

  private drain(atEnd: boolean): CsvItem[] {
    const out: CsvItem[] = [];
    let pos = 0;
    let retry = 0;
    const buf = this.buf;
    const scan: BackslashScan = { from: Number.MAX_SAFE_INTEGER, at: -1 };
    while (pos < buf.length) {
      // Blank lines between rows are not rows.
      const c = buf.charCodeAt(pos);
      if (c === LF || (c === CR && buf.charCodeAt(pos + 1) === LF)) {
        pos += c === LF ? 1 : 2;
        this.line++;
        continue;
      }
      if (c === CR && pos + 1 >= buf.length && !atEnd) break;
      const strict = (this.forced ?? (c === QUOTE ? 'strict' : 'loose')) === 'strict';
      let r = parseRow(buf, pos, atEnd, strict, this.expectedFields, false, scan);
      if (strict && (r.kind === 'error' || (r.kind === 'record' && this.expectedFields && r.fields.length !== this.expectedFields))) {
        // Read as written, the row does not hold together: a field may end in a backslash that
        // the writer did not escape, so that its `\"` is the closing quote. Try that reading.
        const again = parseRow(buf, pos, atEnd, strict, this.expectedFields, true, scan);
        if (again.kind === 'more' || (again.kind === 'record' && (!this.expectedFields || again.fields.length === this.expectedFields))) r = again;
      }
      if (r.kind === 'more') {
        if (buf.length - pos > MAX_ROW_CHARS) {
          out.push(this.error(`longer than ${MAX_ROW_CHARS / 1024 / 1024} MB without an end: a quote left open`));
          pos = this.resync(buf, pos, atEnd);
          continue;
        }
        retry = Math.max(2 * (buf.length - pos), 1 << 16);
        break;
      }
      if (r.kind === 'error') {
        if (!atEnd && !this.hasLookahead(buf, pos)) {
          // The resync point might be past the buffer: wait for more text before deciding.
          retry = Math.max(2 * (buf.length - pos), 1 << 16);
          break;
        }
        out.push(this.error(r.reason));
        pos = this.resync(buf, pos, atEnd);
        continue;
      }
      this.row++;
      const rec: CsvRecord = { kind: 'record', row: this.row, line: this.line, fields: r.fields, eol: r.eol };
      this.line += r.lines;
      pos = r.end;
      if (this.expectedFields && r.fields.length !== this.expectedFields) {
        out.push({ kind: 'error', row: rec.row, line: rec.line, reason: `${r.fields.length} fields, ${this.expectedFields} expected` });
      } else out.push(rec);
    }
    this.buf = buf.slice(pos);
    this.retryAt = atEnd ? 0 : retry;
    return out;
  }

  private error(reason: string): CsvError {
    this.row++;
    return { kind: 'error', row: this.row, line: this.line, reason };
  }

  /** Whether the buffer holds a row start after the one at `pos` (so resync will not cut short). */
  private hasLookahead(buf: string, pos: number): boolean {
    return this.findRowStart(buf, pos) >= 0;
  }

  private findRowStart(buf: string, pos: number): number {
    let i = buf.indexOf('\n', pos);
    while (i >= 0) {
      const at = i + 1;
      if (ROW_START.test(buf.slice(at, at + 40))) return at;
      i = buf.indexOf('\n', at);
    }
    return -1;
  }

  /** Skips a bad row: on to the next line that starts a row (or the end), counting lines. */
  private resync(buf: string, pos: number, atEnd: boolean): number {
    const next = this.findRowStart(buf, pos);
    const stop = next >= 0 ? next : atEnd ? buf.length : buf.lastIndexOf('\n') + 1 || buf.length;
    for (let i = buf.indexOf('\n', pos); i >= 0 && i < stop; i = buf.indexOf('\n', i + 1)) this.line++;
    return Math.max(stop, pos + 1);
  }
}

/**
 * One row from `start`. `strict` turns on the backslash escapes; `bareBackslash` reads `\"` as a
 * literal backslash and the closing quote where only that makes sense (see below). Returns `more`
 * when the row is not complete in `buf` and the input has not ended.
 */
/** Where the next backslash is: the first at or after `from` stands at `at` (the buffer's length if none). */
interface BackslashScan {
  from: number;
  at: number;
}

function parseRow(buf: string, start: number, atEnd: boolean, strict: boolean, expected: number, bareBackslash: boolean, scan: BackslashScan): Parsed {
  const fields: string[] = [];
  const n = buf.length;
  let i = start;
  let lines = 0;
  for (;;) {
    if (i < n && buf.charCodeAt(i) === QUOTE) {
      // Quoted field. Text between escapes is taken in slices.
      let seg = i + 1;
      let value = '';
      i++;
      for (;;) {
        // Jump to the next quote or (2011 style) backslash, counting the line breaks passed over:
        // indexOf runs far faster than a loop over every character of a 1.7 GB file.
        const q = buf.indexOf('"', i);
        let stop = q < 0 ? n : q;
        if (strict) {
          if (scan.from > i || scan.at < i) {
            scan.from = i;
            const b = buf.indexOf('\\', i);
            scan.at = b < 0 ? n : b;
          }
          if (scan.at < stop) stop = scan.at;
        }
        for (let k = buf.indexOf('\n', i); k >= 0 && k < stop; k = buf.indexOf('\n', k + 1)) lines++;
        i = stop;
        if (i >= n) {
          if (!atEnd) return { kind: 'more' };
          return { kind: 'error', reason: `the input ends inside field ${fields.length + 1} (a quote is not closed)` };
        }
        const c = buf.charCodeAt(i);
        if (c === BACKSLASH) {
          if (i + 1 >= n) {
            if (!atEnd) return { kind: 'more' };
            i++;
            continue;
          }
          const d = buf.charCodeAt(i + 1);
          if (d === QUOTE) {
            const closes = bareBackslash ? trailingBackslashCloses(buf, i + 2, atEnd, fields.length + 1 === expected) : false;
            if (closes === undefined) return { kind: 'more' };
            if (closes) {
              // A field that ends in a backslash: the backslash is text, the quote closes.
              value += buf.slice(seg, i + 1);
              i += 2;
              break;
            }
            value += buf.slice(seg, i) + '"';
            i += 2;
            seg = i;
            continue;
          }
          if (d === 39 /* ' */ || d === BACKSLASH) {
            value += buf.slice(seg, i) + buf[i + 1];
            i += 2;
            seg = i;
            continue;
          }
          i++;
          continue;
        }
        // A quote: doubled, it is one quote of the text; else it closes the field.
        if (i + 1 >= n && !atEnd) return { kind: 'more' };
        const d = i + 1 < n ? buf.charCodeAt(i + 1) : -1;
        if (d === QUOTE) {
          value += buf.slice(seg, i + 1);
          i += 2;
          seg = i;
          continue;
        }
        value += buf.slice(seg, i);
        i++;
        break;
      }
      fields.push(value);
    } else {
      // Unquoted field: up to the comma or the line end.
      let j = i;
      while (j < n) {
        const c = buf.charCodeAt(j);
        if (c === COMMA || c === LF) break;
        if (c === CR && buf.charCodeAt(j + 1) === LF) break;
        j++;
      }
      if (j >= n && !atEnd) return { kind: 'more' };
      if (j + 1 >= n && buf.charCodeAt(j) === CR && !atEnd) return { kind: 'more' };
      fields.push(buf.slice(i, j));
      i = j;
    }
    // After a field: a comma, a line end, or the end of the input.
    if (i >= n) {
      if (!atEnd) return { kind: 'more' };
      return { kind: 'record', fields, end: i, lines, eol: '\n' };
    }
    const c = buf.charCodeAt(i);
    if (c === COMMA) {
      i++;
      continue;
    }
    if (c === LF) return { kind: 'record', fields, end: i + 1, lines: lines + 1, eol: '\n' };
    if (c === CR) {
      if (i + 1 >= n && !atEnd) return { kind: 'more' };
      if (buf.charCodeAt(i + 1) === LF) return { kind: 'record', fields, end: i + 2, lines: lines + 1, eol: '\r\n' };
    }
    const near = buf.slice(i, i + 20).split('\n')[0];
    return { kind: 'error', reason: `field ${fields.length} is followed by "${near}" instead of a comma or a line end (a quote inside it is not escaped)` };
  }
}

/**
 * At `\"`, in the second reading of a row that did not hold together read as written: whether
 * the quote closes a field that ends in a backslash. It does when the next field opens right
 * after (`\","`), or, in the last field, when the line ends there and the next row (or the input's
 * end) follows. `undefined`: not enough text yet to tell.
 */
function trailingBackslashCloses(buf: string, after: number, atEnd: boolean, lastField: boolean): boolean | undefined {
  const n = buf.length;
  if (!lastField) {
    if (after + 1 >= n) return atEnd ? false : undefined;
    return buf.charCodeAt(after) === COMMA && buf.charCodeAt(after + 1) === QUOTE;
  }
  if (after >= n) return atEnd ? true : undefined;
  let k = after;
  if (buf.charCodeAt(k) === CR) k++;
  if (k >= n) return atEnd ? true : undefined;
  if (buf.charCodeAt(k) !== LF) return false;
  k++;
  if (k >= n) return atEnd ? true : undefined;
  const ahead = buf.slice(k, k + 24);
  if (NEXT_STRICT_ROW.test(ahead)) return true;
  if (ahead.length < 24 && !atEnd && /^"\d*"?$/.test(ahead)) return undefined;
  return false;
}

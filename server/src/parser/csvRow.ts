/**
 * A cables.csv row standing in a `.cable` file (docs/cable-format.md §10): exports paste the same
 * cable, or another, as a raw row after or inside a cable. The row is a cable — eight fields (row
 * number, created, reference ID, origin, classification, references, routing header, text), one row
 * over many lines — and is read as one: this module finds the fields where they stand, and gives
 * the parser the row's lines with the CSV syntax blanked out, so that the header and the text are
 * read by the same code as any cable's, on their true ranges.
 *
 * Two styles: the 2011 release quotes every field and escapes with a backslash (`\"`, `\'`); a
 * pasted row quotes only where needed and doubles its quotes (`""`), and may wrap a field (the
 * origin) across a line.
 */
import type { Position, Range } from './model';
import { spanRange } from './text';

/** Row number and `M/D/YYYY H:MM`, each optionally quoted: how a row of either style begins. */
const ROW_START = /^"?\d+"?,"?\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}(?::\d{2})?"?,/;

/** A row longer than this is no row: a quote was left open, and what follows is not the row's. */
const MAX_ROW_LINES = 20000;

export const CSV_FIELDS = ['row', 'created', 'referenceId', 'origin', 'classification', 'references', 'header', 'text'] as const;

export interface CsvRowField {
  /** The field's content, inside its quotes. */
  range: Range;
  quoted: boolean;
  /** The content with the escapes undone (`\"` → `"`, `""` → `"`). */
  value: string;
}

export interface CsvRow {
  range: Range;
  style: 'strict' | 'loose';
  fields: CsvRowField[];
  escapes: Position[];
  /** The last field's closing quote is missing: the row runs to the end of the file. */
  unterminated: boolean;
}

export function isCsvRowStart(line: string): boolean {
  // A row starts with its number or the quote before it: every line of a text is asked.
  const c = line.charCodeAt(0);
  return (c === 34 /* " */ || (c >= 48 && c <= 57)) && ROW_START.test(line);
}

function fieldRange(start: Position, end: Position): Range {
  return spanRange(start.line, start.character, end.line, end.character);
}

/** Reads the row that starts at `first`, or undefined when the lines there do not hold eight fields. */
export function readCsvRow(lines: readonly string[], first: number): CsvRow | undefined {
  if (!isCsvRowStart(lines[first] ?? '')) return undefined;
  const style: CsvRow['style'] = lines[first]!.startsWith('"') ? 'strict' : 'loose';
  const fields: CsvRowField[] = [];
  // The escape characters (`\` of `\"`, the first `"` of `""`): blanked when a field is read.
  const escapes: Position[] = [];
  const mark = (line: number, from: number, to: number, escape = false) => {
    if (escape && to > from) escapes.push({ line, character: from });
  };
  let l = first;
  let c = 0;
  const at = (): Position => ({ line: l, character: c });
  let unterminated = false;
  for (let k = 0; k < CSV_FIELDS.length; k++) {
    const text = lines[l];
    if (text === undefined) return undefined;
    const keep = k >= 6;
    if (text[c] === '"') {
      mark(l, c, c + 1);
      c++;
      const start = at();
      let value = '';
      for (;;) {
        const t = lines[l];
        if (l - first > MAX_ROW_LINES) return undefined;
        if (t === undefined) {
          // A pasted row cut off before its closing quote (09THEHAGUE726): the text runs to the
          // end of the file. Any other field left open is no row.
          if (k !== CSV_FIELDS.length - 1 || l === first) return undefined;
          l--;
          while (l > first && lines[l]!.trim() === '') l--;
          c = lines[l]!.length;
          unterminated = true;
          break;
        }
        if (c >= t.length) {
          if (l + 1 >= lines.length && k === CSV_FIELDS.length - 1) {
            while (l > first && lines[l]!.trim() === '') l--;
            c = lines[l]!.length;
            unterminated = true;
            break;
          }
          // A line end inside quotes belongs to the field.
          if (!keep) mark(l, 0, t.length);
          value += '\n';
          l++;
          c = 0;
          continue;
        }
        // A run of plain characters is taken at once: a row's text field is a whole cable, and a
        // value grown one character at a time made an object for every character.
        let e = c;
        while (e < t.length && t.charCodeAt(e) !== 34 /* " */ && !(t.charCodeAt(e) === 92 /* \\ */ && style === 'strict' && e + 1 < t.length)) e++;
        if (e > c) {
          value += t.slice(c, e);
          c = e;
          continue;
        }
        const ch = t[c];
        if (style === 'strict' && ch === '\\' && c + 1 < t.length) {
          mark(l, c, c + 1, true);
          if (!keep) mark(l, c + 1, c + 2);
          value += t[c + 1];
          c += 2;
          continue;
        }
        if (ch === '"') {
          if (style === 'loose' && t[c + 1] === '"') {
            mark(l, c, c + 1, true);
            if (!keep) mark(l, c + 1, c + 2);
            value += '"';
            c += 2;
            continue;
          }
          // A closing quote ends the field only before a separator or the row's end.
          const next = t[c + 1];
          if (next === ',' || (next === undefined && k === CSV_FIELDS.length - 1)) break;
          if (style === 'strict' && next === undefined) return undefined;
        }
        if (!keep) mark(l, c, c + 1);
        value += ch;
        c++;
      }
      fields.push({ range: fieldRange(start, at()), quoted: true, value });
      if (unterminated) break;
      mark(l, c, c + 1);
      c++;
    } else {
      if (style === 'strict') return undefined;
      // An unquoted field runs to the next separator; a pasted row may be hard-wrapped inside it
      // (09THEHAGUE418: `…|09THEHAGUE9` / `2,"VZCZC…`), and the wrap is no character of the value.
      const start = at();
      let value = '';
      for (;;) {
        const t = lines[l];
        if (t === undefined || l - first > 50) return undefined;
        let e = c;
        while (e < t.length && t[e] !== ',') e++;
        value += t.slice(c, e);
        c = e;
        if (e < t.length || k === CSV_FIELDS.length - 1) break;
        l++;
        c = 0;
      }
      fields.push({ range: fieldRange(start, at()), quoted: false, value });
    }
    const t = lines[l]!;
    if (unterminated) break;
    if (k < CSV_FIELDS.length - 1) {
      if (t[c] !== ',') return undefined;
      c++;
      // A separator at the end of a line: the next field starts on the next line.
      if (c >= t.length && style === 'loose' && l + 1 < lines.length) {
        l++;
        c = 0;
      }
    } else if (c < t.trimEnd().length) return undefined;
  }
  return { range: spanRange(first, 0, l, lines[l]!.length), style, fields, escapes, unterminated };
}

/**
 * The row's lines with everything but field `k`'s content blanked — quotes, separators, the other
 * fields, the escapes' backslashes — keeping every line's length, so that what the parser reads
 * there has the file's own ranges.
 */
export function maskedLines(lines: readonly string[], row: CsvRow, k: number): Map<number, string> {
  const f = row.fields[k]!.range;
  const { line: firstLine, character: firstChar } = f.start;
  const { line: lastLine, character: lastChar } = f.end;
  const out = new Map<number, string>();
  // A row is a whole cable, read twice (header and text): each line is cut into its kept run and the
  // blanks around it, not built a character at a time.
  const escapesOn = new Map<number, number[]>();
  for (const e of row.escapes) {
    const on = escapesOn.get(e.line);
    if (on) on.push(e.character);
    else escapesOn.set(e.line, [e.character]);
  }
  for (let l = row.range.start.line; l <= row.range.end.line; l++) {
    const text = lines[l]!;
    const n = text.length;
    // The field's characters on this line: [a, b).
    const a = l < firstLine || l > lastLine ? n : l === firstLine ? Math.min(firstChar, n) : 0;
    const b = l < firstLine || l > lastLine ? n : l === lastLine ? Math.min(lastChar, n) : n;
    let masked = ' '.repeat(a);
    let c = a;
    if (b > a) {
      const escapes = escapesOn.get(l)?.filter((x) => x >= a && x < b).sort((x, y) => x - y) ?? [];
      for (const x of escapes) {
        if (x < c) continue;
        masked += text.slice(c, x) + ' ';
        c = x + 1;
      }
      masked += text.slice(c, b);
    }
    masked += ' '.repeat(n - Math.max(a, b));
    if (masked !== text) out.set(l, masked);
  }
  return out;
}

/** A field's text as written between its quotes → its value: `\"` → `"` (2011 style), `""` → `"` (pasted style). */
export function unescapeField(text: string, style: CsvRow['style']): string {
  return style === 'strict' ? text.replace(/\\(.)/g, '$1') : text.replace(/""/g, '"');
}

/**
 * A cable as the importers read it from any source, and the `.cable` layout it is written in:
 * the WikiLeaks table (two lines), a blank line, the routing header, a blank line, the text.
 * The header and the text are the source's, untouched; only the table is built here.
 */
import { splitReferenceId } from '../parser/header';
import { isoDate } from '../parser/text';

export interface TableValues {
  referenceId: string;
  /** `YYYY-MM-DD HH:MM`. */
  created: string;
  released: string;
  classification: string;
  origin: string;
}

export interface ImportedCable {
  /** The reference ID as given; it names the file. */
  referenceId: string;
  /** Absent for a body-only fragment, which has no metadata. */
  table?: TableValues;
  /** The routing header; empty when the source has none. */
  header: string;
  text: string;
  /** Line end of the lines the writer adds (the table, the separators). */
  eol: '\n' | '\r\n';
  /** For the layouts and the summary. */
  year?: number;
  month?: number;
  /** Where the cable came from, for messages: `cables.csv row 17 (line 3456)`, a file name. */
  source: string;
}

export const TABLE_HEADER = 'Reference ID Created Released Classification Origin';

/**
 * cables.csv has no released date. The table needs one (the parser reads its columns by
 * position, and a placeholder would be a table-date error on every file), so imports from
 * cables.csv say when WikiLeaks released the whole archive: the Released time its pages give cables
 * of that release (the seed, 08ASTANA2318, shows it). Cables the site had published before then
 * show an earlier date on their page, which cables.csv does not record.
 */
export const CABLES_CSV_RELEASED = '2011-08-30 01:44';

/** A table value on one line: runs of white space (an origin wrapped across lines) become one space. */
export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The table as its two lines (no line end after the second). */
export function formatTable(t: TableValues, eol: string): string {
  const values = [t.referenceId, t.created, t.released, t.classification, t.origin].map(oneLine).filter((v) => v.length > 0);
  return `${TABLE_HEADER}${eol}${values.join(' ')}`;
}

/**
 * The file's text. cables.csv's text field starts with its own line break (that is the blank line
 * between header and text), so the header and the text are joined by one line end: the corpus
 * files are exactly `table, blank line, header, "\n", text field`. An HTML page's blocks carry no
 * such break and are joined by a blank line by the HTML reader before they get here.
 */
export function formatCable(c: ImportedCable): string {
  const parts: string[] = [];
  if (c.table) parts.push(formatTable(c.table, c.eol), c.eol, c.eol);
  if (c.header.length) parts.push(c.header, c.eol);
  parts.push(c.text);
  return parts.join('');
}

/** `M/D/YYYY H:MM` (cables.csv) or `YYYY-MM-DD HH:MM` → `YYYY-MM-DD HH:MM`; seconds are dropped. */
export function tableDate(s: string): { text: string; year: number; month: number } | undefined {
  const t = s.trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(t);
  let y: number, mo: number, d: number, h: number, mi: number;
  if (m) [y, mo, d, h, mi] = [Number(m[3]), Number(m[1]), Number(m[2]), Number(m[4]), Number(m[5])];
  else {
    m = /^(\d{4})-(\d{2})-(\d{2})\s+(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(t);
    if (!m) return undefined;
    [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  }
  const iso = isoDate(y, mo, d, h, mi);
  if (!iso) return undefined;
  return { text: `${iso.slice(0, 10)} ${iso.slice(11, 16)}`, year: y, month: mo };
}

/** Whether an ID has the WikiLeaks shape (two-digit year, post, serial), read as the parser reads it. */
export function isReferenceId(id: string): boolean {
  return splitReferenceId(id) !== undefined;
}

/** The year a reference ID names (`08ASTANA2318` → 2008), if it has the shape. */
export function referenceIdYear(id: string): number | undefined {
  return splitReferenceId(id)?.year;
}

export type RowResult = { ok: true; cable: ImportedCable; warnings: string[] } | { ok: false; reason: string };

/**
 * One cables.csv row (row number, created, reference ID, origin, classification, references,
 * header, text) as a cable. The references field is not written: the text's REF lines hold them.
 */
export function cableFromRow(fields: readonly string[], eol: '\n' | '\r\n', source: string): RowResult {
  if (fields.length !== 8) return { ok: false, reason: `${fields.length} fields, 8 expected` };
  const [, createdRaw, idRaw, origin, classification, , header, text] = fields as [string, string, string, string, string, string, string, string];
  const referenceId = idRaw.trim();
  if (!referenceId) return { ok: false, reason: 'no reference ID' };
  if (/\s/.test(referenceId)) return { ok: false, reason: `reference ID "${oneLine(referenceId)}" holds spaces` };
  const created = tableDate(createdRaw);
  if (!created) return { ok: false, reason: `${referenceId}: creation date "${oneLine(createdRaw)}" is not M/D/YYYY H:MM` };
  if (!oneLine(classification)) return { ok: false, reason: `${referenceId}: no classification` };
  if (!text.trim()) return { ok: false, reason: `${referenceId}: empty body` };
  const warnings: string[] = [];
  if (!isReferenceId(referenceId)) warnings.push(`reference ID "${referenceId}" is not year + post + serial (kept as given)`);
  return {
    ok: true,
    warnings,
    cable: {
      referenceId,
      table: { referenceId, created: created.text, released: CABLES_CSV_RELEASED, classification: oneLine(classification), origin: oneLine(origin) },
      header,
      text,
      eol,
      year: created.year,
      month: created.month,
      source,
    },
  };
}

/** A name that is safe as a file or folder name on every system; the same for the same input. */
export function safeName(s: string): string {
  const out = oneLine(s)
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/^\.+/, '_')
    .replace(/[. ]+$/, '_')
    .slice(0, 120);
  return out || '_';
}

export type Layout = 'flat' | 'year' | 'origin' | 'year-month';
export const LAYOUTS: readonly Layout[] = ['flat', 'year', 'origin', 'year-month'];

/** The file's path under the output folder, with `/` between parts. */
export function layoutPath(c: ImportedCable, layout: Layout): string {
  const file = `${safeName(c.referenceId)}.cable`;
  const year = c.year ?? referenceIdYear(c.referenceId);
  const y = year !== undefined ? String(year) : 'unknown';
  switch (layout) {
    case 'flat':
      return file;
    case 'year':
      return `${y}/${file}`;
    case 'year-month':
      return `${y}/${c.month !== undefined ? String(c.month).padStart(2, '0') : 'unknown'}/${file}`;
    case 'origin':
      return `${c.table?.origin ? safeName(c.table.origin) : 'unknown'}/${file}`;
  }
}

/**
 * `cable parse --format csv`: the JSON summary as a table for spreadsheets, pandas and SQL. One
 * row per cable (a file holding an export gives one row per cable in it, a file with no cable one
 * row with only its name), the scalar fields as they are in the JSON, the lists joined with `|`,
 * and counts for the long lists. UTF-8, no byte order mark, RFC 4180: CRLF between records, a
 * field quoted when it holds a comma, a quote or a line break, quotes inside doubled.
 */
import type { CableSummary, FileSummary } from './summary';

type Cell = string | number | boolean | null;

/** Each column and how it is read from a cable's summary: the same values the JSON holds. */
const COLUMNS: Record<string, (c: CableSummary, file: string, index: number) => Cell> = {
  file: (_c, file) => file,
  cable: (_c, _f, i) => i,
  referenceId: (c) => c.referenceId,
  origin: (c) => c.origin,
  classification: (c) => c.classification,
  dtg: (c) => c.dtg?.iso ?? null,
  dtgText: (c) => c.dtg?.text ?? null,
  precedence: (c) => c.dtg?.precedence ?? null,
  originator: (c) => c.originator,
  subject: (c) => c.subject,
  signature: (c) => c.signature,
  banner: (c) => c.banner?.classification ?? null,
  classifiedBy: (c) => c.classifiedBy?.by ?? null,
  classificationReasons: (c) => c.classifiedBy?.reasons.join('|') ?? null,
  declassify: (c) => c.declassify,
  summary: (c) => c.summary,
  tags: (c) => c.tags.join('|'),
  tagPersons: (c) => c.tagPersons.join('|'),
  references: (c) => c.references.map((r) => r.text).join('|'),
  referenceIds: (c) => c.references.flatMap((r) => r.cables.map((x) => x.id)).filter((id): id is string => !!id).join('|'),
  addressees: (c) => c.addressees.map(addressee).join('|'),
  // XMT: stations left out of a collective address, not recipients.
  exclusions: (c) => c.exclusions.map((x) => (x.routingIndicator && x.name ? `${x.routingIndicator}/${x.name}` : (x.routingIndicator ?? x.name ?? ''))).join('|'),
  paragraphs: (c) => c.paragraphs.length,
  pageBreaks: (c) => c.pageBreaks.length,
  problems: (c) => c.problems.length,
};

export const CSV_FIELDS: readonly string[] = Object.keys(COLUMNS);

/** `TO RUEHC/SECSTATE WASHDC`: the kind, then the routing indicator and name as the cable writes them. */
export function addressee(a: CableSummary['addressees'][number]): string {
  const where = a.routingIndicator && a.name ? `${a.routingIndicator}/${a.name}` : (a.routingIndicator ?? a.name ?? '');
  return `${a.kind} ${where}`;
}

/** `--fields referenceId,dtg,subject` → the columns, or what is wrong with the list. */
export function parseFields(list: string): string[] | { error: string } {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!names.length) return { error: 'no field named' };
  const unknown = names.filter((n) => !(n in COLUMNS));
  if (unknown.length) return { error: `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (fields: ${CSV_FIELDS.join(', ')})` };
  return names;
}

export function csvField(v: Cell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const record = (cells: readonly Cell[]) => cells.map(csvField).join(',') + '\r\n';

export function csvHeader(fields: readonly string[]): string {
  return record(fields);
}

/** The file's rows, one per cable. */
export function csvRows(s: FileSummary, fields: readonly string[]): string {
  const cables: CableSummary[] = s.cables ?? (s.cableCount > 0 ? [s] : []);
  if (!cables.length) return record(fields.map((f) => (f === 'file' ? s.file : f === 'cable' ? 0 : null)));
  return cables.map((c, i) => record(fields.map((f) => COLUMNS[f]!(c, s.file, i + 1)))).join('');
}

/** A cable stored in the file as a raw cables.csv row. */
import { unescapeField, type Cable, type CableDocument, type Range } from '../../../parser';
import { CABLES_CSV_RELEASED, REFERENCES_LABEL, TABLE_HEADER } from '../../../data/archive';
import { defineRule } from '../rule';
import type { Fix } from '../types';

function textIn(doc: CableDocument, r: Range): string {
  const eol = '\n';
  if (r.start.line === r.end.line) return doc.lines[r.start.line]!.slice(r.start.character, r.end.character);
  const parts = [doc.lines[r.start.line]!.slice(r.start.character)];
  for (let l = r.start.line + 1; l < r.end.line; l++) parts.push(doc.lines[l]!);
  parts.push(doc.lines[r.end.line]!.slice(0, r.end.character));
  return parts.join(eol);
}

/**
 * The row rewritten in the layout every feature reads: the table (two lines), a blank line, the
 * header, a blank line, the text — the header and text being the row's, escapes undone.
 */
function layoutFix(doc: CableDocument, cable: Cable): Fix | undefined {
  const row = cable.csvRow!;
  const t = cable.table;
  if (!t?.referenceId || !t.created?.iso) return undefined;
  const eol = doc.eol === '\r\n' ? '\r\n' : '\n';
  const created = `${t.created.iso.slice(0, 10)} ${t.created.iso.slice(11, 16)}`;
  const values = [t.referenceId.text, created, CABLES_CSV_RELEASED, t.classification?.text ?? '', t.origin?.text ?? ''].filter(Boolean);
  const header = unescapeField(textIn(doc, row.header), row.style).replace(/\n/g, eol);
  const text = unescapeField(textIn(doc, row.text), row.style).replace(/\n/g, eol);
  const out = [TABLE_HEADER, eol, values.join(' '), eol];
  // The IDs of the cables it references are the row's sixth field; the table has no column for
  // them, so they stay as a line of their own (as cables.csv writes them) rather than be lost.
  const refs = unescapeField(textIn(doc, row.fields[5]!), row.style).replace(/\s+/g, '');
  if (refs) out.push(`${REFERENCES_LABEL} ${refs}`, eol);
  out.push(eol);
  if (header.trim()) out.push(header, eol);
  // cables.csv's text field begins with its own line break: that is the blank line.
  if (header.trim() && !text.startsWith(eol)) out.push(eol);
  out.push(text);
  return { title: 'Rewrite the CSV row as a cable (table, header, text)', edits: [{ range: row.range, newText: out.join('') }] };
}

export const csvRowCable = defineRule({
  code: 'CBL406',
  name: 'cable-as-csv-row',
  severity: 'warning',
  group: 'text',
  fixable: true,
  docs: {
    summary: 'A cable stored as a raw cables.csv row.',
    description: 'Exports paste a cable, the same or another, as a row of the 2011 cables.csv: eight fields (row number, created, reference ID, origin, classification, references, header, text), quoted, with escaped quotes, over many lines. Cable Text reads the row as the cable it is — table, routing header and text, on their true ranges — and the fix rewrites it in the usual layout, in place: the table, a blank line, the header, a blank line, the text, escapes undone. Nothing of the row is lost: its references field (the IDs of the cables it cites) stays as a `Referenced cables:` line under the table.',
    bad: '237780,12/3/2009 8:05,09THEHAGUE726,"Embassy The Hague",SECRET,,"VZCZCXRO6064\n…","S E C R E T THE HAGUE 000726\n…"',
    good: 'Reference ID Created Released Classification Origin\n09THEHAGUE726 2009-12-03 08:05 2011-08-30 01:44 SECRET Embassy The Hague\n\nVZCZCXRO6064\n…\n\nS E C R E T THE HAGUE 000726\n…',
  },
  scope: 'cable',
  check(cable, ctx) {
    const row = cable.csvRow;
    if (!row) return;
    const id = cable.table?.referenceId?.text ?? 'a cable';
    const at = { start: row.range.start, end: { line: row.range.start.line, character: ctx.doc.lines[row.range.start.line]!.length } };
    ctx.report(at, `${id} is stored as a cables.csv row (${row.style === 'strict' ? 'the 2011 release\'s quoting' : 'a pasted row'}); it is read as a cable and can be rewritten as one`, layoutFix(ctx.doc, cable));
  },
});

export const CSV_ROW_RULES = [csvRowCable] as const;

/**
 * The fields issue 10 added to `cable parse`: classifiedBy, declassify, summary, and each REF
 * entry's kind and canonical cable IDs, read from the summary the command prints.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../server/src/cli/summary';
import { parseCable } from '../../server/src/parser';

const ROOT = resolve(__dirname, '../..');
const summary = (text: string) => summarize('x.cable', parseCable(text));

const cableWith = (eo: string, rest = '') => `Reference ID Created Released Classification Origin
08LONDON1991 2008-07-31 16:37 2010-12-01 21:12 CONFIDENTIAL Embassy London

C O N F I D E N T I A L LONDON 001991

SIPDIS

${eo}
TAGS: PREL PGOV UK
SUBJECT: A SUBJECT
REF: A. RIO DE JANEIRO 128 B. OCTOBER 28 MEETING C. STATE 41252 AND 44603

Classified By: Ambassador Robert H. Tuttle, reasons 1.4 (b) and (d)

1. (C) Summary: First line of the summary
goes on here.

Second paragraph of it. End Summary.

2. (C) Text.
${rest}`;

describe('cable parse: the fields of issue 10', () => {
  it('classifiedBy: who, and the reasons as 1.4(b)…', () => {
    expect(summary(cableWith('E.O. 12958: DECL: 07/31/2018')).classifiedBy).toEqual({ by: 'Ambassador Robert H. Tuttle', reasons: ['1.4(b)', '1.4(d)'], line: 13 });
  });

  it('declassify: the date as ISO, or the code as written', () => {
    expect(summary(cableWith('E.O. 12958: DECL: 07/31/2018')).declassify).toBe('2018-07-31');
    expect(summary(cableWith('E.O. 12958: N/A')).declassify).toBe('N/A');
    expect(summary(cableWith('E.O. 12958: DECL: OADR')).declassify).toBe('OADR');
    expect(summary(cableWith('E.O. 11652: GDS')).declassify).toBe('GDS');
    expect(summary(cableWith('')).declassify).toBeNull();
  });

  it('summary: the block’s text without its markers, paragraphs kept apart', () => {
    expect(summary(cableWith('E.O. 12958: N/A')).summary).toBe('First line of the summary goes on here.\n\nSecond paragraph of it.');
    const seed = summarize('s', parseCable(readFileSync(join(ROOT, 'samples', '08ASTANA2318.cable'), 'utf8')));
    expect(seed.summary).toMatch(/^In his speech to Kazakhstan's top diplomats on November 19, President Nazarbayev/);
    expect(seed.summary).not.toMatch(/SUMMARY/);
  });

  it('references: kind, every cable named, canonical IDs in the citing cable’s year', () => {
    expect(summary(cableWith('E.O. 12958: N/A')).references.map((r) => ({ label: r.label, kind: r.kind, ids: r.cables.map((c) => c.id), first: r.cable?.id ?? null }))).toEqual([
      { label: 'A', kind: 'cable', ids: ['08RIODEJANEIRO128'], first: '08RIODEJANEIRO128' },
      { label: 'B', kind: 'date', ids: [], first: null },
      { label: 'C', kind: 'cable', ids: ['08STATE41252', '08STATE44603'], first: '08STATE41252' },
    ]);
  });
});

/**
 * REF entries (issue 10): a reference names a cable only when its post is a post, each cable it
 * names resolves to a canonical reference ID, and the other kinds of reference are typed. One test
 * per quirk, from a real cable of ../shared/corpus where it has one, else from a minimal extract.
 */
import { describe, expect, it } from 'vitest';
import { parseCable, refCableId, type Cable } from '../../server/src/parser';
import { cableYear } from '../../server/src/service/cableYear';
import { HAVE_SHARED, readCorpus } from './helpers';

/** A minimal cable of 2008 around the given REF line(s). */
const extract = (ref: string) => `CONFIDENTIAL SECTION 01 OF 02 LONDON 001991

E.O. 12958: DECL: 07/31/2018
TAGS: PREL PGOV UK
SUBJECT: A SUBJECT
${ref}

Classified By: Ambassador Robert H. Tuttle for reasons 1.4 (b) and (d)

1. (C) Text.
`;

function refsOf(cable: Cable, fallbackYear = cableYear(cable) ?? 2008) {
  return (cable.refs?.entries ?? []).map((e) => ({ label: e.label, kind: e.kind, ids: e.cables.map((c) => refCableId(c, fallbackYear)) }));
}
const refs = (ref: string) => refsOf(parseCable(extract(ref)).cables[0]);
const ids = (ref: string) => refs(ref).flatMap((r) => r.ids);

describe('REF: which words are a post', () => {
  it('a date is a reference of its own kind, not a cable (OCTOBER 28, DTG 301601Z SEP 08)', () => {
    expect(refs('REF: A. OCTOBER 28 MEETING B. DTG 301601Z SEP 08')).toEqual([
      { label: 'A', kind: 'date', ids: [] },
      { label: 'B', kind: 'date', ids: [] },
    ]);
  });
  it('an intelligence report (IIR 6 832 0123 09) is not a cable', () => {
    expect(refs('REF: IIR 6 832 0123 09')).toEqual([{ label: 'A', kind: 'intelligenceReport', ids: [] }]);
  });
  it('a manual section (9 FAM 41.31), an e-mail, a telcon and a SECDEF message are typed', () => {
    expect(refs('REF: A. 9 FAM 41.31 B. EMBOFF E-MAIL OF 3/4 C. TELCON WITH DESK D. SECDEF MSG DTG 301601Z SEP 08').map((r) => r.kind)).toEqual([
      'manual',
      'email',
      'telcon',
      'message',
    ]);
  });
  it('multi-word posts keep all their words', () => {
    expect(ids('REF: A. RIO DE JANEIRO 128 B. PORT AU PRINCE 12 C. PHNOM PENH 3 D. SAO PAULO 807 E. BUENOS AIRES 5 F. NEW DELHI 6 G. THE HAGUE 7 H. USUN NEW YORK 8 I. ADDIS ABABA 9')).toEqual([
      '08RIODEJANEIRO128',
      '08PORTAUPRINCE12',
      '08PHNOMPENH3',
      '08SAOPAULO807',
      '08BUENOSAIRES5',
      '08NEWDELHI6',
      '08THEHAGUE7',
      '08USUNNEWYORK8',
      '08ADDISABABA9',
    ]);
  });
  it('aliases: SECSTATE, HAGUE, RIO, HCMC, USUN', () => {
    expect(ids('REF: A. SECSTATE 1 B. HAGUE 2 C. RIO 3 D. HCMC 4 E. USUN 5')).toEqual(['08STATE1', '08THEHAGUE2', '08RIODEJANEIRO3', '08HOCHIMINHCITY4', '08USUNNEWYORK5']);
  });
});

describe('REF: several cables in one entry', () => {
  it('STATE 41252 AND 44603', () => expect(ids('REF: STATE 41252 AND 44603')).toEqual(['08STATE41252', '08STATE44603']));
  it('KABUL 936/935', () => expect(ids('REF: KABUL 936/935')).toEqual(['08KABUL936', '08KABUL935']));
  it('870 ULAANBAATAR (serial before the post)', () => expect(ids('REF: 870 ULAANBAATAR')).toEqual(['08ULAANBAATAR870']));
  it('BAGHDAD #3565', () => expect(ids('REF: BAGHDAD #3565')).toEqual(['08BAGHDAD3565']));
  it('10-OTTAWA-57', () => expect(ids('REF: 10-OTTAWA-57')).toEqual(['10OTTAWA57']));
  it.skipIf(!HAVE_SHARED)('TEHRAN 1091: TEHRAN 263: MOSCOW 1603 (72TEHRAN1164)', () => {
    const cable = parseCable(readCorpus('72TEHRAN1164.cable')).cables[0];
    expect(refsOf(cable)).toEqual([{ label: 'A', kind: 'cable', ids: ['72TEHRAN1091', '72TEHRAN263', '72MOSCOW1603'] }]);
  });
});

describe('REF: year forms', () => {
  it("'08 BUENOS AIRES 123", () => expect(ids("REF: '07 BUENOS AIRES 123")).toEqual(['07BUENOSAIRES123']));
  it('ASUNCION 701 (08)', () => expect(ids('REF: ASUNCION 701 (07)')).toEqual(['07ASUNCION701']));
  it('QUITO 4525-91', () => expect(ids('REF: QUITO 4525-91')).toEqual(['91QUITO4525']));
  it('PANAMA 00789/08', () => expect(ids('REF: PANAMA 00789/07')).toEqual(['07PANAMA789']));
  it('STATE (01) 201265', () => expect(ids('REF: STATE (01) 201265')).toEqual(['01STATE201265']));
  it('09DHAHRAN 201', () => expect(ids('REF: 09DHAHRAN 201')).toEqual(['09DHAHRAN201']));
  it('O4 CHENNAI 12 (the letter O for a zero)', () => expect(ids('REF: O4 CHENNAI 12')).toEqual(['04CHENNAI12']));
  it('no year: the citing cable’s own year', () => expect(ids('REF: LONDON 1939')).toEqual(['08LONDON1939']));
});

describe('REF: case, layout and labels', () => {
  it.skipIf(!HAVE_SHARED)('lower case: Ref: a. 05 state 201650 (08STATE15220)', () => {
    const r = refsOf(parseCable(readCorpus('08STATE15220.cable')).cables[0]);
    expect(r[0]).toEqual({ label: 'A', kind: 'cable', ids: ['05STATE201650'] });
    expect(r.find((x) => x.label === 'L')).toEqual({ label: 'L', kind: 'date', ids: [] });
  });
  it.skipIf(!HAVE_SHARED)('REF glued to the subject: …UK PRIMEREF: A. LONDON 1939 (08LONDON1991)', () => {
    const cable = parseCable(readCorpus('08LONDON1991.cable')).cables[0];
    expect(cable.subject?.text).toBe('(C/NF) WHO WOULD REPLACE GORDON BROWN AS UK PRIME');
    expect(refsOf(cable)).toEqual([
      { label: 'A', kind: 'cable', ids: ['08LONDON1939'] },
      { label: 'B', kind: 'cable', ids: ['08LONDON1704'] },
    ]);
  });
  it.skipIf(!HAVE_SHARED)('REF:09 Paris (10PARIS183)', () => {
    expect(refsOf(parseCable(readCorpus('10PARIS183.cable')).cables[0])).toEqual([{ label: 'A', kind: 'cable', ids: ['09PARIS1635'] }]);
  });
  it.skipIf(!HAVE_SHARED)('a REF block running over an old page header (02ROME1196)', () => {
    // No table and no DTG: the year is the rendering's date line's (`Thursday, 07 March 2002`).
    const cable = parseCable(readCorpus('02ROME1196.cable')).cables[0];
    expect(cableYear(cable)).toBe(2002);
    const r = refsOf(cable);
    expect(r).toEqual([
      { label: 'A', kind: 'cable', ids: ['02STATE40721'] },
      { label: 'B', kind: 'cable', ids: ['02ROME1098'] },
      { label: 'C', kind: 'cable', ids: ['02ROME894'] },
      { label: 'D', kind: 'email', ids: [] },
      { label: 'E', kind: 'cable', ids: ['02ROME348'] },
    ]);
  });
  it('a REF list separated by semicolons', () => {
    expect(refs('REF: STATE 1234; PARIS 567; OCTOBER 28 MEETING')).toEqual([
      { label: 'A', kind: 'cable', ids: ['08STATE1234'] },
      { label: 'B', kind: 'cable', ids: ['08PARIS567'] },
      { label: 'C', kind: 'date', ids: [] },
    ]);
  });
  it('(C) as a REF label, not a marking', () => {
    expect(refs('REF: (A) STATE 1 (B) PARIS 2 (C) MOSCOW 3')).toEqual([
      { label: 'A', kind: 'cable', ids: ['08STATE1'] },
      { label: 'B', kind: 'cable', ids: ['08PARIS2'] },
      { label: 'C', kind: 'cable', ids: ['08MOSCOW3'] },
    ]);
  });
  it('(C) at the start of a REF line is the entry after (B), not a paragraph marked (C)', () => {
    const cable = parseCable(extract('REF: (A) STATE 1\n(B) PARIS 2\n(C) MOSCOW 3')).cables[0];
    expect(refsOf(cable).map((r) => r.ids[0])).toEqual(['08STATE1', '08PARIS2', '08MOSCOW3']);
    expect(cable.body.paragraphs.map((p) => p.marking?.text)).toEqual(['(C)']);
    expect(cable.classifiedBy?.classifier?.text).toBe('Ambassador Robert H. Tuttle');
    // After a blank line, a paragraph marked (C) stays a paragraph.
    const para = parseCable(extract('REF: (A) STATE 1 (B) PARIS 2\n\n(C) The Ambassador met the Foreign Minister on Tuesday to discuss the matters raised in both cables and more besides that.')).cables[0];
    expect(para.refs?.entries).toHaveLength(2);
  });
  it.skipIf(!HAVE_SHARED)('an OSD report by DTG among cables is a date (08BRASILIA429)', () => {
    expect(refsOf(parseCable(readCorpus('08BRASILIA429.cable')).cables[0]).map((r) => r.kind)).toEqual(['cable', 'date', 'cable']);
  });
  it.skipIf(!HAVE_SHARED)('a page marker run into the block, and a post with a letter doubled (09TRIPOLI661)', () => {
    const cable = parseCable(readCorpus('09TRIPOLI661.cable')).cables[0];
    expect(cable.refs?.entries.map((e) => e.text)).toEqual(['07 TRIPOLI 656;', '07 TRIPOLII 695']);
    expect(refsOf(cable)).toEqual([
      { label: 'A', kind: 'cable', ids: ['07TRIPOLI656'] },
      { label: 'B', kind: 'cable', ids: ['07TRIPOLI695'] },
    ]);
  });
  it.skipIf(!HAVE_SHARED)('a rendering’s label doubled before the cable’s own: A. A) BRASILIA 236 (08BRASILIA429)', () => {
    expect(parseCable(readCorpus('08BRASILIA429.cable')).cables[0].refs?.entries.map((e) => `${e.label}: ${e.text}`)).toEqual([
      'A: BRASILIA 236',
      'B: OSD REPORT DTG 251847Z MAR 08',
      'C: BRASILIA 175',
    ]);
  });
  it('a word that is not a post before a number is not a cable', () => {
    expect(refs('REF: PARA 5 OF REFTEL')).toEqual([{ label: 'A', kind: 'other', ids: [] }]);
  });
});

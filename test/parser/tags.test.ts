/**
 * TAGS as an expert reads them (issue 10), each quirk from a real cable of ../shared/corpus. Where
 * the corpus does not carry a quirk (the misspelt labels, `TAGS;`, a TAGS line with no label, a
 * page header inside the block), the real cable is given that quirk in its own TAGS line, and the
 * test says so.
 */
import { describe, expect, it } from 'vitest';
import { parseCable, type Cable } from '../../server/src/parser';
import { summarize } from '../../server/src/cli/summary';
import { HAVE_SHARED, altered, corpusCable as cable, firstCable as first, readCorpus } from './helpers';

const codes = (c: Cable) => c.tags?.codes.map((t) => t.text);
const persons = (c: Cable) => c.tags?.persons.map((t) => t.text);

/** Every token's text is what its range covers in the file. */
function exact(text: string, c: Cable): void {
  const lines = text.split(/\r\n|\n|\r/);
  for (const t of [...(c.tags?.codes ?? []), ...(c.tags?.persons ?? []), ...(c.tags?.glued ?? [])]) {
    expect(t.range.start.line).toBe(t.range.end.line);
    expect(lines[t.range.start.line]!.slice(t.range.start.character, t.range.end.character)).toBe(t.text);
  }
}

// 09CAIRO549: `TAGS: PREL MASS PARM MOPS KPAL IS EG`, then the subject.
const CAIRO = ['09CAIRO549.cable', 'TAGS: PREL MASS PARM MOPS KPAL IS EG'] as const;
const CAIRO_CODES = ['PREL', 'MASS', 'PARM', 'MOPS', 'KPAL', 'IS', 'EG'];

describe.skipIf(!HAVE_SHARED)('TAGS labels', () => {
  it('TAGS: with spaces (09CAIRO549)', () => {
    const c = cable(CAIRO[0]);
    expect(c.tags?.label.text).toBe('TAGS:');
    expect(codes(c)).toEqual(CAIRO_CODES);
  });

  it('TAGS without a colon, codes between commas (09KABUL140)', () => {
    const c = cable('09KABUL140.cable');
    expect(c.tags?.label.text).toBe('TAGS');
    expect(codes(c)).toEqual(['PGOV', 'PREL', 'PTER', 'MARR', 'MASS', 'AF']);
  });

  it('TAG and TAG: (09BRASILIA952, 09DOHA214)', () => {
    expect(cable('09BRASILIA952.cable').tags?.label.text).toBe('TAG');
    expect(codes(cable('09BRASILIA952.cable'))).toEqual(['MASS', 'PREL', 'BR']);
    const doha = cable('09DOHA214.cable');
    expect(doha.tags?.label.text).toBe('TAG:');
    expect(codes(doha)).toEqual(['PTER', 'PREL', 'PGOV', 'ECON', 'ETTC', 'EAID', 'EFIN', 'EAGR', 'ASEC', 'KCIP', 'ENRG', 'QA']);
  });

  it('TAG run on after the E.O. line (09STOCKHOLM194: `E.O. 12958:  DECL: 03/20/2019 TAG PTER, …`)', () => {
    const c = cable('09STOCKHOLM194.cable');
    expect(c.eo?.decl?.iso).toBe('2019-03-20');
    expect(c.tags?.label.text).toBe('TAG');
    expect(codes(c)).toEqual(['PTER', 'PGOV', 'ASEC', 'EFIN', 'ENRG', 'KCIP', 'SW']);
  });

  it('TAGS: after the E.O. line glued to the header line\'s last word (02ANKARA8305: `…S/CT FOR REAPE.O. 12958: DECL: 11/14/2012 TAGS: PTER TU`)', () => {
    const c = cable('02ANKARA8305.cable');
    expect(c.eo?.decl?.iso).toBe('2012-11-14');
    expect(codes(c)).toEqual(['PTER', 'TU']);
  });

  it('TAGS: after an office line run into the E.O. line (08BRASILIA429)', () => {
    const c = cable('08BRASILIA429.cable');
    expect(c.eo?.decl?.iso).toBe('2018-03-26');
    expect(codes(c)).toEqual(['PREL', 'BR', 'MARR', 'OVIP']);
  });

  it.each([
    ['TAGS;', 'TAGS;'],
    ['TAGS,', 'TAGS,'],
    ['TAS:', 'TAS:'],
    ['TABS:', 'TABS:'],
    ['TGS:', 'TGS:'],
    ['AGS:', 'AGS:'],
    ['TAGES:', 'TAGES:'],
    ['TAS', 'TAS'],
  ])('%s (09CAIRO549 with its label so typed)', (label, written) => {
    const c = first(altered(CAIRO[0], CAIRO[1], CAIRO[1].replace('TAGS:', label)));
    expect(c.tags?.label.text).toBe(written);
    expect(codes(c)).toEqual(CAIRO_CODES);
    expect(c.subject?.text).toBe('SCENESETTER FOR GENERAL SCHWARTZ');
  });

  it('TAGS:PREL, the space after the colon lost (09CAIRO549 so typed)', () => {
    const c = first(altered(CAIRO[0], CAIRO[1], CAIRO[1].replace('TAGS: ', 'TAGS:')));
    expect(c.tags?.label.text).toBe('TAGS:');
    expect(codes(c)).toEqual(CAIRO_CODES);
  });

  it('a misspelt label needs a code after it: `TAS: the meeting` is no TAGS line', () => {
    const c = first(altered(CAIRO[0], CAIRO[1], 'AGS: the meeting was long'));
    expect(c.tags).toBeUndefined();
  });

  it('a TAGS line with no label between E.O. and SUBJECT (09CAIRO549 with `TAGS: ` taken out)', () => {
    const text = altered(CAIRO[0], CAIRO[1], CAIRO[1].slice('TAGS: '.length));
    const c = first(text);
    expect(c.tags?.label.text).toBe('');
    expect(codes(c)).toEqual(CAIRO_CODES);
    expect(c.subject?.text).toBe('SCENESETTER FOR GENERAL SCHWARTZ');
    exact(text, c);
  });
});

describe.skipIf(!HAVE_SHARED)('a TAGS line with no label and no E.O. line', () => {
  it('stands between the banner and the subject (09CAIRO549 with its E.O. line and TAGS label taken out)', () => {
    const text = altered(CAIRO[0], 'CAIRO 000549E.O. 12958: DECL: 03/29/2019', 'CAIRO 000549').replace(CAIRO[1], CAIRO[1].slice('TAGS: '.length));
    const c = first(text);
    expect(c.eo).toBeUndefined();
    expect(codes(c)).toEqual(CAIRO_CODES);
    expect(c.subject?.text).toBe('SCENESETTER FOR GENERAL SCHWARTZ');
  });
});

describe.skipIf(!HAVE_SHARED)('TAGS entries', () => {
  it('continuation lines, commas and spaces mixed (09TRIPOLI310)', () => {
    const c = cable('09TRIPOLI310.cable');
    expect(codes(c)).toEqual(['OVIP', 'PREL', 'PGOV', 'MARR', 'MASS', 'PARM', 'PHUM', 'PINR', 'PTER', 'KNNP', 'ENRG', 'LY']);
    expect(c.tags!.range.end.line).toBe(c.tags!.range.start.line + 1);
  });

  it('a lowered continuation line with a person in parentheses (09BEIJING2963)', () => {
    const c = cable('09BEIJING2963.cable');
    expect(persons(c)).toEqual(['steinberg, james b.']);
    expect(codes(c)).toEqual(['ovip', 'prel', 'parm', 'pgov', 'econ', 'etra', 'mnuc', 'marr', 'ch', 'jp', 'kn', 'ks', 'ir']);
    expect(summarize('x', parseCable(readCorpus('09BEIJING2963.cable'))).tags.slice(0, 3)).toEqual(['OVIP', 'PREL', 'PARM']);
  });

  it('multi-word entries between commas stay one entry (02ROME1196 HUMAN RIGHTS, 05TELAVIV1580 GOI EXTERNAL)', () => {
    expect(codes(cable('02ROME1196.cable'))?.at(-1)).toBe('HUMAN RIGHTS');
    expect(codes(cable('05TELAVIV1580.cable'))).toEqual(['PGOV', 'PREL', 'KWBG', 'IR', 'IS', 'COUNTERTERRORISM', 'GOI EXTERNAL']);
    const c = first(altered('09KABUL140.cable', 'MASS, AF', 'MASS, COUNTRY CLEARANCE, AF'));
    expect(codes(c)).toEqual(['PGOV', 'PREL', 'PTER', 'MARR', 'MASS', 'COUNTRY CLEARANCE', 'AF']);
  });

  it('codes between commas are not an entry when they are codes (09BEIRUT818: `… MOPPS LE SY IR` / `PK, AF`)', () => {
    expect(codes(cable('09BEIRUT818.cable'))).toEqual(['PREL', 'PGOV', 'PINR', 'PTER', 'MASS', 'MARR', 'MOPPS', 'LE', 'SY', 'IR', 'PK', 'AF']);
  });

  it('a person in parentheses is one person (09STATE30049 CLINTON, HILLARY; 09SINGAPORE529 STEINBERG, JAMES B.)', () => {
    const c = cable('09STATE30049.cable');
    expect(persons(c)).toEqual(['CLINTON, HILLARY']);
    expect(codes(c)).toEqual(['OVIP', 'PREL', 'AS', 'PK', 'AF', 'CH', 'RS', 'JA', 'KS', 'ASEAN']);
    const s = cable('09SINGAPORE529.cable');
    expect(persons(s)).toEqual(['STEINBERG, JAMES B.']);
    expect(codes(s)).not.toContain('JAMES');
    exact(readCorpus('09SINGAPORE529.cable'), s);
  });

  it('the words after OVIP up to the next code are one person (09STATE11937, 09TRIPOLI310, OVIP BIDEN JOSEPH)', () => {
    expect(persons(cable('09STATE11937.cable'))).toEqual(['CLINTON HILLARY']);
    expect(persons(cable('09TRIPOLI310.cable'))).toEqual(['MQADHAFI']);
    const c = first(altered('09KABUL140.cable', 'TAGS PGOV, PREL', 'TAGS OVIP BIDEN JOSEPH, PGOV, PREL'));
    expect(persons(c)).toEqual(['BIDEN JOSEPH']);
    expect(codes(c)).toEqual(['OVIP', 'PGOV', 'PREL', 'PTER', 'MARR', 'MASS', 'AF']);
    // A mistyped code after OVIP (08PARIS957: `OVIP PGOF PREL`) is a code, not a name; a short name is a name.
    expect(cable('08PARIS957.cable').tags?.persons).toEqual([]);
    expect(persons(first(altered('09KABUL140.cable', 'TAGS PGOV, PREL', 'TAGS OVIP POPE BENEDICT, PGOV, PREL')))).toEqual(['POPE BENEDICT']);
  });

  it('codes run together are two codes, and said so (09KABUL4150 KDEMAF, 09PARIS1267 EINDETRD, 01VATICAN3507 VTPREL)', () => {
    const kabul = cable('09KABUL4150.cable');
    expect(codes(kabul)).toEqual(['KDEM', 'PGOV', 'PINR', 'KDEM', 'AF', 'AF']);
    expect(kabul.tags?.glued.map((g) => [g.text, ...g.parts])).toEqual([['KDEMAF', 'KDEM', 'AF']]);
    expect(cable('09PARIS1267.cable').tags?.glued.map((g) => g.parts)).toEqual([['EIND', 'ETRD']]);
    expect(cable('01VATICAN3507.cable').tags?.glued.map((g) => g.text)).toEqual(['VTPREL', 'VTPREL', 'VTPREL']);
    exact(readCorpus('09KABUL4150.cable'), kabul);
  });

  it('NATOPREL and PRELKWAC, halves outside the TAGS table (09CAIRO549 so typed)', () => {
    const c = first(altered(CAIRO[0], CAIRO[1], 'TAGS: NATOPREL MOPS, PRELKWAC, SR'));
    expect(codes(c)).toEqual(['NATO', 'PREL', 'MOPS', 'PREL', 'KWAC', 'SR']);
    expect(c.tags?.glued.map((g) => g.text)).toEqual(['NATOPREL', 'PRELKWAC']);
  });

  it('names in TAGS are not split (07PARIS186 INTERPOL, 05BRUSSELS1530 BRUSSELS)', () => {
    expect(cable('07PARIS186.cable').tags?.glued).toEqual([]);
    expect(codes(cable('05BRUSSELS1530.cable'))).toContain('BRUSSELS');
  });

  it('an old page header and its page foot inside the block are stepped over (00HARARE5461 so broken)', () => {
    const text = altered('00HARARE5461.cable', 'TAGS PGOV, PINS, ZI', 'TAGS PGOV, PINS,  CONFIDENTIAL\nPAGE 02 HARARE 05461 01 OF 02 291400Z\nZI');
    const c = first(text);
    expect(codes(c)).toEqual(['PGOV', 'PINS', 'ZI', 'MDC', 'ZANU-PF']);
    expect(c.body.pageMarkers.some((m) => doc(text).lines[m.range.start.line]!.startsWith('PAGE 02 HARARE 05461'))).toBe(true);
    expect(c.subject?.text.length).toBeGreaterThan(0);
  });

  it('duplicates: kept in the model, once in cable parse (02ROME1196: OPRC four times)', () => {
    const doc = parseCable(readCorpus('02ROME1196.cable'));
    expect(codes(doc.cables[0]!)!.filter((x) => x === 'OPRC')).toHaveLength(4);
    const s = summarize('02ROME1196.cable', doc);
    expect(s.tags).toEqual(['PHUM', 'OPRC', 'IT', 'HUMAN RIGHTS']);
    expect(s.tagPersons).toEqual([]);
    expect(summarize('09STATE30049.cable', parseCable(readCorpus('09STATE30049.cable'))).tagPersons).toEqual(['CLINTON, HILLARY']);
  });
});

const doc = (text: string) => parseCable(text);

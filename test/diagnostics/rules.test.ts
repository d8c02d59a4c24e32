import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { checkDocument } from '../../server/src/service/diagnostics/engine';
import type { RuleSettings } from '../../server/src/service/diagnostics/settings';
import { CLEAN, lineOf, replaceLine } from './fixture';

const check = (text: string, settings?: RuleSettings) => checkDocument(parseCable(text), { settings });
/** Rule names found, without the fixture's own page marker. */
const found = (text: string) =>
  check(text)
    .filter((p) => p.rule.name !== 'page-marker-in-paragraph')
    .map((p) => `${p.rule.name}@${p.range.start.line}`);

describe('the clean fixture', () => {
  it('has only its page marker', () => {
    expect(check(CLEAN).map((p) => p.rule.name)).toEqual(['page-marker-in-paragraph']);
  });
});

describe('one fault, one diagnostic at its place', () => {
  const cases: Array<[string, string, string | string[], string]> = [
    ['corrupted DTG day', 'O 241054Z NOV 08', 'O 321054Z NOV 08', 'dtg-invalid'],
    ['DTG hour 24', 'O 241054Z NOV 08', 'O 242454Z NOV 08', 'dtg-invalid'],
    ['DE serial off', 'DE RUEHTA #2318/01 3291054', 'DE RUEHTA #2319/01 3291054', 'de-serial-mismatch'],
    ['DE day off by one far', 'DE RUEHTA #2318/01 3291054', 'DE RUEHTA #2318/01 3391054', 'de-dtg-mismatch'],
    ['DE section', 'DE RUEHTA #2318/01 3291054', 'DE RUEHTA #2318/02 3291054', 'de-section-mismatch'],
    ['ZNR with CCCCC', 'ZNY CCCCC ZZH', 'ZNR CCCCC ZZH', 'security-circuit-mismatch'],
    ['wrong security letter', 'ZNY CCCCC ZZH', 'ZNY SSSSS ZZH', 'security-classification-mismatch'],
    ['precedence', 'OO RUEHAG RUEHAST RUEHBI', 'PP RUEHAG RUEHAST RUEHBI', 'precedence-mismatch'],
    ['banner serial', 'C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', 'C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002381 ', 'banner-serial-mismatch'],
    ['banner section total', 'C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', 'C O N F I D E N T I A L SECTION 01 OF 03 ASTANA 002318 ', 'banner-section-mismatch'],
    ['glued tags', 'TAGS: PREL PGOV ECON KZ', 'TAGS: PREL PGOV ECONEFIN KZ', 'tags-glued'],
    ['marking above the banner', '3.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ', '3.  (S)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ', 'marking-above-classification'],
    ['paragraph number skips', '3.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ', '5.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ', 'paragraph-numbering'],
    ['classification reason', 'Classified By: Ambassador Richard E. Hoagland, 1.4 (b), (d) ', 'Classified By: Ambassador Richard E. Hoagland, 1.6 (b), (d) ', 'classified-by-reason'],
    ['split word', 'policy, saying that "Russia has always been and remains Kazakhstan\'s ', ['policy, saying that "Russia has always been and rema', 'ins Kazakhstan\'s '], 'split-word'],
    ['marker serial', 'ASTANA 00002318  002 OF 002 ', 'ASTANA 00002381  002 OF 002 ', 'page-marker-origin'],
    ['doubled banner letter', 'C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', 'CC O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', 'banner-damaged'],
    ['banner glued to SIPDIS', 'C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', 'C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318SIPDIS', 'banner-damaged'],
  ];
  for (const [what, from, to, rule] of cases) {
    it(`${what} → ${rule}`, () => {
      const text = replaceLine(CLEAN, from, to);
      const line = lineOf(CLEAN, from);
      const got = found(text);
      expect(got).toContain(`${rule}@${line}`);
      // Nothing else: one fault, one diagnostic.
      expect(got.filter((g) => !g.startsWith(rule + '@'))).toEqual([]);
    });
  }

  it('a dropped END SUMMARY → block-unclosed', () => {
    const text = replaceLine(CLEAN, 'foreign policy concept.  END SUMMARY. ', 'foreign policy concept. ');
    expect(found(text).some((g) => g.startsWith('block-unclosed@'))).toBe(true);
  });

  it('a marker moved between paragraphs is a hint, not a warning', () => {
    const moved = replaceLine(
      replaceLine(CLEAN, 'ASTANA 00002318  002 OF 002 ', []),
      '3.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ',
      ['ASTANA 00002318  002 OF 002 ', ' ', '3.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign '],
    );
    const ps = check(moved).filter((p) => p.rule.group === 'joins');
    expect(ps.map((p) => [p.rule.name, p.severity])).toEqual([['page-marker', 'hint']]);
  });

  it('web-page text around the cable is reported before and after, with fixes', () => {
    const text = 'Some blog title\n\nDiscussing cables\n' + CLEAN + '\nLeave a Reply\n\nFill in your details below or click an icon to log in:\n';
    const web = check(text).filter((p) => p.rule.name === 'web-page-text');
    expect(web.length).toBe(2);
    expect(web.every((p) => p.fix)).toBe(true);
  });
});

describe('text outside the cable', () => {
  it('is web-page text (with a fix) only in the known forms; anything else is unplaced-text (no fix)', () => {
    const text = 'My reading notes\n\nLeave a Reply\n\nSIPDIS\n\n' + CLEAN;
    const ps = check(text).filter((p) => p.rule.group === 'text');
    expect(ps.map((p) => [p.rule.name, p.range.start.line, !!p.fix])).toEqual([
      ['unplaced-text', 0, false],
      ['web-page-text', 2, true],
      ['unplaced-text', 4, false],
    ]);
    expect(ps[2]!.message).toMatch(/looks like cable text \(a caption/);
    expect(ps[0]!.message).toMatch(/neither the cable's nor known web-page text/);
  });

  it('removes one run of page text and the blank lines after it, nothing else', () => {
    const text = 'My reading notes\n\nLeave a Reply\n\nSIPDIS\n\n' + CLEAN;
    const web = check(text).find((p) => p.rule.name === 'web-page-text')!;
    expect(web.fix!.edits).toEqual([{ range: { start: { line: 2, character: 0 }, end: { line: 4, character: 0 } }, newText: '' }]);
  });
});

describe('settings', () => {
  it('turns a rule off or changes its severity by name or code', () => {
    expect(check(CLEAN, { 'page-marker-in-paragraph': 'off' })).toEqual([]);
    expect(check(CLEAN, { CBL301: 'error' }).map((p) => p.severity)).toEqual(['error']);
  });
});

describe('bad input never crashes', () => {
  it('survives junk', () => {
    for (const t of ['', '\u0000\u0001\u0002', 'DE\nZNY\nO Z\n(S)', '\ufeff\r\n\r', 'ASTANA 00002318  002 OF 002\n'.repeat(50), 'x'.repeat(100_000)]) {
      expect(() => check(t)).not.toThrow();
    }
  });
});

describe('a file that is not text', () => {
  it('gets one not-text error at its top and nothing else', () => {
    const junk = '\u0000\u0001PK\u0003\u0004'.repeat(50) + '\nTAGS: PREL\n1. (S) text';
    expect(check(junk).map((p) => [p.rule.name, p.severity, p.range.start.line])).toEqual([['not-text', 'error', 0]]);
  });
});

/**
 * One fixture per rule, with the expected diagnostics written in the text (issue 8): `⟦` and `⟧`
 * mark each range the rule must report, and nothing else of that rule may be reported. Each rule
 * also has a near miss on which it must stay quiet. A fixture is the clean cable (fixture.ts) with
 * lines replaced, or a whole text. The markers are taken out before parsing.
 */
import { describe, expect, it } from 'vitest';
import { parseCable, type CableDocument, type Range } from '../../server/src/parser';
import { RULES, type RuleName } from '../../server/src/service/diagnostics/catalogue';
import { checkCableScope, checkDocument } from '../../server/src/service/diagnostics/engine';
import { CLEAN, replaceLine } from './fixture';

type Edit = [from: string, to: string | string[]];
type Fixture = { fires: Edit[] | string; quiet: Edit[] | string };

/** The text without its markers, and the ranges they mark. */
function unmark(marked: string): { text: string; ranges: Range[] } {
  const ranges: Range[] = [];
  let text = '';
  let line = 0;
  let col = 0;
  let open: Range['start'] | undefined;
  for (const ch of marked) {
    if (ch === '⟦') open = { line, character: col };
    else if (ch === '⟧') {
      ranges.push({ start: open!, end: { line, character: col } });
      open = undefined;
    } else {
      text += ch;
      if (ch === '\n') {
        line++;
        col = 0;
      } else col += ch.length;
    }
  }
  return { text, ranges };
}

function build(f: Edit[] | string): string {
  if (typeof f === 'string') return f;
  // A marking-only edit (`from` equals `to` without its markers) marks a line the fault moved a problem to.
  return f.reduce((t, [from, to]) => replaceLine(t, from, to), CLEAN);
}

const FIXTURES: Record<Exclude<RuleName, 'malformed' | 'internal-error'>, Fixture> = {
  'table-reference-id': { fires: [['08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 CONFIDENTIAL Embassy Astana', '⟦08-ASTANA-2318⟧ 2008-11-24 10:54 2011-08-30 01:44 CONFIDENTIAL Embassy Astana']], quiet: [] },
  'table-date': { fires: [['08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 CONFIDENTIAL Embassy Astana', '08ASTANA2318 ⟦2008-13-24 10:54⟧ 2011-08-30 01:44 CONFIDENTIAL Embassy Astana']], quiet: [['08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 CONFIDENTIAL Embassy Astana', '08ASTANA2318 2008-02-29 10:54 2011-08-30 01:44 CONFIDENTIAL Embassy Astana']] },
  'table-classification': { fires: [['08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 CONFIDENTIAL Embassy Astana', '08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 ⟦CONFIDENTAL⟧ Embassy Astana']], quiet: [] },
  'dtg-invalid': { fires: [['O 241054Z NOV 08', 'O ⟦321054Z⟧ NOV 08']], quiet: [] },
  'dtg-missing-zulu': { fires: [['O 241054Z NOV 08', 'O ⟦241054⟧ NOV 08']], quiet: [] },
  'de-malformed': { fires: [['DE RUEHTA #2318/01 3291054', '⟦DE RUEHTA 3291054⟧']], quiet: [] },
  'de-field-invalid': { fires: [['DE RUEHTA #2318/01 3291054', 'DE RUEHTA #2318/01 ⟦399⟧1054']], quiet: [] },
  'de-serial-mismatch': { fires: [['DE RUEHTA #2318/01 3291054', 'DE RUEHTA ⟦#2319⟧/01 3291054']], quiet: [] },
  'de-dtg-mismatch': { fires: [['DE RUEHTA #2318/01 3291054', 'DE RUEHTA #2318/01 ⟦339⟧1054']], quiet: [['DE RUEHTA #2318/01 3291054', 'DE RUEHTA #2318/01 3291130']] },
  'de-section-mismatch': { fires: [['DE RUEHTA #2318/01 3291054', 'DE RUEHTA #2318⟦/02⟧ 3291054']], quiet: [] },
  'security-malformed': { fires: [['ZNY CCCCC ZZH', 'ZNY ⟦CCXCC⟧ ZZH']], quiet: [] },
  'security-circuit-mismatch': { fires: [['ZNY CCCCC ZZH', '⟦ZNR⟧ CCCCC ZZH']], quiet: [] },
  'security-classification-mismatch': { fires: [['ZNY CCCCC ZZH', 'ZNY ⟦SSSSS⟧ ZZH']], quiet: [] },
  'precedence-mismatch': { fires: [['OO RUEHAG RUEHAST RUEHBI', '⟦PP⟧ RUEHAG RUEHAST RUEHBI']], quiet: [] },
  'routing-indicator-malformed': { fires: [['OO RUEHAG RUEHAST RUEHBI', 'OO RUEHAG ⟦XUEHAST⟧ RUEHBI']], quiet: [['INFO RUEHBJ/AMEMBASSY BEIJING 0240', 'INFO ZEN/AMEMBASSY BEIJING 0240']] },
  'addressee-malformed': { fires: [['RUEHKO/AMEMBASSY TOKYO 0950', '⟦RUEHKO/⟧']], quiet: [] },
  'info-without-to': { fires: [['TO RUEHC/SECSTATE WASHDC IMMEDIATE 3923', []], ['INFO RUEHBJ/AMEMBASSY BEIJING 0240', '⟦INFO⟧ RUEHBJ/AMEMBASSY BEIJING 0240']], quiet: [] },
  'routing-glued-to-banner': { fires: [['RUEHKO/AMEMBASSY TOKYO 0950', 'RUEHKO/AMEMBASSY TOKYO 0950⟦⟧C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318'], ['C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', []]], quiet: [] },
  'banner-classification-mismatch': { fires: [['C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', '⟦S E C R E T⟧ SECTION 01 OF 02 ASTANA 002318 ']], quiet: [] },
  'banner-section-mismatch': { fires: [['C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', 'C O N F I D E N T I A L ⟦SECTION 01 OF 03⟧ ASTANA 002318 ']], quiet: [] },
  'banner-serial-mismatch': { fires: [['C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', 'C O N F I D E N T I A L SECTION 01 OF 02 ASTANA ⟦002381⟧ ']], quiet: [] },
  'banner-damaged': { fires: [['C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', '⟦CC O N F I D E N T I A L SCTION 01 OF 02 ASTANA 002318⟧ ']], quiet: [['C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', 'C O N F I D E N T I A L SECTION 01 of 02 ASTANA 002318 ']] },
  'eo-malformed': { fires: [['E.O. 12958: DECL: 11/24/2018 ', '⟦E.O. DECL: 11/24/2018⟧']], quiet: [['E.O. 12958: DECL: 11/24/2018 ', 'EO 12958 DECL: 11/24/2018']] },
  'eo-date-invalid': { fires: [['E.O. 12958: DECL: 11/24/2018 ', 'E.O. 12958: DECL: ⟦11/31/2018⟧ ']], quiet: [['E.O. 12958: DECL: 11/24/2018 ', 'E.O. 12958: DECL: N/A']] },
  'tags-missing': { fires: [['TAGS: PREL PGOV ECON KZ', []], ['E.O. 12958: DECL: 11/24/2018 ', '⟦E.O. 12958: DECL: 11/24/2018⟧ ']], quiet: [] },
  'tags-lowercase': { fires: [['TAGS: PREL PGOV ECON KZ', '⟦TAGS:⟧ prel pgov ECON KZ']], quiet: [['TAGS: PREL PGOV ECON KZ', 'TAGS: PREL PGOV Organized Crime KZ']] },
  // Known halves (NATO, KWAC are outside tags.tsv), a four-letter code with a country, and a run
  // of two codes no list knows, found by their shape; eight-letter names and people stay quiet.
  'tags-glued': {
    fires: [['TAGS: PREL PGOV ECON KZ', 'TAGS: ⟦NATOPREL⟧ MOPS, ⟦PRELKWAC⟧, ⟦PGOVSR⟧ ⟦ECONEFIN⟧ ⟦KXYZPQRS⟧ KZ']],
    quiet: [['TAGS: PREL PGOV ECON KZ', 'TAGS: PREL PGOV BRUSSELS INTERPOL OVIP (CLINTON, HILLARY) KZ']],
  },
  'subject-missing': { fires: [['SUBJECT: PRESIDENT NAZARBAYEV CALLS FOR GREATER INTERNATIONAL ROLE ', []], ['TAGS: PREL PGOV ECON KZ', '⟦TAGS: PREL PGOV ECON KZ⟧']], quiet: [] },
  'classified-by-missing': { fires: [['Classified By: Ambassador Richard E. Hoagland, 1.4 (b), (d) ', []], ['C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', '⟦C O N F I D E N T I A L⟧ SECTION 01 OF 02 ASTANA 002318 ']], quiet: [] },
  'classified-by-reason': { fires: [['Classified By: Ambassador Richard E. Hoagland, 1.4 (b), (d) ', 'Classified By: Ambassador Richard E. Hoagland, 1.4 (b), (⟦k⟧) ']], quiet: [['Classified By: Ambassador Richard E. Hoagland, 1.4 (b), (d) ', 'Classified By: Ambassador Richard E. Hoagland, 1.5 (b), (d) ']] },
  'marking-above-classification': { fires: [['3.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ', '3.  ⟦(S)⟧  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ']], quiet: [['3.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ', '3.  (SBU)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ']] },
  'marking-malformed': { fires: [['3.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ', '3.  ⟦(X)⟧  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ']], quiet: [['3.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ', '3.  (C/NF)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ']] },
  'marking-missing': { fires: [['3.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ', '⟦3⟧.  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ']], quiet: [] },
  'paragraph-numbering': { fires: [['3.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ', '⟦5⟧.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign '], ['4.  (C)  COMMENT: Nazarbayev clearly laid out Kazakhstan\'s ', '⟦4⟧.  (C)  COMMENT: Nazarbayev clearly laid out Kazakhstan\'s ']], quiet: [] },
  'block-unclosed': { fires: [['foreign policy concept.  END SUMMARY. ', 'foreign policy concept. '], ['1.  (C)  SUMMARY: In his speech to Kazakhstan\'s top diplomats on ', '1.  (C)  ⟦SUMMARY:⟧ In his speech to Kazakhstan\'s top diplomats on ']], quiet: [['priorities.  END COMMENT. ', 'priorities. ']] },
  'block-unopened': { fires: [['priorities.  END COMMENT. ', 'priorities.  END COMMENT.  ⟦END TEXT⟧. ']], quiet: [] },
  'page-marker-in-paragraph': { fires: [['ASTANA 00002318  002 OF 002 ', '⟦ASTANA 00002318  002 OF 002⟧ ']], quiet: [['ASTANA 00002318  002 OF 002 ', []]] },
  'page-marker': { fires: [['ASTANA 00002318  002 OF 002 ', []], ['3.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ', ['⟦ASTANA 00002318  002 OF 002⟧ ', ' ', '3.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ']]], quiet: [] },
  'split-word': { fires: [['policy, saying that "Russia has always been and remains Kazakhstan\'s ', ['policy, saying that "Russia has always been and ⟦rema', 'ins⟧ Kazakhstan\'s ']]], quiet: [['policy, saying that "Russia has always been and remains Kazakhstan\'s ', ['policy, saying that "Russia has always been and remains a crack', 'down in Kazakhstan\'s ']]] },
  'page-marker-order': { fires: [['plan for economic stabilization and development. ', ['plan for economic stabilization and development. ', ' ', '⟦ASTANA 00002318  002 OF 002⟧ ']]], quiet: [] },
  'page-marker-total': { fires: [['plan for economic stabilization and development. ', ['plan for economic stabilization and development. ', ' ', '⟦ASTANA 00002318  003 OF 003⟧ ']]], quiet: [] },
  'page-marker-origin': { fires: [['ASTANA 00002318  002 OF 002 ', 'ASTANA ⟦00002381⟧  002 OF 002 ']], quiet: [['ASTANA 00002318  002 OF 002 ', 'ASTAN 00002318  002 OF 002 ']] },
  'missing-section': { fires: [['ASTANA 00002318  002 OF 002 ', '⟦* Missing Section 002 *⟧']], quiet: [] },
  'web-page-text': { fires: '⟦Leave a Reply\n\nAdvertisements⟧\n' + CLEAN, quiet: 'My notes\n\n' + CLEAN },
  'lost-characters': { fires: [['priorities.  END COMMENT. ', 'priorities⟦???⟧  END COMMENT. ']], quiet: [['priorities.  END COMMENT. ', 'priorities?  END COMMENT. ']] },
  'control-characters': { fires: [['priorities.  END COMMENT. ', 'priorities.⟦\u0007⟧  END COMMENT. ']], quiet: [['priorities.  END COMMENT. ', 'priorities.\t END COMMENT. ']] },
  'not-text': { fires: '⟦\u0000⟧\u0001PK\u0003\u0004' + '\u0000\u0001PK\u0003\u0004'.repeat(19), quiet: [] },
  'unplaced-text': { fires: '⟦My notes\n\nSIPDIS⟧\n\n' + CLEAN, quiet: 'Leave a Reply\n\n' + CLEAN },
  // No table to disagree with: the banner raised above paragraphs all (C) and the security line's CCCCC.
  'banner-above-text': {
    fires: [['Reference ID Created Released Classification Origin', []], ['08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 CONFIDENTIAL Embassy Astana', []], ['C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', '⟦S E C R E T⟧ SECTION 01 OF 02 ASTANA 002318 ']],
    quiet: [['Reference ID Created Released Classification Origin', []], ['08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 CONFIDENTIAL Embassy Astana', []], ['C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', 'S E C R E T SECTION 01 OF 02 ASTANA 002318 '], ['ZNY CCCCC ZZH', 'ZNY SSSSS ZZH'], ["3.  (C)  Nazarbayev reiterated Kazakhstan's multi-vector foreign ", "3.  (S)  Nazarbayev reiterated Kazakhstan's multi-vector foreign "]],
  },
  // An apostrophe as a comma, a quotation as & … 8 over two lines; real commas, R&D, G8, F/A-18 and an unclosed & stay quiet.
  'transmission-damage': {
    fires: [
      ["3.  (C)  Nazarbayev reiterated Kazakhstan's multi-vector foreign ", '3.  (C)  Nazarbayev reiterated Kazakhstan⟦,⟧s multi-vector foreign '],
      ['policy, saying that "Russia has always been and remains Kazakhstan\'s ', "policy, saying that ⟦&Russia has always been and remains Kazakhstan's "],
      ['reliable ally, economic partner, and good neighbor." ', 'reliable ally, economic partner, and good neighbor.8⟧ '],
    ],
    quiet: [['priorities.  END COMMENT. ', 'priorities, R&D, the G8 and (1.4 b,d) Syria, s &F/A-18 jets.  END COMMENT. ']],
  },
  'cable-as-csv-row': { fires: '⟦12,11/24/2008 10:54,08ASTANA2318,"Embassy Astana",CONFIDENTIAL,,"O 241054Z NOV 08⟧\nFM AMEMBASSY ASTANA\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 3923","C O N F I D E N T I A L ASTANA 002318\n\n1. (C) Text.\n\nHOAGLAND"\n', quiet: [] },
};

const reported = (doc: CableDocument, rule: string) => checkDocument(doc).filter((p) => p.rule.name === rule).map((p) => p.range);

describe('every rule, on a fixture that holds its fault', () => {
  for (const [rule, f] of Object.entries(FIXTURES)) {
    it(`${rule} fires exactly where the markers say`, () => {
      const { text, ranges } = unmark(build(f.fires));
      expect(ranges.length).toBeGreaterThan(0);
      expect(reported(parseCable(text), rule)).toEqual(ranges);
    });
    it(`${rule} stays quiet on its near miss`, () => {
      expect(reported(parseCable(build(f.quiet)), rule)).toEqual([]);
    });
  }

  it('covers every rule', () => {
    const covered = new Set([...Object.keys(FIXTURES), 'malformed', 'internal-error']);
    expect(RULES.filter((r) => !covered.has(r.name)).map((r) => r.name)).toEqual([]);
  });
});

describe('the two rules about Cable Text itself', () => {
  const doc = parseCable(CLEAN);

  it('malformed reports a parser finding no rule claims, and nothing on a clean cable', () => {
    expect(reported(doc, 'malformed')).toEqual([]);
    const at: Range = { start: { line: 3, character: 0 }, end: { line: 3, character: 5 } };
    const odd = { ...doc, problems: [{ kind: 'something-new', range: at, message: 'a finding of a new kind' }] } as unknown as CableDocument;
    expect(checkDocument(odd).filter((p) => p.rule.name === 'malformed').map((p) => [p.range, p.message])).toEqual([[at, 'a finding of a new kind']]);
  });

  it("internal-error reports a rule that throws, as Cable Text's error, and the other rules still run", () => {
    // A cable whose paragraphs are not a list makes every paragraph rule throw.
    const broken = { ...doc, cables: [{ ...doc.cables[0]!, body: { ...doc.cables[0]!.body, paragraphs: null } }] } as unknown as CableDocument;
    const failures: string[] = [];
    const ps = checkDocument(broken, { onRuleError: (rule) => failures.push(rule) });
    const internal = ps.filter((p) => p.rule.name === 'internal-error');
    expect(internal.length).toBeGreaterThan(0);
    expect(internal.every((p) => p.severity === 'error' && /^Internal error in rule [a-z-]+ \(CBL\d{3}\)/.test(p.message))).toBe(true);
    expect(failures).toContain('paragraph-numbering');
    // Rules that do not read paragraphs are untouched.
    expect(ps.some((p) => p.rule.name === 'page-marker-in-paragraph')).toBe(true);
  });

  it('a rule may take report out of its context and call it alone (the rules share one context)', () => {
    const base = RULES.find((r) => r.scope === 'cable')!;
    const at: Range = { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } };
    const alone = { ...base, check: (_cable: unknown, ctx: { report: (r: Range, m: string) => void }) => {
      const { report } = ctx;
      report(at, 'reported alone');
    } } as unknown as (typeof RULES)[number];
    const second = { ...base, name: 'second', check: (_cable: unknown, ctx: { report: (r: Range, m: string) => void }) => ctx.report(at, 'by the second') } as unknown as (typeof RULES)[number];
    const ps = checkCableScope(doc, doc.cables[0]!, [{ rule: alone, severity: 'warning' }, { rule: second, severity: 'error' }]);
    expect(ps.map((p) => [p.rule.name, p.severity, p.message])).toEqual([
      [base.name, 'warning', 'reported alone'],
      ['second', 'error', 'by the second'],
    ]);
  });

  it("internal-error reports the parser's last-resort catch", () => {
    const crashed = { ...doc, cables: [], problems: [{ kind: 'internal-error', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: 'Internal error in the parser: boom' }] } as unknown as CableDocument;
    expect(checkDocument(crashed).map((p) => [p.rule.name, p.message])).toEqual([['internal-error', 'Internal error in the parser: boom']]);
  });
});

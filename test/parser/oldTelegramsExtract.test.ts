/**
 * Minimal extracts of real cables (00HARARE6677, 90CAPETOWN97, 09BRASILIA952, 05ANKARA7215), so
 * that the old page headers and the transmission damage are tested where ../shared is absent
 * too: what the parser reads, what the fix writes, and that the fix keeps every word.
 */
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { fixText } from '../../server/src/service/codeActions/fixAll';
import { checkWordsInvariant } from '../diagnostics/wordsInvariant';

// 00HARARE6677 (2010 rendering): the subject across page 2's header, a page foot glued to a
// paragraph's line, paragraph 11 glued onto page 3's header.
const HARARE = [
  'Reference ID Created Released Classification Origin',
  '00HARARE6677 2000-11-29 13:01 2010-12-08 21:09 CONFIDENTIAL Embassy Harare',
  '',
  'C O N F I D E N T I A L SECTION 01 OF 03 HARARE 006677 ',
  'SIPDIS ',
  'EO 12958 DECL: 11/29/10 ',
  'TAGS PGOV, PREL, ECON, PINR, ZI, SA ',
  'SUBJECT: ASSISTANT SECRETARY MEETS WITH ZIMBABWE ',
  ' CONFIDENTIAL',
  'PAGE 02 HARARE 06677 01 OF 03 291400Z OPPOSITION LEADER',
  'REFTEL: HARARE 6584',
  'CLASSIFIED BY AMBASSADOR TOM MCDONALD FOR REASONS 1.5 (B) AND (D).',
  '¶10. (C) THE ASSISTANT SECRETARY ASKED THE MDC LEADER ABOUT THE ROLE REGIONAL LEADERS COULD PLAY. TSVANGIRAI STATED THAT AFTER INITIALLY  CONFIDENTIAL',
  'PAGE 04 HARARE 06677 02 OF 03 291401Z SHOWING AMBIVALENCE TOWARD ZIMBABWE, MBEKI HAS STARTED TO TALK MORE FIRMLY.',
  ' CONFIDENTIAL',
  'PAGE 03 HARARE 06677 03 OF 03 291401Z 11. (C) COMMENT: TSVANGIRAI WAS FRANK, CONFIDENT AND RELAXED. END COMMENT.',
  '¶12. (U) A/S RICE HAS CLEARED THIS MESSAGE.',
  'MCDONALD',
  ' CONFIDENTIAL',
  '',
].join('\n');

// 90CAPETOWN97 (1990): a page break inside a paragraph, with the foot and head of the page.
const CAPETOWN = [
  'C O N F I D E N T I A L SECTION 01 OF 03 CAPE TOWN 00097 ',
  ' ',
  'SUBJ:  ESSA MOOSA TALKS ABOUT MANDELA AND OTHER TOPICS ',
  ' ',
  '2.  ATTORNEY ESSA MOOSA SAYS THE LIFTING OF THE STATE OF EMERGENCY, ',
  'THE RETURN OF POLITICAL EXILES TO SOUTH AFRICA, AND THE ',
  'CONFIDENTIAL ',
  ' ',
  'CONFIDENTIAL ',
  ' ',
  'PAGE 02        CAPE T  00097  01 OF 03  182017Z ',
  ' ',
  'RELEASE OF SEVERAL POLITICAL PRISONERS INCLUDING MANDELA ',
  'HIMSELF. ',
  ' ',
  '3.  THE SAG IS CONCERNED OVER ANC RELATIONS WITH THE SACP. ',
  '',
].join('\n');

describe('old page headers (extracts of 00HARARE6677 and 90CAPETOWN97)', () => {
  it('reads the subject, REF, Classified By and paragraph 11 through the headers', () => {
    const c = parseCable(HARARE).cables[0]!;
    expect(c.subject?.text).toBe('ASSISTANT SECRETARY MEETS WITH ZIMBABWE OPPOSITION LEADER');
    expect(c.refs?.entries[0]?.text).toBe('HARARE 6584');
    expect(c.classifiedBy).toBeDefined();
    expect(c.body.paragraphs.map((p) => p.number?.value)).toEqual([10, 11, 12]);
    expect(c.body.paragraphs[1]!.firstWords).toMatch(/^COMMENT: TSVANGIRAI/);
    const markers = c.body.pageMarkers;
    expect(markers.map((m) => [m.page, m.section?.number, m.section?.total, m.text])).toEqual([
      [2, 1, 3, 'PAGE 02 HARARE 06677 01 OF 03 291400Z'],
      [4, 2, 3, 'PAGE 04 HARARE 06677 02 OF 03 291401Z'],
      [3, 3, 3, 'PAGE 03 HARARE 06677 03 OF 03 291401Z'],
    ]);
    expect(markers.map((m) => m.classification?.length)).toEqual([1, 1, 1]);
    expect(markers.map((m) => m.insideParagraph)).toEqual([true, true, false]);
  });

  it('the fix removes the headers whole and rejoins the text; every word kept', () => {
    const fixed = fixText(HARARE).text;
    expect(fixed).toBe(
      HARARE.replace('ZIMBABWE \n CONFIDENTIAL\nPAGE 02 HARARE 06677 01 OF 03 291400Z OPPOSITION', 'ZIMBABWE OPPOSITION')
        .replace('INITIALLY  CONFIDENTIAL\nPAGE 04 HARARE 06677 02 OF 03 291401Z SHOWING', 'INITIALLY SHOWING')
        .replace(' CONFIDENTIAL\nPAGE 03 HARARE 06677 03 OF 03 291401Z 11.', '11.'),
    );
    expect(checkWordsInvariant('HARARE extract', HARARE).failures).toEqual([]);
  });

  it('a page break inside a paragraph: CAPE T, the classification lines, the halves joined', () => {
    const c = parseCable(CAPETOWN).cables[0]!;
    const m = c.body.pageMarkers[0]!;
    expect([m.post.text, m.serial.value, m.page, m.insideParagraph]).toEqual(['CAPE T', 97, 2, true]);
    expect(m.classification?.map((t) => t.range.start.line)).toEqual([6, 8]);
    expect(c.body.paragraphs.map((p) => p.number?.value)).toEqual([2, 3]);
    expect(fixText(CAPETOWN).text).toContain('AND THE \nRELEASE OF SEVERAL');
    expect(checkWordsInvariant('CAPETOWN extract', CAPETOWN).failures).toEqual([]);
  });

  it('a heading with SIPDIS between it and its rule (00HARARE6677 lines 47–53) is a section, and SIPDIS no paragraph', () => {
    const text = [
      'C O N F I D E N T I A L SECTION 01 OF 03 HARARE 006677 ',
      'SUBJECT: ASSISTANT SECRETARY MEETS WITH ZIMBABWE OPPOSITION LEADER',
      '',
      '¶2. (C) ON NOVEMBER 16, ASSISTANT SECRETARY SUSAN E. RICE, HER DELEGATION, AMBASSADOR MCDONALD, DCM, AND POLOFF (NOTETAKER) HAD A BREAKFAST MEETING WITH MDC PRESIDENT MORGAN TSVANGIRAI.',
      ' CONFIDENTIAL',
      'PAGE 03 HARARE 06677 01 OF 03 291400Z',
      '-------------------------------------',
      'TSVANGIRAI LOOKS INTO THE CRYSTAL BALL',
      'SIPDIS',
      '-------------------------------------',
      '',
      '¶3. (C) TSVANGIRAI BEGAN BY SAYING THAT THE MDC WAS READY.',
      '',
    ].join('\n');
    const body = parseCable(text).cables[0]!.body;
    expect(body.sections.map((s) => s.title)).toEqual(['TSVANGIRAI LOOKS INTO THE CRYSTAL BALL']);
    expect(body.paragraphs.map((p) => p.number?.value)).toEqual([2, 3]);
    expect(body.paragraphs[0]!.range.end.line).toBe(3);
  });

  it('a heading that ends in an abbreviation over its rule (06PARIS1031: OPENNESS TO THE U.S.) is a section; a capital line ending in a point without one stays text', () => {
    const lines = [
      'C O N F I D E N T I A L SECTION 01 OF 02 PARIS 001031 ',
      'SUBJECT: SEGOLENE ROYAL',
      '',
      '¶6. (C) Royal spoke in very general terms about what she stands for,',
      'rather on the expectations generated by a candidacy. ',
      '',
      'OPENNESS TO THE U.S. ',
      '-------------------- ',
      '',
      '¶7. (C) Though she did not dwell on foreign policy issues,',
      'Royal did make an effort to convey openness towards the U.S.',
      '',
    ];
    const body = parseCable(lines.join('\n')).cables[0]!.body;
    expect(body.sections.map((s) => s.title)).toEqual(['OPENNESS TO THE U.S.']);
    expect(body.paragraphs.map((p) => [p.number?.value, p.range.start.line, p.range.end.line])).toEqual([
      [6, 3, 4],
      [7, 9, 10],
    ]);
    // Without its rule, a line in capitals that ends in a point may be a sentence: it stays the paragraph's.
    const bare = parseCable(lines.filter((l) => !l.startsWith('---')).join('\n')).cables[0]!.body;
    expect(bare.sections).toEqual([]);
  });

  it('a heading broken over two lines, each over its own rule (06PARIS7424), is two headers, not text glued to the paragraph above; a redaction over a rule (05MADRID1324) stays text', () => {
    const lines = [
      'C O N F I D E N T I A L SECTION 01 OF 03 PARIS 007424 ',
      'SUBJECT: ROYAL WINS SOCIALIST NOMINATION',
      '',
      '¶4. (C) Royal\'s clear-cut victory in the first-round of the PS',
      'nearer. ',
      '',
      'FUSING HER POPULARITY (AND HER CURRENT ',
      '-------------------------------------- ',
      'ORGANIZATION) WITH HER PARTY ',
      '----------------------------- ',
      '',
      '¶5. (C) Royal\'s primary victory gives her allies in the PS',
      'unchallenged control of the party apparatus.',
      '',
    ];
    const body = parseCable(lines.join('\n')).cables[0]!.body;
    expect(body.sections.map((s) => s.title)).toEqual(['FUSING HER POPULARITY (AND HER CURRENT', 'ORGANIZATION) WITH HER PARTY']);
    expect(body.paragraphs.map((p) => [p.number?.value, p.range.start.line, p.range.end.line])).toEqual([
      [4, 3, 4],
      [5, 11, 12],
    ]);
    // The first half alone, its second line not a header (a sentence follows its rule), stays text.
    const half = parseCable(lines.map((l) => (l.startsWith('ORGANIZATION') ? 'organization) with her party, she said.' : l)).join('\n')).cables[0]!.body;
    expect(half.sections.map((s) => s.title)).not.toContain('FUSING HER POPULARITY (AND HER CURRENT');
    const redacted = [
      'C O N F I D E N T I A L MADRID 001324 ',
      'SUBJECT: DEPUTY SECRETARY\'S MEETING WITH FOREIGN MINISTER',
      '',
      'XXXXXXXXXXXX',
      '======================== ',
      'U.S.-SPAIN RELATIONS ',
      '======================== ',
      ' ',
      '¶6. (C) Moratinos said he looked forward to his mid-April',
      'visit to Washington.',
      '',
    ];
    const madrid = parseCable(redacted.join('\n')).cables[0]!.body;
    expect(madrid.sections.map((s) => s.title)).toEqual(['U.S.-SPAIN RELATIONS']);
    expect(madrid.redactions.map((r) => r.text)).toEqual(['XXXXXXXXXXXX']);
  });

  it('a line that only looks like a header stays text (PAGE 12 OF THE REPORT SAYS THAT THE MINISTER WAS WRONG)', () => {
    const c = parseCable('UNCLASSIFIED\n\n1. (U) The report:\nPAGE 12 OF THE REPORT SAYS THAT THE MINISTER WAS WRONG ABOUT IT.\n').cables[0]!;
    expect(c.body.pageMarkers).toEqual([]);
  });
});

describe('transmission damage (extracts of 09BRASILIA952 and 05ANKARA7215)', () => {
  const TEXT = [
    'UNCLASSIFIED',
    '',
    '1. (SBU) At a July 30 dinner for General Fraser, Brazil,s Air Force commander pulled the Ambassador aside. &We have been flying U.S. equipment for decades,8 he said, and the French can,t complain.',
    '',
    '2. (C) Classified by Ambassador Eric Edelman; reasons: 1.5 (b,d). Gul only felt like a &guest8 in AKP. The F/A-18 and the G8, R&D and &Syria, s stay.',
    '',
  ].join('\n');

  it('finds the damaged marks and nothing else', () => {
    const c = parseCable(TEXT).cables[0]!;
    expect(c.body.damage?.map((d) => [d.kind, d.text, d.repaired])).toEqual([
      ['apostrophe', ',', "'"],
      ['open-quote', '&', '"'],
      ['close-quote', '8', '"'],
      ['apostrophe', ',', "'"],
      ['open-quote', '&', '"'],
      ['close-quote', '8', '"'],
    ]);
  });

  it('the fix restores them and keeps every word', () => {
    const fixed = fixText(TEXT).text;
    expect(fixed).toContain('Brazil\'s Air Force commander pulled the Ambassador aside. "We have been flying U.S. equipment for decades," he said, and the French can\'t complain.');
    expect(fixed).toContain('reasons: 1.5 (b,d). Gul only felt like a "guest" in AKP. The F/A-18 and the G8, R&D and &Syria, s stay.');
    expect(checkWordsInvariant('damage extract', TEXT).failures).toEqual([]);
  });
});

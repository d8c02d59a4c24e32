/**
 * A cable behind a message-system printout (issue 15): the e-mail header is page text before the
 * cable, the system's banner and card are its printout header, the post's internal distribution is
 * read, and the routing block, banner, subject and text are the cable's.
 */
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { HAVE_SHARED, readCorpus } from './helpers';

const PRINTOUT = `Zenaida X Toledo  07/30/2008 04:04:14 PM  From  DB/Inbox:  Search
Results

Cable
Text:

S E C R E T        DOHA 00214
CXDOHA:
    ACTION: AMB
    INFO:   RSO RAO P/E OMC LEGATT DAO DCM

DISSEMINATION: AMB /1
APPROVED: AMB:JLABARON

VZCZCDOI550
RR RUEHC
DE RUEHDO #0214/01 0851341
ZNY SSSSS ZZH
R 261341Z MAR 09
FM AMEMBASSY DOHA
TO RUEHC/SECSTATE WASHDC 8904

S E C R E T SECTION 01 OF 05 DOHA 000214

E.O. 12958: DECL: 01/29/2019
TAGS: PTER, QA
SUBJECT: QATAR: A TEST

1. (S) The text.
LEBARON
`;

describe('a cable behind a message-system printout', () => {
  it('starts at its routing block and banner, with the e-mail header as page text before it', () => {
    const doc = parseCable(PRINTOUT);
    expect(doc.cables).toHaveLength(1);
    const c = doc.cables[0]!;
    expect(c.routing?.dtg?.dayTime.text).toBe('261341Z');
    expect(c.routing?.addressees.map((a) => a.name?.text)).toEqual(['SECSTATE WASHDC']);
    expect(c.banner?.range.start.line).toBe(22);
    expect(c.subject?.text).toBe('QATAR: A TEST');
    expect(c.body.paragraphs.map((p) => p.number?.value)).toEqual([1]);
    expect(c.body.signature?.text).toBe('LEBARON');
    expect(c.printout?.distribution.map((t) => t.text)).toEqual(['CXDOHA:', 'ACTION: AMB', 'INFO:   RSO RAO P/E OMC LEGATT DAO DCM', 'DISSEMINATION: AMB /1', 'APPROVED: AMB:JLABARON']);
    expect(c.printout?.header.map((t) => t.text)).toEqual(['S E C R E T        DOHA 00214']);
    const before = doc.outside.filter((o) => o.position === 'before').flatMap((o) => o.lines);
    expect(before.map((l) => [l.line, l.kind, l.what])).toEqual([
      [0, 'page', 'an e-mail printout header'],
      [1, 'page', 'an e-mail printout header'],
      [3, 'page', 'an e-mail printout header'],
      [4, 'page', 'an e-mail printout header'],
    ]);
  });
});

describe.skipIf(!HAVE_SHARED)('message-system printouts in the corpus', () => {
  it('09DOHA214: DTG, addressees, the cable banner, subject and paragraphs; the e-mail header is page text', () => {
    const doc = parseCable(readCorpus('09DOHA214.cable'));
    expect(doc.cables).toHaveLength(1);
    const c = doc.cables[0]!;
    expect(c.table?.referenceId?.text).toBe('09DOHA214');
    expect(c.routing?.dtg?.dayTime.text).toBe('261341Z');
    expect(c.routing?.addressees.length).toBe(8);
    expect(c.banner?.section?.number.value).toBe(1);
    expect(c.subject?.text).toBe('QATAR: 2009 CI/KR RESPONSE FOR S/CT');
    expect(c.body.paragraphs.filter((p) => p.number).length).toBeGreaterThan(15);
    expect(c.printout?.distribution[0]?.text).toBe('CXDOHA:');
    expect(doc.outside.flatMap((o) => o.lines).every((l) => l.kind === 'page')).toBe(true);
  });

  it('03ABUDHABI2641: the card gives way to the cable\'s own banner and subject after the routing block', () => {
    const doc = parseCable(readCorpus('03ABUDHABI2641.cable'));
    const c = doc.cables[0]!;
    expect(doc.cables).toHaveLength(1);
    expect(c.routing?.dtg?.dayTime.text).toBe('031250Z');
    expect(c.banner?.range.start.line).toBe(62);
    expect(c.subject?.range.start.line).toBeGreaterThan(62);
    expect(c.subject?.text).toMatch(/^UAE TO SUPPORT JORDAN OIL NEEDS/);
    expect(c.printout?.distribution.map((t) => t.text.split(':')[0])).toEqual(['CXABU', 'ACTION', 'INFO', 'DISSEMINATION', 'CHARGE', 'APPROVED', 'DRAFTED', 'CLEARED']);
    expect(c.body.signature?.text).toBe('WAHBA');
    expect(doc.outside.flatMap((o) => o.lines).map((l) => l.what)).toEqual(["an export's metadata", 'an e-mail printout header', 'an e-mail printout header', 'an e-mail printout header']);
  });

  it('10BRUSSELS183: the printout line after End Cable Text is page text after the cable', () => {
    const doc = parseCable(readCorpus('10BRUSSELS183.cable'));
    expect(doc.cables[0]!.body.signature?.text).toBe('MURRAY');
    expect(doc.outside.filter((o) => o.position === 'after').flatMap((o) => o.lines)[0]?.what).toBe('an e-mail printout header');
  });
});

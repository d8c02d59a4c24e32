import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCable, type Cable, type CableDocument } from '../../server/src/parser';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES, SEED, rangeProblems } from './helpers';

// samples/08ASTANA2318.cable is the seed byte for byte, so this suite runs on a fresh clone too.
const SAMPLE_SEED = join(SAMPLES, '08ASTANA2318.cable');

/** Line numbers below are 0-based, as the model counts them: the seed's line N+1 in an editor. */
describe('the seed (08ASTANA2318 copied off a web page)', () => {
  const text = readFileSync(SAMPLE_SEED, 'utf8');

  it.skipIf(!existsSync(SEED))('is what samples/ keeps', () => {
    expect(text).toBe(readFileSync(SEED, 'utf8'));
  });
  const doc: CableDocument = parseCable(text);
  const cable: Cable = doc.cables[0]!;
  const line = (n: number) => doc.lines[n]!;
  const at = (n: number, s: string) => ({ start: { line: n, character: line(n).indexOf(s) }, end: { line: n, character: line(n).indexOf(s) + s.length } });

  it('finds one cable, with the web page text before and after it set apart', () => {
    expect(doc.cables).toHaveLength(1);
    expect(doc.binary).toBe(false);
    expect(doc.outside.map((o) => [o.position, o.range.start.line, o.range.end.line])).toEqual([
      ['before', 0, 6],
      ['after', 225, doc.lines.length - 1],
    ]);
    expect(line(0)).toMatch(/^08ASTANA2318, PRESIDENT/);
    expect(line(225)).toBe('Wikileaks');
    expect(cable.range.start.line).toBe(7);
    expect(cable.range.end.line).toBe(223);
  });

  it('reads the WikiLeaks table', () => {
    const t = cable.table!;
    expect(t.referenceId).toMatchObject({ text: '08ASTANA2318', year: 2008, post: 'ASTANA', serial: 2318, range: at(8, '08ASTANA2318') });
    expect(t.created).toMatchObject({ text: '2008-11-24 10:54', iso: '2008-11-24T10:54:00Z' });
    expect(t.released).toMatchObject({ text: '2011-08-30 01:44', iso: '2011-08-30T01:44:00Z' });
    expect(t.classification).toMatchObject({ text: 'UNCLASSIFIED//FOR OFFICIAL USE ONLY', level: 'U' });
    expect(t.origin).toMatchObject({ text: 'Embassy Astana', range: at(8, 'Embassy Astana') });
  });

  it('reads the start of message and the delivery lines', () => {
    const r = cable.routing!;
    expect(r.start).toMatchObject({ marker: { text: 'VZCZC' }, transmissionId: { text: 'XRO7869' }, channel: 'XRO', channelSerial: '7869' });
    expect(r.delivery).toHaveLength(3);
    expect(r.delivery[0]!.precedence).toMatchObject({ text: 'OO', code: 'O' });
    const indicators = r.delivery.flatMap((d) => d.indicators.map((i) => i.text));
    // Counted by hand from the seed's three delivery lines: 9 + 9 + 3.
    expect(indicators).toHaveLength(21);
    expect(indicators.slice(0, 3)).toEqual(['RUEHAG', 'RUEHAST', 'RUEHBI']);
    expect(indicators.at(-1)).toBe('RUEHYG');
    expect(r.delivery[1]!.indicators[4]).toMatchObject({ text: 'RUEHNEH', range: at(12, 'RUEHNEH') });
  });

  it('reads the DE line, the security line and the date-time group', () => {
    const r = cable.routing!;
    expect(r.de).toMatchObject({
      station: { text: 'RUEHTA', range: at(14, 'RUEHTA') },
      serial: { text: '#2318', value: 2318, range: at(14, '#2318') },
      section: { text: '/01', value: 1 },
      julianDay: { text: '329', value: 329 },
      time: { text: '1054', value: 10 * 60 + 54 },
    });
    expect(r.security).toMatchObject({ keyword: { text: 'ZNR' }, letters: { text: 'UUUUU', level: 'U', efto: false } });
    expect(r.security!.signals.map((s) => s.text)).toEqual(['ZZH']);
    expect(r.dtg).toMatchObject({
      precedence: { text: 'O', code: 'O' },
      dayTime: { text: '241054Z', range: at(16, '241054Z') },
      day: 24,
      hour: 10,
      minute: 54,
      zulu: true,
      month: { text: 'NOV', value: 11 },
      year: { text: '08', value: 2008 },
      iso: '2008-11-24T10:54:00Z',
    });
    expect(r.from).toMatchObject({ name: { text: 'AMEMBASSY ASTANA' } });
  });

  it('reads every addressee with its indicator, name, precedence and control number', () => {
    const a = cable.routing!.addressees;
    expect(a).toHaveLength(14);
    expect(a[0]).toMatchObject({
      kind: 'TO',
      keyword: { text: 'TO' },
      routingIndicator: { text: 'RUEHC', range: at(18, 'RUEHC') },
      name: { text: 'SECSTATE WASHDC' },
      precedence: { text: 'IMMEDIATE' },
      controlNumber: { text: '3923' },
    });
    expect(a[1]).toMatchObject({ kind: 'INFO', routingIndicator: { text: 'RUCNCIS' }, name: { text: 'CIS COLLECTIVE' }, controlNumber: { text: '0841' } });
    expect(a[2]).toMatchObject({ kind: 'INFO', name: { text: 'SOUTH AND CENTRAL ASIA COLLECTIVE' } });
    expect(a[2]!.keyword).toBeUndefined();
    expect(a[2]!.controlNumber).toBeUndefined();
    expect(a[13]).toMatchObject({ kind: 'INFO', routingIndicator: { text: 'RHMFIUU' }, name: { text: 'CDR USCENTCOM MACDILL AFB FL' } });
    expect(a.filter((x) => x.kind === 'TO')).toHaveLength(1);
  });

  it('reads the banner, captions and office line', () => {
    expect(cable.banner).toMatchObject({
      classification: { text: 'UNCLAS', level: 'U', letterSpaced: false },
      section: { number: { value: 1 }, total: { value: 3 } },
      post: { text: 'ASTANA' },
      serial: { text: '002318', value: 2318 },
    });
    expect(cable.captions.map((c) => c.text)).toEqual(['SENSITIVE', 'SIPDIS']);
    expect(cable.officeLines.map((c) => c.text)).toEqual(['STATE FOR SCA/CEN, EUR/PRA, DRL']);
  });

  it('reads the subject block', () => {
    expect(cable.eo).toMatchObject({ label: { text: 'E.O.' }, order: { text: '12958' }, decl: { text: 'N/A' } });
    expect(cable.tags!.codes.map((c) => c.text)).toEqual(['PREL', 'PGOV', 'PHUM', 'ECON', 'KDEM', 'OSCE', 'KZ']);
    expect(cable.tags!.codes[6]!.range).toEqual(at(41, 'KZ'));
    expect(cable.subject!.text).toBe('PRESIDENT NAZARBAYEV CALLS FOR GREATER INTERNATIONAL ROLE, CRITICIZES OSCE');
    expect(cable.subject!.parts).toHaveLength(2);
    expect(cable.refs).toBeUndefined();
    expect(cable.classifiedBy).toBeUndefined();
    expect(cable.subjectBlockRange).toEqual({ start: { line: 40, character: 0 }, end: { line: 43, character: 15 } });
  });

  it('reads ten paragraphs with their numbers, markings, ranges and sections', () => {
    const p = cable.body.paragraphs;
    expect(p.map((x) => x.number?.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(p.map((x) => x.marking?.text)).toEqual(['(U)', ...Array(9).fill('(SBU)')]);
    expect(p.every((x) => x.marking!.valid)).toBe(true);
    expect(p[4]).toMatchObject({ startLine: 113, endLine: 126, firstWords: expect.stringMatching(/^Nazarbayev noted that the current/) });
    expect(line(126)).toMatch(/^plan for economic stabilization/);
    expect(p[2]!.items.filter((i) => i.kind === 'bullet')).toHaveLength(8);
    expect(cable.body.sections.map((s) => s.title)).toEqual([
      '"NEW CONCEPT" FOR FOREIGN POLICY',
      '"A WORTHY PARTNER OF GEOPOLITICAL PLAYERS"',
      'ECONOMIC SLOWDOWN IS A NATURAL CYCLE',
      'THE MULTIVECTOR POLICY, WITH A STRESS ON UNITED STATES',
      'OSCE TOO FOCUSED ON THE HUMAN DIMENSION',
    ]);
    expect(p.map((x) => x.section)).toEqual([undefined, undefined, 0, 1, 2, 3, 3, 4, 4, 4]);
  });

  it('reads both page markers, which fall inside paragraphs 5 and 9', () => {
    const m = cable.body.pageMarkers;
    expect(m.map((x) => [x.text, x.page, x.total, x.insideParagraph, x.post.text, x.serial.value])).toEqual([
      ['ASTANA 00002318  002 OF 003', 2, 3, true, 'ASTANA', 2318],
      ['ASTANA 00002318  003 OF 003', 3, 3, true, 'ASTANA', 2318],
    ]);
    // The repair removes the marker and the blank lines around it, joining the paragraph's halves.
    expect(m[0]).toMatchObject({ removal: { startLine: 121, endLine: 124 }, joinBefore: 120, joinAfter: 125 });
    expect(line(120)).toMatch(/Nazarbayev\s*$/);
    expect(line(125)).toMatch(/^praised the government/);
  });

  it('reads the summary and comment blocks and the signature', () => {
    const b = cable.body.blocks.map((x) => [x.kind, x.open.text, x.close?.text, x.range.start.line, x.range.end.line]);
    expect(b).toEqual([
      ['summary', 'SUMMARY:', 'END SUMMARY', 48, 64],
      ['comment', 'COMMENT:', 'END COMMENT', 198, 207],
      ['comment', 'COMMENT:', 'END COMMENT', 209, 221],
    ]);
    expect(cable.body.signature).toMatchObject({ text: 'HOAGLAND', range: at(223, 'HOAGLAND') });
    expect(doc.problems).toEqual([]);
  });

  it('gives every element a range inside the document that covers its text', () => {
    expect(rangeProblems(doc)).toEqual([]);
  });

  it('gives the same model for CRLF line endings and a BOM', () => {
    const crlf = parseCable('\ufeff' + text.replace(/\n/g, '\r\n'));
    expect(crlf.bom).toBe(true);
    expect(crlf.eol).toBe('\r\n');
    const strip = (d: CableDocument) => JSON.stringify({ ...d, eol: null, bom: null });
    expect(strip(crlf)).toBe(strip(doc));
  });
});

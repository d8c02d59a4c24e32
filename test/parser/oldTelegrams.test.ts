/**
 * Old telegrams (1966–2000) and their addressees, read from real cables of the corpus (issue 10):
 * page headers with and without their classification lines and with the next text glued on, a
 * section's repeated header, XMT exclusions, a page header on the TO line, a misspelt precedence.
 */
import { describe, expect, it } from 'vitest';
import { parseCable, type Cable, type CableDocument, type PageMarker } from '../../server/src/parser';
import { summarize } from '../../server/src/cli/summary';
import { fixText } from '../../server/src/service/codeActions/fixAll';
import { HAVE_SHARED, SHARED_MISSING, readCorpus } from './helpers';

if (!HAVE_SHARED) console.log(SHARED_MISSING);

function read(id: string): { doc: CableDocument; cable: Cable } {
  const doc = parseCable(readCorpus(`${id}.cable`));
  return { doc, cable: doc.cables[0]! };
}

/** The old page header on the line that starts with `start`. */
function headerAt(doc: CableDocument, cable: Cable, start: string): PageMarker {
  const line = doc.lines.findIndex((l) => l.startsWith(start));
  expect(line).toBeGreaterThanOrEqual(0);
  const m = cable.body.pageMarkers.find((x) => x.range.start.line === line);
  expect(m, start).toBeDefined();
  return m!;
}

describe.skipIf(!HAVE_SHARED)('old telegrams', () => {
  it('00HARARE6677: every page header found, the subject, REF, Classified By and the paragraphs read through them', () => {
    const { doc, cable } = read('00HARARE6677');
    const pageLines = doc.lines.flatMap((l, i) => (/^PAGE \d\d /.test(l.trim()) ? [i] : []));
    expect(pageLines).toHaveLength(11);
    const found = new Set([...cable.body.pageMarkers.map((m) => m.range.start.line), ...(cable.routing?.pageHeaders ?? []).map((t) => t.range.start.line)]);
    for (const l of pageLines) expect(found.has(l), doc.lines[l]).toBe(true);
    expect(cable.body.pageMarkers.every((m) => m.kind === 'page-header' && m.post.text === 'HARARE' && m.serial.value === 6677 && m.total === 0)).toBe(true);

    expect(cable.subject?.text).toBe('ASSISTANT SECRETARY MEETS WITH ZIMBABWE OPPOSITION LEADER');
    expect(cable.refs?.entries.map((e) => e.text)).toEqual(['HARARE 6584']);
    expect(cable.classifiedBy?.classifier?.text).toBe('AMBASSADOR TOM MCDONALD');

    const numbers = cable.body.paragraphs.flatMap((p) => (p.number ? [p.number.value] : []));
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const p11 = cable.body.paragraphs.find((p) => p.number?.value === 11)!;
    expect(p11.marking?.text).toBe('(C)');
    expect(p11.firstWords).toMatch(/^COMMENT: TSVANGIRAI WAS FRANK/);
    // The outline names no paragraph by header debris.
    for (const p of cable.body.paragraphs) expect(p.firstWords).not.toMatch(/PAGE \d\d|^CONFIDENTIAL/);
  });

  it('00HARARE6677: a header with the text glued on, its classification line, its section; a section\'s repeated header', () => {
    const { doc, cable } = read('00HARARE6677');
    const m = headerAt(doc, cable, 'PAGE 02 HARARE 06677 01 OF 03 291400Z OPPOSITION LEADER');
    expect(m.text).toBe('PAGE 02 HARARE 06677 01 OF 03 291400Z');
    expect(m.page).toBe(2);
    expect(m.section).toEqual({ number: 1, total: 3 });
    expect(doc.lines[m.gluedText!.line]!.slice(m.gluedText!.character)).toBe('OPPOSITION LEADER');
    expect(m.classification?.map((t) => t.text)).toEqual(['CONFIDENTIAL']);

    const glued = headerAt(doc, cable, 'PAGE 04 HARARE 06677 02 OF 03');
    // `…AFTER INITIALLY  CONFIDENTIAL` / `PAGE 04 …`: the page's classification run onto the line above.
    expect(glued.classification?.[0]?.range.start.line).toBe(glued.range.start.line - 1);
    expect(glued.insideParagraph).toBe(true);

    const first = headerAt(doc, cable, 'PAGE 01 HARARE 06677 02 OF 03 291401Z ACTION AF-00');
    expect(first.classification?.map((t) => t.text)).toEqual(['CONFIDENTIAL', 'CONFIDENTIAL PTQ1865']);
    expect(first.repeatedHeader).toBeDefined();
    const repeated = doc.lines.slice(first.repeatedHeader!.startLine, first.repeatedHeader!.endLine + 1).join('\n');
    expect(repeated).toContain('C O N F I D E N T I A L SECTION 02 OF 03 HARARE 006677');
    expect(repeated).toMatch(/OPPOSITION LEADER$/);
    // Paragraph 5 reads on through the repeated header to `THERE WILL BE “NOTHING TO VOTE FOR”`.
    const p5 = cable.body.paragraphs.find((p) => p.number?.value === 5)!;
    expect(doc.lines[p5.endLine]).toMatch(/^THERE WILL BE/);
  });

  it('00HARARE6677: the fix removes every header whole, rejoins the glued text and leaves no CONFIDENTIAL debris', () => {
    const fixed = fixText(readCorpus('00HARARE6677.cable')).text;
    const lines = fixed.split('\n');
    const banner = lines.findIndex((l) => l.startsWith('C O N F I D E N T I A L SECTION 01'));
    const text = lines.slice(banner);
    expect(text.filter((l) => /^PAGE \d\d /.test(l))).toEqual([]);
    // Only the last line, the telegram's own foot after the signer, still says CONFIDENTIAL alone.
    expect(text.filter((l) => /^\s*CONFIDENTIAL(?: PTQ\d+)?\s*$/.test(l))).toEqual([' CONFIDENTIAL']);
    expect(text.filter((l) => l.trim()).slice(-2)).toEqual([' CONFIDENTIAL', '>']);
    expect(fixed).toContain('SUBJECT: ASSISTANT SECRETARY MEETS WITH ZIMBABWE OPPOSITION LEADER\n');
    expect(fixed).toContain('TSVANGIRAI STATED THAT AFTER INITIALLY SHOWING AMBIVALENCE TOWARD ZIMBABWE');
    expect(fixed).toContain('\n11. (C) COMMENT: TSVANGIRAI WAS FRANK');
    expect(fixed).not.toMatch(/\S {2,}CONFIDENTIAL\n/);
  });

  it('90CAPETOWN97: a post of two words (CAPE T), the classification lines and blank lines of the page break', () => {
    const { doc, cable } = read('90CAPETOWN97');
    const m = headerAt(doc, cable, 'PAGE 02        CAPE T');
    expect(m.post.text).toBe('CAPE T');
    expect(m.serial.value).toBe(97);
    expect(m.section).toEqual({ number: 1, total: 3 });
    expect(m.classification?.map((t) => t.text)).toEqual(['CONFIDENTIAL', 'CONFIDENTIAL']);
    expect(m.insideParagraph).toBe(true);
    // A lone `-` separates paragraphs: 3, 6 and 8 are paragraphs of their own.
    expect(cable.body.paragraphs.map((p) => p.number?.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    const fixed = fixText(readCorpus('90CAPETOWN97.cable')).text;
    expect(fixed).toContain('RETURN OF POLITICAL EXILES TO SOUTH AFRICA, AND THE \nRELEASE OF SEVERAL POLITICAL PRISONERS');
  });

  it('01VATICAN1261: a header without a section (PAGE 02 VATICA 01261 061419Z)', () => {
    const { doc, cable } = read('01VATICAN1261');
    const m = headerAt(doc, cable, 'PAGE 02 VATICA 01261 061419Z');
    expect(m.post.text).toBe('VATICA');
    expect(m.section).toBeUndefined();
    expect(m.gluedText).toBeUndefined();
    expect(m.classification?.map((t) => t.text)).toEqual(['CONFIDENTIAL']);
  });

  it('00HARARE5461: the classification glued to the line above goes with the header; the halves of the sentence meet', () => {
    const fixed = fixText(readCorpus('00HARARE5461.cable')).text;
    // In the header too: `REF: HARARE 5346  CONFIDENTIAL` / `PAGE 02 HARARE 05461 01 OF 02 271458Z`.
    expect(fixed).toContain('REF: HARARE 5346\n\nCLASSIFIED BY DCM EARL IRVING');
    expect(fixed).toContain('THE CHALLENGE, XXXXXXXXXXXX SAID, IS CONVINCING ZANU-PF AND THE MDC');
  });
});

describe.skipIf(!HAVE_SHARED)('old page headers inside the header', () => {
  it('02ROME1196: a REF block read on through a page header is one line again after the fix', () => {
    const { doc, cable } = read('02ROME1196');
    const m = headerAt(doc, cable, 'PAGE 02 ROME 01196 01 OF 02 082030Z');
    expect(m.classification?.map((t) => t.text)).toEqual(['CONFIDENTIAL']);
    expect(m.insideParagraph).toBe(true);
    expect(cable.refs?.entries.map((e) => e.label)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(fixText(readCorpus('02ROME1196.cable')).text).toContain('REF: A. STATE 40721 B. ROME 1098  C. ROME 894');
  });
});

describe.skipIf(!HAVE_SHARED)('addressees', () => {
  it('09STATE15113: a page header on the TO line is no addressee', () => {
    const { cable } = read('09STATE15113');
    expect(cable.routing?.addressees.map((a) => a.name?.text)).toEqual(['ALL DIPLOMATIC POSTS COLLECTIVE', 'AMEMBASSY TRIPOLI']);
    expect(cable.routing?.pageHeaders.map((t) => t.text)).toEqual(['PAGE 02        STATE   015113  182333Z']);
  });

  it('09STATE63860: XMT names an exclusion from the collective, which cable parse keeps apart from the recipients', () => {
    const text = readCorpus('09STATE63860.cable');
    const { cable } = read('09STATE63860');
    expect(cable.routing?.addressees.filter((a) => a.kind === 'XMT').map((a) => a.name?.text)).toContain('AMCONSUL JOHANNESBURG');
    const s = summarize('09STATE63860.cable', parseCable(text));
    expect(s.addressees.map((a) => a.name)).toEqual(['SECURITY OFFICER COLLECTIVE', 'AMEMBASSY TRIPOLI', 'AMCONSUL CASABLANCA']);
    expect(s.addressees.every((a) => a.kind !== 'XMT')).toBe(true);
    expect(s.exclusions[0]).toEqual({ routingIndicator: null, name: 'AMCONSUL JOHANNESBURG', line: 23 });
  });

  it('09BAKU179: a misspelt precedence (PIORITY) and a trailing control number are read as such', () => {
    const { cable } = read('09BAKU179');
    const delhi = cable.routing?.addressees.find((a) => a.name?.text === 'AMEMBASSY NEW DELHI');
    expect(delhi?.precedence?.text).toBe('PIORITY');
    const state = cable.routing?.addressees.find((a) => a.name?.text === 'SECSTATE WASHDC');
    expect(state?.controlNumber?.text).toBe('0872');
  });
});

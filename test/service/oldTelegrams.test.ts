/**
 * An old telegram in the editor (issue 10): its page headers hovered and folded away, its
 * distribution lines, downgrading group and declassification schedule hovered, an XMT exclusion
 * said to be one. From real cables of the corpus.
 */
import { describe, expect, it } from 'vitest';
import { HAS_SHARED, NOT_CANCELLED, corpusDoc, hoverText, posOf, service } from './helpers';

describe.skipIf(!HAS_SHARED)('an old telegram in the editor', () => {
  const svc = service();
  const hover = (id: string, needle: string, offset = 0, nth = 0) => {
    const doc = corpusDoc(id);
    return hoverText(svc, doc, posOf(doc, needle, offset, nth));
  };

  it('hovers an old page header as where it stands: page 2 of section 1 of 3 (also on its classification line, and inside the subject)', () => {
    const h = hover('00HARARE6677', 'PAGE 02 HARARE 06677 01 OF 03', 1);
    expect(h).toContain('**Old page header** — page 2 of section 1 of 3 of HARARE 6677');
    expect(h).toContain('not part of the text');
    expect(h).toContain('It falls inside the subject');
    expect(hover('00HARARE6677', ' CONFIDENTIAL PTQ1865', 3)).toContain('page 1 of section 2 of 3 of HARARE 6677');
    expect(hover('00HARARE6677', ' CONFIDENTIAL PTQ1865', 3)).toContain('the telegram\'s header is repeated after it');
    expect(hover('00HARARE6677', 'PAGE 01        HARARE', 1)).toContain('page 1 of section 1 of 3 of HARARE 6677');
  });

  it('folds a page header away with its classification lines, and a section\'s repeated header', () => {
    const doc = corpusDoc('00HARARE6677');
    const lines = doc.getText().split('\n');
    const folds = svc.getFoldingRanges(doc, NOT_CANCELLED);
    const page3 = lines.findIndex((l) => l.startsWith('PAGE 03 HARARE 06677 01 OF 03'));
    expect(folds).toContainEqual({ startLine: page3 - 1, endLine: page3, kind: 'comment' });
    const sec2 = lines.findIndex((l) => l.startsWith('PAGE 01 HARARE 06677 02 OF 03'));
    const sec2page2 = lines.findIndex((l) => l.startsWith('PAGE 02 HARARE 06677 02 OF 03'));
    expect(folds).toContainEqual({ startLine: sec2 - 2, endLine: sec2page2, kind: 'comment' });
  });

  it('hovers the distribution lines: the action office, an office and its copies, the total', () => {
    expect(hover('00HARARE6677', 'ACTION AF-00', 1)).toContain('**ACTION** — the office that acts on the telegram');
    const af = hover('90CAPETOWN97', 'ACTION AF-00', 8);
    expect(af).toContain('**AF-00** — office **AF** (Bureau of African Affairs), 0 copies');
    expect(hover('90CAPETOWN97', 'INR-05', 1)).toContain('**INR-05** — office **INR** (Bureau of Intelligence and Research), 5 copies');
    expect(hover('90CAPETOWN97', '/037 W', 1)).toContain('the total of copies the distribution lists (37)');
    // Glued onto a section's first page header, and in its repeated header in the text too.
    expect(hover('00HARARE6677', 'ACTION AF-00', 8, 1)).toContain('**AF-00** — office **AF** (Bureau of African Affairs), 0 copies');
    expect(hover('00HARARE6677', 'CEA-01', 1, 1)).toContain('**CEA-01** — office **CEA**, 1 copy');
  });

  it('hovers E.O. 11652: GDS, GP-3, QTE … UNQTE and RPT NOT', () => {
    expect(hover('75TEHRAN2069', 'GDS', 1)).toContain('**GDS** — "General Declassification Schedule" of E.O. 11652');
    expect(hover('75TEHRAN2069', 'E.O. 11652', 1)).toContain('Executive Order 11652');
    expect(hover('66BUENOSAIRES2481', 'GP-3', 1)).toContain('**GP-3** — downgrading group 3');
    expect(hover('75TEHRAN2069', 'QTE SHAMEFUL', 1)).toContain('**QTE** — quote');
    expect(hover('75TEHRAN2069', 'UNQTE BY', 1)).toContain('**UNQTE** — unquote');
    expect(hover('66BUENOSAIRES2481', 'RPT NOT', 1)).toContain('`RPT NOT`');
  });

  it('the reading view reads through the headers: glued text kept, header, classification and repeated header left out', () => {
    const html = svc.getReadingView(corpusDoc('00HARARE6677'), NOT_CANCELLED).html;
    expect(html).toContain('TSVANGIRAI STATED THAT AFTER INITIALLY SHOWING AMBIVALENCE TOWARD ZIMBABWE');
    expect(html).toContain('IF IT WAITS THAT LONG, THERE WILL BE “NOTHING TO VOTE FOR”');
    expect(html).toMatch(/COMMENT: TSVANGIRAI WAS FRANK/);
    expect(html).not.toMatch(/PAGE \d\d HARARE|PTQ18|INFO LOG-00|SECTION 02 OF 03/);
  });

  it('says an XMT addressee is excluded, not a recipient', () => {
    expect(hover('09STATE63860', 'XMT AMCONSUL JOHANNESBURG', 6)).toContain('excluded (XMT)');
    expect(hover('09STATE63860', 'XMT AMCONSUL JOHANNESBURG', 6)).toContain('not a recipient');
  });
});

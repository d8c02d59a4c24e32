import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../server/src/service/readingView';
import { HAS_SEED, NOT_CANCELLED, SEED, docFromFile, docFromText, service } from './helpers';

/** The text a reader sees: tags dropped, entities decoded. */
const visible = (html: string) =>
  html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe.skipIf(!HAS_SEED)('the reading view of the seed', () => {
  const svc = service();
  const doc = docFromFile(SEED);
  const view = svc.getReadingView(doc, NOT_CANCELLED);
  const card = view.html.slice(0, view.html.indexOf('</header>'));

  it('opens on a header card: subject, From, To with names, the date in words and ISO, classification, TAGS with meanings, signature', () => {
    expect(view.cables).toBe(1);
    expect(card).toContain('<h1>PRESIDENT NAZARBAYEV CALLS FOR GREATER INTERNATIONAL ROLE, CRITICIZES OSCE</h1>');
    const text = visible(card);
    expect(text).toContain('From AMEMBASSY ASTANA RUEHTA');
    expect(text).toContain('To SECSTATE WASHDC RUEHC');
    expect(text).toContain('13 addressees');
    expect(text).toContain('Date Monday 24 November 2008, 10:54 UTC 2008-11-24T10:54:00Z');
    expect(text).toContain('Classification UNCLASSIFIED//FOR OFFICIAL USE ONLY · SENSITIVE, SIPDIS');
    expect(text).toContain('PREL Political Affairs--External Political Relations');
    expect(text).toContain('KZ Kazakhstan');
    expect(text).toContain('Signature HOAGLAND');
  });

  it('shows the text with page markers left out and the split word whole, on screen only', () => {
    const text = visible(view.html);
    expect(text).toContain('has always been and remains Kazakhstan');
    expect(text).not.toMatch(/\brema\b/);
    expect(text).not.toContain('002 OF 003');
    expect(text).not.toContain('003 OF 003');
    // The file is untouched.
    expect(doc.getText()).toContain('and rema\n');
  });

  it('makes paragraph markings badges, section headers headings, the summary and comments set off, with the lines they come from', () => {
    expect(view.html).toContain('<p data-line="45" data-end="45"><span class="num">1</span><span class="marking level-U">U</span>Sensitive but unclassified.');
    expect(view.html).toContain('<h2 data-line="111">ECONOMIC SLOWDOWN IS A NATURAL CYCLE</h2>');
    expect(view.html).toMatch(/<p data-line="48" data-end="64" class="summary"><span class="block-label">Summary<\/span>/);
    expect(view.html).toMatch(/class="comment"/);
    const lines = [...view.html.matchAll(/data-line="(\d+)"/g)].map((m) => Number(m[1]));
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    expect(visible(view.html)).toContain('lines of web-page text around the cable left out');
  });
});

describe('the reading view elsewhere', () => {
  const svc = service();

  it('renders every cable of a multi-cable file, each with its card', () => {
    const one = 'Reference ID Created Released Classification Origin\n08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 UNCLASSIFIED Embassy Astana\n\nUNCLAS ASTANA 002318\n\nSUBJECT: FIRST\n\n1. (U) One.\n\nHOAGLAND\n';
    const two = one.replace(/08ASTANA2318/g, '08ASTANA2319').replace('002318', '002319').replace('FIRST', 'SECOND');
    const view = svc.getReadingView(docFromText(one + '\n' + two), NOT_CANCELLED);
    expect(view.cables).toBe(2);
    expect(view.html.match(/<article class="cable"/g)).toHaveLength(2);
    expect(view.html).toContain('<h1>FIRST</h1>');
    expect(view.html).toContain('<h1>SECOND</h1>');
    expect(view.html).toContain('Cable 2 of 2');
  });

  it.skipIf(!HAS_SEED)('links a REF entry to the cable of the workspace it names', async () => {
    const svc2 = service();
    const seed = docFromFile(SEED);
    svc2.documentChanged(seed);
    await svc2.whenIndexed();
    const citing = docFromText('UNCLAS ASTANA 002400\n\nSUBJECT: FOLLOW-UP\n\nREF: ASTANA 2318\n\n1. (U) As reported in reftel.\n');
    const html = svc2.getReadingView(citing, NOT_CANCELLED).html;
    expect(html).toContain(`data-open="${seed.uri}"`);
    expect(visible(html)).toContain('open 08ASTANA2318');
  });

  it('escapes what the file says, so a cable cannot inject markup into the view', () => {
    const view = svc.getReadingView(docFromText('UNCLAS ROME 000001\n\nSUBJECT: <img src=x onerror=alert(1)>\n\n1. (U) The <script>alert(1)</script> text & more.\n'), NOT_CANCELLED);
    expect(view.html).not.toContain('<script>');
    expect(view.html).not.toContain('<img');
    expect(view.html).toContain('&lt;script&gt;');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('answers empty text, binary data and cancellation with a message, never a throw', () => {
    expect(svc.getReadingView(docFromText(''), NOT_CANCELLED).html).toContain('No cable found');
    expect(svc.getReadingView(docFromText('\u0000\u0001\u0002'.repeat(400)), NOT_CANCELLED).html).toContain('not text');
    expect(svc.getReadingView(docFromText('UNCLAS ROME 000001\n\n1. (U) One.\n'), { isCancellationRequested: true }).html).toBe('');
  });
});

describe('the reading view of TAGS persons (issue 10)', () => {
  it('lists the people the TAGS name after the codes, as persons', () => {
    const svc = service();
    const doc = docFromText('UNCLAS ASTANA 002318\n\nE.O. 12958: N/A\nTAGS: OVIP (CLINTON, HILLARY) PREL KZ\nSUBJECT: TEST\n\n1. (U) Text.\n');
    const text = visible(svc.getReadingView(doc, NOT_CANCELLED).html);
    expect(text).toContain('CLINTON, HILLARY (person)');
    expect(text).not.toMatch(/HILLARY\)? \(not in the reference table\)/);
  });
});

/** An export of `n` small cables, each with its own reference ID and subject (CABLE 1 … CABLE n). */
function exportOf(n: number, paragraph = 'One.'): string {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    const serial = String(i).padStart(6, '0');
    out.push(`Reference ID Created Released Classification Origin\n08ASTANA${i} 2008-11-24 10:54 2011-08-30 01:44 UNCLASSIFIED Embassy Astana\n\nUNCLAS ASTANA ${serial}\n\nSUBJECT: CABLE ${i}\n\n1. (U) ${paragraph}\n\nHOAGLAND\n`);
  }
  return out.join('\n');
}

/** The subjects of the cables a view holds, in its order. */
const subjects = (html: string) => [...html.matchAll(/<h1>CABLE (\d+)<\/h1>/g)].map((m) => Number(m[1]));
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('the reading view of a large export (issue 9): a window of cables around the editor', () => {
  const svc = service();
  const doc = docFromText(exportOf(250));
  const starts = svc.getReadingView(doc, NOT_CANCELLED, 0);
  const lineOf = (k: number) => doc.getText().split('\n').indexOf(`SUBJECT: CABLE ${k}`);

  it('shows the first 100 cables at the start, says so at the top and the bottom, and gives the window', () => {
    const v = starts;
    expect(v.cables).toBe(250);
    expect(subjects(v.html)).toEqual(range(1, 100));
    expect(v.html.match(/<article class="cable"/g)).toHaveLength(100);
    expect(v.window).toEqual({ first: 0, last: 99, total: 250, startLine: 0, endLine: expect.any(Number) });
    const notes = [...v.html.matchAll(/<p class="window-note"[^>]*>([^<]*)<\/p>/g)].map((m) => m[1]!);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toBe('Cables 1–100 of 250. The reading view of a file this large shows 100 cables at a time, around the editor’s position: it moves as you scroll, here or in the editor.');
    expect(notes[1]).toBe('Cables 1–100 of 250. Cables 101–250 follow: scroll down to read on.');
    expect(v.html.startsWith('<div class="window-bar"')).toBe(true);
    expect(v.html.split('\n')[1]!.startsWith('<p class="window-note"')).toBe(true);
    expect(v.html.trimEnd().endsWith('</p>')).toBe(true);
    // The window ends where cable 100 ends, before cable 101 starts.
    expect(v.window!.endLine).toBeGreaterThanOrEqual(lineOf(100));
    expect(v.window!.endLine).toBeLessThan(lineOf(101));
  });

  it('centres the window on the cable at the line asked for, in the middle of the file', () => {
    const v = svc.getReadingView(doc, NOT_CANCELLED, lineOf(126) + 2);
    expect(subjects(v.html)).toEqual(range(77, 176));
    expect(v.window).toMatchObject({ first: 76, last: 175, total: 250 });
    expect(visible(v.html)).toContain('Cables 77–176 of 250. The reading view');
    expect(visible(v.html)).toContain('Cables 1–76 come before.');
    expect(visible(v.html)).toContain('Cables 177–250 follow');
    expect(visible(v.html)).toContain('Cable 126 of 250');
    // Every element's data-line is its line in the file: each cable's card stands on its table.
    const text = doc.getText().split('\n');
    for (const m of v.html.matchAll(/<header class="card" data-line="(\d+)">.*?<h1>CABLE (\d+)<\/h1>/g)) {
      expect(text[Number(m[1])]).toBe('Reference ID Created Released Classification Origin');
      expect(text[Number(m[1]) + 1]).toMatch(new RegExp(`^08ASTANA${m[2]} `));
    }
    const lines = [...v.html.matchAll(/data-line="(\d+)"/g)].map((m) => Number(m[1]));
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    // The top note stands on the line before the window (the end of cable 76), the bottom one on its last.
    expect(lines[0]).toBe(v.window!.startLine - 1);
    expect(lines[1]).toBe(v.window!.startLine);
    expect(lines.at(-1)).toBe(v.window!.endLine);
    expect(text[v.window!.startLine]).toBe('Reference ID Created Released Classification Origin');
    expect(text[v.window!.startLine + 1]).toMatch(/^08ASTANA77 /);
  });

  it('ends on the last cable at the end of the file, and takes a line past the end or before the start', () => {
    const last = svc.getReadingView(doc, NOT_CANCELLED, doc.lineCount - 1);
    expect(subjects(last.html)).toEqual(range(151, 250));
    expect(last.window).toMatchObject({ first: 150, last: 249, total: 250 });
    expect(visible(last.html)).toContain('Cables 151–250 of 250. This is the last cable of the file.');
    expect(svc.getReadingView(doc, NOT_CANCELLED, 1e9).html).toBe(last.html);
    expect(svc.getReadingView(doc, NOT_CANCELLED, -5).html).toBe(starts.html);
    // Old callers, who send no line, get the window at the start.
    expect(svc.getReadingView(doc, NOT_CANCELLED).html).toBe(starts.html);
  });

  it('writes the counts of a file of thousands of cables with separators', () => {
    const big = docFromText(exportOf(1234));
    const v = svc.getReadingView(big, NOT_CANCELLED, big.getText().split('\n').indexOf('SUBJECT: CABLE 1100'));
    expect(v.window).toMatchObject({ first: 1050, last: 1149, total: 1234 });
    expect(visible(v.html)).toContain('Cables 1,051–1,150 of 1,234.');
    expect(visible(v.html)).toContain('Cables 1–1,050 come before.');
    expect(visible(v.html)).toContain('Cables 1,151–1,234 follow');
  });

  it('renders a document of up to 100 cables whole, whatever the line, with no note and no window', () => {
    const hundred = docFromText(exportOf(100));
    const whole = svc.getReadingView(hundred, NOT_CANCELLED);
    expect(whole.window).toBeUndefined();
    expect(subjects(whole.html)).toEqual(range(1, 100));
    expect(whole.html).not.toContain('window-note');
    expect(whole.html).not.toContain('window-bar');
    expect(svc.getReadingView(hundred, NOT_CANCELLED, hundred.lineCount - 1).html).toBe(whole.html);
    expect(svc.getReadingView(hundred, NOT_CANCELLED, 500).html).toBe(whole.html);
  });

  it('stops adding cables once about 2 MB of HTML is rendered, and says what it shows', () => {
    // 40 cables of about 100 KB each: 4 MB of HTML whole.
    const long = docFromText(exportOf(40, 'Text of a long cable. '.repeat(4600)));
    const v = svc.getReadingView(long, NOT_CANCELLED, long.getText().split('\n').indexOf('SUBJECT: CABLE 20'));
    const shown = subjects(v.html);
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(30);
    expect(shown).toContain(20);
    expect(shown).toEqual(range(shown[0]!, shown.at(-1)!));
    expect(v.html.length).toBeLessThan(2_200_000);
    expect(v.window).toMatchObject({ first: shown[0]! - 1, last: shown.at(-1)! - 1, total: 40 });
    expect(visible(v.html)).toContain(`shows about 2 MB of text (here ${shown.length} cables) at a time`);
  });

  it('always shows the cable at the editor whole, even one larger than the budget', () => {
    const long = docFromText(exportOf(3, 'Text of a very long cable. '.repeat(90_000)));
    const v = svc.getReadingView(long, NOT_CANCELLED, long.getText().split('\n').indexOf('SUBJECT: CABLE 2'));
    expect(subjects(v.html)).toEqual([2]);
    expect(visible(v.html)).toContain('Cable 2 of 3. The reading view of a file this large shows about 2 MB of text (here 1 cable) at a time');
  });

  it('checks cancellation between cables', () => {
    let asked = 0;
    const token = {
      get isCancellationRequested() {
        return ++asked > 5;
      },
    };
    const v = svc.getReadingView(doc, token, lineOf(126));
    expect(v.html).toBe('');
    expect(asked).toBe(6);
  });
});

describe('the reading view\'s note at the edges of a window', () => {
  it('names a single cable before or after the window in the singular', () => {
    const svc = service();
    const doc = docFromText(exportOf(102));
    const lines = doc.getText().split('\n');
    // Around cable 51: cables 2–101, one before and one after.
    const v = svc.getReadingView(doc, NOT_CANCELLED, lines.indexOf('SUBJECT: CABLE 51'));
    expect(v.window).toMatchObject({ first: 1, last: 100, total: 102 });
    expect(visible(v.html)).toContain('Cables 2–101 of 102. The reading view of a file this large shows 100 cables at a time, around the editor’s position: it moves as you scroll, here or in the editor. Cable 1 comes before.');
    expect(visible(v.html)).toContain('Cables 2–101 of 102. Cable 102 follows: scroll down to read on.');
  });
});

/** The bar at the top of a window, as text, and its data. */
const bar = (html: string) => {
  const m = /^<div class="window-bar" role="note" data-first="(\d+)" data-total="(\d+)">(.*?)<\/div>\n/.exec(html);
  return m ? { first: Number(m[1]), total: Number(m[2]), text: visible(m[3]!).trim() } : undefined;
};
/** The notes of web-page text left out, as text. */
const leftOutNotes = (html: string) => [...html.matchAll(/<p class="left-out">([^<]*)<\/p>/g)].map((m) => m[1]!);

describe('the reading view of a large export says where the reader is, wherever in the window', () => {
  const svc = service();
  const doc = docFromText(exportOf(250));
  const lines = doc.getText().split('\n');
  const lineOf = (k: number) => lines.indexOf(`SUBJECT: CABLE ${k}`);

  it('opens the window with a bar naming the cable at the editor, of how many, and the cables the view holds', () => {
    expect(bar(svc.getReadingView(doc, NOT_CANCELLED, 0).html)).toEqual({ first: 0, total: 250, text: 'Cable 1 of 250 · this view holds cables 1–100' });
    const middle = svc.getReadingView(doc, NOT_CANCELLED, lineOf(126) + 2).html;
    expect(bar(middle)).toEqual({ first: 76, total: 250, text: 'Cable 126 of 250 · this view holds cables 77–176' });
    // A bar, not lines of the file: the scroll sync never takes it for a block.
    expect(middle.slice(0, middle.indexOf('</div>'))).not.toContain('data-line');
    expect(bar(svc.getReadingView(doc, NOT_CANCELLED, doc.lineCount - 1).html)!.text).toBe('Cable 250 of 250 · this view holds cables 151–250');
    const big = docFromText(exportOf(1234));
    expect(bar(svc.getReadingView(big, NOT_CANCELLED, big.getText().split('\n').indexOf('SUBJECT: CABLE 1100')).html)!.text).toBe('Cable 1,100 of 1,234 · this view holds cables 1,051–1,150');
    const long = docFromText(exportOf(3, 'Text of a very long cable. '.repeat(90_000)));
    expect(bar(svc.getReadingView(long, NOT_CANCELLED, long.getText().split('\n').indexOf('SUBJECT: CABLE 2')).html)!.text).toBe('Cable 2 of 3 · this view holds cable 2');
  });

  it('puts the top note on the line before the window, so the view scrolled up to it moves the window up', () => {
    const v = svc.getReadingView(doc, NOT_CANCELLED, lineOf(126));
    const noteLine = Number(/<p class="window-note" data-line="(\d+)"/.exec(v.html)![1]);
    expect(noteLine).toBe(v.window!.startLine - 1);
    // That line is cable 76's: the window around it starts before this one.
    const up = svc.getReadingView(doc, NOT_CANCELLED, noteLine);
    expect(up.window!.first).toBeLessThan(v.window!.first);
    expect(subjects(up.html)).toContain(76);
    // The first window has nothing before it: its note stands on its first line.
    expect(/<p class="window-note" data-line="(\d+)"/.exec(svc.getReadingView(doc, NOT_CANCELLED, 0).html)![1]).toBe('0');
  });

  it('says how many lines of web-page text it leaves out around its cables and in the whole file', () => {
    // Two lines of a newspaper's page after every tenth cable: 15 times, 30 lines.
    const chrome = '\nTrack impresión: asegovia @ Sat Dec 4 19:20:36 2010. Este documento es propiedad de EL PAÍS\nID:\t187536\n';
    const text = exportOf(150)
      .split(/(?<=HOAGLAND\n)/)
      .map((c, i) => ((i + 1) % 10 === 0 ? c + chrome : c))
      .join('');
    const paged = docFromText(text);
    const at = (k: number) => svc.getReadingView(paged, NOT_CANCELLED, k < 0 ? paged.lineCount - 1 : text.split('\n').indexOf(`SUBJECT: CABLE ${k}`));
    // Cables 1–100: the pages after cables 10 to 90 (the one after 100 stands before 101, out of it).
    expect(leftOutNotes(at(1).html)).toEqual(['18 lines of web-page text around these cables left out (30 in the whole file).']);
    // Cables 26–125: after 30 to 120.
    expect(leftOutNotes(at(75).html)).toEqual(['20 lines of web-page text around these cables left out (30 in the whole file).']);
    // Cables 51–150: after 60 to 150, the last at the end of the file.
    expect(leftOutNotes(at(-1).html)).toEqual(['20 lines of web-page text around these cables left out (30 in the whole file).']);
    // The note stands before the bottom window note, as under a whole view.
    expect(at(75).html).toMatch(/<p class="left-out">[^<]*<\/p>\n<p class="window-note"[^>]*>Cables 26–125 of 150\. Cables 126–150 follow/);
    // Pages only after the last cable: none around the first window's.
    const tail = docFromText(exportOf(150) + chrome);
    expect(leftOutNotes(svc.getReadingView(tail, NOT_CANCELLED, 0).html)).toEqual(['2 lines of web-page text in the file left out (none around these cables).']);
    // None in the file: no note.
    expect(leftOutNotes(svc.getReadingView(doc, NOT_CANCELLED, lineOf(126)).html)).toEqual([]);
  });
});

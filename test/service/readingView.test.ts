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

/**
 * The cablegate site's pages (cable-format.md §10) and body-only `<pre>` fragments, read into a
 * cable. A page has `<table class='cable'>` (five `<th>`, one row of `<td>` whose values sit in
 * links) and then one or two `<code><pre>` blocks: the routing header if there is one, then the
 * text. Inside a block the tags (paragraph anchors, TAGS links) are dropped and the entities
 * decoded; nothing else is changed. The site's navigation around them is not read.
 */
import { oneLine, referenceIdYear, type ImportedCable, type TableValues } from './cable';

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '\u2013',
  mdash: '\u2014',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  hellip: '\u2026',
  para: '\u00b6',
  sect: '\u00a7',
  deg: '\u00b0',
  copy: '\u00a9',
  reg: '\u00ae',
  eacute: '\u00e9',
  egrave: '\u00e8',
  aacute: '\u00e1',
  agrave: '\u00e0',
  oacute: '\u00f3',
  iacute: '\u00ed',
  uacute: '\u00fa',
  ntilde: '\u00f1',
  ccedil: '\u00e7',
  uuml: '\u00fc',
  ouml: '\u00f6',
  auml: '\u00e4',
  szlig: '\u00df',
};

/**
 * Decodes `&name;`, `&#N;` and `&#xH;`. An entity that is not known (the site has `&D;` from a
 * mangled `R&D`) or names no character is left as written: it is the page's text.
 */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});/g, (all, body: string) => {
    if (body[0] === '#') {
      const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!Number.isFinite(cp) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return all;
      return String.fromCodePoint(cp);
    }
    return NAMED[body] ?? all;
  });
}

/** A `<pre>` block's text: tags dropped, entities decoded. */
function preText(inner: string): string {
  return decodeEntities(inner.replace(/<[^>]*>/g, ''));
}

export type PageResult = { ok: true; cable: ImportedCable; warnings: string[] } | { ok: false; reason: string };

const PRE = /<pre\b[^>]*>([\s\S]*?)<\/pre\s*>/gi;
const TABLE = /<table\b[^>]*\bclass\s*=\s*["']?cable\b[^>]*>([\s\S]*?)<\/table\s*>/i;

/**
 * A site page or a fragment. `name` is the file's name without `.html`, used as the reference ID
 * when the page has no table (a fragment).
 */
export function readPage(html: string, name: string, source: string): PageResult {
  if (html.charCodeAt(0) === 0xfeff) html = html.slice(1);
  if (html.includes('\u0000')) return { ok: false, reason: 'not a text file' };
  const eol: '\n' | '\r\n' = /\r\n/.test(html.slice(0, 4096)) ? '\r\n' : '\n';
  const tableMatch = TABLE.exec(html);
  const after = tableMatch ? html.slice(tableMatch.index + tableMatch[0].length) : html;
  const blocks = [...after.matchAll(PRE)].map((m) => preText(m[1]!));
  const warnings: string[] = [];

  if (!tableMatch) {
    // A whole page (it has the site's frame) without the table is not a cable page.
    if (/<(html|body|head)\b/i.test(html)) return { ok: false, reason: "a page without the cable table (<table class='cable'>)" };
    if (!blocks.length) return { ok: false, reason: 'no <pre> block: neither a cable page nor a body-only fragment' };
    const text = blocks.length >= 2 ? blocks[1]! : blocks[0]!;
    const header = blocks.length >= 2 ? blocks[0]! : '';
    if (!text.trim()) return { ok: false, reason: 'empty body' };
    return {
      ok: true,
      warnings,
      cable: { referenceId: name, header: header ? header + eol : '', text: ensureFinalEol(text, eol), eol, year: referenceIdYear(name), source },
    };
  }

  const cells = [...tableMatch[1]!.matchAll(/<td\b[^>]*>([\s\S]*?)<\/td\s*>/gi)].map((m) => oneLine(decodeEntities(m[1]!.replace(/<[^>]*>/g, ''))));
  if (cells.length < 5) return { ok: false, reason: `the cable table has ${cells.length} values, 5 expected` };
  const [referenceId, created, released, classification, origin] = cells as [string, string, string, string, string];
  if (!referenceId) return { ok: false, reason: 'the cable table has no reference ID' };
  if (/\s/.test(referenceId)) return { ok: false, reason: `reference ID "${referenceId}" holds spaces` };
  if (!blocks.length) return { ok: false, reason: 'empty body (no <pre> block after the table)' };
  const text = blocks.length >= 2 ? blocks[1]! : blocks[0]!;
  const header = blocks.length >= 2 ? blocks[0]! : '';
  if (!text.trim()) return { ok: false, reason: 'empty body' };
  if (blocks.length > 2) warnings.push(`${blocks.length} <pre> blocks after the table; the first two were read`);
  const table: TableValues = { referenceId, created, released, classification, origin };
  const dm = /^(\d{4})-(\d{2})/.exec(created);
  return {
    ok: true,
    warnings,
    cable: {
      referenceId,
      table,
      // The site's blocks carry no line break at their ends: the header is followed by a blank line.
      header: header ? header + eol : '',
      text: ensureFinalEol(text, eol),
      eol,
      year: dm ? Number(dm[1]) : referenceIdYear(referenceId),
      month: dm ? Number(dm[2]) : undefined,
      source,
    },
  };
}

function ensureFinalEol(text: string, eol: string): string {
  return text.endsWith('\n') ? text : text + eol;
}

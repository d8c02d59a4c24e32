/**
 * The two invariants of `cable fix`, over every corpus cable and the seed:
 * 1. applying every fix and parsing again leaves no fixable problem;
 * 2. the words of the cable are unchanged, apart from the joins made and the page markers and
 *    web-page text removed.
 * Needs ../shared (skipped with a message when it is absent, as on a fresh clone).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { fixText } from '../../server/src/service/codeActions/fixAll';
import { checkDocument } from '../../server/src/service/diagnostics/engine';
import { CLEAN } from './fixture';

const SHARED = path.resolve(__dirname, '..', '..', '..', 'shared');
const CORPUS = path.join(SHARED, 'corpus');
const SEED = path.join(SHARED, 'seed', '000_cdd151ddbff82ab0.txt');
const haveShared = fs.existsSync(CORPUS) && fs.existsSync(SEED);
if (!haveShared) console.log(`invariants: ${SHARED} not found — corpus and seed invariant tests skipped (they run where ../shared exists, as in CI)`);

/**
 * The words of the text, leaving out the lines of web-page text and page markers. Web-page text
 * the rules decline to remove (they offer no fix when it may be cable text) is kept.
 */
function cableWords(text: string): string[] {
  const doc = parseCable(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const drop = new Set<number>();
  const removable = checkDocument(doc).filter((p) => p.rule.name === 'web-page-text' && p.fix);
  for (const o of doc.outside) {
    if (!removable.some((p) => p.range.start.line === o.range.start.line)) continue;
    const last = o.range.end.character === 0 && o.range.end.line > o.range.start.line ? o.range.end.line - 1 : o.range.end.line;
    for (let l = o.range.start.line; l <= last; l++) drop.add(l);
  }
  const cut = new Map<number, Array<[number, number]>>();
  for (const c of doc.cables) {
    for (const m of c.body.pageMarkers) {
      if (m.kind === 'missing-section') continue;
      for (let l = m.range.start.line; l <= m.range.end.line; l++) {
        const from = l === m.range.start.line ? m.range.start.character : 0;
        const to = l === m.range.end.line ? m.range.end.character : doc.lines[l]!.length;
        cut.set(l, [...(cut.get(l) ?? []), [from, to]]);
      }
    }
  }
  const words: string[] = [];
  doc.lines.forEach((line, i) => {
    if (drop.has(i)) return;
    let t = line;
    for (const [a, b] of (cut.get(i) ?? []).sort((x, y) => y[0] - x[0])) t = t.slice(0, a) + ' ' + t.slice(b);
    words.push(...t.split(/[\s\u00a0]+/).filter(Boolean));
  });
  return words;
}

function checkInvariants(name: string, text: string): string[] {
  const failures: string[] = [];
  const r = fixText(text);
  const after = parseCable(r.text.charCodeAt(0) === 0xfeff ? r.text.slice(1) : r.text);
  const left = checkDocument(after).filter((p) => p.fix);
  if (left.length > 0) failures.push(`${name}: ${left.length} fixable left: ${left.slice(0, 3).map((p) => `${p.rule.name}@${p.range.start.line + 1}`).join(', ')}`);
  const before = cableWords(text);
  const now = r.text.split(/[\s\u00a0]+/).filter(Boolean);
  // Joining text never changes the characters of the words, only where the spaces are.
  if (before.join('') !== now.join('')) {
    const a = before.join(' ');
    const b = now.join(' ');
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    failures.push(`${name}: words changed near …${a.slice(Math.max(0, i - 40), i + 40)}… → …${b.slice(Math.max(0, i - 40), i + 40)}…`);
  } else {
    const joins = r.applied['split-word'] ?? 0;
    const splits = (r.applied['tags-glued'] ?? 0) + (r.applied['routing-glued-to-banner'] ?? 0);
    if (now.length !== before.length - joins + splits) failures.push(`${name}: ${before.length} words → ${now.length} with ${joins} joins and ${splits} splits`);
  }
  if ((text.charCodeAt(0) === 0xfeff) !== (r.text.charCodeAt(0) === 0xfeff)) failures.push(`${name}: BOM changed`);
  if (text.includes('\r\n') && /[^\r]\n/.test(r.text)) failures.push(`${name}: CRLF line endings lost`);
  return failures;
}

describe('fix invariants', () => {
  it('hold on the fixture, with CRLF and a BOM', () => {
    const web = 'A blog title\n\nLeave a Reply\n' + CLEAN + '\nAdvertisements\n';
    expect(checkInvariants('fixture', web)).toEqual([]);
    expect(checkInvariants('fixture-crlf-bom', '\ufeff' + web.replace(/\n/g, '\r\n'))).toEqual([]);
  });

  it.skipIf(!haveShared)('hold on the seed', () => {
    const seed = fs.readFileSync(SEED, 'utf8');
    expect(checkInvariants('seed', seed)).toEqual([]);
    const r = fixText(seed);
    expect(r.applied).toEqual({ 'web-page-text': 2, 'page-marker-in-paragraph': 2, 'split-word': 1 });
    expect(r.text).toContain('has always been and remains Kazakhstan');
    expect(r.text).not.toContain('ASTANA 00002318  002 OF 003');
    expect(r.text.startsWith('Reference ID')).toBe(true);
    expect(r.text.endsWith('HOAGLAND\n')).toBe(true);
  });

  it.skipIf(!haveShared)('hold on every corpus cable', () => {
    const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.cable')).sort();
    const failures: string[] = [];
    let changed = 0;
    const applied: Record<string, number> = {};
    for (const f of files) {
      const text = fs.readFileSync(path.join(CORPUS, f), 'utf8');
      failures.push(...checkInvariants(f, text));
      const r = fixText(text);
      if (r.changed) changed++;
      for (const [k, v] of Object.entries(r.applied)) applied[k] = (applied[k] ?? 0) + v;
    }
    console.log(`invariants: ${files.length} corpus cables, ${changed} changed by fix, fixes applied: ${JSON.stringify(applied)}; ${failures.length} failures`);
    expect(failures).toEqual([]);
  });
});

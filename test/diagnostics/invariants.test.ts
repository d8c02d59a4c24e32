/**
 * The two invariants of `cable fix`, over every corpus cable and the seed:
 * 1. applying every fix and parsing again leaves no fixable problem;
 * 2. the words invariant (wordsInvariant.ts): nothing is removed but page markers, known page
 *    text and what a join, a split or a banner repair explains.
 * Needs ../shared (skipped with a message when it is absent, as on a fresh clone).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { fixText } from '../../server/src/service/codeActions/fixAll';
import { checkDocument } from '../../server/src/service/diagnostics/engine';
import { CLEAN } from './fixture';
import { checkWordsInvariant, type WordsReport } from './wordsInvariant';

const SHARED = path.resolve(__dirname, '..', '..', '..', 'shared');
const CORPUS = path.join(SHARED, 'corpus');
const SEED = path.join(SHARED, 'seed', '000_cdd151ddbff82ab0.txt');
const haveShared = fs.existsSync(CORPUS) && fs.existsSync(SEED);
if (!haveShared) console.log(`invariants: ${SHARED} not found — corpus and seed invariant tests skipped (they run where ../shared exists, as in CI)`);

function checkInvariants(name: string, text: string): { failures: string[]; report: WordsReport } {
  const failures: string[] = [];
  const r = fixText(text);
  const after = parseCable(r.text.charCodeAt(0) === 0xfeff ? r.text.slice(1) : r.text);
  const left = checkDocument(after).filter((p) => p.fix);
  if (left.length > 0) failures.push(`${name}: ${left.length} fixable left: ${left.slice(0, 3).map((p) => `${p.rule.name}@${p.range.start.line + 1}`).join(', ')}`);
  const report = checkWordsInvariant(name, text, r);
  failures.push(...report.failures);
  if ((text.charCodeAt(0) === 0xfeff) !== (r.text.charCodeAt(0) === 0xfeff)) failures.push(`${name}: BOM changed`);
  if (text.includes('\r\n') && /[^\r]\n/.test(r.text)) failures.push(`${name}: CRLF line endings lost`);
  return { failures, report };
}

describe('fix invariants', () => {
  it('hold on the fixture, with CRLF and a BOM', () => {
    const web = 'A blog title\n\nLeave a Reply\n' + CLEAN + '\nAdvertisements\n';
    expect(checkInvariants('fixture', web).failures).toEqual([]);
    expect(checkInvariants('fixture-crlf-bom', '\ufeff' + web.replace(/\n/g, '\r\n')).failures).toEqual([]);
    // The blog's title is not of a known page form: it stays, and only the page furniture goes.
    expect(fixText(web).text.startsWith('A blog title\n\nReference ID')).toBe(true);
  });

  it.skipIf(!haveShared)('hold on the seed', () => {
    const seed = fs.readFileSync(SEED, 'utf8');
    expect(checkInvariants('seed', seed).failures).toEqual([]);
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
    const removedLines = { pageMarker: 0, webText: 0, blank: 0 };
    let joins = 0;
    let splits = 0;
    let bannerRepairs = 0;
    for (const f of files) {
      const text = fs.readFileSync(path.join(CORPUS, f), 'utf8');
      const { failures: fs_, report } = checkInvariants(f, text);
      failures.push(...fs_);
      const r = report.result;
      if (r.changed) changed++;
      for (const [k, v] of Object.entries(r.applied)) applied[k] = (applied[k] ?? 0) + v;
      for (const k of ['pageMarker', 'webText', 'blank'] as const) removedLines[k] += report.removedLines[k];
      joins += report.joins;
      splits += report.splits;
      bannerRepairs += report.bannerRepairs;
    }
    console.log(
      `invariants: ${files.length} corpus cables, ${changed} changed by fix, fixes applied: ${JSON.stringify(applied)}; ` +
        `lines removed: ${JSON.stringify(removedLines)}; ${joins} words joined, ${splits} split, ${bannerRepairs} banners repaired; ${failures.length} failures (unexplained removals included)`,
    );
    expect(failures).toEqual([]);
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FoldingRange } from 'vscode-languageserver-types';
import { describe, expect, it } from 'vitest';
import { CableFoldingProvider, FOLDING_MAX_RANGES } from '../../server/src/service/folding';
import { ModelCache, SLICED_LINES } from '../../server/src/service/modelCache';
import { LineDocument } from '../../server/src/service/textDocument';
import { CORPUS, HAS_SEED, HAS_SHARED, NOT_CANCELLED, SEED, docFromFile, docFromText, service } from './helpers';

describe.skipIf(!HAS_SEED)('folding on the seed', () => {
  it('folds web-page text, the table, the routing block, the subject block, sections, paragraphs and blocks', () => {
    const svc = service();
    const ranges = svc.getFoldingRanges(docFromFile(SEED), NOT_CANCELLED).map((f) => [f.startLine, f.endLine, f.kind ?? '']);
    expect(ranges).toEqual([
      [0, 6, 'region'], // web-page text before the cable
      [7, 8, ''], // WikiLeaks table
      [10, 31, 'imports'], // routing block
      [40, 43, ''], // E.O. line … SUBJECT
      [48, 64, ''], // paragraph 2 (its summary starts on the same line: the larger range stays)
      [66, 90, ''], // section "NEW CONCEPT" with paragraph 3
      [68, 90, ''],
      [92, 109, ''],
      [94, 109, ''],
      [111, 126, ''], // section holding paragraph 5, across the page marker
      [113, 126, ''],
      [128, 161, ''],
      [130, 147, ''],
      [149, 161, ''],
      [164, 221, ''],
      [166, 179, ''],
      [181, 207, ''],
      [198, 207, 'comment'], // (COMMENT: … END COMMENT) inside paragraph 9
      [209, 221, ''],
      [225, 252, 'region'], // web-page text after the signature
    ]);
  });
});

describe('folding without the corpus', () => {
  it('never folds a single line and never throws', () => {
    const svc = service();
    expect(svc.getFoldingRanges(docFromText('1. (U) One line.\n'), NOT_CANCELLED)).toEqual([]);
    expect(svc.getFoldingRanges(docFromText(''), NOT_CANCELLED)).toEqual([]);
    expect(() => svc.getFoldingRanges(docFromText('\u0000'.repeat(10000)), NOT_CANCELLED)).not.toThrow();
  });
});

/**
 * What VS Code keeps of a provider's ranges when they are more than its limit, as its
 * syntaxRangeProvider.ts does it (sanitizeRanges and RangesCollector.toIndentRanges): sorted by
 * start line, one per start line, each given the depth at which it nests; then every range of
 * the depths that fit whole, and the first by line of the next depth. Written here from VS Code's
 * code, apart from the server's, to check the server's choice against.
 */
function vscodeKeeps(ranges: readonly FoldingRange[], limit: number): FoldingRange[] {
  const sorted = [...ranges].sort((a, b) => a.startLine - b.startLine);
  const entries: { r: FoldingRange; level: number }[] = [];
  let top: FoldingRange | undefined;
  const previous: FoldingRange[] = [];
  for (const entry of sorted) {
    if (!top) {
      top = entry;
      entries.push({ r: entry, level: previous.length });
    } else if (entry.startLine > top.startLine) {
      if (entry.endLine <= top.endLine) {
        previous.push(top);
        top = entry;
        entries.push({ r: entry, level: previous.length });
      } else {
        if (entry.startLine > top.endLine) {
          do top = previous.pop();
          while (top && entry.startLine > top.endLine);
          if (top) previous.push(top);
          top = entry;
        }
        entries.push({ r: entry, level: previous.length });
      }
    }
  }
  if (entries.length <= limit) return entries.map((e) => e.r);
  const counts: number[] = [];
  for (const e of entries) counts[e.level] = (counts[e.level] ?? 0) + 1;
  let kept = 0;
  let maxLevel = counts.length;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i];
    if (!n) continue;
    if (n + kept > limit) {
      maxLevel = i;
      break;
    }
    kept += n;
  }
  return entries.filter((e) => e.level < maxLevel || (e.level === maxLevel && kept++ < limit)).map((e) => e.r);
}

describe("folding within the client's rangeLimit", () => {
  const key = (f: { startLine: number; endLine: number; kind?: string }) => [f.startLine, f.endLine, f.kind ?? ''];
  const ALL = 1e9;

  it.skipIf(!HAS_SEED)('keeps what VS Code would keep of the whole answer, and answers in full under the limit', () => {
    const svc = service();
    const doc = docFromFile(SEED);
    const all = svc.getFoldingRanges(doc, NOT_CANCELLED, ALL);
    expect(svc.getFoldingRanges(doc, NOT_CANCELLED, all.length).map(key)).toEqual(all.map(key));
    // Five: the web-page text before the cable, the table, the routing block, the subject block
    // and paragraph 2 (outside any section), the first five that nest in nothing; the sections
    // after them and the web-page text at the end are as outermost, but further down.
    expect(svc.getFoldingRanges(doc, NOT_CANCELLED, 5).map(key)).toEqual([
      [0, 6, 'region'],
      [7, 8, ''],
      [10, 31, 'imports'],
      [40, 43, ''],
      [48, 64, ''],
    ]);
    for (let limit = 1; limit <= all.length + 1; limit++) expect(svc.getFoldingRanges(doc, NOT_CANCELLED, limit)).toEqual(vscodeKeeps(all, limit));
  });

  it.skipIf(!HAS_SHARED)('keeps what VS Code would keep on corpus cables one after another, at every depth of the cut', () => {
    const files = readdirSync(CORPUS)
      .filter((f) => f.endsWith('.cable'))
      .sort()
      .slice(0, 120);
    const svc = service();
    const doc = docFromText(files.map((f) => readFileSync(join(CORPUS, f), 'utf8')).join('\n\n'));
    const all = svc.getFoldingRanges(doc, NOT_CANCELLED, ALL);
    expect(all.length).toBeGreaterThan(1000);
    const depths = new Set<string>();
    for (const limit of [1, 7, 50, 119, 120, 121, 300, 500, 800, 1000, 1500, all.length - 1, all.length]) {
      const logged: string[] = [];
      const fresh = service({ log: (m) => logged.push(m) });
      expect(fresh.getFoldingRanges(doc, NOT_CANCELLED, limit)).toEqual(vscodeKeeps(all, limit));
      const said = logged.find((m) => m.startsWith('folding of')) ?? '';
      depths.add(said.includes('the outermost ranges') ? 'outermost' : said.includes('fold down to') ? 'deeper' : said === '' ? 'whole' : said);
    }
    // Cut among the outermost ranges, deeper, and not at all.
    expect([...depths].sort()).toEqual(['deeper', 'outermost', 'whole']);
  });

  // A cable that folds its table, its subject block and its two paragraphs: 4 ranges.
  const cable = (i: number) =>
    [
      'Reference ID Created Released Classification Origin',
      `08ROME${i} 2008-07-02 11:25 2011-08-30 01:44 UNCLASSIFIED Embassy Rome`,
      '',
      `UNCLAS ROME ${String(i).padStart(6, '0')}`,
      '',
      'E.O. 12958: N/A',
      `SUBJECT: CABLE ${i}`,
      '',
      '1. (U) One,',
      'two.',
      '',
      '2. (U) Three,',
      'four.',
      '',
    ].join('\n');

  it('costs the limit on a large export: the outermost ranges of the first cables, said once in the log', () => {
    const n = 3000;
    const logged: string[] = [];
    const svc = service({ log: (m) => logged.push(m) });
    const doc = docFromText(Array.from({ length: n }, (_, i) => cable(i + 1)).join('\n'), 'file:///large-folding.cable');
    const unlimited = svc.getFoldingRanges(doc, NOT_CANCELLED, ALL);
    expect(unlimited.length).toBe(4 * n);
    const limited = svc.getFoldingRanges(doc, NOT_CANCELLED, 5000);
    expect(limited).toEqual(vscodeKeeps(unlimited, 5000));
    // The paragraphs, outside any section, are as outermost as the table and subject block: the
    // first 5,000 by line, those of the first 1,250 cables.
    expect(limited).toEqual(unlimited.slice(0, 5000));
    expect(logged.filter((m) => m.startsWith('folding of file:///large-folding.cable'))).toEqual([
      "folding of file:///large-folding.cable: the editor takes at most 5000 folding ranges (VS Code's editor.foldingMaximumRegions); the outermost ranges (header parts, sections, paragraphs outside a section) of the first 1250 of 3000 cables fold, as VS Code keeps them",
    ]);
    svc.getFoldingRanges(doc, NOT_CANCELLED, 5000);
    expect(logged.filter((m) => m.startsWith('folding of'))).toHaveLength(1);
  });

  it(`gives a client that states no limit at most ${FOLDING_MAX_RANGES} ranges, and says so`, () => {
    const n = Math.ceil(FOLDING_MAX_RANGES / 4) + 500;
    const logged: string[] = [];
    const svc = service({ log: (m) => logged.push(m) });
    const doc = docFromText(Array.from({ length: n }, (_, i) => cable(i + 1)).join('\n'), 'file:///no-limit.cable');
    const ranges = svc.getFoldingRanges(doc, NOT_CANCELLED);
    expect(ranges).toHaveLength(FOLDING_MAX_RANGES);
    expect(ranges).toEqual(vscodeKeeps(svc.getFoldingRanges(doc, NOT_CANCELLED, ALL), FOLDING_MAX_RANGES));
    expect(logged.filter((m) => m.startsWith('folding of file:///no-limit.cable'))).toEqual([
      `folding of file:///no-limit.cable: at most ${FOLDING_MAX_RANGES} folding ranges are sent when the editor states no limit; the outermost ranges (header parts, sections, paragraphs outside a section) of the first ${FOLDING_MAX_RANGES / 4} of ${n} cables fold, as VS Code keeps them`,
    ]);
    // A client's own limit, even a larger one, is the client's to set.
    expect(svc.getFoldingRanges(doc, NOT_CANCELLED, FOLDING_MAX_RANGES * 2).length).toBe(4 * n);
  });

  it('answers from the cables read so far during a sliced first parse, and its answer stays right as more are read', async () => {
    const never = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
    // Sections, so that ranges nest: the cut falls at more than one depth.
    const sectioned = (i: number) => cable(i).replace('1. (U) One,', 'SECTION ONE\n\n1. (U) One,');
    const text = Array.from({ length: Math.ceil(SLICED_LINES / 14) + 200 }, (_, i) => (i % 3 === 0 ? sectioned(i + 1) : cable(i + 1))).join('\n');
    for (const limit of [40, 400, 3000]) {
      const cache = new ModelCache({ background: true });
      const folding = new CableFoldingProvider(cache);
      const doc = LineDocument.create(`file:///sliced-${limit}.cable`, 'cable', 1, text);
      const running = cache.analyse(doc, never, 0);
      let asked = 0;
      while (!cache.ready(doc)) {
        await new Promise((resolve) => setImmediate(resolve));
        const answer = folding.provideFoldingRanges(doc, never, limit);
        // What VS Code keeps of every range of the cables read so far (a provider of its own: the answers are kept per model).
        expect(answer).toEqual(vscodeKeeps(new CableFoldingProvider(cache).provideFoldingRanges(doc, never, ALL), limit));
        asked++;
      }
      expect(await running).toBe(true);
      expect(asked).toBeGreaterThan(20);
      const whole = docFromText(text);
      expect(folding.provideFoldingRanges(doc, never, limit)).toEqual(vscodeKeeps(service().getFoldingRanges(whole, NOT_CANCELLED, ALL), limit));
    }
  });
});

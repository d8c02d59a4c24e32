import { describe, expect, it } from 'vitest';
import { FOLDING_MAX_RANGES } from '../../server/src/service/folding';
import { HAS_SEED, NOT_CANCELLED, SEED, docFromFile, docFromText, service } from './helpers';

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

describe("folding within the client's rangeLimit", () => {
  const key = (f: { startLine: number; endLine: number; kind?: string }) => [f.startLine, f.endLine, f.kind ?? ''];

  it.skipIf(!HAS_SEED)('keeps the outermost ranges first, as VS Code would, and answers in full under the limit', () => {
    const svc = service();
    const doc = docFromFile(SEED);
    const all = svc.getFoldingRanges(doc, NOT_CANCELLED).map(key);
    expect(svc.getFoldingRanges(doc, NOT_CANCELLED, all.length).map(key)).toEqual(all);
    // Five: the web-page text around the cable, the table, the routing block and the subject
    // block; the sections and paragraphs (deeper) are left out.
    expect(svc.getFoldingRanges(doc, NOT_CANCELLED, 5).map(key)).toEqual([
      [0, 6, 'region'],
      [7, 8, ''],
      [10, 31, 'imports'],
      [40, 43, ''],
      [225, 252, 'region'],
    ]);
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

  it('costs the limit on a large export: header parts and sections of the first cables, said once in the log', () => {
    const n = 3000;
    const logged: string[] = [];
    const svc = service({ log: (m) => logged.push(m) });
    const doc = docFromText(Array.from({ length: n }, (_, i) => cable(i + 1)).join('\n'), 'file:///large-folding.cable');
    const unlimited = svc.getFoldingRanges(doc, NOT_CANCELLED);
    expect(unlimited.length).toBeGreaterThan(5000);
    const limited = svc.getFoldingRanges(doc, NOT_CANCELLED, 5000);
    expect(limited).toHaveLength(5000);
    // Each kept range is one the full answer has; the outermost (each cable's table and subject
    // block, two per cable) come before any paragraph: those of the first 2,500 cables, no paragraph.
    const full = new Set(unlimited.map((f) => key(f).join(':')));
    for (const f of limited) expect(full.has(key(f).join(':'))).toBe(true);
    const paragraphs = new Set(svc.getModel(doc).cables.flatMap((c) => c.body.paragraphs.map((p) => p.range.start.line)));
    expect(limited.filter((f) => paragraphs.has(f.startLine))).toEqual([]);
    expect([...limited].sort((a, b) => a.startLine - b.startLine)).toEqual(limited);
    expect(logged.filter((m) => m.startsWith('folding of file:///large-folding.cable'))).toEqual([
      "folding of file:///large-folding.cable: the editor takes at most 5000 folding ranges (VS Code's editor.foldingMaximumRegions); the header parts and sections of the first 2500 of 3000 cables fold",
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
    // Outermost first: every cable's table and subject block are there, only some paragraphs.
    const lines = doc.getText().split('\n');
    expect(ranges.filter((f) => lines[f.startLine].startsWith('Reference ID'))).toHaveLength(n);
    expect(logged.filter((m) => m.startsWith('folding of file:///no-limit.cable'))).toEqual([
      `folding of file:///no-limit.cable: at most ${FOLDING_MAX_RANGES} folding ranges are sent when the editor states no limit; the header parts and sections of all ${n} cables fold, the paragraphs, summaries and comments of the first ${(FOLDING_MAX_RANGES - 2 * n) / 2}`,
    ]);
    // A client's own limit, even a larger one, is the client's to set.
    expect(svc.getFoldingRanges(doc, NOT_CANCELLED, FOLDING_MAX_RANGES * 2).length).toBe(4 * n);
  });
});

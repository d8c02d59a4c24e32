import { describe, expect, it } from 'vitest';
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

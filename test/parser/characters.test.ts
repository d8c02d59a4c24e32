import { describe, expect, it } from 'vitest';
import { parseLines } from '../../server/src/parser/parser';
import { rng } from '../random';

// Characters next to and among those the character scan reports (the scan lets a line go on a
// pattern of the characters it may pass: every edge of its ranges is here), each run alone in a
// line of prose so that no text looks binary.
const PIECES = ['?', '??', '???', '????', 'a?b', '\t', '\x08', '\x0b', '\x1f', ' ', '~', '\x7f', '\x80', '\xa0', '\ufffc', '\ufffd', '\ufffe', '\uffff', '\ud83d\ude00', 'É'];

describe('character scan', () => {
  it('reports lost characters and control characters on exactly the lines that hold them (lines path)', () => {
    const next = rng(17);
    for (let r = 0; r < 400; r++) {
      const lines: string[] = [];
      for (let l = 0; l < 8; l++) {
        const piece = PIECES[Math.floor(next() * PIECES.length)];
        lines.push(next() < 0.2 ? '' : `The minister said ${piece} and then the meeting went on for quite a long while.`);
      }
      const { doc } = parseLines(lines, '\n', false);
      expect(doc.binary).toBe(false);
      const problems = [...doc.problems, ...doc.cables.flatMap((c) => c.problems)];
      lines.forEach((line, l) => {
        const on = (kind: string) => problems.some((p) => p.kind === kind && p.range.start.line === l);
        expect(on('lost-characters'), JSON.stringify(line)).toBe(line.includes('???') || line.includes('\ufffd'));
        expect(on('control-characters'), JSON.stringify(line)).toBe(/[\x00-\x08\x0a-\x1f\x7f]/.test(line));
      });
    }
  });
});

/**
 * A paragraph's number and marking are read in place (body.ts: paragraphStart, parseMarking): the
 * number's value summed from its digits and its text made once, the marking's content tested and
 * its level compared in the line. These random lines check them against the reading that cut the
 * digits and the content from the line first.
 */
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';

type Level = 'U' | 'C' | 'S' | 'T';
interface Expected {
  at: number;
  number?: { text: string; value: number };
  marking?: { text: string; level?: Level; valid: boolean; caveats: string[] };
}

const LEVELS: Record<string, Level> = { U: 'U', SBU: 'U', FOUO: 'U', C: 'C', S: 'S', TS: 'T' };
const isUpper = (c: string | undefined) => c !== undefined && c >= 'A' && c <= 'Z';

/** What the parser read before it read in place: the digits and the content cut, then compared. */
function reference(text: string, at: number): Expected | undefined {
  let i = at;
  let anchor = false;
  let number: Expected['number'];
  let marking: Expected['marking'];
  if (text[i] === '¶') {
    anchor = true;
    i++;
  }
  const ds = i;
  while (i < text.length && /[0-9]/.test(text[i]) && i - ds < 4) i++;
  if (i > ds) {
    const digits = text.slice(ds, i);
    const n = Number(digits);
    if (text[i] !== '.' || n < 1 || n > 199 || i - ds > 3) return undefined;
    const after = text[i + 1];
    if (!(i + 1 >= text.length || after === ' ' || after === '\t' || after === '(' || after === '\u00a0')) return undefined;
    number = { text: digits, value: n };
    i++;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\u00a0')) i++;
  } else if (anchor) return undefined;
  if (text[i] === '(') {
    marking = referenceMarking(text, i);
    if (marking) {
      i += marking.text.length;
      while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\u00a0')) i++;
    }
  }
  if (!number && !marking) return undefined;
  return { at, number, marking };
}

function referenceMarking(text: string, at: number): Expected['marking'] {
  const close = text.slice(at + 1, at + 40).search(/[()]/);
  if (close < 0 || text[at + 1 + close] === '(') {
    let e = at + 1;
    while (isUpper(text[e])) e++;
    const lv = LEVELS[text.slice(at + 1, e)];
    if (lv !== undefined && (e === text.length || text[e] === ' ')) return { text: text.slice(at, e), level: lv, valid: false, caveats: [] };
    return undefined;
  }
  const content = text.slice(at + 1, at + 1 + close);
  if (!/^[A-Z/ ,-]*$/.test(content) || !content || !isUpper(content[0])) return undefined;
  const parts = content.includes('/') ? content.split('/').map((p) => p.trim()).filter(Boolean) : undefined;
  const level = LEVELS[parts ? (parts[0] ?? '') : content.trim()];
  if (level === undefined && content.length > 2) return undefined;
  const markText = text.slice(at, at + close + 2);
  if (level !== undefined) return { text: markText, level, valid: true, caveats: parts && parts.length > 1 ? parts.slice(1) : [] };
  return { text: markText, valid: false, caveats: [] };
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("a paragraph's number and marking", () => {
  it('are read as the digits and the content cut from the line read them, on random lines', () => {
    const random = rng(11);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const leads = ['', '', '¶', '¶'];
    const numbers = ['', '1', '2', '12', '199', '200', '0', '01', '007', '2006', '10000', '3'];
    const stops = ['.', '.', '.', ':', ''];
    const gaps = ['', ' ', '  ', '\t', '\u00a0', ' \u00a0 '];
    const codes = ['U', 'C', 'S', 'TS', 'SBU', 'FOUO', 'X', 'NF', 'S//NF', 'C/NF', 'U//FOUO', 'S/REL USA, KWT', 'C ', 'S  ', ' C', 'SB', 'TSX', 'S-NF', 'C//', '/C', 'c', 'SECRET', 'S/ /NF'];
    const closes = [')', ')', ')', '', ' '];
    const tails = ['The talks went on.', 'Summary: none.', '', '(C) again', 'x'];
    let numbered = 0;
    let marked = 0;
    let none = 0;
    for (let n = 0; n < 3000; n++) {
      const withMarking = random() < 0.8;
      const line =
        pick(leads) +
        pick(numbers) +
        pick(stops) +
        pick(gaps) +
        (withMarking ? `(${pick(codes)}${pick(closes)}` : '') +
        pick(gaps) +
        pick(tails);
      const s = line.search(/[^ \t\u00a0]/);
      if (s < 0) continue;
      const expected = /[¶(0-9]/.test(line[s]) ? reference(line, s) : undefined;
      const cable = parseCable(`SUBJECT: TALKS\n\n${line}\n`).cables[0];
      const p = cable?.body.paragraphs.find((x) => x.startLine === 2);
      const what = JSON.stringify(line);
      if (!expected) {
        none++;
        expect(p?.number, what).toBeUndefined();
        expect(p?.marking, what).toBeUndefined();
        continue;
      }
      expect(p, what).toBeDefined();
      expect(p!.number ? { text: p!.number.text, value: p!.number.value } : undefined, what).toEqual(expected.number);
      const m = p!.marking;
      expect(m ? { text: m.text, level: m.level, valid: m.valid, caveats: [...m.caveats] } : undefined, what).toEqual(
        expected.marking ? { ...expected.marking, level: expected.marking.level } : undefined,
      );
      if (expected.number) {
        numbered++;
        expect(p!.range.start.character, what).toBe(expected.at);
      }
      if (expected.marking) marked++;
    }
    expect(numbered).toBeGreaterThan(300);
    expect(marked).toBeGreaterThan(300);
    expect(none).toBeGreaterThan(300);
  });
});

/**
 * Tests that read a line's words in place, without cutting them into Word objects (issue 9: fewer
 * objects made only to be dropped). Each must answer as the reading with words() did: the
 * readings they replaced are written out here and compared on random lines made of the words at
 * their edges (letters beyond ASCII that upper-case into ASCII, the spaces isSpace knows, words
 * cut at the length limits).
 */
import { describe, expect, it } from 'vitest';
import { PRECEDENCE_NAME } from '../../server/src/data/vocabulary';
import { findDtg, isDtgLine, isTableHeader } from '../../server/src/parser/header';
import { isBareTagsLine, isOfficeLine } from '../../server/src/parser/subject';
import { firstNonSpace, firstWords, isUpper, MONTHS, stripPunct, words, WordSpans } from '../../server/src/parser/text';
import { isKnownTagCode, isTagCode } from '../../server/src/data/tagCodes';
import { rng } from '../random';

const SPACES = [' ', '  ', '\t', '\u00a0', '\u2007', ' \u202f '];

function randomLine(random: () => number, pieces: string[], most = 12): string {
  let s = random() < 0.3 ? SPACES[Math.floor(random() * SPACES.length)] : '';
  for (let k = 1 + Math.floor(random() * most); k > 0; k--) {
    s += pieces[Math.floor(random() * pieces.length)];
    if (random() < 0.85) s += SPACES[Math.floor(random() * SPACES.length)];
  }
  return s;
}

describe('WordSpans', () => {
  it('cuts the words words() cuts, the first `max` of them, from any start to any end', () => {
    const random = rng(91);
    const spans = new WordSpans();
    for (let n = 0; n < 3000; n++) {
      // Long enough lines now and then for the columns to grow past their first 64 places.
      const line = randomLine(random, ['A', 'bc', 'DEF', 'é', '𝐀', '-', '(C)', 'x'.repeat(30)], random() < 0.05 ? 200 : 12);
      const from = Math.floor(random() * (line.length + 1));
      const to = from + Math.floor(random() * (line.length - from + 1));
      const max = random() < 0.5 ? Infinity : Math.floor(random() * 5);
      const expected = firstWords(line, from, to, max).map((w) => [w.start, w.end]);
      const count = spans.cut(line, from, to, max);
      const got: number[][] = [];
      for (let k = 0; k < count; k++) got.push([spans.start[k], spans.end[k]]);
      expect(got, JSON.stringify([line, from, to, max])).toEqual(expected);
    }
  });
});

// The readings the in-place tests replaced, as they were written.
function oldIsTableHeader(line: string): boolean {
  if (!line.startsWith('Reference', firstNonSpace(line)) || !line.includes('Reference ID')) return false;
  const w = firstWords(line, 0, Math.min(line.length, 200), 4);
  return w.length >= 4 && w[0].text === 'Reference' && w[1].text === 'ID' && w[2].text === 'Created';
}

const CODES = Object.keys(PRECEDENCE_NAME);
function oldFindDtgAt(line: string): number | undefined {
  if (!/^\s*(?:[A-Z]{1,2}\s+){0,2}\d{6}Z?\s/.test(line)) return undefined;
  const w = firstWords(line, 0, Math.min(line.length, 120), 6);
  for (let i = 0; i < Math.min(w.length, 3); i++) {
    const t = w[i].text;
    const digits = t.endsWith('Z') ? t.slice(0, -1) : t;
    if (digits.length === 6 && /^\d+$/.test(digits) && w[i + 1] && MONTHS.includes(w[i + 1].text.toUpperCase()) && w[i + 2]) {
      const yr = w[i + 2].text;
      if ((yr.length === 2 || yr.length === 4) && /^\d+$/.test(yr)) {
        for (let k = 0; k < i; k++) if (!CODES.includes(w[k].text) && !CODES.some((c) => c + c === w[k].text)) return undefined;
        return i;
      }
    }
  }
  return undefined;
}

function oldIsOfficeLine(text: string): boolean {
  const w = firstWords(text, 0, Math.min(text.length, 120), 6);
  if (!w.length) return false;
  const u = w.map((x) => x.text.toUpperCase());
  if (u[0] === 'PASS' || u[0] === 'FOR' || u[0] === 'DEPT' || u[0] === 'DEPARTMENT') return true;
  const head = u.slice(1, 6);
  return (head.includes('FOR') || head.includes('PASS')) && isUpper(text.charCodeAt(w[0].start));
}

function oldLooksLikeTags(text: string): boolean {
  const w = words(text, 0, Math.min(text.length, 200));
  if (!w.length || w.length > 30) return false;
  let parens = 0;
  let codes = 0;
  const ok = w.every((x) => {
    if (x.text.includes('(') || x.text.includes(')') || parens) {
      parens += (x.text.includes('(') ? 1 : 0) - (x.text.includes(')') ? 1 : 0);
      return true;
    }
    const t = stripPunct(x.text).text;
    if (isTagCode(t)) codes++;
    return t.length >= 2 && t.length <= 16 && t === t.toUpperCase() && !/^\d+$/.test(t);
  });
  return ok && codes * 2 >= w.length;
}
function oldIsBareTagsLine(text: string): boolean {
  if (!oldLooksLikeTags(text)) return false;
  const w = words(text, 0, Math.min(text.length, 200)).map((x) => stripPunct(x.text).text);
  return w.length >= 2 && w.some((x) => x.length >= 3 && isKnownTagCode(x));
}

describe('tests that read a line in place', () => {
  it('isTableHeader answers as the Word-array reading did', () => {
    const random = rng(92);
    const pieces = ['Reference', 'Reference ID', 'ID', 'Created', 'Released', 'Classification', 'Origin', 'Refer', 'REFERENCE', 'x'.repeat(60)];
    let yes = 0;
    for (let n = 0; n < 3000; n++) {
      const line = randomLine(random, pieces, 6);
      yes += oldIsTableHeader(line) ? 1 : 0;
      expect(isTableHeader(line), JSON.stringify(line)).toBe(oldIsTableHeader(line));
    }
    expect(isTableHeader('Reference ID  Created  Released  Classification  Origin')).toBe(true);
    expect(yes).toBeGreaterThan(20);
  });

  it('findDtg finds the date-time groups the Word-array reading found', () => {
    const random = rng(93);
    // A group's slots (precedences, the day and time, the month, the year, what may follow), each
    // filled now and then with what another slot holds or with a near miss.
    const slots = [
      ['O', 'P', 'PP', 'RR', 'ZZ', 'X', 'OO'],
      ['241054Z', '291359', '2410545Z', '24105Z', '24105AZ', '241054z'],
      ['NOV', 'Nov', 'nov', 'ſep', 'SEP', 'Jul.', 'NOVEMBER', 'NO'],
      ['08', '2008', '008', '8'],
      ['FM', 'AMEMBASSY', 'ZFF4', ''],
    ];
    const all = slots.flat();
    const pick = (k: number) => (random() < 0.15 ? all : slots[k])[Math.floor(random() * (random() < 0.15 ? all : slots[k]).length)];
    const space = () => SPACES[Math.floor(random() * SPACES.length)];
    let found = 0;
    for (let n = 0; n < 5000; n++) {
      const lead = Math.floor(random() * 3);
      const parts = [...Array.from({ length: lead }, () => pick(0)), pick(1), pick(2), pick(3), pick(4), random() < 0.3 ? pick(4) : ''];
      const line = (random() < 0.2 ? space() : '') + parts.join(space());
      const expected = oldFindDtgAt(line);
      found += expected === undefined ? 0 : 1;
      expect(findDtg(line)?.at, JSON.stringify(line)).toBe(expected);
    }
    expect(found).toBeGreaterThan(100);
    expect(isDtgLine('O 241054Z NOV 08')).toBe(true);
    // A letter beyond ASCII that upper-cases into a month's (ſ → S) is read as the cut word was.
    expect(findDtg('241054Z ſep 08')?.at).toBe(oldFindDtgAt('241054Z ſep 08'));
  });

  it('isOfficeLine answers as the Word-array reading did', () => {
    const random = rng(94);
    const pieces = ['PASS', 'pass', 'Pass', 'FOR', 'for', 'ﬀOR', 'DEPT', 'DEPARTMENT', 'ſ', 'paſs', 'USTR', 'EUR/WE', 'Embassy', 'AND', 'x'.repeat(50)];
    let yes = 0;
    for (let n = 0; n < 3000; n++) {
      const line = randomLine(random, pieces, 8);
      yes += oldIsOfficeLine(line) ? 1 : 0;
      expect(isOfficeLine(line), JSON.stringify(line)).toBe(oldIsOfficeLine(line));
    }
    expect(yes).toBeGreaterThan(100);
  });

  it('isBareTagsLine answers as the Word-array reading did', () => {
    const random = rng(95);
    const pieces = ['PREL', 'PGOV', 'prel', 'Prel', 'EG', 'KDEM,', '(PERSON)', '(A', 'B)', 'É', 'é', 'PRÉL', '12', '1A', 'X', 'ABCDEFGHIJKLMNOPQ', '--', 'SUBJECT:'];
    let yes = 0;
    for (let n = 0; n < 5000; n++) {
      const line = randomLine(random, pieces, 8);
      yes += oldIsBareTagsLine(line) ? 1 : 0;
      expect(isBareTagsLine(line), JSON.stringify(line)).toBe(oldIsBareTagsLine(line));
    }
    expect(yes).toBeGreaterThan(100);
  });
});

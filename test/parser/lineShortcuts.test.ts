/**
 * The parser's line tests let most lines go on a first character or a first word before cutting
 * them into words or running a pattern (issue 9). Each shortcut must let through every line the
 * full test reads: these are the forms that sit at the edge of one (a letter beyond ASCII that
 * upper-cases into ASCII, lower case, a damaged word, a field glued mid-line).
 */
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { isTrailer } from '../../server/src/parser/body';
import { linesLookBinary } from '../../server/src/parser/parser';
import { findLabels, parseBanner, peekBanner } from '../../server/src/parser/subject';
import { isRegExpSpace, isSpace, firstAfterRegExpSpace, wordCount, words } from '../../server/src/parser/text';
import { rng } from '../random';

describe('wordCount', () => {
  it('counts the words words() cuts, up to one past the cap', () => {
    const random = rng(9);
    const pieces = ['a', 'BB', '', ' ', '  ', '\t', '\u00a0', '\u2007', '\u202f', '\u3000', '¶1.', '--'];
    for (let n = 0; n < 2000; n++) {
      let s = '';
      for (let k = Math.floor(random() * 12); k > 0; k--) s += pieces[Math.floor(random() * pieces.length)];
      const from = Math.floor(random() * (s.length + 1));
      const to = from + Math.floor(random() * (s.length - from + 1));
      const all = words(s, from, to).length;
      expect(wordCount(s, from, to)).toBe(all);
      expect(wordCount(s, from, to, 2)).toBe(Math.min(all, 3));
    }
  });
});

describe('isRegExpSpace', () => {
  it('is \\s as a regular expression reads it, for every UTF-16 code unit', () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isRegExpSpace(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
    expect(firstAfterRegExpSpace('\u3000\ufeff R 241054Z')).toBe('R'.charCodeAt(0));
    expect(firstAfterRegExpSpace(' \t')).toBeNaN();
  });
});

describe("parseBanner's first-word test", () => {
  const level = (line: string) => parseBanner(0, line)?.classification.level;
  it('still reads the banners at its edge', () => {
    expect(level('ſECRET ANKARA 001234')).toBe('S'); // `ſ` upper-cases to S
    expect(level('confidential ANKARA 000123')).toBe('C');
    expect(level('SECRETT ANKARA 000123')).toBe('S'); // a letter doubled
    expect(level('CONFIDENTIALL SECTION 01 OF 02 ANKARA 000123')).toBe('C');
    expect(level('S E C R E T STATE 012345')).toBe('S');
    expect(level('CO N F I D E N T I A L SECTION 01 OF 04 HANOI 000809')).toBe('C');
    expect(level('TOP SECRET ANKARA 000123')).toBe('T');
    expect(level('SECRET//NOFORN')).toBe('S');
    expect(level('  UNCLAS')).toBe('U');
  });
  it('lets prose and routing lines go', () => {
    for (const line of ['THE MINISTER SAID', 'AMEMBASSY ANKARA 1234', 'R 241054Z NOV 08', 'FM AMEMBASSY ANKARA', 'SECRETARIAT OF STATE 000123', 'The secret talks']) expect(parseBanner(0, line)).toBeUndefined();
  });
  // A first word with a character beyond ASCII before any slash is let go unread when that
  // character upper-cases into anything but A-Z (a rendering's `¶B. MADRID 1234`): no
  // classification, plain, letter-spaced or damaged, can hold it. Every such UTF-16 code unit, in
  // the places where an A-Z capital would make a (damaged) banner, gives none; one after the slash,
  // or one that upper-cases into capitals, is read as before.
  it('lets a first word go on a character beyond ASCII that upper-cases into no capital', () => {
    const read: string[] = [];
    for (let c = 128; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      // (The spaces the parser knows beyond ASCII end a word: they are no character of one.)
      if (/^[A-Z]+$/.test(ch.toUpperCase()) || isSpace(c)) continue;
      for (const line of [`S${ch}CRET ANKARA 001234`, `${ch}ECRET SECTION 01 OF 02 ANKARA 001234`, `${ch} E C R E T ANKARA 001234`, `CONFIDENTIA${ch} ANKARA 001234`]) {
        if (parseBanner(0, line)) read.push(line);
      }
    }
    expect(read).toEqual([]);
    expect(level('¶B. MADRID 1234')).toBeUndefined();
    expect(level('SECRET/¶ ANKARA 001234')).toBe('S');
    expect(level('UNCLAS/É')).toBe('U');
    expect(level('ſECRET SECTION 01 OF 02 ANKARA 001234')).toBe('S');
  });
});

describe('peekBanner', () => {
  it('answers for the text asked, on a line number another text was asked on before', () => {
    expect(peekBanner(5, 'SECRET ANKARA 000123')?.serial?.value).toBe(123);
    expect(peekBanner(5, 'SECRET ANKARA 000124')?.serial?.value).toBe(124);
    expect(peekBanner(5, 'THE MINISTER SAID')).toBeUndefined();
    expect(peekBanner(5 + 256, 'CONFIDENTIAL PARIS 000777')?.serial?.value).toBe(777);
    expect(peekBanner(5, 'SECRET ANKARA 000123')?.classification.level).toBe('S');
    // A line longer than the cache keeps is read in full: a banner's words end within 200 characters.
    expect(peekBanner(6, 'SECRET ANKARA 000123' + ' '.repeat(200) + 'X')?.serial?.value).toBe(123);
  });
  it('gives the parser the same banners as parseBanner', () => {
    for (const line of ['S E C R E T STATE 012345', 'UNCLAS SECTION 01 OF 02 ROME 000123', 'SECRET SERVICE AGENTS MET', 'C O N F I D E N T I A L'])
      expect(JSON.stringify(peekBanner(9, line))).toBe(JSON.stringify(parseBanner(9, line)));
  });
});

describe("findLabels' mid-line test", () => {
  const kinds = (line: string) => findLabels(0, line).map((l) => `${l.kind}@${l.start}`);
  it('finds the forms that count after a label or further into a line', () => {
    expect(kinds('E.O. 12958: DECL: 01/01/2019 TAGS: PREL PGOV SUBJECT: TALKS')).toEqual(['eo@0', 'tags@29', 'subject@45']);
    expect(kinds('DEPARTMENT FOR WHA AND PM E.O. 12958: DECL: 1/1/2019')).toEqual(['eo@26']);
    expect(kinds('SUBJECT: TALKS classified by: AMBASSADOR')).toEqual(['subject@0', 'classifiedBy@15']);
    expect(kinds('SUBJECT: TALKS ſUBJECT: MORE')).toEqual(['subject@0', 'subject@15']);
    expect(kinds('SUBJECT: TALKS AS UK PRIMEREF: A. LONDON 1939')).toEqual(['subject@0', 'ref@26']);
    expect(kinds('THE MINISTER SAID THAT THE TAGS WERE WRONG')).toEqual([]);
  });
});

describe("isTrailer's shortcuts", () => {
  it('reads the short forms in any case and the reference-ID foot in place', () => {
    expect(isTrailer('nnnn')).toBe(true);
    expect(isTrailer('  End Cable Text ')).toBe(true);
    expect(isTrailer('2005CARACA01673 - UNCLASSIFIED')).toBe(true);
    expect(isTrailer('2005CARACA01673 -UNCLASSIFIED')).toBe(false);
    expect(isTrailer('2005CARACA01673 -')).toBe(false);
    expect(isTrailer('1. The minister said')).toBe(false);
  });
});

describe("a paragraph's first words", () => {
  it('are its words one space apart, whatever stands between them', () => {
    const text = ['SUBJECT: TALKS', '', '1.  (C)  The  minister\u00a0said   that the talks would go on until the end of the month.', '', '2. (U) One two three four five six seven eight nine ten eleven twelve.'].join('\n');
    const paragraphs = parseCable(text).cables[0].body.paragraphs;
    expect(paragraphs.map((p) => p.firstWords)).toEqual(['The minister said that the talks would go on…', 'One two three four five six seven eight nine ten…']);
  });
});

describe('linesLookBinary', () => {
  // The test as it was written over the joined text: the first 2,000 lines, cut at 65,536 characters.
  const joined = (lines: string[]) => {
    const text = lines.slice(0, 2000).join('\n');
    const head = text.length > 65536 ? text.slice(0, 65536) : text;
    if (head.includes('\0')) return true;
    const controls = head.match(/[\x01-\x08\x0b\x0e-\x1f\x7f\ufffd]/g)?.length ?? 0;
    return head.length > 0 && controls / head.length > 0.1;
  };
  it('reads the lines as the joined text would be read, at the 65,536-character and 2,000-line edges', () => {
    const random = rng(21);
    const chars = ['a', ' ', '\x01', '\x07', '\x0b', '\x0c', '\x1b', '\x7f', '\ufffd', '\t', 'é'];
    let binary = 0;
    for (let n = 0; n < 300; n++) {
      const lines: string[] = [];
      const count = [1, 3, 64, 65, 1999, 2001][n % 6];
      const width = n % 5 === 0 ? 40 : Math.floor(random() * 70);
      const rate = random() * 0.3;
      for (let k = 0; k < count; k++) {
        let line = '';
        // Empty lines among them (a blank line does not end the head).
        if (random() < 0.2) {
          lines.push('');
          continue;
        }
        for (let i = 0; i < width; i++) line += random() < rate ? chars[1 + Math.floor(random() * (chars.length - 1))] : 'a';
        lines.push(line);
      }
      // A NUL somewhere: within the first 65,536 characters or past them.
      if (n % 7 === 0) {
        const k = Math.floor(random() * lines.length);
        lines[k] = lines[k].slice(0, width >> 1) + '\0' + lines[k].slice(width >> 1);
        if (k > 0) lines[k - 1] = '';
      }
      const expected = joined(lines);
      if (expected) binary++;
      expect(linesLookBinary(lines)).toBe(expected);
    }
    expect(binary).toBeGreaterThan(30);
    expect(binary).toBeLessThan(270);
    expect(linesLookBinary([])).toBe(false);
    expect(linesLookBinary([''])).toBe(false);
    expect(linesLookBinary(['SECRET', '', '\0\0\0\0'])).toBe(true);
    // A NUL on the line that crosses the 65,536th character, before and after the cut.
    const long = 'a'.repeat(65530);
    expect(linesLookBinary([long, 'bbb\0c'])).toBe(true);
    expect(linesLookBinary([long, 'bbbbb\0c'])).toBe(false);
  });
});

/**
 * Shortcuts the parser takes on the lines of a text (issue 9: each line read once, and cheaply).
 * Each must give what the full reading gives: these tests compare a shortcut with the reading it
 * stands for, on random texts and on the forms at its edge.
 */
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { bannerFirst } from '../../server/src/parser/parser';
import { APOSTROPHE_INSIDE_AT, APOSTROPHE_SUFFIX_AT, everyWord, firstWordsOf, keywordWords, nextApostrophe } from '../../server/src/parser/body';
import { dtgShape, isDateLine, isTableHeader } from '../../server/src/parser/header';
import { findLabels, parseCaptionLine } from '../../server/src/parser/subject';
import { rng } from '../random';

describe('nextApostrophe', () => {
  // The search it stands for: the global pattern run from `from`, match after match.
  const globalMatches = (re: RegExp, text: string, from: number) => {
    const g = new RegExp(re.source, 'gu');
    g.lastIndex = from;
    const out: string[] = [];
    for (let m = g.exec(text); m; m = g.exec(text)) out.push(`${m.index}:${m[0]}`);
    return out;
  };
  const chained = (re: RegExp, text: string, from: number) => {
    const out: string[] = [];
    for (let m = nextApostrophe(re, text, from); m; m = nextApostrophe(re, text, m.index + m[0].length)) out.push(`${m.index}:${m[0]}`);
    return out;
  };
  it('finds the matches the global pattern finds, from any start between characters', () => {
    const random = rng(31);
    // Letters in and out of ASCII (`é`, `Ж`, an astral `𝐀`), numbers, quotes, commas with and
    // without a letter after them, the suffixes and the words a real comma runs into.
    const pieces = ['Syria', ',s', ',S', ',t', ',ll', ',re', ',ve', ',m', ',d', ',and', ',ida', ',', ', ', 'Qa', 'Shi', 'a', 'don', 'I', 'é', 'Жук', '𝐀', '9', "'", '’', ' ', '-', 'xxxx', 'XX', 'Ba', 'athists'];
    let found = 0;
    for (let n = 0; n < 4000; n++) {
      let s = '';
      for (let k = 1 + Math.floor(random() * 10); k > 0; k--) s += pieces[Math.floor(random() * pieces.length)];
      // A start between characters, never inside a surrogate pair (the parser starts at a comma's
      // letters or after a match, both between characters).
      let from = Math.floor(random() * (s.length + 1));
      if (from > 0 && from < s.length && s.charCodeAt(from) >= 0xdc00 && s.charCodeAt(from) <= 0xdfff) from--;
      for (const re of [APOSTROPHE_SUFFIX_AT, APOSTROPHE_INSIDE_AT]) {
        const expected = globalMatches(re, s, from);
        found += expected.length;
        expect(chained(re, s, from), `${JSON.stringify(s)} from ${from}`).toEqual(expected);
      }
    }
    // The pieces make matches often enough for the comparison to mean something.
    expect(found).toBeGreaterThan(500);
  });
  it('reads the damage a cable carries', () => {
    const text = ['SUBJECT: TALKS', '', "1. (C) Syria,s envoy said Qa,ida and Shi,a groups don,t agree; Iraq,and Zhukov,s aides (Жук,s) wait."].join('\n');
    const damage = parseCable(text).cables[0].body.damage ?? [];
    expect(damage.map((d) => `${d.range.start.character}${d.text}${d.repaired}`)).toEqual(["12,'", "28,'", "40,'", "53,'", "78,'", "91,'"]);
  });
});

describe("findLabels on a line with no colon and no `E.O.`", () => {
  const kinds = (line: string) => findLabels(0, line).map((l) => `${l.kind}@${l.start}-${l.end}`);
  it('reads the labels a line leads with, and what follows such a label', () => {
    expect(kinds('TAGS PREL PGOV')).toEqual(['tags@0-4']);
    expect(kinds('TAG PREL')).toEqual(['tags@0-3']);
    expect(kinds('TAS PREL PGOV')).toEqual(['tags@0-3']);
    expect(kinds('REF A. STATE 1234')).toEqual(['ref@0-3']);
    expect(kinds('CLASSIFIED BY AMBASSADOR JONES')).toEqual(['classifiedBy@0-13']);
    expect(kinds('EO 12958 DECL 1/1/2019')).toEqual(['eo@0-2']);
    expect(kinds('(C) SUBJECT TALKS ON TRADE')).toEqual(['subject@4-11']);
    expect(kinds('ſUBJECT TALKS')).toEqual(['subject@0-7']);
    // After a label, a word further on counts without a colon (`…CAIROClassified By`).
    expect(kinds('TAGS PREL CAIROClassified By AMB')).toEqual(['tags@0-4', 'classifiedBy@15-28']);
  });
  it('finds none on prose, however long', () => {
    expect(kinds('THE MINISTER SAID THAT THE TAGS WERE WRONG AND THE SUBJECT CLOSED')).toEqual([]);
    expect(kinds('Reuters reported the talks. '.repeat(200))).toEqual([]);
    expect(kinds('SUBJECTS OF THE TALKS')).toEqual([]);
  });
  it('on a line with a colon, reads only `TAGS:`, `SUBJECT:`, `SUBJ:` and `…E.O.` further in before a label', () => {
    expect(kinds('The minister said: the E.O. was clear.')).toEqual([]);
    expect(kinds('WE DISCUSSED IT: SUBJECT: TALKS')).toEqual(['subject@17-25']);
    expect(kinds('NOTE: TAGS: PREL')).toEqual(['tags@6-11']);
    expect(kinds('Note: ſubject: the talks')).toEqual(['subject@6-14']);
    expect(kinds('Dept. note: subj: talks')).toEqual(['subject@12-17']);
    expect(kinds('He said: TAGS; PREL')).toEqual([]);
    expect(kinds('FOR U.S. PM: e.o. 12958: DECL: 1/1/2019')).toEqual(['eo@13-17']);
    expect(kinds('WHA/AND: PM.E.O. 12958: DECL 1/1/2019')).toEqual(['eo@12-16']);
  });
  it('still reads the forms further into a line that need a colon or `E.O.`', () => {
    expect(kinds('THE TALKS TAGS: PREL')).toEqual(['tags@10-15']);
    expect(kinds('DEPT FOR EUR e.o. 12958 DECL 1/1/2019')).toEqual(['eo@13-17']);
  });
});

describe('parseCaptionLine on a bulleted line', () => {
  const captions = (line: string) => parseCaptionLine(0, line)?.map((t) => `${t.text}@${t.range.start.character}`);
  it('reads captions after dashes and lets other bullets go', () => {
    expect(captions('-- SIPDIS')).toEqual(['SIPDIS@3']);
    expect(captions('- NOFORN - SIPDIS')).toEqual(['NOFORN@2', 'SIPDIS@11']);
    expect(captions('SIPDIS --')).toEqual(['SIPDIS@0']);
    expect(captions('-- THE MINISTER SAID')).toBeUndefined();
    expect(captions('-- --')).toBeUndefined();
    expect(captions('-. SIPDIS')).toBeUndefined();
    expect(captions('--- SIPDIS')).toBeUndefined();
  });
});

describe("the block scan's END and BEGIN at a line's end", () => {
  const blocks = (body: string[]) =>
    parseCable(['SUBJECT: TALKS', '', ...body].join('\n')).cables[0].body.blocks.map((b) => `${b.kind} ${b.open.text}|${b.close?.text ?? ''}`);
  it('joins them to the block word on the next line, whatever punctuation stands around them', () => {
    // (Across a line break the closing token is the two words as written.)
    expect(blocks(['1. (C) SUMMARY: THE TALKS WENT ON. END', 'SUMMARY.', '', '2. (C) MORE.'])).toEqual(['summary SUMMARY:|END SUMMARY.']);
    expect(blocks(['1. (C) Summary: the talks went on. (end', 'summary)', '', '2. (C) More.'])).toEqual(['summary Summary:|(end summary)']);
    expect(blocks(['1. (C) THE CABLE SAID: BEGIN', 'TEXT: WE AGREE. END TEXT.', '', '2. (C) MORE.'])).toEqual(['quote BEGIN|END TEXT']);
    // A last word that only ends like END (`LEGEND`) joins nothing.
    expect(blocks(['1. (C) SUMMARY: THE LEGEND', 'SUMMARY OF THE TALKS.', '', '2. (C) MORE.']).map((b) => b.split('|')[1])).toEqual(['']);
  });
});

describe("the block scan's keywords", () => {
  // A line is read only around its keywords (keywordWords): its items must read as those of every
  // word read in turn (everyWord), after whatever items the lines before it left (each read whole
  // here: a reading is told only whether the item before the line is a run, and its word).
  type Items = Parameters<typeof everyWord>[0];
  const itemsOf = (before: string[], line: string, reading: typeof everyWord): string => {
    const lines = [...before, line];
    const all: Items = [];
    let lastRawLine = -1;
    for (let l = 0; l < before.length; l++) {
      everyWord(all, lines, lines[l], l, lastRawLine);
      if (lines[l].trim() !== '') lastRawLine = l;
    }
    reading(all, lines, line, before.length, lastRawLine);
    return JSON.stringify(asRead(all));
  };
  // What the block scan reads of the items (scanBlocks' second loop): a block word, the END before
  // one, the BEGIN before TEXT and the AND of `END SUMMARY AND COMMENT` whole; any other item only
  // as a word stepped over, whose text is read only as the word before an item that is not a
  // line's first. Words stepped over in a row are one run, read as its last word.
  const blockWord = (w: string) => ['SUMMARY', 'COMMENT', 'TEXT'].includes(w.split('/')[0]);
  const asRead = (all: Items) => {
    const out: object[] = [];
    let run = false;
    for (let k = 0; k < all.length; k++) {
      const w = all[k];
      const next = all[k + 1];
      const read =
        blockWord(w.word) ||
        (w.word === 'END' && next !== undefined && blockWord(next.word)) ||
        (w.word === 'BEGIN' && next?.word === 'TEXT') ||
        (w.word === 'AND' && all[k - 2]?.word === 'END' && blockWord(all[k - 1].word) && next?.word === 'COMMENT');
      if (read) out.push({ ...w, raw: w.raw });
      const stepped = { run: next !== undefined && !next.first ? w.raw : null };
      if (!read && run) out[out.length - 1] = stepped;
      else if (!read) out.push(stepped);
      run = !read;
    }
    return out;
  };
  /** keywordWords' items for `line` after `before`, once they are found to be everyWord's. */
  const sameItems = (before: string[], line: string): string => {
    const fast = itemsOf(before, line, keywordWords);
    expect(fast, JSON.stringify([...before, line])).toBe(itemsOf(before, line, everyWord));
    return fast;
  };
  const PIECES = ['SUMMARY', 'Summary:', '(SUMMARY)', 'SUMMARY.', 'summary', 'COMMENT', 'Comment:', 'COMMENT.', '--', 'TEXT', 'TEXT:', 'END', 'end', '(END', 'BEGIN', 'AND', 'and', 'SUMMARY/COMMENT', 'TEXT/', 'context', 'comments', 'TEXTS', 'the', 'talks.', 'A.', '1.', '(C)', 'XX', 'B', 'ſummary', 'BEGıN', 'énd', '“SUMMARY', 'TEXT”', 'Ωmega', 'a\u00a0b', 'SUMMARY\u00a0é'];
  it('reads an AND after words left out as after a word stepped over', () => {
    // The words before `AND` are left out, but they stand between it and `END SUMMARY`: the
    // comment stays open.
    // So do the words after a block word at its line's end (`TALKS`).
    for (const body of [
      ['1. (C) COMMENT: THE TALKS. SUMMARY: WENT ON. END SUMMARY', 'THE TALKS AND COMMENT.', '', '2. (C) MORE.'],
      ['1. (C) COMMENT: THE TALKS. SUMMARY: WENT ON. END SUMMARY TALKS', 'AND COMMENT.', '', '2. (C) MORE.'],
    ]) {
      sameItems(['SUBJECT: TALKS', '', body[0]], body[1]);
      expect(parseCable(['SUBJECT: TALKS', '', ...body].join('\n')).cables[0].body.blocks.map((b) => `${b.kind} ${b.close?.text ?? ''}`)).toEqual(['comment ', 'summary END SUMMARY']);
    }
  });
  it('reads a word beyond ASCII that upper-cases into a block word', () => {
    // `BEGıN` is BEGIN; `ſummary` is no SUMMARY (a letter beyond ASCII at a word's edge is punctuation).
    const body = ['1. (C) THE CABLE SAID: “BEGıN TEXT”: WE AGREE. “END TEXT”. END ſummary', '', '2. (C) MORE.'];
    sameItems(['SUBJECT: TALKS', ''], body[0].slice(0, body[0].lastIndexOf(' END')));
    expect(parseCable(['SUBJECT: TALKS', '', ...body].join('\n')).cables[0].body.blocks.map((b) => `${b.kind} ${b.open.text}|${b.close?.text}`)).toEqual(['quote BEGıN TEXT|END TEXT']);
  });
  it('leaves out words beyond ASCII on a rule that holds for every character', () => {
    // keywordWords leaves out a word beyond ASCII without a keyword: it may, as long as the only
    // characters that upper-case into ASCII alone are these (none inside SUMMARY, COMMENT or TEXT).
    const found: string[] = [];
    for (let c = 128; c < 0x10000; c++) {
      if (c >= 0xd800 && c < 0xe000) continue;
      if (/^[\x00-\x7f]+$/.test(String.fromCharCode(c).toUpperCase())) found.push(String.fromCharCode(c));
    }
    expect(found.join('')).toBe('ßıſﬀﬁﬂﬃﬄﬅﬆ');
  });
  it('reads the same items as the whole line cut into words, on random lines', () => {
    const random = rng(77);
    const line = () => {
      const words: string[] = [];
      for (let k = Math.floor(random() * 9); k > 0; k--) words.push(PIECES[Math.floor(random() * PIECES.length)]);
      return (random() < 0.3 ? '1. ' : '') + words.join(random() < 0.8 ? ' ' : '  ');
    };
    // The block scan reads a line with a keyword, and one that ends in END or BEGIN or follows one,
    // which it cuts whole: keywordWords stands for every word on the others (the test leaves out
    // more than those: `(END`, `énd`).
    const endsInEndOrBegin = (t: string) => /(?:END|BEGIN)[^A-Z]*$/.test(t.trim().split(/\s+/).pop()!.toUpperCase());
    let compared = 0;
    let words = 0;
    let runs = 0;
    for (let n = 0; n < 4000; n++) {
      const before: string[] = [];
      for (let l = Math.floor(random() * 3); l > 0; l--) before.push(random() < 0.2 ? '' : line());
      const t = line();
      const last = before.filter((b) => b.trim() !== '').pop();
      if (!/summary|comment|text/i.test(t) || endsInEndOrBegin(t) || (last !== undefined && endsInEndOrBegin(last))) continue;
      const items = JSON.parse(sameItems(before, t)) as { line?: number; run?: string | null }[];
      compared++;
      words += items.filter((w) => w.line === before.length).length;
      runs += items.filter((w) => typeof w.run === 'string').length;
    }
    // Enough lines are compared, with items of the line's and runs read as the word before one, for
    // the comparison to mean something.
    expect(compared).toBeGreaterThan(2000);
    expect(words).toBeGreaterThan(4000);
    expect(runs).toBeGreaterThan(3000);
  });
});

describe("a paragraph's first words", () => {
  // What firstWordsOf read before it read the line in place: the line cut and trimmed, joined to
  // the next when short, and its words one space apart up to 48 characters.
  const reference = (line: string, from: number, next: string): string => {
    let t = line.slice(from).trim();
    if (t.length < 40 && next) t = `${t} ${next.trim()}`;
    let out = '';
    for (const w of t.split(/[ \t\v\f\u00a0\u2007\u202f]+/).filter(Boolean)) {
      if (out.length + w.length > 48) return `${out}…`;
      out = out ? `${out} ${w}` : w;
    }
    return out;
  };
  it('are those of the line cut and trimmed, whatever spaces stand around them', () => {
    const random = rng(5);
    const pieces = ['THE', 'MINISTER', 'said', 'talks.', 'a', 'verylongwordthatgoesonandonandonforever', ' ', '  ', '\t', '\u00a0', '\u3000', '\u2028', '\ufeff', '\u2007', 'é', ''];
    let cut = 0;
    for (let n = 0; n < 4000; n++) {
      const make = (k: number) => {
        let s = '';
        for (; k > 0; k--) s += pieces[Math.floor(random() * pieces.length)] + (random() < 0.7 ? ' ' : '');
        return s;
      };
      const line = make(Math.floor(random() * 16));
      const next = random() < 0.5 ? '' : make(Math.floor(random() * 12));
      const from = Math.floor(random() * (line.length + 1));
      const expected = reference(line, from, next);
      if (expected.endsWith('…')) cut++;
      expect(firstWordsOf(line, from, next), JSON.stringify([line, from, next])).toBe(expected);
    }
    expect(cut).toBeGreaterThan(300);
  });
});

describe("a banner's first word", () => {
  it('is what the pattern reads once the first two characters let it run, on random lines', () => {
    // The pattern bannerFirst runs, alone on every line.
    const BANNER_FIRST = /^\s*(?:U*N?CLAS|C+ ?O ?N ?F|S+ ?E ?C ?R|T ?O ?P )/i;
    const random = rng(23);
    const pick = (xs: string[]) => xs[Math.floor(random() * xs.length)];
    const words = ['UNCLAS', 'UUNCLAS', 'NCLAS', 'CLAS', 'CONF', 'C O N F', 'CCONF', 'SECR', 'S E C R', 'SSECR', 'TOP ', 'T O P ', 'unclas', 'Conf', 'secret', 'top '];
    // Each character that may stand in for one of a banner's: a letter of them in either case, a
    // space, a NUL (a space's code with bit 5 cleared), a letter beyond ASCII upper-casing into one.
    const others = ['U', 'N', 'C', 'L', 'O', 'S', 'E', 'T', 'P', 'u', 'n', 'c', 'l', 'o', 's', 'e', 't', 'p', ' ', '\0', 'ſ', 'é', '@', 'X'];
    let banners = 0;
    for (let n = 0; n < 30000; n++) {
      let word = pick(words);
      // One character changed, dropped or put in, in the first three.
      const at = Math.floor(random() * 3);
      const edit = Math.floor(random() * 4);
      if (edit === 1) word = word.slice(0, at) + pick(others) + word.slice(at + 1);
      else if (edit === 2) word = word.slice(0, at) + word.slice(at + 1);
      else if (edit === 3) word = word.slice(0, at) + pick(others) + word.slice(at);
      const line = pick(['', ' ', '\t', '\u00a0', '\u3000', '\ufeff']) + word + pick(['', ' 0001', 'IDENTIAL']);
      const expected = BANNER_FIRST.test(line);
      if (expected) banners++;
      expect(bannerFirst(line), JSON.stringify(line)).toBe(expected);
    }
    expect(banners).toBeGreaterThan(8000);
  });
});

describe('the date-time group shape', () => {
  it("is the pattern's reading of a line's start, on random lines", () => {
    // What dtgShape stands for.
    const DTG_SHAPE = /^\s*(?:[A-Z]{1,2}\s+){0,2}\d{6}Z?\s/;
    const random = rng(19);
    const pick = (xs: string[]) => xs[Math.floor(random() * xs.length)];
    const spaces = ['', ' ', '  ', '\t', '\u00a0', '\u3000', '\ufeff', 'x'];
    const heads = ['O', 'P', 'RR', 'ZZ', 'ABC', 'o', 'Z', '2', '.', 'é'];
    const numbers = ['241054', '241054Z', '41054', '2410545', '241054z', '241054ZZ', 'NOV'];
    let shaped = 0;
    for (let n = 0; n < 20000; n++) {
      // Up to four precedences (the shape takes two) before a number, each piece near a miss.
      let line = pick(spaces);
      for (let k = Math.floor(random() * 5); k > 0; k--) line += pick(heads) + pick(spaces);
      line += pick(numbers) + pick(spaces) + pick(['', 'NOV 08', '.']);
      let i = 0;
      while (i < line.length && /\s/.test(line[i])) i++;
      const expected = DTG_SHAPE.test(line);
      if (expected) shaped++;
      expect(dtgShape(line, i), JSON.stringify(line)).toBe(expected);
    }
    expect(shaped).toBeGreaterThan(400);
  });
});

describe('the next-cable scan on every line', () => {
  it("reads a rendering's date line on each weekday, and lets other lines go on their first letters", () => {
    const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
    for (const d of days) expect(isDateLine(`${d}, 23 February 2001, 15:53`)).toBe(true);
    expect(isDateLine('  Monday, 12 May 2003, 09:15')).toBe(true);
    for (const line of ['tuesday, 03 July 2001, 12:03', 'Tuesday 03 July 2001, 12:03', 'Today, 03 July 2001, 12:03', 'Thuesday, 03 July 2001, 12:03', 'The talks went on.']) expect(isDateLine(line)).toBe(false);
  });
  it("reads the table's header line however its words are spaced", () => {
    expect(isTableHeader('Reference ID  Created  Released  Classification  Origin')).toBe(true);
    expect(isTableHeader('  Reference ID Created Released')).toBe(true);
    // Words apart by tabs count when `Reference ID` stands somewhere in the line.
    expect(isTableHeader('Reference\tID\tCreated\tReleased Reference ID')).toBe(true);
    expect(isTableHeader('Reference\tID\tCreated\tReleased')).toBe(false);
    expect(isTableHeader('REFERENCE ID CREATED RELEASED')).toBe(false);
    expect(isTableHeader('Ref: Reference ID Created x')).toBe(false);
  });
});

describe("a paragraph's list items", () => {
  it('are read from the first characters of each line, and other lines are let go', () => {
    const body = ['1. (C) The list:', '-- first', '- second', '* third', '• fourth', 'o fifth', 'A. sixth', 'b) seventh', '(c) eighth', '(12) ninth', 'AB. not', '(ABC) not', 'THE not', '---- long dash', 'o', 'C) tenth', '.) odd'];
    const paragraphs = parseCable(['SUBJECT: TALKS', '', ...body].join('\n')).cables[0].body.paragraphs;
    expect(paragraphs.flatMap((x) => x.items.map((it) => `${it.kind}:${it.label}@${it.range.start.line}`))).toEqual([
      'bullet:--@3',
      'bullet:-@4',
      'bullet:*@5',
      'bullet:•@6',
      'bullet:o@7',
      'sub:A@8',
      'sub:b@9',
      'sub:c@10',
      'sub:12@11',
      'bullet:--@15',
      'bullet:o@16',
      'sub:C@17',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { AMPERSAND, BLOCK_WORD, COMMA_LETTER, LOST_MARKS, REDACTION_RUN, SUSPECT_CHAR, lineFlags } from '../../server/src/parser/lineFlags';
import { parseLines } from '../../server/src/parser/parser';
import { splitLines } from '../../server/src/parser/text';
import { HAVE_SHARED, corpusFiles, readCorpus } from './helpers';
import { rng } from '../random';

/** Each flag's test as the parse ran it line by line. */
const LINE_TESTS: Array<[number, (line: string) => boolean]> = [
  [SUSPECT_CHAR, (t) => /[\x00-\x08\x0a-\x1f\x7f\ufffd]/.test(t)],
  [LOST_MARKS, (t) => t.includes('???')],
  [REDACTION_RUN, (t) => t.includes('XXXXXX')],
  [AMPERSAND, (t) => t.includes('&')],
  [COMMA_LETTER, (t) => /,[A-Za-z]/.test(t)],
  [BLOCK_WORD, (t) => /summary|comment|text/i.test(t)],
];

// Pieces that make each flag (and near misses: `XXXXX`, `??`, `, a`, `tex t`, a tab), and plain words.
const PIECES = ['SUMMARY', 'Comment', 'conTEXT', 'tex t', 'XXXXXX', 'XXXXX', '???', '??', '&', 'R&D', 'don,t', ', a', ',1', '\t', '\x07', '\x0c', '\ufffd', '\x00', 'É', 'the', ' ', '  ', 'PREL', '1.', '(C)'];

function randomText(next: () => number, eol: string): string {
  const lines: string[] = [];
  const n = 1 + Math.floor(next() * 12);
  for (let l = 0; l < n; l++) {
    let line = '';
    const k = Math.floor(next() * 6);
    for (let i = 0; i < k; i++) line += PIECES[Math.floor(next() * PIECES.length)];
    lines.push(line);
  }
  return lines.join(eol);
}

describe('lineFlags', () => {
  it('flags exactly the lines each test would find, whatever the line ends and a BOM', () => {
    const next = rng(9);
    for (let r = 0; r < 3000; r++) {
      const eol = r % 3 === 0 ? '\r\n' : '\n';
      const text = (r % 5 === 0 ? '\ufeff' : '') + randomText(next, eol);
      const split = splitLines(text);
      if (split.eol === 'mixed') continue;
      const flags = lineFlags(text, split.bom ? 1 : 0, split.lines, split.eol.length);
      split.lines.forEach((line, l) => {
        for (const [flag, test] of LINE_TESTS) expect(!!(flags[l] & flag), `${JSON.stringify(line)} flag ${flag} (text ${JSON.stringify(text)})`).toBe(test(line));
      });
    }
  });

  // parseCable reads the flags from the text; parseLines, as the server and the incremental parse
  // call it, tests every line: the two must make the same model.
  const SAMPLE = [
    'UNCLAS STATE 000001',
    '',
    'SUBJECT: TEST OF THE FLAGS',
    '',
    '1. (U) SUMMARY: The minister,s office said &no comment8 on the XXXXXXXXX matter. END SUMMARY.',
    '2. (C) Characters ??? were lost here, and a bell \x07 rang; Qa,ida and don,t. BEGIN TEXT:',
    '3. (C) COMMENT: the last line has no line end. END TEXT. \ufffd',
    '',
    'SMITH',
  ];
  const texts: Array<[string, string]> = [
    ['sample', SAMPLE.join('\n')],
    ['sample crlf', SAMPLE.join('\r\n')],
    ['sample bom', '\ufeff' + SAMPLE.join('\n')],
    ['sample mixed', SAMPLE.join('\n').replace('\n\n1.', '\r\n\r1.')],
    ['sample final eol', SAMPLE.join('\n') + '\n'],
  ];
  it.each(texts)('parseCable (flags from the text) and parseLines (each line tested) agree: %s', (_, text) => {
    const split = splitLines(text);
    const whole = parseCable(text);
    expect(JSON.stringify(whole)).toBe(JSON.stringify(parseLines(split.lines, split.eol, split.bom).doc));
    // The sample's damage, redaction, lost characters and blocks are all found.
    const kinds = new Set(whole.cables.flatMap((c) => c.problems.map((p) => p.kind)));
    for (const k of ['lost-characters', 'control-characters']) expect(kinds).toContain(k);
    const body = whole.cables[0].body;
    expect(body.redactions.length).toBe(1);
    expect(body.damage?.map((d) => d.kind)).toEqual(expect.arrayContaining(['apostrophe', 'open-quote', 'close-quote']));
    expect(body.blocks.map((b) => b.kind)).toEqual(expect.arrayContaining(['summary', 'comment', 'quote']));
  });

  it.skipIf(!HAVE_SHARED)('parseCable and parseLines agree on every corpus cable and on the corpus joined', () => {
    const names = corpusFiles();
    const all = names.map(readCorpus);
    const texts: Array<[string, string]> = [...names.map((n, k): [string, string] => [n, all[k]]), ['joined', all.join('\n\n')], ['joined crlf', all.slice(0, 200).join('\r\n')]];
    const differ = texts.filter(([, text]) => {
      const split = splitLines(text);
      return JSON.stringify(parseCable(text)) !== JSON.stringify(parseLines(split.lines, split.eol, split.bom).doc);
    });
    expect(differ.map(([name]) => name)).toEqual([]);
  });
});

/**
 * Bad input never throws and never yields a range outside the text: arbitrary strings, mutated
 * cables, and the hostile inputs the issue names (binary junk, controls, huge lines, CRLF, BOM).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { HAVE_SHARED, SEED, rangeProblems } from './helpers';

const SAMPLE = readFileSync(resolve(__dirname, '../../samples/08ASTANA2318.cable'), 'utf8');

function check(text: string): void {
  const doc = parseCable(text);
  expect(doc.problems.filter((p) => p.kind === 'internal-error')).toEqual([]);
  expect(rangeProblems(doc)).toEqual([]);
  for (const c of doc.cables) {
    expect(c.range.start.line).toBeLessThanOrEqual(c.range.end.line);
    const lines = c.body.paragraphs.map((p) => p.startLine);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  }
  for (let i = 1; i < doc.problems.length; i++) {
    const a = doc.problems[i - 1]!.range.start;
    const b = doc.problems[i]!.range.start;
    expect(a.line < b.line || (a.line === b.line && a.character <= b.character)).toBe(true);
  }
}

/** Pieces real cables are made of, so that random input reaches deep into the parser. */
const piece = fc.constantFrom(
  'VZCZCXRO7869',
  'OO RUEHAG RUEHAST',
  'DE RUEHTA #2318/01 3291054',
  'DE RUEHTA #',
  'ZNR UUUUU ZZH',
  'ZNY CCCCX',
  'O 241054Z NOV 08',
  '991299 FOO 08',
  'FM AMEMBASSY ASTANA',
  'TO RUEHC/SECSTATE WASHDC IMMEDIATE 3923',
  'TO RUEHC/',
  'INFO /',
  'UNCLAS SECTION 01 OF 03 ASTANA 002318',
  'C O N F I D E N T I A L',
  'SIPDIS',
  'E.O. 12958: DECL: 13/45/2018',
  'TAGS: PREL PGOV',
  'SUBJECT: X',
  'REF: A. STATE 1234 B. MADRID 1131',
  'Classified By: DCM, for reasons 1.4(b) and (d)',
  '1.  (SBU)  SUMMARY: text',
  '¶2. (S//NF) Comment: more',
  '3. (C text',
  'END SUMMARY.',
  'END COMMENT',
  'ASTANA 00002318  002 OF 003',
  '* Missing Section 001 *',
  'PAGE 02 STATE 015113 182333Z',
  'Reference ID Created Released Classification Origin',
  '08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 SECRET Embassy Astana',
  'HOAGLAND',
  '',
  ' ',
  '-- bullet',
  '???',
  '\u0007\u0000',
  '\ufffd',
);
const eol = fc.constantFrom('\n', '\r\n', '\r');

describe('robustness', () => {
  it('takes empty and near-empty input', () => {
    for (const t of ['', '\n', '\r\n', '\ufeff', ' ', '\t\t', '\u00a0\u00a0\n\u00a0']) check(t);
    expect(parseCable('').cables).toEqual([]);
  });

  it('takes arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => check(s)), { numRuns: 400 });
  });

  it('takes arbitrary sequences of cable lines', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, fc.string({ maxLength: 6 }), eol), { maxLength: 60 }), (parts) => {
        check(parts.map(([p, noise, e]) => p + noise + e).join(''));
      }),
      { numRuns: 400 },
    );
  });

  it('takes the sample cable with lines deleted, duplicated or cut', () => {
    const lines = SAMPLE.split('\n');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(lines.length - 1), fc.constantFrom('delete', 'duplicate', 'cut', 'upper')), { minLength: 1, maxLength: 12 }),
        (ops) => {
          const out = [...lines];
          for (const [at, op] of ops) {
            const i = Math.min(at, out.length - 1);
            if (i < 0) break;
            if (op === 'delete') out.splice(i, 1);
            else if (op === 'duplicate') out.splice(i, 0, out[i]!);
            else if (op === 'cut') out[i] = out[i]!.slice(0, Math.floor(out[i]!.length / 2));
            else out[i] = out[i]!.toUpperCase();
          }
          check(out.join('\n'));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('marks binary data as such and finds no cable in it', () => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    const doc = parseCable(junk);
    expect(doc.binary).toBe(true);
    expect(doc.cables).toEqual([]);
  });

  it('reports control characters, U+FFFD and ??? where characters were lost', () => {
    const doc = parseCable('UNCLAS STATE 001234\n\nSUBJECT: A\u0007B\n\n1. (U) Lost ??? here and \ufffd there.\n');
    expect(doc.problems.map((p) => [p.kind, p.range.start.line, p.range.start.character])).toEqual([
      ['control-characters', 2, 10],
      ['lost-characters', 4, 12],
      ['lost-characters', 4, 25],
    ]);
  });

  it('parses lines of 100,000 characters, one per hostile shape', () => {
    for (const unit of ['(((', 'RUEH ', 'XXXX', 'C O N F I D E N T I A L ', '1. (', '¶', 'REF: A. ', '-- ', '?', 'END ']) {
      const line = unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000);
      check(`${line}\n${line}\nUNCLAS STATE 000001\n\n1. (U) ${line}\n`);
    }
  });

  it('reads the seed the same with tabs and non-breaking spaces for spaces', () => {
    if (!HAVE_SHARED) return;
    const seed = readFileSync(SEED, 'utf8');
    const a = parseCable(seed);
    const b = parseCable(seed.replace(/ {2}/g, '\t').replace(/^ $/gm, '\u00a0'));
    expect(b.cables[0]!.body.paragraphs.map((p) => p.number?.value)).toEqual(a.cables[0]!.body.paragraphs.map((p) => p.number?.value));
    expect(b.cables[0]!.routing!.addressees.length).toBe(a.cables[0]!.routing!.addressees.length);
    check(seed.replace(/ {2}/g, '\t'));
  });

  it('parses several cables in one file, each with its own parts', () => {
    const doc = parseCable(`${SAMPLE}\n\n${SAMPLE}`);
    expect(doc.cables).toHaveLength(2);
    expect(doc.cables.map((c) => c.table?.referenceId?.text)).toEqual(['08ASTANA2318', '08ASTANA2318']);
    expect(doc.cables.map((c) => c.body.paragraphs.length)).toEqual([10, 10]);
    // The first cable's page tail and the second's page head lie between them.
    expect(doc.outside.map((o) => o.position)).toEqual(['before', 'between', 'after']);
  });
});

import { describe, expect, it } from 'vitest';
import { HAS_SEED, NOT_CANCELLED, SEED, docFromText, service } from './helpers';
import { readFileSync } from 'node:fs';
import { parseCable } from '../../server/src/parser';

/** The completion labels at the `|` in `text`. */
function complete(text: string): { labels: string[]; newText: string[] } {
  const at = text.indexOf('|');
  const doc = docFromText(text.slice(0, at) + text.slice(at + 1));
  const list = service().getCompletionItems(doc, doc.positionAt(at), NOT_CANCELLED);
  return {
    labels: list.items.map((i) => i.label),
    newText: list.items.map((i) => (i.textEdit && 'newText' in i.textEdit ? i.textEdit.newText : '')),
  };
}

const HEADER = 'VZCZCXRO7869\nOO RUEHC RUEHAST\nDE RUEHTA #2318/01 3291054\nZNR UUUUU ZZH\nO 241054Z NOV 08\nFM AMEMBASSY ASTANA\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 3923\nINFO RUEHBJ/AMEMBASSY BEIJING 0240\n';

describe('completion', () => {
  it('offers paragraph markings after `N. (`, closing the parenthesis', () => {
    const c = complete('UNCLAS ASTANA 002318\n\nSUBJECT: X\n\n1. (U) One.\n\n2. (|\n');
    // From the reference table's paragraph markings, most used in the corpus first.
    expect(c.labels.slice(0, 4)).toEqual(['C', 'S', 'SBU', 'S/NF']);
    expect(c.labels).toEqual(expect.arrayContaining(['U', 'TS', 'C//NF', 'U//FOUO']));
    expect(c.labels.some((l) => l.includes('...'))).toBe(false);
    expect(c.newText[c.labels.indexOf('SBU')]).toBe('SBU)');
    // A closing parenthesis already there is not doubled.
    expect(complete('1. (S|)\n').newText[0]).toBe('C');
  });

  it('offers TAGS codes from the table, without those already written', () => {
    const c = complete('UNCLAS ASTANA 002318\n\nE.O. 12958: N/A\nTAGS: PREL PG|\n');
    expect(c.labels).toContain('PGOV');
    expect(c.labels).not.toContain('PREL');
    expect(c.labels.length).toBeGreaterThan(200);
  });

  it('offers the routing indicators this cable uses, with the names it gives them', () => {
    const at = HEADER.indexOf('INFO RUEHBJ') + 5;
    const text = HEADER.slice(0, at) + '|' + HEADER.slice(at);
    const doc = docFromText(text.replace('|', ''));
    const list = service().getCompletionItems(doc, doc.positionAt(at), NOT_CANCELLED);
    expect(list.items.map((i) => [i.label, i.detail])).toEqual([
      ['RUEHC', 'SECSTATE WASHDC'],
      ['RUEHBJ', 'AMEMBASSY BEIJING'],
      ['RUEHTA', 'AMEMBASSY ASTANA'],
      ['RUEHAST', 'routing indicator used in this cable'],
    ]);
  });

  it('offers precedence words after an addressee', () => {
    const at = HEADER.indexOf('IMMEDIATE 3923');
    const text = HEADER.slice(0, at) + '|' + HEADER.slice(at + 'IMMEDIATE 3923'.length);
    // The shared vocabulary's precedence words, most urgent first (NIACT alone is only read, not offered).
    expect(complete(text).labels).toEqual(['FLASH', 'NIACT IMMEDIATE', 'IMMEDIATE', 'PRIORITY', 'ROUTINE']);
  });

  it('offers nothing in prose, and does not parse the document to say so', () => {
    expect(complete('1. (U) The minister sa|id.\n').labels).toEqual([]);
    let parses = 0;
    const svc = service({ parse: (text) => (parses++, parseCable(text)) });
    const doc = docFromText('1. (U) The minister said the talks went well \n');
    expect(svc.getCompletionItems(doc, { line: 0, character: 45 }, NOT_CANCELLED).items).toEqual([]);
    expect(parses).toBe(0);
  });
});

describe.skipIf(!HAS_SEED)('completion on the seed', () => {
  it('offers captions under the banner', () => {
    const text = readFileSync(SEED, 'utf8').replace('SIPDIS \n', 'SIP|\n');
    expect(complete(text).labels).toEqual(['SIPDIS', 'SENSITIVE', 'NOFORN', 'EXDIS', 'NODIS', 'LIMDIS', 'STADIS', 'NOTAL', 'CHEROKEE', 'FOUO', 'EFTO', 'ORCON', 'NOCONTRACT', 'PROPIN', 'CORRECTED COPY', 'SENSITIVE BUT UNCLASSIFIED', 'FOR OFFICIAL USE ONLY']);
  });
});

import { describe, expect, it } from 'vitest';
import { findLabels } from '../../server/src/parser/subject';

// findLabels keeps its last answer per slot of line numbers, and lets most words go on their
// first letter: the answers must be those of the line's own text whatever was asked before.
describe('findLabels', () => {
  it('answers for the text asked, not for another text asked before on the same line number', () => {
    expect(findLabels(7, 'SUBJECT: TALKS').map((l) => l.kind)).toEqual(['subject']);
    expect(findLabels(7, 'THE TALKS WENT WELL')).toEqual([]);
    expect(findLabels(7, 'TAGS: PREL PGOV').map((l) => l.kind)).toEqual(['tags']);
    // Line 7 + 256 shares a slot with line 7.
    expect(findLabels(7 + 256, 'TAGS: PREL PGOV')[0]).toMatchObject({ kind: 'tags', line: 7 + 256, start: 0, end: 5 });
    expect(findLabels(7, 'TAGS: PREL PGOV')[0]).toMatchObject({ kind: 'tags', line: 7 });
  });

  it('the same text asked twice gives the same labels', () => {
    const t = 'E.O. 12958: DECL: 12/31/2015 TAGS: PREL SUBJECT: TALKS';
    const a = findLabels(3, t).map((l) => ({ ...l }));
    expect(a.map((l) => l.kind)).toEqual(['eo', 'tags', 'subject']);
    expect(findLabels(3, t).map((l) => ({ ...l }))).toEqual(a);
    expect(findLabels(3, t.toLowerCase()).map((l) => l.kind)).toEqual(['eo', 'tags', 'subject']);
  });

  it('labels glued to the word before them, in the middle of a line, are still found', () => {
    expect(findLabels(1, 'DEPARTMENT FOR S/CT FOR REAPE.O. 12958: DECL: 11/14/2012')[0]).toMatchObject({ kind: 'eo', start: 28, end: 32 });
    expect(findLabels(2, 'SUBJECT: TALKS AS UK PRIMEREF: A. LONDON 1939').map((l) => l.kind)).toEqual(['subject', 'ref']);
    expect(findLabels(4, 'SUBJECT: TALKS CAIROClassified By: X').map((l) => l.kind)).toEqual(['subject', 'classifiedBy']);
  });

  it('a first letter outside ASCII that upper-cases into a label\'s letter is read as the label', () => {
    expect(findLabels(5, 'ſUBJECT: TALKS').map((l) => l.kind)).toEqual(['subject']);
    expect(findLabels(5, 'ſubject: talks')).toEqual(findLabels(6, 'subject: talks').map((l) => ({ ...l, line: 5 })));
  });

  it('words no label starts with are no labels', () => {
    expect(findLabels(9, '1. (C) THE MINISTER SAID: NOTHING.')).toEqual([]);
  });

  // A line is let go uncut when neither its lead nor a word ending in a colon or `E.O.` can be a
  // label: the labels run on into a paragraph of the 2010 rendering must still be found.
  it('a paragraph that opens with its anchor and `Summary:` holds no label, unless one is run on into it', () => {
    const para = '¶1. (S) Summary: During his visit the minister said: nothing. End summary.';
    expect(findLabels(11, para)).toEqual([]);
    expect(findLabels(12, `${para} TAGS: PREL PGOV`)[0]).toMatchObject({ kind: 'tags', start: para.length + 1, end: para.length + 6 });
    expect(findLabels(13, `${para} Subject: TALKS`)[0]).toMatchObject({ kind: 'subject', start: para.length + 1 });
    expect(findLabels(14, `${para} SUBJ:TALKS`).map((l) => l.kind)).toEqual([]);
    expect(findLabels(15, `${para} ſubj: TALKS`).map((l) => l.kind)).toEqual(['subject']);
    expect(findLabels(16, `${para} FOR REAPE.O. 12958: DECL: 11/14/2012`)[0]).toMatchObject({ kind: 'eo', start: para.length + 9 });
  });
});

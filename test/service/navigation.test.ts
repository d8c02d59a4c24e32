import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { NodeFileSystem } from '../../server/src/service/workspace/nodeFileSystem';
import { CORPUS, HAS_SHARED, NOT_CANCELLED, SEED, corpusDoc, docFromFile, docFromText, posOf, r, service } from './helpers';

const CABLE = [
  'VZCZCXRO1234', //                                   0
  'PP RUEHC RUEHAK', //                                1
  'DE RUEHRO #0001/01 0051200', //                     2
  'ZNY CCCCC ZZH', //                                  3
  'P 051200Z JAN 09', //                               4
  'FM AMEMBASSY ROME', //                              5
  'TO RUEHC/SECSTATE WASHDC PRIORITY 1111', //         6
  'INFO RUEHAK/AMEMBASSY ANKARA 2222', //              7
  '', //                                               8
  'C O N F I D E N T I A L ROME 000001', //           9
  '', //                                              10
  'E.O. 12958: DECL: 01/05/2019', //                  11
  'TAGS: PREL IT', //                                 12
  'SUBJECT: A TEST CABLE', //                         13
  '', //                                              14
  'REF: A. ROME 12 B. STATE 3456', //                 15
  '', //                                              16
  'Classified By: Ambassador, for reasons 1.4 (b) and (d).', // 17
  '', //                                              18
  '1. (C) Summary: see paras 2-3 and REF A. End summary.', // 19
  '', //                                              20
  '2. (C) As para 3 says, refs A and B agree.', //    21
  '', //                                              22
  '3. (C) Per reftel B and PARAGRAPH 2, nothing.', // 23
  '', //                                              24
  'SMITH', //                                         25
  '',
].join('\n');

describe('definitions and references inside a cable', () => {
  const svc = service();
  const doc = docFromText(CABLE);
  const def = (needle: string, offset = 0, nth = 0) => svc.getDefinition(doc, posOf(doc, needle, offset, nth), NOT_CANCELLED);
  const refs = (needle: string, offset = 0, includeDeclaration = true, nth = 0) =>
    svc.getReferences(doc, posOf(doc, needle, offset, nth), { includeDeclaration }, NOT_CANCELLED).map((l) => l.range);

  it('takes a routing indicator in the delivery line to the addressee line that names it', () => {
    const links = def('RUEHAK', 2);
    expect(links.map((l) => [l.targetRange, l.targetSelectionRange, l.originSelectionRange])).toEqual([[r(7, 0, 7, 33), r(7, 5, 7, 11), r(1, 9, 1, 15)]]);
  });

  it('takes the DE station to the FM line', () => {
    expect(def('RUEHRO', 1).map((l) => l.targetRange)).toEqual([r(5, 0, 5, 17)]);
  });

  it('finds every use of a routing indicator, with or without its naming line', () => {
    expect(refs('RUEHC ', 1)).toEqual([r(1, 3, 1, 8), r(6, 3, 6, 8)]);
    expect(refs('RUEHC ', 1, false)).toEqual([r(1, 3, 1, 8)]);
  });

  it('takes `paras 2-3` to both paragraphs and `para 3` to paragraph 3', () => {
    expect(def('paras 2-3', 2).map((l) => l.targetSelectionRange)).toEqual([r(21, 0, 21, 1), r(23, 0, 23, 1)]);
    expect(def('paras 2-3', 8).map((l) => l.targetSelectionRange)).toEqual([r(23, 0, 23, 1)]);
    expect(def('para 3', 5).map((l) => l.targetRange.start.line)).toEqual([23]);
    expect(def('PARAGRAPH 2', 11).map((l) => l.targetRange.start.line)).toEqual([21]);
  });

  it('finds the mentions of a paragraph from its number', () => {
    expect(refs('3. (C)', 0)).toEqual([r(23, 0, 23, 1), r(19, 28, 19, 29), r(21, 15, 21, 16)]);
    expect(refs('3. (C)', 0, false)).toEqual([r(19, 28, 19, 29), r(21, 15, 21, 16)]);
  });

  it('takes `REF A`, `refs A and B` and `reftel B` to the REF entries', () => {
    expect(def('REF A.', 4).map((l) => l.targetSelectionRange)).toEqual([svc.getModel(doc).cables[0]!.refs!.entries[0]!.labelToken!.range]);
    expect(def('refs A and B', 11).map((l) => l.targetRange.start)).toEqual([svc.getModel(doc).cables[0]!.refs!.entries[1]!.range.start]);
    expect(def('reftel B', 7)).toHaveLength(1);
  });

  it('finds the mentions of a REF entry', () => {
    const found = svc.getReferences(doc, posOf(doc, 'B. STATE', 0), { includeDeclaration: false }, NOT_CANCELLED).map((l) => l.range);
    expect(found).toEqual([r(21, 34, 21, 35), r(23, 18, 23, 19)]);
  });

  it('answers nothing in plain prose', () => {
    expect(def('nothing', 2)).toEqual([]);
    expect(refs('nothing', 2)).toEqual([]);
  });
});

describe.skipIf(!HAS_SHARED)('navigation on real cables', () => {
  it('finds the routing indicators of the seed', () => {
    const svc = service();
    const doc = docFromFile(SEED);
    const links = svc.getDefinition(doc, posOf(doc, 'RUEKJCS', 2), NOT_CANCELLED);
    expect(links.map((l) => l.targetRange.start.line)).toEqual([29, 30]);
    expect(svc.getReferences(doc, posOf(doc, 'RUEKJCS', 2), { includeDeclaration: true }, NOT_CANCELLED)).toHaveLength(2);
  });

  it("follows `para 3` in 09STATE131801's first paragraph", () => {
    const svc = service();
    const doc = corpusDoc('09STATE131801');
    const links = svc.getDefinition(doc, posOf(doc, 'see para 3', 9), NOT_CANCELLED);
    const p3 = svc.getModel(doc).cables[0]!.body.paragraphs.find((p) => p.number?.value === 3)!;
    expect(links.map((l) => l.targetRange)).toEqual([p3.range]);
  });

  it('takes a REF entry naming a workspace cable to its file, and links it', async () => {
    const svc = service({ fileSystem: new NodeFileSystem() });
    await svc.setWorkspaceFolders([pathToFileURL(CORPUS).toString()]);
    const doc = corpusDoc('10RABAT8');
    const links = svc.getDefinition(doc, posOf(doc, '09 RABAT 1009', 4), NOT_CANCELLED);
    expect(links.map((l) => l.targetUri.replace(/^.*\//, ''))).toEqual(['09RABAT1009.cable']);
    const docLinks = svc.getDocumentLinks(doc, NOT_CANCELLED);
    expect(docLinks.map((l) => [l.target?.replace(/^.*\//, ''), l.range.start.line])).toContainEqual(['09RABAT1009.cable', 42]);
    // A reference without a year is matched by post and serial: RABAT 0988 → 09RABAT988.
    const back = corpusDoc('09RABAT1009');
    expect(svc.getDocumentLinks(back, NOT_CANCELLED).map((l) => l.target?.replace(/^.*\//, ''))).toContain('09RABAT988.cable');
  });
});

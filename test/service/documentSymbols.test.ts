import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { SymbolKind } from 'vscode-languageserver-types';
import { CORPUS, HAS_SEED, HAS_SHARED, NOT_CANCELLED, SEED, docFromFile, docFromText, r, service } from './helpers';

const names = (list: DocumentSymbol[] | undefined) => (list ?? []).map((s) => s.name);

function walk(list: DocumentSymbol[], visit: (s: DocumentSymbol, parent?: DocumentSymbol) => void, parent?: DocumentSymbol): void {
  for (const s of list) {
    visit(s, parent);
    walk(s.children ?? [], visit, s);
  }
}

const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);

describe.skipIf(!HAS_SEED)('document symbols on the seed', () => {
  const svc = service();
  const doc = docFromFile(SEED);
  const symbols = svc.getDocumentSymbols(doc, NOT_CANCELLED);

  const header = symbols[0]!;

  it('lists the header as one symbol, then sections and paragraphs side by side in text order, then the signature', () => {
    expect(names(symbols)).toEqual([
      'Header',
      '1. (U) Sensitive but unclassified. Not for Internet…',
      "2. (SBU) SUMMARY: In his speech to Kazakhstan's top…",
      '"NEW CONCEPT" FOR FOREIGN POLICY',
      "3. (SBU) On November 19, at the MFA's annual Chiefs of…",
      '"A WORTHY PARTNER OF GEOPOLITICAL PLAYERS"',
      '4. (SBU) Nazarbayev told the gathered diplomats that…',
      'ECONOMIC SLOWDOWN IS A NATURAL CYCLE',
      '5. (SBU) Nazarbayev noted that the current global economic…',
      'THE MULTIVECTOR POLICY, WITH A STRESS ON UNITED STATES',
      "6. (SBU) Nazarbayev reiterated Kazakhstan's multi-vector…",
      '7. (SBU) Nazarbayev stressed the need for greater regional…',
      'OSCE TOO FOCUSED ON THE HUMAN DIMENSION',
      '8. (SBU) While President Nazarbayev did not touch on…',
      '9. (SBU) Nazarbayev asserted that the OSCE makes…',
      "10. (SBU) COMMENT: Nazarbayev clearly laid out Kazakhstan's…",
      'HOAGLAND',
    ]);
  });

  it('holds the table, routing, banner, captions and subject block in the header, which spans them', () => {
    expect(header.kind).toBe(SymbolKind.Struct);
    expect(header.detail).toBe('08ASTANA2318, AMEMBASSY ASTANA, 241054Z NOV 08');
    expect(header.range).toEqual(r(7, 0, 43, 15));
    expect(names(header.children)).toEqual([
      'WikiLeaks table',
      'Routing',
      'UNCLAS SECTION 01 OF 03 ASTANA 002318',
      'SENSITIVE, SIPDIS',
      'SUBJECT: PRESIDENT NAZARBAYEV CALLS FOR GREATER INTERNATIONAL ROLE, CRITICIZES OSCE',
    ]);
  });

  it('gives the table its fields with exact ranges', () => {
    const table = header.children![0]!;
    expect(table.kind).toBe(SymbolKind.Struct);
    expect(table.range).toEqual(r(7, 0, 8, 97));
    expect(table.children!.map((c) => [c.name, c.detail, c.range])).toEqual([
      ['Reference ID', '08ASTANA2318', r(8, 0, 8, 12)],
      ['Created', '2008-11-24 10:54', r(8, 13, 8, 29)],
      ['Released', '2011-08-30 01:44', r(8, 30, 8, 46)],
      ['Classification', 'UNCLASSIFIED//FOR OFFICIAL USE ONLY', r(8, 47, 8, 82)],
      ['Origin', 'Embassy Astana', r(8, 83, 8, 97)],
    ]);
  });

  it('breaks the routing block into its lines and addressee groups', () => {
    const routing = header.children![1]!;
    expect(routing.range).toEqual(r(10, 0, 31, 36));
    expect(names(routing.children)).toEqual([
      'VZCZCXRO7869',
      'OO RUEHAG RUEHAST RUEHBI …',
      'RUEHLA RUEHLH RUEHLN …',
      'RUEHSR RUEHVK RUEHYG',
      'DE RUEHTA #2318',
      'ZNR UUUUU',
      'O 241054Z NOV 08',
      'FM AMEMBASSY ASTANA',
      'TO',
      'INFO',
    ]);
    const info = routing.children!.find((c) => c.name === 'INFO')!;
    expect(info.children).toHaveLength(13);
    expect(info.children![0]).toMatchObject({ name: 'CIS COLLECTIVE', detail: 'RUCNCIS', range: r(19, 0, 19, 32) });
    expect(info.children![12]).toMatchObject({ name: 'CDR USCENTCOM MACDILL AFB FL', detail: 'RHMFIUU', range: r(31, 0, 31, 36) });
    const dtg = routing.children!.find((c) => c.name === 'O 241054Z NOV 08')!;
    expect(dtg).toMatchObject({ detail: '2008-11-24T10:54:00Z', range: r(16, 0, 16, 16) });
  });

  it('puts the E.O. line and TAGS inside the subject block', () => {
    const subject = header.children![4]!;
    expect(subject.kind).toBe(SymbolKind.Package);
    expect(subject.range).toEqual(r(40, 0, 43, 15));
    expect(subject.children!.map((c) => [c.name, c.detail])).toEqual([
      ['E.O. 12958', 'N/A'],
      ['TAGS', 'PREL PGOV PHUM ECON KDEM OSCE KZ'],
    ]);
  });

  it('gives a section header its own line and a paragraph its lines, named by number, marking and first words', () => {
    const slowdown = symbols.find((s) => s.name === 'ECONOMIC SLOWDOWN IS A NATURAL CYCLE')!;
    expect(slowdown.kind).toBe(SymbolKind.Namespace);
    expect(slowdown.range).toEqual(r(111, 0, 111, 36));
    expect(slowdown.children).toEqual([]);
    const p5 = symbols[symbols.indexOf(slowdown) + 1]!;
    expect([p5.name, p5.kind, p5.range, p5.selectionRange]).toEqual(['5. (SBU) Nazarbayev noted that the current global economic…', SymbolKind.String, r(113, 0, 126, 48), r(113, 0, 113, 1)]);
  });

  it('never lets top-level symbols overlap, so the breadcrumbs inside a paragraph name that paragraph', () => {
    for (let i = 1; i < symbols.length; i++) {
      expect(before(symbols[i - 1]!.range.end, symbols[i]!.range.start), `${symbols[i - 1]!.name} / ${symbols[i]!.name}`).toBe(true);
    }
  });

  it('puts the summary and comment blocks inside their paragraphs', () => {
    const p = (n: string) => symbols.find((s) => s.name.startsWith(n))!;
    expect(p('2. (SBU)').children!.map((c) => [c.name, c.range])).toEqual([['Summary', r(48, 11, 64, 11)]]);
    expect(p('9. (SBU)').children!.map((c) => [c.name, c.range])).toEqual([['Comment', r(198, 56, 207, 24)]]);
    expect(p('10. (SBU)').children!.map((c) => c.name)).toEqual(['Comment']);
  });

  it('keeps every selection range inside its range and every child inside its parent', () => {
    walk(symbols, (s, parent) => {
      expect(before(s.range.start, s.selectionRange.start) && before(s.selectionRange.end, s.range.end), s.name).toBe(true);
      if (parent) expect(before(parent.range.start, s.range.start) && before(s.range.end, parent.range.end), `${s.name} in ${parent.name}`).toBe(true);
      expect(s.name.trim().length).toBeGreaterThan(0);
    });
  });
});

describe('document symbols without the usual parts', () => {
  const svc = service();

  it('lists paragraphs of a bare body with no header, numbers or sections', () => {
    const doc = docFromText('The minister said the talks went well.\nHe will travel next week.\n\nA second thought follows here.\n');
    const symbols = svc.getDocumentSymbols(doc, NOT_CANCELLED);
    for (const s of symbols) expect(s.name.length).toBeGreaterThan(0);
    expect(symbols.every((s) => s.kind !== SymbolKind.Namespace)).toBe(true);
  });

  it('answers an empty document and binary junk with a list, never a throw', () => {
    expect(svc.getDocumentSymbols(docFromText(''), NOT_CANCELLED)).toEqual([]);
    expect(() => svc.getDocumentSymbols(docFromText('\u0000\u0001\uFFFD'.repeat(1000)), NOT_CANCELLED)).not.toThrow();
  });

  it('wraps each cable of a multi-cable file in its own symbol', () => {
    const one = 'Reference ID Created Released Classification Origin\n08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 UNCLASSIFIED Embassy Astana\n\nUNCLAS ASTANA 002318\n\nSUBJECT: FIRST\n\n1. (U) One.\n\nHOAGLAND\n';
    const two = one.replace(/08ASTANA2318/g, '08ASTANA2319').replace('002318', '002319').replace('FIRST', 'SECOND');
    const symbols = svc.getDocumentSymbols(docFromText(one + '\n' + two), NOT_CANCELLED);
    expect(symbols.map((s) => [s.name, s.kind])).toEqual([
      ['08ASTANA2318', SymbolKind.Module],
      ['08ASTANA2319', SymbolKind.Module],
    ]);
    // Each cable holds its own header, paragraphs and signature.
    expect(symbols.map((s) => names(s.children))).toEqual([
      ['Header', '1. (U) One.', 'HOAGLAND'],
      ['Header', '1. (U) One.', 'HOAGLAND'],
    ]);
    expect(names(symbols[1]!.children![0]!.children)).toEqual(['WikiLeaks table', 'UNCLAS ASTANA 002319', 'SUBJECT: SECOND']);
  });

  it('caps the paragraphs per cable with cable.outline.maxParagraphs', () => {
    const capped = service();
    capped.updateSettings({ outline: { maxParagraphs: 2 } });
    const doc = docFromText('UNCLAS ROME 000001\n\nSUBJECT: X\n\n1. (U) One.\n\n2. (U) Two.\n\n3. (U) Three.\n');
    expect(names(capped.getDocumentSymbols(doc, NOT_CANCELLED)).filter((n) => /^\d\./.test(n))).toEqual(['1. (U) One.', '2. (U) Two.']);
  });

  it('stops when cancelled', () => {
    expect(svc.getDocumentSymbols(docFromText('1. (U) Text.\n'), { isCancellationRequested: true })).toEqual([]);
  });
});

describe.skipIf(!HAS_SHARED)('document symbols on the corpus', () => {
  it('gives every cable an outline whose paragraphs match the model and whose ranges nest', () => {
    const svc = service();
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.cable'));
    let paragraphs = 0;
    let sections = 0;
    let noSections = 0;
    for (const f of files) {
      const doc = docFromFile(join(CORPUS, f));
      const symbols = svc.getDocumentSymbols(doc, NOT_CANCELLED);
      const model = svc.getModel(doc);
      const paraRanges = new Set(model.cables.flatMap((c) => c.body.paragraphs.map((p) => JSON.stringify(p.range))));
      let count = 0;
      walk(symbols, (s, parent) => {
        if (s.kind === SymbolKind.String && paraRanges.has(JSON.stringify(s.range))) count++;
        if (s.kind === SymbolKind.Namespace && s.name !== 'Routing') sections++;
        expect(before(s.range.start, s.selectionRange.start) && before(s.selectionRange.end, s.range.end), `${f}: ${s.name}`).toBe(true);
        if (parent) expect(before(parent.range.start, s.range.start), `${f}: ${s.name} in ${parent.name}`).toBe(true);
      });
      // Siblings never overlap (the header, sections and paragraphs stand side by side).
      const siblings = (list: DocumentSymbol[]) => {
        // A summary or comment spanning several paragraphs stands beside them and overlaps them.
        list = list.filter((s) => s.kind !== SymbolKind.Object);
        for (let i = 1; i < list.length; i++) expect(before(list[i - 1]!.range.end, list[i]!.range.start), `${f}: ${list[i - 1]!.name} / ${list[i]!.name}`).toBe(true);
      };
      siblings(symbols);
      for (const c of model.cables.length > 1 ? symbols : []) siblings(c.children ?? []);
      const expected = model.cables.reduce((n, c) => n + c.body.paragraphs.length, 0);
      expect(count, f).toBe(expected);
      paragraphs += expected;
      if (model.cables.every((c) => c.body.sections.length === 0)) noSections++;
    }
    console.log(`[outline] ${files.length} corpus cables: ${paragraphs} paragraph symbols, ${sections} section symbols; ${noSections} cables without section headers`);
    expect(paragraphs).toBeGreaterThan(files.length);
  });
});

describe('the outline of a large export', () => {
  /** `n` small cables, each a table, a banner, a subject and three paragraphs. */
  const exportOf = (n: number) =>
    Array.from({ length: n }, (_, i) => {
      const serial = String(i + 1).padStart(6, '0');
      return [
        'Reference ID Created Released Classification Origin',
        `08ROME${i + 1} 2008-07-02 11:25 2011-08-30 01:44 UNCLASSIFIED Embassy Rome`,
        '',
        `UNCLAS ROME ${serial}`,
        '',
        `SUBJECT: CABLE ${i + 1}`,
        '',
        '1. (U) One.',
        '',
        '2. (U) Two.',
        '',
        '3. (U) Three.',
        '',
      ].join('\n');
    }).join('\n');
  let total = 0;
  const count = (list: DocumentSymbol[]): number => list.reduce((n, s) => n + 1 + count(s.children ?? []), 0);

  it('lists every cable, with its parts while the budget of symbols lasts, and says so in the log', () => {
    const logged: string[] = [];
    const svc = service({ log: (m) => logged.push(m) });
    const doc = docFromText(exportOf(4000), 'file:///large-export.cable');
    const symbols = svc.getDocumentSymbols(doc, NOT_CANCELLED);
    total = count(symbols);
    expect(symbols).toHaveLength(4000);
    expect(symbols[0]!.name).toBe('08ROME1');
    expect(symbols[3999]!.name).toBe('08ROME4000');
    expect(total).toBeLessThanOrEqual(25000);
    // The first cables have their parts, the last are bare.
    expect(symbols[0]!.children!.length).toBeGreaterThan(0);
    expect(symbols[3999]!.children).toEqual([]);
    const bare = symbols.filter((s) => (s.children ?? []).length === 0).length;
    expect(logged.filter((m) => m.includes('outline of file:///large-export.cable'))).toEqual([
      `outline of file:///large-export.cable: 4000 cables; the outline lists every one; ${bare} of them without their parts (at most 25000 symbols, so that it stays quick to send and show)`,
    ]);
    // Once per document and cut: the outline is asked again after every edit.
    svc.getDocumentSymbols(doc, NOT_CANCELLED);
    expect(logged.filter((m) => m.includes('outline of file:///large-export.cable'))).toHaveLength(1);
  });

  it('lists no more than the budget of cables, and says how many', () => {
    const logged: string[] = [];
    const svc = service({ log: (m) => logged.push(m) });
    const symbols = svc.getDocumentSymbols(docFromText(exportOf(25010), 'file:///huge-export.cable'), NOT_CANCELLED);
    expect(symbols).toHaveLength(25000);
    expect(symbols.every((s) => (s.children ?? []).length === 0)).toBe(true);
    expect(logged.some((m) => m.includes('25010 cables; the outline lists the first 25000; 25000 of them without their parts'))).toBe(true);
  });

  it('a smaller export is not capped and nothing is said', () => {
    const logged: string[] = [];
    const svc = service({ log: (m) => logged.push(m) });
    const symbols = svc.getDocumentSymbols(docFromText(exportOf(50)), NOT_CANCELLED);
    expect(symbols.every((s) => (s.children ?? []).length > 0)).toBe(true);
    expect(logged.filter((m) => m.startsWith('outline of'))).toEqual([]);
  });
});

describe('the names of cables in an export', () => {
  it('name a copy without its table by the reference ID it would carry, or by post and serial when the year is unknown', () => {
    const copy = (head: string, subject: string) => `${head}\n\nE.O. 12958: DECL: 01/01/2019\nTAGS: PREL XX\nSUBJECT: ${subject}\n\n1. (C) Text.\n\nSMITH\n`;
    const text = [
      copy('C O N F I D E N T I A L SECTION 01 OF 02 ROME 000123', 'ONE'),
      // The rendering's date line gives the year.
      copy('Monday, 30 April 2007, 10:58\nS E C R E T DAMASCUS 000409', 'TWO'),
      copy('UNCLAS USUN NEW YORK 000077', 'THREE'),
    ].join('\n');
    const symbols = service().getDocumentSymbols(docFromText(text, 'file:///bare-copies.cable'), NOT_CANCELLED);
    expect(symbols.map((s) => [s.name, s.detail])).toEqual([
      ['ROME 000123', 'ONE'],
      ['07DAMASCUS409', 'TWO'],
      ['USUN NEW YORK 000077', 'THREE'],
    ]);
    // Inside, the banner keeps its own words.
    expect(names(symbols[0]!.children![0]!.children)).toContain('C O N F I D E N T I A L SECTION 01 OF 02 ROME 000123');
  });

  it.skipIf(!HAS_SHARED)('names the corpus bare copies, joined in one export, by their own reference IDs', () => {
    const ids = ['07REYKJAVIK322', '01VATICAN3507', '09TRIPOLI751', '07DAMASCUS409', '03THEHAGUE2210', '07LONDON4045'];
    const text = ids.map((id) => readFileSync(join(CORPUS, `${id}.cable`), 'utf8').replace(/\s*$/, '\n')).join('\n');
    const symbols = service().getDocumentSymbols(docFromText(text, 'file:///joined-bare-copies.cable'), NOT_CANCELLED);
    const shown = symbols.map((s) => s.name);
    // Each is its ID, or its post and serial where the copy carries no year.
    expect(shown).toHaveLength(ids.length);
    shown.forEach((name, i) => expect([ids[i], expect.stringMatching(/^[A-Z ]+ \d{6}$/)]).toContainEqual(name));
    expect(shown.filter((n, i) => n === ids[i]).length).toBeGreaterThan(0);
    console.log(`[outline] joined bare copies named: ${shown.join(', ')}`);
  });
});

/**
 * The boundary between the model's positions (line 0 without a BOM) and LSP's (the BOM counted):
 * clientPositions.ts, and the service's answers that point into other documents.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position } from 'vscode-languageserver-types';
import { Span } from '../../server/src/parser';
import { diagnosticsToClient, positionFromClient, rangeFromClient, semanticTokensToClient, toClient } from '../../server/src/service/clientPositions';
import { docFromText, NOT_CANCELLED, SAMPLES, service } from './helpers';

const BOM = '\ufeff';
const pos = (line: number, character: number): Position => ({ line, character });
const range = (sl: number, sc: number, el: number, ec: number) => ({ start: pos(sl, sc), end: pos(el, ec) });

function plusBom<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => {
    const p = v as Position | null;
    return p && typeof p === 'object' && p.line === 0 && typeof p.character === 'number' ? { ...p, character: p.character + 1 } : v;
  }) as T;
}

describe('toClient', () => {
  const here = 'file:///here.cable';
  const withBom = 'file:///other-bom.cable';
  const without = 'file:///other.cable';
  const boms = { here: true, at: (uri: string) => uri === here || uri === withBom };

  it('moves the positions on line 0 of the documents with a BOM, found by the URI above them, and copies the rest', () => {
    const answer = {
      range: new Span(0, 2, 1, 4),
      position: pos(0, 3),
      later: pos(3, 3),
      links: [
        { originSelectionRange: range(0, 1, 0, 5), targetUri: without, targetRange: range(0, 0, 2, 0), targetSelectionRange: range(0, 0, 0, 4) },
        { originSelectionRange: range(1, 1, 1, 5), targetUri: withBom, targetRange: range(0, 0, 2, 0), targetSelectionRange: range(0, 0, 0, 4) },
      ],
      locations: [
        { uri: without, range: range(0, 1, 0, 2) },
        { uri: withBom, range: range(0, 1, 0, 2) },
        { uri: here, range: new Span(0, 1, 0, 2) },
      ],
      edit: {
        changes: { [here]: [{ range: range(0, 0, 0, 3), newText: 'x' }], [without]: [{ range: range(0, 0, 0, 3), newText: 'x' }] },
        documentChanges: [{ textDocument: { uri: without, version: 1 }, edits: [{ range: range(0, 0, 0, 3), newText: 'y' }] }],
      },
      text: 'line 0',
    };
    const before = JSON.stringify(answer);
    const out = toClient(answer, boms);
    expect(JSON.stringify(answer)).toBe(before);
    expect(JSON.parse(JSON.stringify(out))).toEqual({
      range: range(0, 3, 1, 4),
      position: pos(0, 4),
      later: pos(3, 3),
      links: [
        { originSelectionRange: range(0, 2, 0, 6), targetUri: without, targetRange: range(0, 0, 2, 0), targetSelectionRange: range(0, 0, 0, 4) },
        { originSelectionRange: range(1, 1, 1, 5), targetUri: withBom, targetRange: range(0, 1, 2, 0), targetSelectionRange: range(0, 1, 0, 5) },
      ],
      locations: [
        { uri: without, range: range(0, 1, 0, 2) },
        { uri: withBom, range: range(0, 2, 0, 3) },
        { uri: here, range: range(0, 2, 0, 3) },
      ],
      edit: {
        changes: { [here]: [{ range: range(0, 1, 0, 4), newText: 'x' }], [without]: [{ range: range(0, 0, 0, 3), newText: 'x' }] },
        documentChanges: [{ textDocument: { uri: without, version: 1 }, edits: [{ range: range(0, 0, 0, 3), newText: 'y' }] }],
      },
      text: 'line 0',
    });
    // A copy: the model's ranges move in place with later edits.
    expect(out.range).toBeInstanceOf(Span);
    expect(out.range).not.toBe(answer.range);
    expect(out.locations[2]!.range).not.toBe(answer.locations[2]!.range);
  });

  it('reads an object of the model\'s own class as its JSON says', () => {
    class Token {
      constructor(
        readonly text: string,
        private readonly line: number,
        private readonly from: number,
      ) {}
      toJSON() {
        return { text: this.text, range: range(this.line, this.from, this.line, this.from + this.text.length) };
      }
    }
    expect(toClient({ token: new Token('VZCZC', 0, 0) }, boms)).toEqual({ token: { text: 'VZCZC', range: range(0, 1, 0, 6) } });
  });

  it('reads the client\'s positions one less on line 0, before the BOM as the first character', () => {
    expect(positionFromClient(pos(0, 5), true)).toEqual(pos(0, 4));
    expect(positionFromClient(pos(0, 0), true)).toEqual(pos(0, 0));
    expect(positionFromClient(pos(2, 5), true)).toEqual(pos(2, 5));
    const p = pos(0, 5);
    expect(positionFromClient(p, false)).toBe(p);
    expect(rangeFromClient(range(0, 1, 3, 2), true)).toEqual(range(0, 0, 3, 2));
    const r = range(0, 1, 0, 2);
    expect(rangeFromClient(r, false)).toBe(r);
  });

  it('leaves diagnostics as they are without a BOM, and copies only those on line 0 with one', () => {
    const d = (r: ReturnType<typeof range>): Diagnostic => ({ range: r, message: 'm', code: 'CBL000', source: 'cable' });
    const list = [d(range(0, 0, 0, 5)), d(range(3, 1, 3, 2)), d(range(0, 4, 2, 0))];
    expect(diagnosticsToClient(list, false)).toBe(list);
    const out = diagnosticsToClient(list, true);
    expect(out.map((x) => x.range)).toEqual([range(0, 1, 0, 6), range(3, 1, 3, 2), range(0, 5, 2, 0)]);
    expect(out[1]).toBe(list[1]);
    expect(list[0]!.range).toEqual(range(0, 0, 0, 5));
    // The range first, as the stdio writer reads a diagnostic's JSON.
    expect(Object.keys(out[0]!)).toEqual(Object.keys(list[0]!));
  });

  it('moves only the first semantic token, when it is on line 0', () => {
    expect(semanticTokensToClient({ data: [0, 0, 6, 1, 0, 0, 7, 3, 1, 0] }, true).data).toEqual([0, 1, 6, 1, 0, 0, 7, 3, 1, 0]);
    expect(semanticTokensToClient({ data: [2, 0, 6, 1, 0] }, true).data).toEqual([2, 0, 6, 1, 0]);
    expect(semanticTokensToClient({ data: [0, 0, 6, 1, 0] }, false).data).toEqual([0, 0, 6, 1, 0]);
    expect(semanticTokensToClient({ data: [] }, true).data).toEqual([]);
  });
});

const sample = readFileSync(join(SAMPLES, '08ASTANA2318.cable'), 'utf8').split('\n');
/** A cable whose banner is line 0 (its reference, without a table), damaged there (`SCTION`). */
const BANNER = sample.slice(33, 80).join('\n').replace('UNCLAS SECTION', 'UNCLAS SCTION');
/** A cable as one CSV row (the archive's CSV export), its reference ID on line 0. */
const CSV_ROW = '237780,12/3/2009 8:05,09THEHAGUE726,"Embassy The Hague",SECRET,,"VZCZCXRO6064\nOO RUEHDA\nDE RUEHTC #0726 3370805\nZNY SSSSS ZZH\nO 030805Z DEC 09\nFM AMEMBASSY THE HAGUE\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 3642\nBT\n","S E C R E T THE HAGUE 000726\n\nSUBJECT: A TEST\n\n1. (S) Text.\n"\n';
/** A cable with a REF naming ASTANA 2318. */
const CITING = 'Reference ID Created Released Classification Origin\n08ASTANA2400 2008-11-25 10:54 2011-08-30 01:44 UNCLASSIFIED Embassy Astana\n\nUNCLAS ASTANA 002400\n\nSUBJECT: TEST\n\nREF: ASTANA 2318\n\n1. (U) Text.\n';

describe('the service with documents sent with a BOM', () => {
  it('answers workspace symbols and definitions that point into an open document with a BOM as that document counts', () => {
    for (const bom of [false, true]) {
      const target = TextDocument.create('file:///ws/astana.cable', 'cable', 1, (bom ? BOM : '') + BANNER);
      const row = TextDocument.create('file:///ws/hague.cable', 'cable', 1, (bom ? BOM : '') + CSV_ROW);
      const citing = TextDocument.create('file:///ws/citing.cable', 'cable', 1, CITING);
      const svc = service({ openDocuments: () => [target, row, citing] });
      for (const d of [target, row, citing]) svc.documentChanged(d);
      const symbols = svc.getWorkspaceSymbols('09THEHAGUE726', NOT_CANCELLED);
      expect(symbols.map((s) => s.location)).toEqual([{ uri: row.uri, range: range(0, CSV_ROW.indexOf('09THEHAGUE') + (bom ? 1 : 0), 0, CSV_ROW.indexOf(',"Embassy') + (bom ? 1 : 0)) }]);
      // A symbol on a later line of the same document does not move.
      expect(svc.getWorkspaceSymbols('A TEST', NOT_CANCELLED).map((s) => (s.location as { range: { start: Position } }).range.start.line)).toEqual([CSV_ROW.split('\n').findIndex((l) => l.startsWith('SUBJECT'))]);
      const links = svc.getDefinition(citing, pos(7, 8), NOT_CANCELLED);
      expect(links).toHaveLength(1);
      expect(links[0]!.targetUri).toBe(target.uri);
      expect(links[0]!.targetRange.start).toEqual(pos(0, bom ? 1 : 0));
      // The banner stands for the cited cable's reference, from its first character; the origin is in the citing document, which has no BOM.
      expect(links[0]!.originSelectionRange).toEqual(range(7, 5, 7, 16));
    }
  });

  it('counts the BOM of a text it is given whole (cable/checkText): its diagnostics and outline', () => {
    const svc = service();
    const withBom = docFromText(BOM + BANNER);
    const plain = docFromText(BANNER);
    const diagnostics = svc.computeDiagnostics(withBom, NOT_CANCELLED);
    expect(diagnostics.find((d) => d.code === 'CBL153')!.range.start).toEqual(pos(0, 1));
    expect(JSON.parse(JSON.stringify(diagnostics))).toEqual(plusBom(JSON.parse(JSON.stringify(svc.computeDiagnostics(plain, NOT_CANCELLED)))));
    expect(JSON.parse(JSON.stringify(svc.getDocumentSymbols(withBom, NOT_CANCELLED)))).toEqual(plusBom(JSON.parse(JSON.stringify(svc.getDocumentSymbols(plain, NOT_CANCELLED)))));
    // Without a BOM the diagnostics go out as the provider keeps them, not copied.
    const kept = svc.computeDiagnostics(plain, NOT_CANCELLED);
    expect(svc.computeDiagnostics(plain, NOT_CANCELLED)[0]).toBe(kept[0]);
  });

  it('does not move Fix All\'s edits, made on the text with its BOM: applied, they fix the text and keep the BOM', () => {
    const svc = service();
    const doc = docFromText(BOM + BANNER);
    const fixed = TextDocument.applyEdits(doc, svc.getFixAllEdits(doc, NOT_CANCELLED));
    expect(fixed.startsWith(BOM + 'UNCLAS SECTION 01 OF 03')).toBe(true);
    const diagnostic = svc.computeDiagnostics(doc, NOT_CANCELLED).find((d) => d.code === 'CBL153')!;
    const actions = svc.getCodeActions(doc, diagnostic.range, { diagnostics: [diagnostic], only: ['quickfix', 'source.fixAll'] }, NOT_CANCELLED);
    const quick = actions.find((a) => a.kind === 'quickfix')!;
    const all = actions.find((a) => a.kind === 'source.fixAll.cable')!;
    expect(TextDocument.applyEdits(doc, quick.edit!.changes![doc.uri]!)).toBe(BOM + BANNER.replace('SCTION', 'SECTION'));
    expect(TextDocument.applyEdits(doc, all.edit!.changes![doc.uri]!)).toBe(fixed);
  });
});

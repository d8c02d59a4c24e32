import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../../server/src/parser/text';
import { createLanguageService } from '../../server/src/service';
import { LineDocument, type ContentChange } from '../../server/src/service/textDocument';
import { rng } from '../random';

const PIECES = ['x', 'AB', '\n', '\r\n', 'VZCZC\n', '', ' \n\n', 'é€', 'line\r\nline\n', '\r', 'a\rb'];

/** A random change against the reference document, as an editor sends it. */
function randomChange(ref: TextDocument, r: () => number): ContentChange {
  if (r() < 0.02) return { text: `whole\r\nnew\ntext ${r()}` };
  const len = ref.getText().length;
  const a = Math.floor(r() * (len + 1));
  const b = Math.min(len, a + Math.floor(r() * 8));
  return { range: { start: ref.positionAt(a), end: ref.positionAt(b) }, text: PIECES[Math.floor(r() * PIECES.length)] };
}

describe('LineDocument: the lines kept as changes come', () => {
  for (const [name, start] of [
    ['\\n', 'one\ntwo\nthree\nVZCZC\nfour'],
    ['\\r\\n', 'one\r\ntwo\r\nthree\r\n'],
    ['mixed', 'one\r\ntwo\nthree\r\nfour\n'],
    ['a BOM', '\ufeffone\ntwo'],
  ] as const) {
    it(`are the text's own lines, offsets and end of line after random changes (${name})`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const r = rng(seed);
        let ref = TextDocument.create('file:///a.cable', 'cable', 1, start);
        const doc = LineDocument.create('file:///a.cable', 'cable', 1, start);
        for (let v = 2; v < 60; v++) {
          const changes = [randomChange(ref, r)];
          if (r() < 0.3) {
            const mid = TextDocument.update(TextDocument.create('file:///m', 'cable', 0, ref.getText()), changes, 0);
            changes.push(randomChange(mid, r));
          }
          ref = TextDocument.update(ref, changes, v);
          doc.update(changes, v);
          const text = ref.getText();
          expect(doc.getText(), `seed ${seed} v${v}`).toBe(text);
          const split = splitLines(text);
          expect(doc.lines, `seed ${seed} v${v}`).toEqual(split.lines);
          expect(doc.eol).toBe(split.eol);
          const at = Math.floor(r() * (text.length + 1));
          expect(doc.positionAt(at)).toEqual(ref.positionAt(at));
          const p = ref.positionAt(at);
          expect(doc.offsetAt(p)).toBe(ref.offsetAt(p));
        }
      }
    });
  }

  it('say which lines changed since a version, one edit for several', () => {
    const doc = LineDocument.create('file:///a.cable', 'cable', 1, 'a\nb\nc\nd\ne\n');
    doc.update([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'x\ny\n' }], 2);
    expect(doc.editsSince(1)).toEqual({ from: 1, oldTo: 1, newTo: 3 });
    doc.update([{ range: { start: { line: 5, character: 0 }, end: { line: 6, character: 0 } }, text: '' }], 3);
    // Lines 1–5 of version 1 (b…e) became lines 1–5 of version 3.
    expect(doc.editsSince(1)).toEqual({ from: 1, oldTo: 4, newTo: 5 });
    expect(doc.editsSince(2)).toEqual({ from: 5, oldTo: 6, newTo: 5 });
    doc.update([{ text: 'all new' }], 4);
    expect(doc.editsSince(1)).toBeUndefined();
    expect(doc.editsSince(0)).toBeUndefined();
  });
});

describe('completion on a LineDocument', () => {
  it('reads the line from the kept lines and answers as on the plain text', () => {
    const svc = createLanguageService({});
    const text = 'C O N F I D E N T I A L ROME 000123\r\n\r\nE.O. 12958: DECL: 01/01/2019\r\nTAGS: PREL \r\nSUBJECT: TEST\r\n\r\n1. (C) Text.\r\n';
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
    const position = { line: 3, character: 11 };
    const lineDoc = LineDocument.create('file:///kept.cable', 'cable', 1, '');
    lineDoc.update([{ text }], 2);
    const plain = TextDocument.create('file:///plain.cable', 'cable', 2, text);
    let joined = 0;
    const getText = lineDoc.getText.bind(lineDoc);
    lineDoc.getText = () => (joined++, getText());
    const kept = svc.getCompletionItems(lineDoc, position, token);
    expect(joined).toBe(0);
    expect(kept?.items.length).toBeGreaterThan(10);
    expect(kept).toEqual(svc.getCompletionItems(plain, position, token));
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../../server/src/parser/text';
import { createLanguageService } from '../../server/src/service';
import { LineDocument, type ContentChange } from '../../server/src/service/textDocument';
import { rng } from '../random';
import { SAMPLES } from '../parser/helpers';

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

/** The reference: the text as a string, each change spliced in at TextDocument's offsets of the text before it. */
function spliced(text: string, change: ContentChange): string {
  if (!('range' in change)) return change.text;
  const ref = TextDocument.create('file:///r', 'cable', 0, text);
  let a = ref.offsetAt(change.range.start);
  let b = ref.offsetAt(change.range.end);
  if (b < a) [a, b] = [b, a];
  return text.slice(0, a) + change.text + text.slice(b);
}

/** Changes where a lone `\r` meets a `\n`, and where the BOM is: the places a line end can join another. */
function seamChange(text: string, r: () => number): ContentChange {
  const ref = TextDocument.create('file:///r', 'cable', 0, text);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const lone = [...text.matchAll(/\r(?!\n)/g)].map((m) => m.index);
  const lfs = [...text.matchAll(/(?<!\r)\n/g)].map((m) => m.index);
  const k = r();
  if (k < 0.25 && lone.length) {
    // Type a `\n` (or text starting with one) right after a lone `\r`.
    const at = ref.positionAt(pick(lone) + 1);
    return { range: { start: at, end: at }, text: pick(['\n', '\nx', '\n\r', '\r\n']) };
  }
  if (k < 0.45 && lone.length) {
    // Delete what stands between a lone `\r` and the next `\n`.
    const i = pick(lone) + 1;
    const j = text.indexOf('\n', i);
    if (j > i && text[j - 1] !== '\r') return { range: { start: ref.positionAt(i), end: ref.positionAt(j) }, text: pick(['', '', 'y']) };
  }
  if (k < 0.6 && lfs.length) {
    // Type a `\r` (or text ending with one) right before a `\n`.
    const at = ref.positionAt(pick(lfs));
    return { range: { start: at, end: at }, text: pick(['\r', 'z\r', '\r\r']) };
  }
  if (k < 0.75) {
    // At the BOM: text before it, the BOM deleted, a BOM typed.
    const zero = { line: 0, character: 0 };
    return pick<ContentChange>([
      { range: { start: zero, end: zero }, text: pick(['x', '\ufeff', '\n', '\r']) },
      { range: { start: zero, end: { line: 0, character: 1 } }, text: pick(['', '\ufeff', 'q']) },
      { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: pick(['w', '\r', '\n']) },
    ]);
  }
  return randomChange(ref, r);
}

describe('LineDocument: a lone \\r and a BOM stay lines', () => {
  const STARTS = [
    '\ufeffone\r\ntwo\rthree\nVZCZC\r\rfour\n',
    'a\rb\nc\r\nd\r\re\n\nf',
    '\ufeff\r\r\n\n\rx',
    '\ufeff',
    'one\rtwo\rthree',
  ];
  it('text, lines, line ends, offsets and the parse are the plain text\'s after random changes (mixed \\r\\n, \\r, \\n and a BOM)', () => {
    const svc = createLanguageService({});
    const never = { isCancellationRequested: false };
    for (let n = 0; n < STARTS.length; n++) {
      for (let seed = 1; seed <= 15; seed++) {
        const r = rng(seed * 31 + n);
        let text = STARTS[n];
        const doc = LineDocument.create(`file:///cr-${n}-${seed}.cable`, 'cable', 1, text);
        for (let v = 2; v < 50; v++) {
          const changes = [seamChange(text, r)];
          if (r() < 0.3) changes.push(seamChange(spliced(text, changes[0]), r));
          for (const c of changes) text = spliced(text, c);
          doc.update(changes, v);
          const what = `start ${n} seed ${seed} v${v}`;
          expect(doc.getText(), what).toBe(text);
          const split = splitLines(text);
          expect(doc.lines, what).toEqual(split.lines);
          expect(doc.bom, what).toBe(split.bom);
          expect(doc.eol, what).toBe(split.eol);
          const ref = TextDocument.create('file:///r', 'cable', 0, text);
          expect(doc.lines.length, what).toBe(ref.lineCount);
          for (let l = 0; l < doc.lines.length; l++) expect(doc.lines[l] + doc.endOf(l), `${what} line ${l}`).toBe(ref.getText({ start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } }).replace(l === 0 ? /^\ufeff/ : /^/, ''));
          for (let at = 0; at <= text.length; at++) expect(doc.positionAt(at), `${what} offset ${at}`).toEqual(ref.positionAt(at));
          for (let l = -1; l <= doc.lines.length; l++) {
            for (const c of [0, 1, 2, 5, 1000]) expect(doc.offsetAt({ line: l, character: c }), `${what} (${l}, ${c})`).toBe(ref.offsetAt({ line: l, character: c }));
          }
          // Kept as lines: the cache is told which lines changed (the whole text only when it was replaced).
          if (changes.every((c) => 'range' in c)) expect(doc.editsSince(v - 1), what).toBeDefined();
        }
        expect(json(svc.getDocumentSymbols(doc, never)), `start ${n} seed ${seed}`).toEqual(json(createLanguageService({}).getDocumentSymbols(TextDocument.create(doc.uri, 'cable', doc.version, text), never)));
      }
    }
  });

  it('parse incrementally to the model of the final text (corpus-like cables with \\r and a BOM)', () => {
    const kinds: string[] = [];
    const svc = createLanguageService({ onParse: (e) => kinds.push(e.kind) });
    const never = { isCancellationRequested: false };
    const cable = readFileSync(join(SAMPLES, '08ASTANA2318.cable'), 'utf8').replace(/\r\n?/g, '\n');
    for (let seed = 1; seed <= 6; seed++) {
      const r = rng(seed);
      const ends = ['\n', '\r\n', '\r'];
      let text = (seed % 2 ? '\ufeff' : '') + [cable, cable, cable].join('\n\n').replace(/\n/g, () => ends[Math.floor(r() * ends.length)]);
      const doc = LineDocument.create(`file:///cables-${seed}.cable`, 'cable', 1, text);
      svc.computeDiagnostics(doc, never);
      for (let v = 2; v <= 15; v++) {
        const change = seamChange(text, r);
        text = spliced(text, change);
        doc.update([change], v);
        const fresh = createLanguageService();
        const again = TextDocument.create(doc.uri, 'cable', v, text);
        expect(json(svc.computeDiagnostics(doc, never)), `seed ${seed} v${v}: diagnostics`).toEqual(json(fresh.computeDiagnostics(again, never)));
        expect(json(svc.getDocumentSymbols(doc, never)), `seed ${seed} v${v}: symbols`).toEqual(json(fresh.getDocumentSymbols(again, never)));
      }
    }
    expect(kinds.filter((k) => k === 'incremental').length).toBeGreaterThan(30);
  });
});

const json = (x: unknown) => JSON.parse(JSON.stringify(x));

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

  it('with a BOM: counts it in line 0 as LSP does, and still joins nothing', () => {
    const svc = createLanguageService({});
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
    const text = '\ufeff1. (S) Text.\nUNCLAS ROME 000123\n\nSUBJECT: TEST\n\n1. (\n';
    const lineDoc = LineDocument.create('file:///bom.cable', 'cable', 1, text);
    const plain = TextDocument.create('file:///bom-plain.cable', 'cable', 1, text);
    let joined = 0;
    const getText = lineDoc.getText.bind(lineDoc);
    lineDoc.getText = () => (joined++, getText());
    // Line 0 is `\ufeff1. (S) Text.`: character 5 is right after `(` (the BOM is character 0), where
    // markings are offered; 99 is past its end. Line 5 is `1. (`.
    for (const position of [{ line: 0, character: 5 }, { line: 0, character: 99 }, { line: 5, character: 4 }]) {
      const kept = svc.getCompletionItems(lineDoc, position, token);
      expect(kept).toEqual(svc.getCompletionItems(plain, position, token));
      if (position.character !== 99) expect(kept.items.length).toBeGreaterThan(3);
    }
    expect(joined).toBe(0);
  });
});

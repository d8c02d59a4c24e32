import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, HAS_SHARED, NOT_CANCELLED, SEED, docFromText, service } from './helpers';

describe.skipIf(!HAS_SHARED)('every provider on every corpus cable', () => {
  it('answers hover, definition, references and completion all over the header and the text without throwing', () => {
    const svc = service();
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.cable'));
    let hovers = 0;
    let answered = 0;
    let navigations = 0;
    for (const f of files) {
      const doc = docFromText(readFileSync(join(CORPUS, f), 'utf8'), `file:///corpus/${f}`);
      const model = svc.getModel(doc);
      svc.getDocumentSymbols(doc, NOT_CANCELLED);
      svc.getFoldingRanges(doc, NOT_CANCELLED);
      svc.getDocumentLinks(doc, NOT_CANCELLED);
      const lines = model.lines;
      // Every fifth character of the first 40 lines (the header) and of every 12th line after.
      for (let line = 0; line < lines.length; line += line < 40 ? 1 : 12) {
        const text = lines[line] ?? '';
        for (let character = 0; character <= Math.min(text.length, 400); character += 5) {
          const pos = { line, character };
          const h = svc.getHover(doc, pos, NOT_CANCELLED);
          hovers++;
          if (h) {
            answered++;
            const value = (h.contents as { value: string }).value;
            expect(value.length, `${f} ${line}:${character}`).toBeGreaterThan(0);
            expect(value, `${f} ${line}:${character}`).not.toMatch(/undefined|NaN|\[object Object\]/);
          }
          if (character % 15 === 0) {
            navigations += svc.getDefinition(doc, pos, NOT_CANCELLED).length;
            svc.getReferences(doc, pos, { includeDeclaration: true }, NOT_CANCELLED);
            svc.getCompletionItems(doc, pos, NOT_CANCELLED);
          }
        }
      }
    }
    console.log(`[robustness] ${files.length} cables: ${hovers} hover requests, ${answered} answered; ${navigations} definition targets`);
    expect(answered).toBeGreaterThan(files.length * 20);
  });

  it('gives the same ranges on the seed with CRLF line endings and a BOM', () => {
    const svc = service();
    const lf = readFileSync(SEED, 'utf8');
    const crlf = '\uFEFF' + lf.replace(/\n/g, '\r\n');
    const a = svc.getDocumentSymbols(docFromText(lf), NOT_CANCELLED);
    const b = svc.getDocumentSymbols(docFromText(crlf), NOT_CANCELLED);
    expect(b.map((s) => [s.name, s.range.start.line, s.range.end.line])).toEqual(a.map((s) => [s.name, s.range.start.line, s.range.end.line]));
    const pos = { line: 18, character: 4 };
    expect(svc.getHover(docFromText(crlf), pos, NOT_CANCELLED)?.range).toEqual(svc.getHover(docFromText(lf), pos, NOT_CANCELLED)?.range);
  });
});

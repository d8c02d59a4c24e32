/**
 * The mentions of a cable's references and paragraphs in its prose (textReferences.ts) are kept per
 * cable object; an edit above the cable keeps its object and moves its lines, and the mentions must
 * follow (they were answered at their old lines: `REF A` one line down found nothing).
 */
import { describe, expect, it } from 'vitest';
import { createLanguageService } from '../../server/src/service';
import { LineDocument } from '../../server/src/service/textDocument';
import { samplesExport } from '../server/connection';

const never = { isCancellationRequested: false };

describe('mentions in a cable an edit moved', () => {
  it('answer references and definitions at their new lines, as a parse from scratch does', () => {
    const text = samplesExport(5000);
    const lines = text.split('\n');
    const idx = lines.findIndex((l, i) => i > lines.length / 2 && /\(REF A\)/.test(l));
    expect(idx).toBeGreaterThan(0);
    const column = lines[idx]!.indexOf('REF A') + 4;
    const service = createLanguageService();
    const doc = LineDocument.create('file:///moved.cable', 'cable', 1, text);
    expect(service.getReferences(doc, { line: idx, character: column }, { includeDeclaration: false }, never).length).toBeGreaterThan(0);
    doc.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n\n' }], 2);
    const at = { line: idx + 2, character: column };
    const scratch = createLanguageService();
    const fresh = LineDocument.create('file:///moved.cable', 'cable', 1, `\n\n${text}`);
    const refs = service.getReferences(doc, at, { includeDeclaration: true }, never);
    expect(refs.length).toBeGreaterThan(1);
    expect(refs).toEqual(scratch.getReferences(fresh, at, { includeDeclaration: true }, never));
    expect(service.getDefinition(doc, at, never)).toEqual(scratch.getDefinition(fresh, at, never));
  });
});

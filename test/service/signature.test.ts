/** The signer in the outline and its hover, and a printout's internal distribution on hover (issue 15). */
import { describe, expect, it } from 'vitest';
import { HAS_SHARED, NOT_CANCELLED, corpusDoc, hoverText, posOf, service } from './helpers';

describe.skipIf(!HAS_SHARED)('the signature in the outline and on hover', () => {
  const svc = service();

  it('hovers a glued signer with who sent the cable, from its own FM line and Classified By', () => {
    const doc = corpusDoc('07BEIJING1760');
    const text = hoverText(svc, doc, posOf(doc, 'Oklahoma. RANDT', 'Oklahoma. '.length + 1));
    expect(text).toContain('**RANDT** — the signer');
    expect(text).toMatch(/from AMEMBASSY BEIJING/);
    expect(text).toMatch(/Classified by .*Randt/i);
  });

  it('lists the glued signer as the outline symbol after the paragraphs', () => {
    const doc = corpusDoc('07BEIJING1760');
    const symbols = svc.getDocumentSymbols(doc, NOT_CANCELLED);
    const names = symbols.map((s) => s.name);
    expect(names.at(-1)).toBe('RANDT');
  });

  it("hovers a printout's distribution line as the post's internal distribution", () => {
    const doc = corpusDoc('09DOHA214');
    const text = hoverText(svc, doc, posOf(doc, 'ACTION: AMB', 2));
    expect(text).toContain("**ACTION: AMB** — the post's internal distribution");
  });
});

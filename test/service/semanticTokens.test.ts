import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encode, semanticTokens, SEMANTIC_TOKENS_LEGEND, type CableSemanticToken } from '../../server/src/service/semanticTokens';
import { CORPUS, HAS_SEED, HAS_SHARED, NOT_CANCELLED, SEED, docFromFile, docFromText, service } from './helpers';

const textOf = (lines: string[], t: CableSemanticToken) => lines[t.line]!.slice(t.character, t.character + t.length);
const kinds = (tokens: CableSemanticToken[], lines: string[], type: string, modifiers = '') =>
  tokens.filter((t) => t.type === type && t.modifiers.join(',') === modifiers).map((t) => [t.line, textOf(lines, t)]);

describe.skipIf(!HAS_SEED)('semantic tokens on the seed', () => {
  const svc = service();
  const doc = docFromFile(SEED);
  const lines = doc.getText().split(/\r?\n/);
  const tokens = semanticTokens(svc.getModel(doc));

  it('marks the section headers, paragraph numbers and markings, the signature and the page markers from the model', () => {
    expect(kinds(tokens, lines, 'namespace', 'declaration')).toEqual([
      [66, '"NEW CONCEPT" FOR FOREIGN POLICY'],
      [92, '"A WORTHY PARTNER OF GEOPOLITICAL PLAYERS"'],
      [111, 'ECONOMIC SLOWDOWN IS A NATURAL CYCLE'],
      [128, 'THE MULTIVECTOR POLICY, WITH A STRESS ON UNITED STATES'],
      [164, 'OSCE TOO FOCUSED ON THE HUMAN DIMENSION'],
    ]);
    expect(kinds(tokens, lines, 'number').map(([, t]) => t)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(kinds(tokens, lines, 'keyword')[0]).toEqual([45, '(U)']);
    expect(kinds(tokens, lines, 'label', 'declaration')).toEqual([[223, 'HOAGLAND']]);
    expect(kinds(tokens, lines, 'comment')).toEqual([
      [122, 'ASTANA 00002318  002 OF 003'],
      [203, 'ASTANA 00002318  003 OF 003'],
    ]);
    expect(kinds(tokens, lines, 'macro').map(([, t]) => t)).toEqual(['UNCLAS SECTION 01 OF 03 ASTANA 002318', 'SENSITIVE', 'SIPDIS']);
  });

  it('marks the routing indicators and the web-page text, one token per non-blank line', () => {
    const ri = kinds(tokens, lines, 'variable', 'readonly').map(([, t]) => t);
    expect(ri).toContain('RUEHC');
    expect(ri).toContain('RUEHTA');
    expect(ri.every((t) => /^R[A-Z]{4,6}$/.test(t as string))).toBe(true);
    const web = kinds(tokens, lines, 'comment', 'documentation');
    expect(web[0]).toEqual([0, '08ASTANA2318, PRESIDENT NAZARBAYEV CALLS FOR GREATER INTERNATIONAL\u00a0ROLE,']);
    expect(web.map(([l]) => l)).toContain(252);
    expect(web.every(([, t]) => (t as string).trim() === t && (t as string).length > 0)).toBe(true);
  });

  it('encodes relative to the previous token, with the legend\'s indices and modifier bits', () => {
    const data = svc.getSemanticTokens(doc, NOT_CANCELLED).data;
    expect(data.length).toBe(tokens.length * 5);
    // Decode and compare with the tokens.
    let line = 0;
    let ch = 0;
    for (let i = 0; i < tokens.length; i++) {
      const [dl, dc, len, type, mods] = data.slice(i * 5, i * 5 + 5) as [number, number, number, number, number];
      line += dl;
      ch = dl === 0 ? ch + dc : dc;
      const t = tokens[i]!;
      expect([line, ch, len]).toEqual([t.line, t.character, t.length]);
      expect(SEMANTIC_TOKENS_LEGEND.tokenTypes[type]).toBe(t.type);
      expect(mods).toBe(t.modifiers.reduce((b, m) => b | (1 << SEMANTIC_TOKENS_LEGEND.tokenModifiers.indexOf(m)), 0));
    }
    expect(encode([])).toEqual([]);
  });
});

describe('semantic tokens where the grammar must guess', () => {
  const svc = service();

  it('colours a one-word section header as a header, not as a signature', () => {
    const text = 'CONFIDENTIAL ROME 000001\n\nSUBJECT: TALKS\n\n1. (C) The talks went well.\n\nTURKEY\n\n2. (C) Ankara agreed.\n\nSMITH\n';
    const doc = docFromText(text);
    const model = svc.getModel(doc);
    const lines = text.split('\n');
    const tokens = semanticTokens(model);
    const sections = model.cables[0]!.body.sections.map((s) => s.title);
    // Whatever the parser decided is what the tokens say, not a regex of their own.
    expect(kinds(tokens, lines, 'namespace', 'declaration').map(([, t]) => t)).toEqual(sections);
    expect(kinds(tokens, lines, 'label', 'declaration').map(([, t]) => t)).toEqual(model.cables[0]!.body.signature ? [model.cables[0]!.body.signature.text] : []);
  });

  it('answers empty and binary text, and stops when cancelled', () => {
    expect(svc.getSemanticTokens(docFromText(''), NOT_CANCELLED).data).toEqual([]);
    expect(() => svc.getSemanticTokens(docFromText('\u0000\u0001\uFFFD'.repeat(1000)), NOT_CANCELLED)).not.toThrow();
    const doc = docFromText('UNCLAS ROME 000001\n\n1. (U) One.\n');
    expect(svc.getSemanticTokens(doc, { isCancellationRequested: true }).data).toEqual([]);
  });
});

describe.skipIf(!HAS_SHARED)('semantic tokens on the corpus', () => {
  it('are sorted, never overlap, stay on their line and cover every paragraph number', () => {
    const svc = service();
    const counts: Record<string, number> = {};
    let files = 0;
    for (const f of readdirSync(CORPUS).filter((x) => x.endsWith('.cable'))) {
      const doc = docFromFile(join(CORPUS, f));
      const model = svc.getModel(doc);
      const tokens = semanticTokens(model);
      files++;
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        expect(t.length, f).toBeGreaterThan(0);
        expect(t.character + t.length, `${f}:${t.line}`).toBeLessThanOrEqual(model.lines[t.line]!.length);
        const p = tokens[i - 1];
        if (p) expect(p.line < t.line || p.character + p.length <= t.character, `${f}:${t.line}`).toBe(true);
        counts[t.type] = (counts[t.type] ?? 0) + 1;
      }
      const numbers = model.cables.reduce((n, c) => n + c.body.paragraphs.filter((p) => p.number).length, 0);
      expect(tokens.filter((t) => t.type === 'number').length, f).toBe(numbers);
    }
    console.log(`[semantic tokens] ${files} corpus cables: ${JSON.stringify(counts)}`);
  });
});

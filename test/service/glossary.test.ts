/**
 * The glossary of telegraphic abbreviations (issue 10): the TSV and the module the server bundles
 * agree, its counts are the corpus's, and hovers read it, by the writing post where the meaning
 * depends on it (`GOI`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookupGlossary } from '../../server/src/data/glossary';
import { CORPUS, HAS_SHARED, ROOT, corpusDoc, docFromText, hoverText, posOf, service } from './helpers';

const TSV = join(ROOT, 'server', 'src', 'data', 'glossary.tsv');
const rows = readFileSync(TSV, 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .map((l) => l.split('\t'));

describe('the glossary table', () => {
  it('glossary.generated.ts is what scripts/gen-glossary.mjs makes from glossary.tsv', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cable-glossary-')), 'glossary.generated.ts');
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-glossary.mjs'), out]);
    const committed = readFileSync(join(ROOT, 'server', 'src', 'data', 'glossary.generated.ts'), 'utf8');
    expect(readFileSync(out, 'utf8') === committed, 'run `node scripts/gen-glossary.mjs` and commit the result').toBe(true);
  });

  it('every row has a meaning and a source, and each term has one general row', () => {
    for (const [term, , meaning, , source] of rows) {
      expect(meaning, term).toBeTruthy();
      expect(source, term).toBeTruthy();
    }
    for (const term of new Set(rows.map((r) => r[0]))) expect(rows.filter((r) => r[0] === term && r[1] === ''), term).toHaveLength(1);
  });

  it.skipIf(!HAS_SHARED)('each term occurs in the corpus as often as the table says, at least 3 times', () => {
    const texts = readdirSync(CORPUS)
      .filter((f) => f.endsWith('.cable'))
      .map((f) => readFileSync(join(CORPUS, f), 'utf8'));
    for (const [term, posts, , count] of rows) {
      if (posts) continue;
      const cap = term.length >= 5 ? `|${term[0]}${term.slice(1).toLowerCase()}` : '';
      const re = new RegExp(`(?<![A-Za-z])(?:${term}${cap})(?![A-Za-z])`, 'g');
      const n = texts.reduce((s, t) => s + (t.match(re)?.length ?? 0), 0);
      expect(n, term).toBe(Number(count));
      expect(n, term).toBeGreaterThanOrEqual(3);
    }
  });

  it('a meaning that depends on the post follows the post; a short term capitalised is a word', () => {
    expect(lookupGlossary('GOI', 'JAKARTA')?.meaning).toBe('Government of Indonesia');
    expect(lookupGlossary('GOI', 'TELAVIV')?.meaning).toBe('Government of Israel');
    expect(lookupGlossary('GOI', 'ROME')?.meaning).toBe('Government of Italy');
    expect(lookupGlossary('GOI')?.meaning).toContain('Indonesia, India, Iraq, Israel, Iran, Italy');
    expect(lookupGlossary('Emboff')?.meaning).toContain('embassy officer');
    expect(lookupGlossary('Mod')).toBeUndefined();
    expect(lookupGlossary('EMBASSY')).toBeUndefined();
  });
});

describe('glossary hovers in the text', () => {
  const svc = service();
  it.skipIf(!HAS_SHARED)('GOI from Tel Aviv is Israel, from Rome (a cable without a table: the banner’s post) Italy', () => {
    const telAviv = corpusDoc('05TELAVIV1580');
    expect(hoverText(svc, telAviv, posOf(telAviv, 'GOI-U.S.', 1))).toContain('**GOI** — Government of Israel (written from TELAVIV)');
    const rome = corpusDoc('02ROME1196');
    expect(hoverText(svc, rome, posOf(rome, 'THE GOI', 5))).toContain('**GOI** — Government of Italy (written from ROME)');
  });
  it('REFTEL, Emboff, DCM in a paragraph; an ordinary word gets no hover', () => {
    const doc = docFromText('UNCLAS ROME 000001\n\nSUBJECT: TEST\nREF: ROME 12\n\n1. (U) As REFTEL said, Emboff met the DCM today.\n');
    expect(hoverText(svc, doc, posOf(doc, 'REFTEL said', 2))).toContain('**REFTEL** — the reference telegram');
    expect(hoverText(svc, doc, posOf(doc, 'Emboff', 6))).toContain('**Emboff** — an embassy officer');
    expect(hoverText(svc, doc, posOf(doc, 'DCM', 1))).toContain('Deputy Chief of Mission');
    expect(hoverText(svc, doc, posOf(doc, 'today', 1))).toBe('');
  });
  it('a REF entry that is not a cable says what it is; one that names two gives both canonical IDs', () => {
    const doc = docFromText('UNCLAS ROME 000001\n\nSUBJECT: TEST\nREF: A. IIR 6 832 0123 09 B. STATE 41252 AND 44603\n\n1. (U) Text.\n');
    expect(hoverText(svc, doc, posOf(doc, 'IIR', 1))).toContain('An intelligence information report (IIR): not a cable.');
    const two = hoverText(svc, doc, posOf(doc, 'STATE', 1));
    expect(two).toContain('Names the cable **STATE 41252**');
    expect(two).toContain('Names the cable **STATE 44603**');
  });
});

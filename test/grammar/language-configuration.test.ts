import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './tokenize';

const config = JSON.parse(readFileSync(join(ROOT, 'language-configuration.json'), 'utf8'));
// VS Code compiles the word pattern with the global flag and takes the match
// around the cursor as "the word" (double-click, Find whole word, highlights).
const wordPattern = new RegExp(config.wordPattern, 'g');
const words = (line: string) => line.match(wordPattern) ?? [];

describe('language-configuration.json', () => {
  it('keeps cable codes whole', () => {
    expect(words('TO RUEHC/SECSTATE WASHDC IMMEDIATE 3923')).toEqual(['TO', 'RUEHC/SECSTATE', 'WASHDC', 'IMMEDIATE', '3923']);
    expect(words('DE RUEHTA #2318/01 3291054')).toEqual(['DE', 'RUEHTA', '#2318/01', '3291054']);
    expect(words('O 241054Z NOV 08')).toEqual(['O', '241054Z', 'NOV', '08']);
    expect(words('08ASTANA2318 2008-11-24')).toContain('08ASTANA2318');
    expect(words('6. (S//NF) Text')).toContain('S//NF');
    expect(words('(S/REL USA, KWT)')).toEqual(['S/REL', 'USA', 'KWT']);
  });

  it('keeps ordinary words, apostrophes and hyphens included', () => {
    expect(words("Kazakhstan's multi-vector policy.")).toEqual(["Kazakhstan's", 'multi-vector', 'policy']);
    expect(words('Kazakhstan’s')).toEqual(['Kazakhstan’s']);
    expect(words('¶1.')).toEqual(['1']);
  });

  it('closes ( and " as you type but declares no brackets (prose enumerations `1) 2) 3)` are not unmatched brackets) and no comments', () => {
    expect(config.brackets).toEqual([]);
    expect(config.colorizedBracketPairs).toEqual([]);
    expect(config.autoClosingPairs.map((p: { open: string }) => p.open)).toEqual(['(', '"']);
    expect(config.comments).toBeUndefined();
  });
});

// Token snapshots of a handful of cables, one row per token (line | text |
// scopes), so that any change in tokenization shows in review as a diff.
// Update with `npx vitest run test/grammar -u` and read the diff.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IGrammar } from 'vscode-textmate';
import { CORPUS, HAVE_SHARED, SEED, formatTokens, loadGrammar, tokenize } from './tokenize';

const CASES: Array<[name: string, path: string, why: string]> = [
  ['seed-08ASTANA2318', SEED, 'the 2011 rendering with web-page text, page markers and section headers'],
  ['00HARARE5461', join(CORPUS, '00HARARE5461.cable'), 'body only, all capitals, underlined headers, glued page headers'],
  ['00HARARE6677', join(CORPUS, '00HARARE6677.cable'), 'old header: partial extract, PTQ page banners, distribution lists'],
  ['01PRETORIA1173', join(CORPUS, '01PRETORIA1173.cable'), 'no VZCZC, date line, EO without dots, one-line paragraphs'],
  ['10STATE9565', join(CORPUS, '10STATE9565.cable'), 'capitals body wrapped at 69 columns, (S/REL UK) markings'],
];

let grammar: IGrammar;
beforeAll(async () => {
  grammar = await loadGrammar();
});

describe.skipIf(!HAVE_SHARED)('token snapshots', () => {
  for (const [name, path, why] of CASES) {
    it(`${name}: ${why}`, async () => {
      const { tokens } = tokenize(grammar, readFileSync(path, 'utf8'));
      await expect(formatTokens(tokens)).toMatchFileSnapshot(join('__snapshots__', `${name}.tokens.txt`));
    });
  }
});

// Adversarial 100,000-character lines in every state the grammar can be in.
// Work is bounded by counting oniguruma searches (deterministic, no clock):
// a grammar that loops on zero-width matches or rescans the line for every
// token makes far more searches than it emits tokens. A regex that backtracks
// catastrophically inside one search never returns, which vscode-textmate's
// time limit (checked between searches) and vitest's test timeout turn into a
// failure rather than a hang.
import { beforeAll, describe, expect, it } from 'vitest';
import type { IGrammar } from 'vscode-textmate';
import { loadGrammar, tokenize, work } from './tokenize';

const N = 100_000;
const fill = (unit: string) => unit.repeat(Math.ceil(N / unit.length)).slice(0, N);

const LINES: Record<string, string> = {
  'open parentheses': fill('('),
  'parenthesised markings': fill('(S/REL USA, '),
  'RUEH without separators': fill('RUEH'),
  'RUEH words': fill('RUEH '),
  'routing indicators with slashes': fill('RUEHC/'),
  'redaction Xs': fill('X'),
  'Xs and spaces': fill('XXX '),
  'spaced capitals': fill('C O N F I D E N T I A '),
  'spaced single letters': fill('A '),
  'quotes': fill('"a '),
  'digits and dots': fill('1.'),
  'page-marker look-alike': fill('ASTANA 0000231 '),
  'spaces': ' '.repeat(N) + 'x',
  'capitals without spaces': fill('ABCDEFGHIJ'),
  'dashes': fill('-'),
};

// The state each line is tokenized in: the text before it.
const CONTEXTS: Record<string, string> = {
  'first line (web-text check)': '',
  'WikiLeaks table': 'Reference ID Created Released Classification Origin\n',
  'routing, delivery line': 'VZCZCXRO7869\nOO RUEHAG\n',
  'routing, addressees': 'VZCZCXRO7869\nTO RUEHC/SECSTATE WASHDC\n',
  'heading area': 'UNCLAS ASTANA 002318\n',
  'subject block': 'UNCLAS ASTANA 002318\nSUBJECT: TEST\n',
  'reference block': 'UNCLAS ASTANA 002318\nREF: A. STATE 1\n',
  'text, first line of a block': 'UNCLAS ASTANA 002318\n\n1. (U) Text.\n\n',
  'text, inside a paragraph': 'UNCLAS ASTANA 002318\n\n1. (U) Text.\n',
  'text, inside a quotation': 'UNCLAS ASTANA 002318\n\n1. (U) He said "it\n',
};

let grammar: IGrammar;
beforeAll(async () => {
  grammar = await loadGrammar();
});

describe('adversarial 100,000-character lines tokenize with bounded work', () => {
  for (const [ctxName, prefix] of Object.entries(CONTEXTS)) {
    for (const [lineName, line] of Object.entries(LINES)) {
      it(`${lineName} / ${ctxName}`, () => {
        const before = tokenize(grammar, prefix + 'x').tokens.length;
        work.searches = 0;
        const { tokens, stoppedEarly } = tokenize(grammar, prefix + line, 20_000);
        const lineTokens = tokens.length - before + 1;
        expect(stoppedEarly).toBe(false);
        // A search ends in a token, a push or a pop: a handful per token at most.
        expect(work.searches).toBeLessThanOrEqual(4 * lineTokens + 50);
      });
    }
  }
});

// Loads syntaxes/cable.tmLanguage.json into vscode-textmate with the same
// oniguruma build VS Code uses, and turns text into (line, text, scopes) rows.
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

export const ROOT = resolve(__dirname, '..', '..');
export const SHARED = resolve(ROOT, '..', 'shared');
export const SEED = join(SHARED, 'seed', '000_cdd151ddbff82ab0.txt');
export const CORPUS = join(SHARED, 'corpus');
export const HAVE_SHARED = existsSync(SEED) && existsSync(CORPUS);
export const GRAMMAR_PATH = join(ROOT, 'syntaxes', 'cable.tmLanguage.json');

if (!HAVE_SHARED) {
  // Printed once per test file that imports this module, so a skipped suite
  // is never mistaken for a passing one.
  console.warn(`[grammar tests] ${SHARED} is missing: seed and corpus tests are skipped.`);
}

/** Work counter: every oniguruma search the tokenizer makes. */
export const work = { searches: 0 };

let onigLib: Promise<vsctm.IOnigLib> | undefined;
function loadOnig(): Promise<vsctm.IOnigLib> {
  onigLib ??= (async () => {
    const wasm = readFileSync(join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
    return {
      createOnigScanner(sources: string[]) {
        const scanner = new oniguruma.OnigScanner(sources);
        return {
          findNextMatchSync(str: string | vsctm.OnigString, start: number, options: number) {
            work.searches++;
            // vscode-textmate passes a FindOption bit mask where the typings say FindOption[].
            return scanner.findNextMatchSync(str as oniguruma.OnigString, start, options as unknown as oniguruma.FindOption[]);
          },
          dispose: () => scanner.dispose(),
        } as unknown as vsctm.OnigScanner;
      },
      createOnigString: (s: string) => new oniguruma.OnigString(s) as unknown as vsctm.OnigString,
    };
  })();
  return onigLib;
}

export async function loadGrammar(path = GRAMMAR_PATH, scopeName = 'text.cable'): Promise<vsctm.IGrammar> {
  const registry = new vsctm.Registry({
    onigLib: loadOnig(),
    loadGrammar: async (name) => (name === scopeName ? vsctm.parseRawGrammar(readFileSync(path, 'utf8'), path) : null),
  });
  const grammar = await registry.loadGrammar(scopeName);
  if (!grammar) throw new Error(`cannot load ${path}`);
  return grammar;
}

export interface Token {
  line: number; // 1-based
  text: string;
  scopes: string[]; // without the root scope
}

export interface TokenizeResult {
  tokens: Token[];
  stoppedEarly: boolean;
}

export function tokenize(grammar: vsctm.IGrammar, text: string, timeLimit = 0): TokenizeResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const tokens: Token[] = [];
  let state = vsctm.INITIAL;
  let stoppedEarly = false;
  lines.forEach((lineText, i) => {
    const r = grammar.tokenizeLine(lineText, state, timeLimit);
    stoppedEarly ||= r.stoppedEarly;
    for (const t of r.tokens) {
      tokens.push({ line: i + 1, text: lineText.slice(t.startIndex, t.endIndex), scopes: t.scopes.slice(1) });
    }
    state = r.ruleStack;
  });
  return { tokens, stoppedEarly };
}

/** Readable snapshot: one row per non-blank token, `line | text | scopes`. */
export function formatTokens(tokens: Token[]): string {
  return (
    tokens
      .filter((t) => t.text.trim() !== '')
      .map((t) => `${String(t.line).padStart(4)} | ${JSON.stringify(t.text)} | ${t.scopes.join(' ') || '-'}`)
      .join('\n') + '\n'
  );
}

/** Scopes of the first token on `line` (1-based) whose text contains `needle`. */
export function scopesAt(tokens: Token[], line: number, needle: string): string[] {
  const t = tokens.find((x) => x.line === line && x.text.includes(needle));
  if (!t) throw new Error(`no token containing ${JSON.stringify(needle)} on line ${line}`);
  return t.scopes;
}

export function lineOf(text: string, predicate: (line: string) => boolean, from = 1): number {
  const lines = text.split(/\r?\n/);
  for (let i = from - 1; i < lines.length; i++) if (predicate(lines[i])) return i + 1;
  throw new Error('line not found');
}

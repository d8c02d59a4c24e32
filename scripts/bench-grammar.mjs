#!/usr/bin/env node
// Tokenizes every corpus cable with the cable grammar and with VS Code's own
// Markdown grammar (npm package tm-grammars), in one run, and prints the time
// of each and their ratio. Markdown's embedded languages (fenced code) are not
// loaded: cables have no fences, so they would never be entered anyway.
//
//   npm run bench:grammar [-- --rounds 5] [-- --corpus ../shared/corpus]
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const oniguruma = require('vscode-oniguruma');
const vsctm = require('vscode-textmate');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const corpusDir = resolve(root, arg('corpus', '../shared/corpus'));
const rounds = Number(arg('rounds', '5'));
if (!existsSync(corpusDir)) {
  console.error(`bench-grammar: ${corpusDir} is missing (the corpus lives in ../shared/corpus)`);
  process.exit(2);
}

const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
const onigLib = Promise.resolve({
  createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
  createOnigString: (s) => new oniguruma.OnigString(s),
});

const grammarFiles = {
  'text.cable': join(root, 'syntaxes', 'cable.tmLanguage.json'),
  'text.html.markdown': require.resolve('tm-grammars/grammars/markdown.json'),
};
const registry = new vsctm.Registry({
  onigLib,
  loadGrammar: async (scope) => {
    const file = grammarFiles[scope];
    return file ? vsctm.parseRawGrammar(readFileSync(file, 'utf8'), file) : null; // embedded languages: not loaded
  },
});
const cable = await registry.loadGrammar('text.cable');
const markdown = await registry.loadGrammar('text.html.markdown');

const docs = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.cable'))
  .sort()
  .map((f) => readFileSync(join(corpusDir, f), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/));
const lines = docs.reduce((n, d) => n + d.length, 0);
const chars = docs.reduce((n, d) => n + d.reduce((m, l) => m + l.length + 1, 0), 0);

function run(grammar) {
  let tokens = 0;
  const t0 = process.hrtime.bigint();
  for (const doc of docs) {
    let state = vsctm.INITIAL;
    for (const line of doc) {
      const r = grammar.tokenizeLine2(line, state);
      tokens += r.tokens.length / 2;
      state = r.ruleStack;
    }
  }
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, tokens };
}

// Warm up both (JIT, regex compilation), then alternate rounds so that
// machine noise hits both grammars alike; report the median round of each.
run(cable);
run(markdown);
const times = { cable: [], markdown: [] };
let tokens = {};
for (let i = 0; i < rounds; i++) {
  const c = run(cable);
  const m = run(markdown);
  times.cable.push(c.ms);
  times.markdown.push(m.ms);
  tokens = { cable: c.tokens, markdown: m.tokens };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const c = median(times.cable);
const m = median(times.markdown);

console.log(`corpus: ${docs.length} cables, ${lines} lines, ${(chars / 1e6).toFixed(2)} M characters; ${rounds} rounds, median`);
console.log(`cable grammar    ${c.toFixed(0).padStart(6)} ms  (${tokens.cable} tokens)`);
console.log(`markdown grammar ${m.toFixed(0).padStart(6)} ms  (${tokens.markdown} tokens)`);
console.log(`ratio cable/markdown: ${(c / m).toFixed(2)}${c <= m ? ' (not slower than Markdown)' : ' (SLOWER than Markdown)'}`);

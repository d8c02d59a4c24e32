#!/usr/bin/env node
// Parser benchmark: prints figures, asserts nothing. Every time is set against a baseline measured
// in the same run (splitting the same text into lines and words), so figures compare across machines.
//   npm run bench:parser            (needs ../shared/corpus)
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { splitBaseline } from './splitBaseline.mjs';

const corpus = new URL('../../shared/corpus/', import.meta.url).pathname;
if (!existsSync(corpus)) {
  console.error('bench-parser: ../shared/corpus is missing; nothing to measure');
  process.exit(1);
}
const out = join(mkdtempSync(join(tmpdir(), 'cable-bench-')), 'parser.cjs');
await build({ entryPoints: ['server/src/parser/index.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'error' });
const { parseCable } = createRequire(import.meta.url)(out);

const texts = readdirSync(corpus).filter((f) => f.endsWith('.cable')).sort().map((f) => readFileSync(join(corpus, f), 'utf8'));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

function time(fn, runs = 7) {
  const ts = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    ts.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)];
}
const fmt = (ms) => `${ms.toFixed(1)} ms`;

for (const t of texts.slice(0, 50)) parseCable(t); // warm up
const tParse = time(() => texts.forEach((t) => parseCable(t)));
const tBase = time(() => texts.forEach((t) => splitBaseline(t)));
console.log(`corpus: ${texts.length} cables, ${(bytes / 1e6).toFixed(2)} MB`);
console.log(`  parse      ${fmt(tParse)}  (${(bytes / 1e6 / (tParse / 1000)).toFixed(1)} MB/s, ${(tParse / texts.length).toFixed(2)} ms per cable)`);
console.log(`  baseline   ${fmt(tBase)}  (split into lines and words)`);
console.log(`  ratio      ${(tParse / tBase).toFixed(1)}x the baseline`);

// Linearity: concatenated cables of growing size; time per MB should stay flat.
const all = texts.join('\n\n');
console.log('concatenated exports (time per MB should stay flat):');
let first;
for (const mb of [1, 2, 4, 8]) {
  let big = '';
  while (big.length < mb * 1e6) big += all;
  big = big.slice(0, mb * 1e6);
  const t = time(() => parseCable(big), 3);
  const tb = time(() => splitBaseline(big), 3);
  first ??= t / mb;
  console.log(`  ${String(mb).padStart(2)} MB  parse ${fmt(t).padStart(10)}  baseline ${fmt(tb).padStart(9)}  ratio ${(t / tb).toFixed(1)}x  per MB vs 1 MB ${((t / mb) / first).toFixed(2)}`);
}

// Hostile lines: 100,000 characters each; time against an ordinary line of the same length.
const ordinary = 'The Ambassador met the Minister on November 19. '.repeat(2100).slice(0, 100_000);
const tOrdinary = time(() => parseCable(`UNCLAS STATE 000001\n\n1. (U) ${ordinary}\n`), 5);
console.log(`100,000-character lines (ordinary prose: ${fmt(tOrdinary)}):`);
for (const unit of ['(((', 'RUEH ', 'XXXX', 'C O N F I D E N T I A L ', '1. (', 'END ', '???']) {
  const line = unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000);
  const t = time(() => parseCable(`${line}\nUNCLAS STATE 000001\n\n1. (U) ${line}\n${line}\n`), 5);
  console.log(`  ${JSON.stringify(unit).padEnd(28)} ${fmt(t).padStart(9)}  ${(t / tOrdinary).toFixed(1)}x ordinary`);
}

#!/usr/bin/env node
// What holding an export's whole model costs, against reading it a cable at a time (issue 9's aim of
// a server within 5× the file's size). Two processes over the same export, each with its lines
// decoded one by one as the server's reader decodes a large didOpen:
//
//   whole:    the export parsed as the server parses it (`parseLines`), checked, and the model kept,
//             as the server keeps it for the document's life.
//   by cable: each cable's lines parsed alone and checked; its problems kept, its model let go.
//
// Heap figures are taken after full collections (`--expose-gc`), so they are what stays, not what a
// collection had not yet freed; peak memory is the process's (VmHWM), the bench's measure. The
// by-cable pass also times each cable's parse: what reading a cable again when a request needs it
// would cost. Prints figures, asserts nothing.
//
//   node scripts/model-memory.mjs [--mb N]   (default 50; needs ../shared/corpus)
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusTexts, decodeLinesOf, exportParts, peakOf } from './benchExport.mjs';
import { jsonArraysParsed } from './bundleMemory.mjs';

const self = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;

if (process.argv[2] === '--child') {
  // `--child MODE LIB EXPORT CABLE_LINES`: one line of JSON out.
  const [mode, lib, file, counts] = process.argv.slice(3);
  const { parseLines, checkDocument } = createRequire(self)(lib);
  const gc = () => {
    globalThis.gc();
    globalThis.gc();
    return process.memoryUsage().heapUsed;
  };
  const before = gc();
  // The file's bytes are let go once decoded, as the server's are.
  const lines = decodeLinesOf(readFileSync(file));
  const cableLines = JSON.parse(readFileSync(counts, 'utf8'));
  const empty = gc();
  const cpu0 = process.cpuUsage();
  let model;
  let problems = [];
  const times = [];
  if (mode === 'whole') {
    model = parseLines(lines, '\n', false).doc;
    problems = checkDocument(model);
  } else {
    for (let k = 0, from = 0; k < cableLines.length; from += cableLines[k++] + 1) {
      const t = performance.now();
      const doc = parseLines(lines.slice(from, from + cableLines[k]), '\n', false).doc;
      times.push(performance.now() - t);
      for (const p of checkDocument(doc)) problems.push(p);
    }
  }
  const cpu = process.cpuUsage(cpu0);
  const held = gc() - empty;
  model = undefined;
  const withoutModel = gc() - empty;
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  console.log(
    JSON.stringify({
      lines: lines.length,
      linesHeap: empty - before,
      held,
      withoutModel,
      problems: problems.length,
      peak: peakOf(process.pid),
      cpu: (cpu.user + cpu.system) / 1000,
      ...(times.length ? { p50: at(0.5), p99: at(0.99), max: times[times.length - 1] } : {}),
    }),
  );
  process.exit(0);
}

const root = resolve(dirname(self), '..');
const shared = process.env.CABLE_SHARED ?? join(root, '..', 'shared');
const args = process.argv.slice(2);
const at = args.indexOf('--mb');
const mb = Number(at >= 0 ? args[at + 1] : '50');
if (!(mb > 0) || !existsSync(join(shared, 'corpus'))) {
  console.error('usage: node scripts/model-memory.mjs [--mb N]  (needs ../shared/corpus)');
  process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), 'cable-model-memory-'));
try {
  const entry = join(tmp, 'entry.ts');
  const src = (p) => JSON.stringify(join(root, 'server/src', p));
  writeFileSync(entry, [`export { parseLines } from ${src('parser/parser')};`, `export { checkDocument } from ${src('service/diagnostics/engine')};`].join('\n'));
  const lib = join(tmp, 'lib.cjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: lib, logLevel: 'error', nodePaths: [join(root, 'node_modules')], plugins: [jsonArraysParsed] });

  // The export as the bench makes it: corpus cables in turn, joined by a blank line.
  const parts = exportParts(corpusTexts(join(shared, 'corpus')), mb);
  const file = join(tmp, `export-${mb}.cable`);
  const text = parts.join('\n\n');
  writeFileSync(file, text);
  const counts = join(tmp, 'cable-lines.json');
  writeFileSync(counts, JSON.stringify(parts.map((p) => p.split('\n').length)));
  const size = Buffer.byteLength(text);

  const run = (mode) => JSON.parse(execFileSync(process.execPath, ['--expose-gc', self, '--child', mode, lib, file, counts], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').pop());
  const whole = run('whole');
  const each = run('each');
  const m = (x) => `${(x / MB).toFixed(0)} MB`;
  const times = (x) => `${(x / size).toFixed(1)}× the file`;
  console.log(`a ${(size / MB).toFixed(1)} MB export of ${parts.length} cables, ${whole.lines} lines:`);
  console.log(`  the lines, decoded one by one:            ${m(whole.linesHeap)} of heap (${times(whole.linesHeap)})`);
  console.log(`  whole: the model kept                     ${m(whole.held - whole.withoutModel)} of heap (${times(whole.held - whole.withoutModel)}); its ${whole.problems} problems ${m(whole.withoutModel)}`);
  console.log(`  whole: peak memory                        ${m(whole.peak)} (${times(whole.peak)}); parse and checks ${whole.cpu.toFixed(0)} ms of CPU`);
  console.log(`  by cable: what stays beside the lines     ${m(each.held)} of heap: its ${each.problems} problems`);
  console.log(`  by cable: peak memory                     ${m(each.peak)} (${times(each.peak)}); parse and checks ${each.cpu.toFixed(0)} ms of CPU`);
  console.log(`  by cable: one cable's parse               ${each.p50.toFixed(2)} ms p50, ${each.p99.toFixed(2)} ms p99, ${each.max.toFixed(1)} ms the slowest (the first, cold, among them)`);
  console.log(`  peak saved by not keeping the model:      ${m(whole.peak - each.peak)} (${((whole.peak - each.peak) / size).toFixed(1)}× the file)`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

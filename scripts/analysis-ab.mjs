#!/usr/bin/env node
// The server's first analysis of an export, two versions side by side: CPU time of the parse
// (`analyse`) and of the checks (`diagnose`), in process, without the editor and the stdio between.
// The bench's `didOpen → first diagnostics` also counts receiving the text, which moved by ±2 s
// from run to run on a busy 2-core machine, more than a change to the analysis moves it. Prints
// figures, asserts nothing.
//
//   node scripts/analysis-ab.mjs REV                 git revision REV against the working tree
//   node scripts/analysis-ab.mjs REV_A REV_B         two revisions
//   options: --mb N (the export's size, default 50), --runs N (pairs of processes, default 5)
//
// The export is corpus cables joined by blank lines, as the bench makes it; its lines are decoded one
// by one, as the server's reader decodes a large didOpen. Each run is a process of its own (a
// first analysis is a cold one: the optimising compiler's warm-up is part of it), A and B taking
// turns; the medians count.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusTexts, decodeLinesOf, exportParts } from './benchExport.mjs';
import { jsonArraysParsed } from './bundleMemory.mjs';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  // One first analysis: `--child LIB EXPORT`, one line of JSON out.
  const L = createRequire(self)(process.argv[3]);
  const lines = decodeLinesOf(readFileSync(process.argv[4]));
  const never = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
  const service = L.createLanguageService({ background: true, ruleDocs: (r) => L.ruleDocUrl(r) });
  const doc = L.LineDocument.create('file:///export.cable', 'cable', 1, new L.LinedText(lines, undefined, 0, lines.length - 1, 0));
  const cpu = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  const w0 = performance.now();
  let t = cpu();
  await service.analyse(doc, never);
  const analyse = cpu() - t;
  t = cpu();
  await service.diagnose(doc, never, true);
  const diagnose = cpu() - t;
  console.log(JSON.stringify({ analyse, diagnose, wall: performance.now() - w0 }));
  process.exit(0);
}

const root = resolve(dirname(self), '..');
const shared = process.env.CABLE_SHARED ?? join(root, '..', 'shared');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  return value;
};
const mb = Number(option('--mb', '50'));
const runs = Number(option('--runs', '5'));
const revs = args.filter((a) => !a.startsWith('--'));
if (revs.length < 1 || revs.length > 2 || !(mb > 0) || !(runs > 0) || !existsSync(join(shared, 'corpus'))) {
  console.error('usage: node scripts/analysis-ab.mjs REV [REV_B] [--mb N] [--runs N]  (needs ../shared/corpus)');
  process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), 'cable-analysis-ab-'));

/** The service of `rev` (the working tree when undefined), bundled as the server is. */
async function serviceOf(rev, name) {
  let src = root;
  if (rev) {
    src = join(tmp, `src-${name}`);
    mkdirSync(src);
    execFileSync('sh', ['-c', `git -C "${root}" archive "${rev}" server | tar -x -C "${src}"`]);
  }
  const entry = join(tmp, `entry-${name}.ts`);
  const at = (p) => JSON.stringify(join(src, 'server/src', p));
  writeFileSync(
    entry,
    [
      `export { createLanguageService } from ${at('service')};`,
      `export { LineDocument, LinedText } from ${at('service/textDocument')};`,
      `export { ruleDocUrl } from ${at('ruleDocs')};`,
    ].join('\n'),
  );
  const out = join(tmp, `${name}.cjs`);
  await build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: out, logLevel: 'error', nodePaths: [join(root, 'node_modules')], plugins: [jsonArraysParsed] });
  return out;
}

const file = join(tmp, `export-${mb}.cable`);
writeFileSync(file, exportParts(corpusTexts(join(shared, 'corpus')), mb).join('\n\n'));

const libs = [await serviceOf(revs[0], 'a'), await serviceOf(revs[1], 'b')];
const names = [revs[0], revs[1] ?? 'the working tree'];
const results = [[], []];
for (let r = 0; r < runs; r++) {
  for (const k of [0, 1]) {
    const out = execFileSync(process.execPath, [self, '--child', libs[k], file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    results[k].push(JSON.parse(out.trim().split('\n').pop()));
  }
}
rmSync(tmp, { recursive: true, force: true });

const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const of = (k, field) => median(results[k].map((x) => x[field]));
console.log(`first analysis of a ${mb} MB export, medians of ${runs} processes each, A and B in turn:`);
for (const k of [0, 1]) console.log(`  ${names[k]}: parse ${of(k, 'analyse').toFixed(0)} ms CPU, checks ${of(k, 'diagnose').toFixed(0)} ms CPU, both ${of(k, 'wall').toFixed(0)} ms wall`);
for (const field of ['analyse', 'diagnose', 'wall']) {
  const ratios = results[1].map((x, i) => x[field] / results[0][i][field]);
  console.log(`  ${field === 'analyse' ? 'parse' : field === 'diagnose' ? 'checks' : 'wall'}, ${names[1]} / ${names[0]}: ${(of(1, field) / of(0, field)).toFixed(3)} by the medians, ${median(ratios).toFixed(3)} by the median of the pairs' own ratios`);
}

#!/usr/bin/env node
// Two versions of the parser side by side, for work on its speed: whether they give the same model,
// and which is faster. Prints figures, asserts nothing.
//
//   node scripts/parser-ab.mjs REV                 git revision REV against the working tree
//   node scripts/parser-ab.mjs REV_A REV_B         two revisions
//   options: --turns N (default 20), --same-only, --time-only
//
// Same: every input parsed by both, the models compared as JSON ("0 differ" unless a change means
// to change the model). The inputs: each corpus cable, each file of ../shared/formats and seed,
// the corpus joined (and with CRLF, and a BOM), and every 37th cable cut in half and glued to the next.
// Time: the corpus parsed by each in alternation, CPU time per turn, with the bench's baseline (lines
// and words split) between; the medians count. On a shared 2-core machine one turn moves by ±8%:
// take 20 turns and run twice before believing a change of a few percent.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { takeOption } from './options.mjs';
import { cpuOf, splitBaseline } from './splitBaseline.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.CABLE_SHARED ?? join(root, '..', 'shared');
const args = process.argv.slice(2);
const turns = Number(takeOption(args, '--turns', '20'));
const sameOnly = args.includes('--same-only');
const timeOnly = args.includes('--time-only');
const revs = args.filter((a) => !a.startsWith('--'));
if (revs.length < 1 || revs.length > 2 || !existsSync(join(shared, 'corpus'))) {
  console.error('usage: node scripts/parser-ab.mjs REV [REV_B] [--turns N] [--same-only|--time-only]  (needs ../shared/corpus)');
  process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), 'cable-parser-ab-'));
const require = createRequire(import.meta.url);

/** The parser of `rev` (the working tree when undefined), bundled and loaded. */
async function parserOf(rev, name) {
  let src = root;
  if (rev) {
    src = join(tmp, `src-${name}`);
    execFileSync('mkdir', ['-p', src]);
    execFileSync('sh', ['-c', `git -C "${root}" archive "${rev}" server | tar -x -C "${src}"`]);
  }
  const out = join(tmp, `${name}.cjs`);
  await build({ entryPoints: [join(src, 'server/src/parser/index.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'error', nodePaths: [join(root, 'node_modules')] });
  return require(out).parseCable;
}
const A = await parserOf(revs[0], 'a');
const B = await parserOf(revs[1], 'b');
const nameB = revs[1] ?? 'the working tree';

const corpus = join(shared, 'corpus');
const texts = readdirSync(corpus).filter((f) => f.endsWith('.cable')).sort().map((f) => readFileSync(join(corpus, f), 'utf8'));

if (!timeOnly) {
  const inputs = texts.map((t, i) => [`corpus #${i}`, t]);
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (statSync(p).size < 50e6) inputs.push([p, readFileSync(p, 'utf8')]);
    }
  };
  walk(join(shared, 'formats'));
  walk(join(shared, 'seed'));
  const joined = texts.join('\n\n');
  inputs.push(['the corpus joined', joined], ['the same with CRLF', joined.replace(/\n/g, '\r\n')], ['the same with a BOM', '\ufeff' + joined]);
  texts.forEach((t, i) => {
    if (i % 37 === 0) inputs.push([`half of #${i}`, t.slice(0, t.length >> 1)], [`#${i} glued to the next`, t + texts[(i + 1) % texts.length]]);
  });
  let differ = 0;
  for (const [name, t] of inputs) {
    const x = JSON.stringify(A(t));
    const y = JSON.stringify(B(t));
    if (x === y) continue;
    if (++differ > 5) continue;
    let k = 0;
    while (x[k] === y[k]) k++;
    console.log(`differ: ${name}\n  ${revs[0]}: …${x.slice(Math.max(0, k - 100), k + 100)}…\n  ${nameB}: …${y.slice(Math.max(0, k - 100), k + 100)}…`);
  }
  console.log(`same: ${inputs.length} inputs, ${differ} differ`);
}

if (!sameOnly) {
  for (const t of texts.slice(0, 200)) {
    A(t);
    B(t);
  }
  const a = [];
  const b = [];
  const s = [];
  for (let r = 0; r < turns; r++) {
    a.push(cpuOf(() => texts.forEach((t) => A(t))));
    b.push(cpuOf(() => texts.forEach((t) => B(t))));
    s.push(cpuOf(() => texts.forEach(splitBaseline)));
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  const [ma, mb, ms] = [median(a), median(b), median(s)];
  console.log(`time, the corpus, median of ${turns} turns (CPU): ${revs[0]} ${ma.toFixed(0)} ms (${(ma / ms).toFixed(2)}× the split), ${nameB} ${mb.toFixed(0)} ms (${(mb / ms).toFixed(2)}×); the split ${ms.toFixed(0)} ms`);
  console.log(`time, ${nameB} / ${revs[0]}: ${(mb / ma).toFixed(3)} by the medians, ${median(a.map((x, i) => b[i] / x)).toFixed(3)} by the median of the turns' own ratios`);
}
rmSync(tmp, { recursive: true, force: true });

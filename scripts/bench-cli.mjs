#!/usr/bin/env node
// `cable check` over a folder of cables (default ../shared/corpus) with 1 and 2 worker threads:
// wall time and files per second, the median (and best) of several runs of the built dist/cli.js.
// Prints figures; asserts nothing. Usage: node scripts/bench-cli.mjs [FOLDER] [--runs N] [--cli FILE]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { takeOption } from './options.mjs';

const args = process.argv.slice(2);
const runs = Number(takeOption(args, '--runs', '5'));
const cli = resolve(takeOption(args, '--cli', 'dist/cli.js'));
const folder = resolve(args[0] ?? '../shared/corpus');
if (!existsSync(cli)) {
  console.error(`${cli} not found: npm run build first`);
  process.exit(2);
}
if (!existsSync(folder)) {
  console.error(`${folder} not found`);
  process.exit(2);
}
let files = 0;
let bytes = 0;
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.cable')) {
      files++;
      bytes += statSync(p).size;
    }
  }
};
walk(folder);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`cable check --format json ${folder}: ${files} files, ${(bytes / 1e6).toFixed(1)} MB, median of ${runs} runs`);
console.log('| workers | median s | files/s (median) | best s | files/s (best) |');
console.log('| --- | --- | --- | --- | --- |');
for (const workers of [1, 2]) {
  const wall = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    const p = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '--no-progress', '--workers', String(workers), folder], { maxBuffer: 1 << 30 });
    wall.push(Number(process.hrtime.bigint() - t0) / 1e9);
    if (p.status !== 0 && p.status !== 1) {
      console.error(`exit ${p.status}: ${p.stderr}`);
      process.exit(2);
    }
  }
  const m = median(wall);
  const best = Math.min(...wall);
  console.log(`| ${workers} | ${m.toFixed(2)} | ${Math.round(files / m)} | ${best.toFixed(2)} | ${Math.round(files / best)} |`);
}

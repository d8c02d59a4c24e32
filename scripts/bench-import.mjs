#!/usr/bin/env node
// Figures for `cable import` on a cables.csv (make one with scripts/gen-synthetic-csv.mjs):
// reading alone (rows cut, cables formatted, nothing written), then whole imports with the files
// written by a worker thread (the default) and by pools of 1, 4 and 16 asynchronous writes, each
// into a fresh folder that is deleted afterwards. Prints rows/s, MB/s, wall time, CPU time (user +
// system, all threads: above the wall time means more than one core) and peak RSS of each run,
// each in a child process of its own.
//
//   node scripts/bench-import.mjs FILE [thread|async:N ...]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/bench-import.mjs FILE [CONCURRENCY...]');
  process.exit(2);
}
const levels = process.argv.slice(3);
const size = statSync(file).size;
const work = mkdtempSync(join(tmpdir(), 'cable-bench-import-'));
const bundle = join(work, 'bench.cjs');

// A child entry point on the real modules: `read FILE` or `import FILE OUT CONCURRENCY`.
const entry = join(work, 'entry.ts');
writeFileSync(
  entry,
  `
import * as fs from 'node:fs';
import { CsvReader } from ${JSON.stringify(resolve(here, '../server/src/import/csv'))};
import { cableFromRow, formatCable } from ${JSON.stringify(resolve(here, '../server/src/import/cable'))};
import { runImport } from ${JSON.stringify(resolve(here, '../server/src/import/run'))};
const [mode, file, out, conc] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
async function main() {
  let rows = 0;
  if (mode === 'read') {
    const reader = new CsvReader(8);
    const dec = new TextDecoder('utf-8', { ignoreBOM: true });
    const take = (items) => { for (const it of items) if (it.kind === 'record') { const r = cableFromRow(it.fields, it.eol, ''); if (r.ok) { formatCable(r.cable); rows++; } } };
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) take(reader.push(dec.decode(chunk, { stream: true })));
    take(reader.push(dec.decode()));
    take(reader.end());
  } else {
    const [writer, n] = conc.split(':');
    const s = await runImport({ sources: [file], out, layout: 'flat', force: false, writer, concurrency: Number(n ?? 16) });
    rows = s.written;
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const ru = process.resourceUsage();
  console.log(JSON.stringify({ rows, wall, cpu: (cpu.user + cpu.system) / 1e6, rss: ru.maxRSS * 1024 }));
}
main();
`,
);
await build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: bundle, logLevel: 'warning' });

function run(label, args) {
  const r = spawnSync(process.execPath, [bundle, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    console.error(r.stderr);
    throw new Error(`${label} failed`);
  }
  const m = JSON.parse(r.stdout.trim().split('\n').pop());
  console.log(
    `${label.padEnd(24)} ${m.rows.toLocaleString('en-US').padStart(9)} rows  ${Math.round(m.rows / m.wall).toLocaleString('en-US').padStart(7)} rows/s  ${(size / 1e6 / m.wall).toFixed(1).padStart(6)} MB/s  ${m.wall.toFixed(1).padStart(6)} s wall  ${m.cpu.toFixed(1).padStart(6)} s CPU  ${(m.rss / 1e6).toFixed(0).padStart(5)} MB peak RSS`,
  );
}

console.log(`${file}: ${(size / 1e6).toFixed(1)} MB`);
try {
  run('read only', ['read', file]);
  for (const c of levels.length ? levels : ['thread', 'async:1', 'async:4', 'async:16']) {
    const out = join(work, `out-${c.replace(':', '-')}`);
    try {
      run(`import, ${c.startsWith('async') ? `${c.slice(6)} async writes` : 'writer thread'}`, ['import', file, out, c]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

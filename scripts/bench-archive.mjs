#!/usr/bin/env node
// `cable check` over a synthetic archive (scripts/synthetic-archive.mjs: N cables from the corpus,
// laid out by year and month, in a temporary folder removed at the end). Prints one table and
// asserts nothing. Where the time goes, measured separately in the same run:
//   - walk: listing the folders as the CLI does (sorted, for *.cable), nothing read;
//   - walk + read: the CLI's reading of every file (stat, open, read, UTF-8), no parsing;
//   - parse + check: the parser and the rules in this process, one thread, on a sample of the files,
//     projected to the archive;
//   - cable check with 1 and 2 workers (the built dist/cli.js, --format json to /dev/null): wall
//     time, files/s, MB/s, the process's peak RSS and CPU time.
// The CLI's own cost is its 1-worker time less walk + read and parse + check.
//
//   node scripts/bench-archive.mjs [--files N=250000] [--workers 1,2] [--sample N] [--dir DIR]
//
// --sample: how many files parse + check is measured on (default a tenth, 3,000 to 25,000).
//
// --dir checks an existing folder instead (not removed). npm run bench -- --archive N runs this too.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeArchive } from './synthetic-archive.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1e6;
const now = () => Number(process.hrtime.bigint()) / 1e9;
/** This process's CPU seconds: on a shared machine wall time counts the others' work too. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const n = (x) => Math.round(x).toLocaleString('en-US');
const secs = (s) => (s >= 120 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${s.toFixed(s < 10 ? 2 : 1)} s`);

/** The files under `dir` in the CLI's order (sorted per folder, hidden folders skipped). */
function* walk(dir) {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!e.name.startsWith('.') && e.name !== 'node_modules') yield* walk(p);
    } else if (e.name.toLowerCase().endsWith('.cable')) yield p;
  }
}

/** What files.ts readText does for a regular file, without the parse. */
function readLikeTheCli(file) {
  const st = fs.statSync(file);
  if (!st.isFile()) return '';
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    fs.fstatSync(fd);
    const buf = fs.readFileSync(fd);
    buf.subarray(0, 65536).includes(0);
    return buf.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Runs the built CLI and returns its wall time, peak RSS and CPU time (a preloaded hook reports them). */
function runCli(cli, args, tmp) {
  const usage = join(tmp, `usage-${process.hrtime.bigint()}.json`);
  const hook = join(tmp, 'usage-hook.cjs');
  fs.writeFileSync(
    hook,
    `const { isMainThread } = require('node:worker_threads');
if (isMainThread) process.on('exit', () => {
  const u = process.resourceUsage();
  require('node:fs').writeFileSync(${JSON.stringify(usage)}, JSON.stringify({ rss: u.maxRSS * 1024, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6 }));
});
`,
  );
  return new Promise((done, fail) => {
    const t0 = now();
    const p = spawn(process.execPath, ['--require', hook, cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('error', fail);
    p.on('exit', (code) => {
      const wall = now() - t0;
      if (code !== 0 && code !== 1) return fail(new Error(`cable ${args.join(' ')}: exit ${code}\n${err.slice(0, 2000)}`));
      const u = JSON.parse(fs.readFileSync(usage, 'utf8'));
      done({ wall, ...u });
    });
  });
}

/**
 * Measures and returns the table's rows: [measure, value, note]. `log` prints each row as it comes.
 * Options: files (N), workers ([1, 2]), sample, dir (an existing archive), cli.
 */
export async function benchArchive(options = {}) {
  const files = options.files ?? 250000;
  const workerCounts = options.workers ?? [1, 2];
  const cli = options.cli ?? join(root, 'dist', 'cli.js');
  const log = options.log ?? (() => undefined);
  if (!fs.existsSync(cli)) throw new Error(`${cli} not found: npm run build first`);
  const rows = [];
  const row = (a, b, c = '') => {
    rows.push([a, b, c]);
    log(a, b, c);
  };
  const tmp = fs.mkdtempSync(join(tmpdir(), 'cable-bench-archive-'));
  const dir = options.dir ? resolve(options.dir) : join(tmp, 'archive');
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
  const onSignal = () => {
    cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (!options.dir) {
      const t0 = now();
      const made = writeArchive(files, dir);
      row('synthetic archive', `${n(made.files)} files, ${(made.bytes / MB).toFixed(0)} MB`, `${made.folders} folders by year and month, written in ${secs(now() - t0)}`);
    }

    // Walking and reading, no parsing: the floor under any checker of these files.
    let t0 = now();
    let c0 = cpu();
    let count = 0;
    for (const f of walk(dir)) if (f) count++;
    const walkS = now() - t0;
    row('walk only', secs(walkS), `${n(count / walkS)} files/s (readdir, sorted, names only); CPU ${secs(cpu() - c0)}`);
    t0 = now();
    c0 = cpu();
    let bytes = 0;
    const sampleEvery = Math.max(1, Math.floor(count / (options.sample ?? Math.min(25000, Math.max(3000, count / 10)))));
    const sample = [];
    let i = 0;
    for (const f of walk(dir)) {
      bytes += Buffer.byteLength(readLikeTheCli(f));
      if (i++ % sampleEvery === 0) sample.push(f);
    }
    const readS = now() - t0;
    const readCpu = cpu() - c0;
    row('walk + read', secs(readS), `${(bytes / MB / readS).toFixed(0)} MB/s, ${n(count / readS)} files/s (stat, open, read, UTF-8; the page cache is warm); CPU ${secs(readCpu)}`);

    // The parser and the rules alone, one thread, on a sample spread over the archive: each file
    // read untimed, then its check timed (wall and this process's CPU).
    const bundle = join(tmp, 'check.cjs');
    await build({ entryPoints: [join(root, 'server/src/cli/checkFile.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'error' });
    const { checkText } = createRequire(import.meta.url)(bundle);
    for (const f of sample.slice(0, 300)) checkText(f, readLikeTheCli(f));
    let wallSum = 0;
    let cpuSum = 0;
    let sampleBytes = 0;
    for (const f of sample) {
      const text = readLikeTheCli(f);
      const w0 = now();
      const k0 = cpu();
      checkText(f, text);
      cpuSum += cpu() - k0;
      wallSum += now() - w0;
      sampleBytes += Buffer.byteLength(text);
    }
    const perFile = wallSum / sample.length;
    const perFileCpu = cpuSum / sample.length;
    const engineS = perFile * count;
    row(
      'parse + check, one thread',
      `${(perFile * 1000).toFixed(2)} ms/file`,
      `${(sampleBytes / MB / wallSum).toFixed(1)} MB/s on ${n(sample.length)} files spread over the archive: ${secs(engineS)} for all; CPU ${(perFileCpu * 1000).toFixed(2)} ms/file, ${secs(perFileCpu * count)} for all`,
    );

    const results = [];
    for (const w of workerCounts) {
      const r = await runCli(cli, ['check', '--format', 'json', '--no-progress', '--workers', String(w), dir], tmp);
      results.push([w, r]);
      row(
        `cable check, ${w} worker${w === 1 ? '' : 's'}`,
        secs(r.wall),
        `${n(count / r.wall)} files/s, ${(bytes / MB / r.wall).toFixed(1)} MB/s, peak RSS ${(r.rss / 2 ** 20).toFixed(0)} MB, CPU ${secs(r.cpu)} (${(r.cpu / r.wall).toFixed(2)} cores on average)`,
      );
    }
    // In CPU time, which a loaded machine does not inflate: the CLI's run less the reading and the
    // checking measured alone. The checking is projected from a sample: a few per cent either way is
    // the projection's noise, not the CLI's cost.
    const one = results.find(([w]) => w === 1)?.[1];
    if (one) {
      const own = one.cpu - readCpu - perFileCpu * count;
      row('CLI overhead, 1 worker', `${own < 0 ? '−' : ''}${secs(Math.abs(own))} CPU`, `${own < 0 ? '−' : ''}${Math.abs((own / one.cpu) * 100).toFixed(1)}% of the run's CPU: its CPU time less walk + read and parse + check (start-up and warm-up, output, GC)`);
    }
    const two = results.find(([w]) => w === 2)?.[1];
    if (one && two) {
      row(
        'speed of 2 workers against 1',
        `${(one.wall / two.wall).toFixed(2)}×`,
        `${((two.cpu / one.cpu - 1) * 100).toFixed(0)}% more CPU (a second checker warms up and fills its caches too); load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores at the end: on a busy machine the run gets its share of the cores, not more`,
      );
    }
    return rows;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const files = Number(arg('--files', '250000'));
  const workers = arg('--workers', '1,2').split(',').map(Number);
  const dir = arg('--dir', undefined);
  if (!Number.isInteger(files) || files < 1 || workers.some((w) => !Number.isInteger(w) || w < 1)) {
    console.error('usage: node scripts/bench-archive.mjs [--files N] [--workers 1,2] [--sample N] [--dir DIR]');
    process.exit(2);
  }
  console.log(`cable check over a synthetic archive${dir ? ` (${dir})` : ` of ${n(files)} cables`}, Node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}`);
  console.log('| measure | value | note |');
  console.log('| --- | --- | --- |');
  await benchArchive({ files, workers, dir, sample: arg('--sample') ? Number(arg('--sample')) : undefined, log: (a, b, c) => console.log(`| ${a} | ${b} | ${c} |`) });
}

// Runs a TypeScript entry point of scripts/eval/ by bundling it with esbuild first (Node 20 cannot
// run TypeScript itself). The bundle goes to node_modules/.cache, never into dist/.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export async function runTs(entry, args) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const outdir = join(root, 'node_modules', '.cache', 'cable-eval');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, entry.replace(/[\\/]/g, '_').replace(/\.ts$/, '.cjs'));
  await build({ entryPoints: [join(root, entry)], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  const mod = await import(pathToFileURL(outfile).href);
  const main = mod.main ?? mod.default?.main;
  process.exitCode = await main(args);
}

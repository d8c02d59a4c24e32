/**
 * `cable fix [options] PATH...`: applies every fix (the same as `source.fixAll.cable` in the
 * editor) and writes each changed file so that it stays the file it was (write.ts), keeping its
 * line endings, BOM and every byte outside the edits (bytes.ts). `--dry-run` prints a unified diff
 * instead and `--check` lists the files that would change; neither writes anything. Standard input
 * (`-` or `--stdin`) is fixed to standard output. Its options are declared in program.ts.
 *
 * Exit codes: 0 done (or nothing to do); 1 with --check or --dry-run, when files would change;
 * 2 a usage error, a bad configuration, no files matching, or a file that could not be read or
 * written (the other files are still done).
 */
import * as path from 'node:path';
import { fixText, type FixResult } from '../service/codeActions/fixAll';
import { encodeFixed } from './bytes';
import { formatSize, readText, reason, DEFAULT_MAX_FILE_SIZE } from './files';
import { gatherInputs, UsageError, type InputOptions } from './inputs';
import { colors, plural, useColor, type ColorMode, type CliIo } from './io';
import { countInBackground, Progress, progressWanted } from './progress';
import { unifiedDiff } from './unifiedDiff';
import { removeActiveTemps, resetLeftoverSweep, writeFixed } from './write';

interface FixOptions extends InputOptions {
  dryRun?: boolean;
  check?: boolean;
  maxFileSize?: number;
  /** A progress bar on a terminal (stderr), unless --no-progress. */
  progress?: boolean;
  color: ColorMode;
}

const count = (r: FixResult) => Object.values(r.applied).reduce((a, b) => a + b, 0);
const detail = (r: FixResult) =>
  Object.entries(r.applied)
    .map(([rule, k]) => `${rule} ×${k}`)
    .join(', ');

/**
 * While files are written, SIGINT, SIGTERM and SIGHUP wait for the current write to finish or be
 * undone (the write is synchronous, so the handler runs between files) and then end the run;
 * anything left in the registry of temporary files is removed first.
 */
function holdSignals(): () => void {
  const handlers = (
    [
      ['SIGINT', 2],
      ['SIGTERM', 15],
      ['SIGHUP', 1],
    ] as const
  ).map(([sig, n]) => {
    const h = () => {
      removeActiveTemps();
      process.exit(128 + n);
    };
    process.once(sig, h);
    return [sig, h] as const;
  });
  return () => {
    for (const [sig, h] of handlers) process.removeListener(sig, h);
  };
}

function writeBytes(io: CliIo, b: Buffer): void {
  if (io.stdoutBytes) io.stdoutBytes(b);
  else io.stdout(b.toString('utf8'));
}

export async function fixCommand(paths: readonly string[], opts: FixOptions, io: CliIo): Promise<number> {
  if (opts.stdin || paths.includes('-')) {
    if (paths.some((p) => p !== '-')) throw new UsageError('standard input is fixed to standard output: give it alone, without other paths');
  }
  const inputs = await gatherInputs('fix', paths, opts, io);
  if (typeof inputs === 'number') return inputs;
  const c = colors(useColor(io, 'stderr', opts.color));
  const writes = !opts.dryRun && !opts.check;
  let failed = false;

  if (inputs.stdin) {
    const { name, bytes } = inputs.stdin;
    const max = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    if (bytes.length > max) {
      io.stderr(`cable fix: ${name}: too large (${formatSize(bytes.length)}, over the --max-file-size limit of ${formatSize(max)})\n`);
      return 2;
    }
    const text = bytes.toString('utf8');
    const result = fixText(text, inputs.settingsFor(name));
    const encoded = encodeFixed(bytes, text, result.text);
    if (!encoded.ok) {
      io.stderr(`cable fix: ${name}: ${encoded.error}\n`);
      // The text is passed through untouched, as a filter must.
      if (writes) writeBytes(io, bytes);
      return 2;
    }
    if (opts.dryRun) io.stdout(unifiedDiff(name, text, result.text));
    if (writes) writeBytes(io, encoded.bytes);
    if (result.changed) io.stderr(`${writes ? 'fixed' : 'would fix'} ${name}: ${detail(result)}\n`);
    return result.changed && !writes ? 1 : 0;
  }

  resetLeftoverSweep();
  const release = writes ? holdSignals() : () => undefined;
  let changedFiles = 0;
  let fixes = 0;
  let remaining = 0;
  let done = 0;
  let lastYield = Date.now();
  const showBar = progressWanted(io, opts.progress !== false);
  const progress = new Progress(undefined, showBar, io.stderr);
  const stopCounting = showBar ? countInBackground(inputs.countFiles(), progress) : () => undefined;
  // Each file is read, fixed, written and let go before the next is found.
  const say = (s: string) => progress.print(s);
  const out = (s: string) => {
    if (io.stdoutIsTTY) progress.clear();
    io.stdout(s);
  };
  let given = 0;
  try {
    for (const file of inputs.files) {
      const settings = inputs.settingsFor(file);
      if (inputs.configFailed(given)) {
        failed = true;
        break;
      }
      given++;
      progress.tick();
      // The loop is synchronous: let a pending signal's handler (and the count of the progress
      // bar) run between files now and then.
      if (Date.now() - lastYield > 50) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = Date.now();
      }
      const r = readText(file, { maxFileSize: opts.maxFileSize });
      if (!r.ok) {
        if (!r.binary) failed = true;
        say(`${c.red('cable fix:')} ${file}: ${r.error}\n`);
        continue;
      }
      done++;
      let result: FixResult;
      try {
        result = fixText(r.text, settings);
      } catch (e) {
        failed = true;
        say(`cable fix: ${file}: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
        continue;
      }
      remaining += result.remaining;
      if (!result.changed) continue;
      const bytes = encodeFixed(r.bytes, r.text, result.text);
      if (!bytes.ok) {
        failed = true;
        say(`${c.red('cable fix:')} ${file}: ${bytes.error}\n`);
        continue;
      }
      changedFiles++;
      fixes += count(result);
      if (opts.dryRun) out(unifiedDiff(file, r.text, result.text));
      if (opts.check) out(`${file}: would fix ${detail(result)}\n`);
      if (!writes) continue;
      let outcome;
      try {
        outcome = writeFixed(file, bytes.bytes);
      } catch (e) {
        failed = true;
        changedFiles--;
        fixes -= count(result);
        say(`${c.red('cable fix:')} ${file}: cannot write: ${reason(e)}\n`);
        continue;
      }
      for (const l of outcome.leftovers) say(`cable fix: removed ${l}, left by an interrupted run\n`);
      const via = path.resolve(outcome.written) !== path.resolve(file) ? ` (the link's target ${outcome.written})` : '';
      say(`${c.green('fixed')} ${file}${via}: ${detail(result)}\n`);
    }
  } finally {
    stopCounting();
    progress.done();
    release();
  }
  if (inputs.pathError()) failed = true;
  // Every file failed to read: their reasons are on stderr, and a tally of nothing says nothing.
  if (done === 0) return failed ? 2 : 0;
  io.stderr(
    `${writes ? 'fixed' : 'would fix'} ${plural(fixes, 'problem')} in ${changedFiles} of ${plural(done, 'file')}` +
      (remaining > 0 ? `; ${plural(remaining, 'fixable problem')} left (fixes that conflict)` : '') +
      (!writes && changedFiles > 0 ? '; run `cable fix` to apply' : '') +
      '\n',
  );
  if (failed) return 2;
  return !writes && changedFiles > 0 ? 1 : 0;
}


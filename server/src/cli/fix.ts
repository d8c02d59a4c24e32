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
import { fixText } from '../service/codeActions/fixAll';
import { encodeFixed } from './bytes';
import { formatSize, DEFAULT_MAX_FILE_SIZE } from './files';
import { fixDetail, type FixJob, type FixReport } from './fixFile';
import { gatherInputs, tasksOf, UsageError, type InputOptions } from './inputs';
import { plural, useColor, type ColorMode, type CliIo } from './io';
import { fixFiles, Halt, workerCount } from './pool';
import { countInBackground, Progress, progressWanted } from './progress';
import { unifiedDiff } from './unifiedDiff';
import { removeActiveTemps, resetLeftoverSweep } from './write';

interface FixOptions extends InputOptions {
  dryRun?: boolean;
  check?: boolean;
  maxFileSize?: number;
  /** A progress bar on a terminal (stderr), unless --no-progress. */
  progress?: boolean;
  color: ColorMode;
  workers?: number;
  /** The script worker threads run (tests); default the bundle this runs from. */
  workerScript?: string;
}


/**
 * While files are written, SIGINT, SIGTERM and SIGHUP wait for the current writes to finish or be
 * undone (a write is synchronous: this thread's handler runs between its files, and each worker
 * thread is asked to stop between its own) and then end the run; anything left in the registry of
 * temporary files is removed first. A second signal ends the run at once, as it would without us.
 */
function holdSignals(halt: Halt): () => void {
  const handlers = (
    [
      ['SIGINT', 2],
      ['SIGTERM', 15],
      ['SIGHUP', 1],
    ] as const
  ).map(([sig, n]) => {
    const h = () => {
      void halt.halt().then(() => {
        removeActiveTemps();
        process.exit(128 + n);
      });
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
    if (result.changed) io.stderr(`${writes ? 'fixed' : 'would fix'} ${name}: ${fixDetail(result)}\n`);
    return result.changed && !writes ? 1 : 0;
  }

  resetLeftoverSweep();
  const halt = new Halt();
  const release = writes ? holdSignals(halt) : () => undefined;
  const workers = workerCount(opts.workers);
  if (workers.capped) io.stderr(`cable fix: --workers ${opts.workers} is more than 4 per core (${workers.cores} here): ${workers.count} threads fix the files\n`);
  let changedFiles = 0;
  let fixes = 0;
  let remaining = 0;
  let done = 0;
  const showBar = progressWanted(io, opts.progress !== false);
  const progress = new Progress(undefined, showBar, io.stderr);
  const stopCounting = showBar ? countInBackground(inputs.countFiles(), progress) : () => undefined;
  // Each file is read, fixed, written and let go where it is done (a worker thread, usually); what
  // it did is printed here, in the walk's order.
  const take = (r: FixReport) => {
    progress.tick();
    if (r.out) {
      if (io.stdoutIsTTY) progress.clear();
      io.stdout(r.out);
    }
    if (r.err) progress.print(r.err);
    if (r.failed) failed = true;
    if (r.done) done++;
    remaining += r.remaining;
    if (r.changed) {
      changedFiles++;
      fixes += r.fixes;
    }
  };
  const tasks = tasksOf(inputs);
  const job: FixJob = { dryRun: !!opts.dryRun, check: !!opts.check, color: useColor(io, 'stderr', opts.color), read: { maxFileSize: opts.maxFileSize } };
  try {
    await fixFiles(tasks.next, take, { job, workers: opts.workers === undefined ? undefined : workers.count, workerScript: opts.workerScript, halt });
  } finally {
    stopCounting();
    progress.done();
    release();
  }
  if (tasks.configError()) failed = true;
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


/**
 * `cable check [options] PATH...`: reports each problem in the files, in one of the formats of
 * formats.ts. Its options are declared in program.ts.
 *
 * Exit codes: 0 nothing at error level and no more warnings than --max-warnings (0 unless given);
 * 1 otherwise; 2 a usage error, a bad configuration, no files matching, or a file that could not
 * be read (the other files are still checked and reported).
 */
import { checkBuffer } from './checkFile';
import type { Format } from './formats';
import { gatherInputs, tasksOf, type InputOptions } from './inputs';
import { colors, plural, useColor, type ColorMode, type CliIo } from './io';
import { checkFiles, workerCount } from './pool';
import { countInBackground, Progress, progressWanted } from './progress';
import { formatResult, ReportWriter, type FileReport, type Job } from './report';

export type { CliIo } from './io';
export { processIo } from './io';

export interface CheckOptions extends InputOptions {
  format: Format;
  progress: boolean;
  maxFileSize?: number;
  quiet?: boolean;
  /** Warnings allowed before the exit code is 1; -1 for no limit. Unset: 0, said more briefly. */
  maxWarnings?: number;
  workers?: number;
  color: ColorMode;
  /** The script worker threads run (tests); default the bundle this runs from. */
  workerScript?: string;
}

/**
 * Files are walked, checked and written out one at a time (report.ts, pool.ts): what is held is
 * the files being checked and counters, however many files there are.
 */
export async function checkCommand(paths: readonly string[], opts: CheckOptions, io: CliIo): Promise<number> {
  const inputs = await gatherInputs('check', paths, opts, io);
  if (typeof inputs === 'number') return inputs;
  const job: Job = {
    format: opts.format,
    color: useColor(io, 'stdout', opts.color),
    quiet: !!opts.quiet,
    read: { maxFileSize: opts.maxFileSize },
    version: io.version,
  };
  const c = colors(useColor(io, 'stderr', opts.color));
  const workers = workerCount(opts.workers);
  if (workers.capped) io.stderr(`cable check: --workers ${opts.workers} is more than 4 per core (${workers.cores} here): ${workers.count} threads check the files\n`);
  const showBar = progressWanted(io, opts.progress);
  const progress = new Progress(undefined, showBar, io.stderr);
  const stopCounting = showBar ? countInBackground(inputs.countFiles(), progress) : () => undefined;
  // The bar and the report may share one terminal: the bar is cleared before the report writes.
  const writer = new ReportWriter(job, (s) => {
    if (io.stdoutIsTTY) progress.clear();
    io.stdout(s);
  });
  let fileError = false;
  const take = (r: FileReport) => {
    if (r.error) {
      fileError = true;
      progress.print(`${c.red('cable check:')} ${r.file}: ${r.error}\n`);
    } else writer.add(r);
  };
  const tasks = tasksOf(inputs);
  try {
    await checkFiles(
      tasks.next,
      (r) => {
        take(r);
        progress.tick();
      },
      { job, workers: opts.workers === undefined ? undefined : workers.count, workerScript: opts.workerScript },
    );
  } finally {
    stopCounting();
    progress.done();
  }
  if (inputs.stdin) {
    const { name, bytes } = inputs.stdin;
    take(formatResult(checkBuffer(name, bytes, inputs.settingsFor(name), job.read), job));
  }
  // Nothing was checked: the reasons are on stderr already, and a summary would read as a clean run.
  if (writer.checked === 0) return 2;
  writer.end();

  if (fileError || tasks.configError() || inputs.pathError()) return 2;
  if (writer.totals[0] > 0) return 1;
  const warnings = writer.totals[1];
  const limit = opts.maxWarnings ?? 0;
  if (limit >= 0 && warnings > limit) {
    if (opts.maxWarnings !== undefined) io.stderr(`cable check: too many warnings (${plural(warnings, 'warning')}, --max-warnings ${limit})\n`);
    return 1;
  }
  return 0;
}

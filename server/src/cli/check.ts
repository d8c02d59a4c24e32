/**
 * `cable check [options] PATH...`: reports each problem in the files, in one of the formats of
 * formats.ts. Its options are declared in program.ts.
 *
 * Exit codes: 0 nothing at error level and no more warnings than --max-warnings (0 unless given);
 * 1 otherwise; 2 a usage error, a bad configuration, no files matching, or a file that could not
 * be read (the other files are still checked and reported).
 */
import { checkBuffer, type FileResult, type JsonDiagnostic } from './checkFile';
import type { ReadOptions } from './files';
import { formatDiagnostics, type Format } from './formats';
import { gatherInputs, type InputOptions } from './inputs';
import { colors, plural, useColor, type ColorMode, type CliIo } from './io';
import { checkFiles } from './pool';
import { Progress } from './progress';

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
}

export async function checkCommand(paths: readonly string[], opts: CheckOptions, io: CliIo): Promise<number> {
  const inputs = await gatherInputs('check', paths, opts, io);
  if (typeof inputs === 'number') return inputs;
  const read: ReadOptions = { maxFileSize: opts.maxFileSize };
  const tasks = inputs.files.map((file) => ({ file, settings: inputs.settingsFor(file) }));
  const results = new Array<FileResult>(tasks.length);
  const progress = new Progress(tasks.length, opts.progress && io.stderrIsTTY, io.stderr);
  await checkFiles(
    tasks,
    (i, r) => {
      results[i] = r;
      progress.tick();
    },
    { read, workers: opts.workers },
  );
  progress.done();
  if (inputs.stdin) results.push(checkBuffer(inputs.stdin.name, inputs.stdin.bytes, inputs.settingsFor(inputs.stdin.name), read));

  const c = colors(useColor(io, 'stderr', opts.color));
  let fileError = inputs.pathError;
  let checked = 0;
  let diags: JsonDiagnostic[] = [];
  for (const r of results) {
    if (!r) continue;
    if (r.error) {
      fileError = true;
      io.stderr(`${c.red('cable check:')} ${r.file}: ${r.error}\n`);
      continue;
    }
    checked++;
    for (const d of r.diagnostics) diags.push(d);
  }
  // Nothing was checked: the reasons are on stderr already, and a summary would read as a clean run.
  if (checked === 0) return 2;
  if (opts.quiet) diags = diags.filter((d) => d.severity === 'error');
  io.stdout(formatDiagnostics(opts.format, diags, { checked, version: io.version, color: useColor(io, 'stdout', opts.color) }));

  if (fileError) return 2;
  if (diags.some((d) => d.severity === 'error')) return 1;
  const warnings = diags.filter((d) => d.severity === 'warning').length;
  const limit = opts.maxWarnings ?? 0;
  if (limit >= 0 && warnings > limit) {
    if (opts.maxWarnings !== undefined) io.stderr(`cable check: too many warnings (${plural(warnings, 'warning')}, --max-warnings ${limit})\n`);
    return 1;
  }
  return 0;
}


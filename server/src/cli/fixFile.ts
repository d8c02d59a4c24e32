/**
 * Fixing one file: the unit of work `cable fix` gives to each worker thread (or does itself). The
 * file is read, fixed, written (write.ts: links, owner, mode, a rename over it) or diffed, and let
 * go; what is kept is the text to print, for the main thread to print in the walk's order, and a
 * few numbers for the summary.
 */
import * as path from 'node:path';
import type { RuleSettings } from '../service/diagnostics/settings';
import { fixText, type FixResult } from '../service/codeActions/fixAll';
import { encodeFixed } from './bytes';
import { readText, reason, type ReadOptions } from './files';
import { colors } from './io';
import { unifiedDiff } from './unifiedDiff';
import { writeFixed } from './write';

/** What every file of a run is fixed with (sent once to each worker). */
export interface FixJob {
  dryRun: boolean;
  check: boolean;
  /** Colour in the lines for stderr. */
  color: boolean;
  read: ReadOptions;
}

/** One file, fixed (or not): all that is kept of it. */
export interface FixReport {
  file: string;
  /** For stdout: the diff (--dry-run), the file's line (--check). */
  out: string;
  /** For stderr: what was written, removed or could not be done. */
  err: string;
  /** The file was read as text (it counts among the files of the summary). */
  done: boolean;
  /** Changed (or would be): fixes applied, and fixable problems left because their fixes conflict. */
  changed: boolean;
  fixes: number;
  remaining: number;
  /** Something went wrong that makes the run's exit code 2. */
  failed: boolean;
}

const fixCount = (r: FixResult) => Object.values(r.applied).reduce((a, b) => a + b, 0);
export const fixDetail = (r: FixResult) =>
  Object.entries(r.applied)
    .map(([rule, k]) => `${rule} ×${k}`)
    .join(', ');

export function fixAndReport(file: string, settings: RuleSettings | undefined, job: FixJob): FixReport {
  const c = colors(job.color);
  const report: FixReport = { file, out: '', err: '', done: false, changed: false, fixes: 0, remaining: 0, failed: false };
  const fail = (message: string) => {
    report.failed = true;
    report.err += message;
    return report;
  };
  const r = readText(file, job.read);
  if (!r.ok) {
    report.err = `${c.red('cable fix:')} ${file}: ${r.error}\n`;
    // A file that is not text is skipped, not failed.
    report.failed = !r.binary;
    return report;
  }
  report.done = true;
  let result: FixResult;
  try {
    result = fixText(r.text, settings);
  } catch (e) {
    return fail(`cable fix: ${file}: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  }
  report.remaining = result.remaining;
  if (!result.changed) return report;
  const bytes = encodeFixed(r.bytes, r.text, result.text);
  if (!bytes.ok) return fail(`${c.red('cable fix:')} ${file}: ${bytes.error}\n`);
  if (job.dryRun) report.out += unifiedDiff(file, r.text, result.text);
  if (job.check) report.out += `${file}: would fix ${fixDetail(result)}\n`;
  if (!job.dryRun && !job.check) {
    let outcome;
    try {
      outcome = writeFixed(file, bytes.bytes);
    } catch (e) {
      return fail(`${c.red('cable fix:')} ${file}: cannot write: ${reason(e)}\n`);
    }
    for (const l of outcome.leftovers) report.err += `cable fix: removed ${l}, left by an interrupted run\n`;
    const via = path.resolve(outcome.written) !== path.resolve(file) ? ` (the link's target ${outcome.written})` : '';
    report.err += `${c.green('fixed')} ${file}${via}: ${fixDetail(result)}\n`;
  }
  report.changed = true;
  report.fixes = fixCount(result);
  return report;
}

/**
 * `cable check`'s output written as the files are checked, so that nothing grows with the number
 * of files: each file's part is formatted where it was checked (a worker thread, usually) and the
 * main thread writes the parts in order and keeps counters for the summary. Every piece of text is
 * formats.ts's.
 */
import type { RuleSettings } from '../service/diagnostics/settings';
import { checkFile, type FileResult } from './checkFile';
import type { ReadOptions } from './files';
import { formatBefore, formatEnd, formatFile, LEVEL, type Counts, type Format, type RunTotals } from './formats';

/** What every file of a run is checked and formatted with (sent once to each worker). */
export interface Job {
  format: Format;
  color: boolean;
  /** Errors only (--quiet): warnings and below are neither shown nor counted. */
  quiet: boolean;
  read: ReadOptions;
  version: string;
}

/** One file, checked and formatted: all that is kept of it. */
export interface FileReport {
  file: string;
  /** The file's part of the output, '' when it has no problems to show. */
  out: string;
  counts: Counts;
  /** The file could not be checked (unreadable, not a regular file, too large). */
  error?: string;
}

function reportOf(r: FileResult, job: Job): FileReport {
  const counts: Counts = [0, 0, 0, 0, 0];
  if (r.error) return { file: r.file, out: '', counts, error: r.error };
  const diags = job.quiet ? r.diagnostics.filter((d) => d.severity === 'error') : r.diagnostics;
  for (const d of diags) {
    counts[LEVEL[d.severity]]++;
    if (d.fixable) counts[4]++;
  }
  return { file: r.file, out: formatFile(job.format, diags, job.color), counts };
}

/** Checks one file and formats it: the unit of work of `cable check`, in a worker or not. */
export function checkAndFormat(file: string, settings: RuleSettings | undefined, job: Job): FileReport {
  return reportOf(checkFile(file, settings, job.read), job);
}

/** The same for a result already in hand (standard input). */
export const formatResult = reportOf;

/**
 * Writes the files' parts in the order given, and the format's opening and closing around them.
 * Holds counters only.
 */
export class ReportWriter implements RunTotals {
  /** Files checked (a file that could not be read is not). */
  checked = 0;
  /** Files with at least one problem shown. */
  filesWithProblems = 0;
  readonly totals: Counts = [0, 0, 0, 0, 0];
  private started = false;

  constructor(
    private readonly job: Job,
    private readonly write: (s: string) => void,
  ) {}

  get problems(): number {
    return this.totals[0] + this.totals[1] + this.totals[2] + this.totals[3];
  }

  /** A checked file's report (one that could not be read is the caller's to say). */
  add(r: FileReport): void {
    this.checked++;
    const n = r.counts[0] + r.counts[1] + r.counts[2] + r.counts[3];
    for (let i = 0; i < 5; i++) this.totals[i]! += r.counts[i]!;
    if (n === 0) return;
    this.filesWithProblems++;
    if (!r.out) return;
    this.write(formatBefore(this.job.format, !this.started, this.job.version) + r.out);
    this.started = true;
  }

  /** The closing and the summary; nothing when no file was checked (the reasons are on stderr). */
  end(): void {
    if (this.checked === 0) return;
    this.write(formatEnd(this.job.format, this, this.started, this.job.color, this.job.version));
  }
}

/**
 * `cable check`'s output written as the files are checked, so that nothing grows with the number
 * of files: each file's part is formatted where it was checked (a worker thread, usually) and the
 * main thread writes the parts in order and keeps counters for the summary. The text is the one
 * formats.ts writes for the whole run at once (a test holds the two equal): a file's part is
 * formats.ts's output for that file without its summary, and the summary is made from counters.
 */
import { RULES, type Severity } from '../service/diagnostics/catalogue';
import type { RuleSettings } from '../service/diagnostics/settings';
import { checkFile, type FileResult, type JsonDiagnostic } from './checkFile';
import type { ReadOptions } from './files';
import { formatDiagnostics, type Format } from './formats';
import { colors, plural, type Colors } from './io';

/** What every file of a run is checked and formatted with (sent once to each worker). */
export interface Job {
  format: Format;
  color: boolean;
  /** Errors only (--quiet): warnings and below are neither shown nor counted. */
  quiet: boolean;
  read: ReadOptions;
  version: string;
}

/** Problems by level, then fixable ones: what a summary and the exit code need of a file. */
export type Counts = [error: number, warning: number, information: number, hint: number, fixable: number];
const LEVEL: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** One file, checked and formatted: all that is kept of it. */
export interface FileReport {
  file: string;
  /** The file's part of the output, '' when it has no problems to show. */
  out: string;
  counts: Counts;
  /** The file could not be checked (unreadable, not a regular file, too large). */
  error?: string;
}

/** Drops the last `n` lines of `s` (each ending in a newline). */
function dropLines(s: string, n: number): string {
  let end = s.length;
  for (let i = 0; i < n; i++) end = s.lastIndexOf('\n', end - 2) + 1;
  return s.slice(0, end);
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
let ruleIndex: Map<string, number> | undefined;

/** One SARIF result, as formats.ts writes it inside `runs[0].results` (indented 8 spaces). */
function sarifResult(d: JsonDiagnostic): string {
  ruleIndex ??= new Map(RULES.map((r, i) => [r.code, i]));
  const result = {
    ruleId: d.code,
    ruleIndex: ruleIndex.get(d.code) ?? -1,
    level: SARIF_LEVEL[d.severity],
    message: { text: d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: d.file.split('\\').join('/') },
          region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
        },
      },
    ],
    properties: { rule: d.rule, fixable: d.fixable },
  };
  return '        ' + JSON.stringify(result, null, 2).replace(/\n/g, '\n        ');
}

/** A file's part of the output in `job.format`. */
export function formatFile(diags: readonly JsonDiagnostic[], job: Job): string {
  if (diags.length === 0) return '';
  const ctx = { checked: 1, version: job.version, color: job.color };
  switch (job.format) {
    case 'json':
      // '[\n' … '\n]\n' around the lines: the writer puts the brackets and commas between files.
      return formatDiagnostics('json', diags, ctx).slice(2, -3);
    case 'sarif':
      return diags.map(sarifResult).join(',\n');
    case 'github':
      return formatDiagnostics('github', diags, ctx);
    case 'compact':
      return dropLines(formatDiagnostics('compact', diags, ctx), 1);
    default: {
      // '\n' (before the first file only: the writer's), the file's block, the summary (one line,
      // two with fixable problems).
      const fixable = diags.some((d) => d.fixable);
      return dropLines(formatDiagnostics('stylish', diags, ctx), fixable ? 2 : 1).slice(1);
    }
  }
}

function reportOf(r: FileResult, job: Job): FileReport {
  const counts: Counts = [0, 0, 0, 0, 0];
  if (r.error) return { file: r.file, out: '', counts, error: r.error };
  const diags = job.quiet ? r.diagnostics.filter((d) => d.severity === 'error') : r.diagnostics;
  for (const d of diags) {
    counts[LEVEL[d.severity]]++;
    if (d.fixable) counts[4]++;
  }
  return { file: r.file, out: formatFile(diags, job), counts };
}

/** Checks one file and formats it: the unit of work of `cable check`, in a worker or not. */
export function checkAndFormat(file: string, settings: RuleSettings | undefined, job: Job): FileReport {
  return reportOf(checkFile(file, settings, job.read), job);
}

/** The same for a result already in hand (standard input). */
export const formatResult = reportOf;

/** "1 error, 2 warnings, 1 hint": as formats.ts's summaries say it. */
function severityCounts(t: Counts, all: boolean): string {
  const parts = [plural(t[0], 'error'), plural(t[1], 'warning')];
  if (all || t[2]) parts.push(`${t[2]} information`);
  if (all || t[3]) parts.push(plural(t[3], 'hint'));
  return parts.join(', ');
}

/**
 * Writes the files' parts in the order given, and the format's opening and closing around them.
 * Holds counters only.
 */
export class ReportWriter {
  /** Files checked (a file that could not be read is not). */
  checked = 0;
  /** Files with at least one problem shown. */
  filesWithProblems = 0;
  readonly totals: Counts = [0, 0, 0, 0, 0];
  private started = false;
  private readonly c: Colors;

  constructor(
    private readonly job: Job,
    private readonly write: (s: string) => void,
  ) {
    this.c = colors(job.color);
  }

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
    this.write(this.opening() + r.out);
  }

  private opening(): string {
    const first = !this.started;
    this.started = true;
    switch (this.job.format) {
      case 'json':
        return first ? '[\n' : ',\n';
      case 'sarif':
        return first ? `${this.sarifEnds()[0]}\n` : ',\n';
      case 'stylish':
        return first ? '\n' : '';
      default:
        return '';
    }
  }

  /** The SARIF document as formats.ts writes it for no results, cut where the results go. */
  private sarifEnds(): [string, string] {
    const empty = formatDiagnostics('sarif', [], { checked: 0, version: this.job.version, color: false });
    const at = empty.indexOf('"results": []') + '"results": ['.length;
    return [empty.slice(0, at), empty.slice(at)];
  }

  /** The closing and the summary; nothing when no file was checked (the reasons are on stderr). */
  end(): void {
    if (this.checked === 0) return;
    const t = this.totals;
    const c = this.c;
    const files = plural(this.checked, 'file');
    switch (this.job.format) {
      case 'json':
        this.write(this.started ? '\n]\n' : '[]\n');
        return;
      case 'sarif': {
        const [open, close] = this.sarifEnds();
        this.write(this.started ? `\n      ${close}` : `${open}${close}`);
        return;
      }
      case 'github':
        return;
      case 'compact':
        this.write(
          `${plural(this.problems, 'problem')} (${severityCounts(t, true)}) in ${this.filesWithProblems} of ${files}` +
            (t[4] > 0 ? `; ${t[4]} fixable with \`cable fix\`` : '') +
            '\n',
        );
        return;
      default: {
        if (this.problems === 0) {
          this.write(`${c.green('✔')} No problems in ${files}.\n`);
          return;
        }
        const mark = t[0] > 0 ? c.red : t[1] > 0 ? c.yellow : (s: string) => s;
        let s = c.bold(mark(`✖ ${plural(this.problems, 'problem')} (${severityCounts(t, false)}) in ${this.filesWithProblems} of ${files}`)) + '\n';
        if (t[4] > 0) s += c.dim(`  ${plural(t[4], 'problem')} fixable with \`cable fix\` (\`cable fix --dry-run\` shows the changes)`) + '\n';
        this.write(s);
      }
    }
  }
}

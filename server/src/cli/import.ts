/**
 * `cable import [--out DIR] [--layout flat|year|origin|year-month] [--one-file FILE] [--force] SOURCE...`
 *
 * Exit codes: 0 every cable imported; 1 something was skipped (a malformed row, a page without
 * the table, an existing file with other content); 2 a usage error or a source that could not be
 * read. The reading and writing are in ../import; this file is the command's face, its options
 * declared in program.ts.
 */
import type { Layout } from '../import/cable';
import { ImportUsageError, runImport, type ImportProgress, type ImportSummary } from '../import/run';
import type { CliIo } from './io';

/** Shown after the options in `cable import --help`. */
export const IMPORT_HELP = `
SOURCE is one of:
  cables.csv            the 2011 release (streamed; "-" reads it from standard input)
  a folder              the cablegate site's pages, searched recursively for *.html
  a page                one site page (cable/YYYY/MM/<ID>.html)
  a fragment            a body-only <code><pre> block, named after its file
Each cable becomes one .cable file: the WikiLeaks table, a blank line, the routing header, a blank
line, the text (header and text exactly as the source has them). Layouts: flat DIR/<ID>.cable,
year DIR/2008/<ID>.cable, year-month DIR/2008/11/<ID>.cable, origin DIR/Embassy Astana/<ID>.cable.
An existing file with other content is left alone (reported) unless --force; a re-run completes an
interrupted one. cables.csv has no released date: the table says 2011-08-30 01:44, when that
release came out.
`;

export interface ImportCommandOptions {
  out?: string;
  layout?: Layout;
  oneFile?: string;
  force?: boolean;
  progress?: boolean;
}

export async function importCommand(sources: readonly string[], opts: ImportCommandOptions, io: CliIo): Promise<number> {
  if (!sources.length) {
    io.stderr('cable import: no SOURCE given (cables.csv, "-", a folder of pages, pages or fragments)\nRun "cable import --help" to see its options.\n');
    return 2;
  }
  if (sources.filter((s) => s === '-').length > 1) {
    io.stderr('cable import: standard input ("-") can be read once\n');
    return 2;
  }
  const args = { out: opts.out ?? '.', layout: opts.layout ?? 'flat', oneFile: opts.oneFile, force: !!opts.force, progress: opts.progress !== false, sources };
  const bar = args.progress && io.stderrIsTTY ? new ImportBar(io.stderr) : undefined;
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  let summary: ImportSummary;
  try {
    summary = await runImport({
      sources: args.sources,
      out: args.out,
      layout: args.layout,
      oneFile: args.oneFile,
      force: args.force,
      signal: abort.signal,
      onProgress: bar ? (p) => bar.update(p) : undefined,
      onProblem: (p) => {
        bar?.clear();
        io.stderr(`cable import: ${p.where}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.reason}\n`);
      },
    });
  } catch (e) {
    bar?.clear();
    if (e instanceof ImportUsageError) {
      io.stderr(`cable import: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  bar?.clear();
  io.stdout(formatSummary(summary));
  if (summary.cancelled) return 130;
  if (summary.unreadable) return 2;
  return summary.skippedTotal ? 1 : 0;
}

const n = (x: number) => x.toLocaleString('en-US');

function tally(rec: Record<string, number>, order: (a: [string, number], b: [string, number]) => number): string {
  return Object.entries(rec)
    .sort(order)
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(', ');
}

export function formatSummary(s: ImportSummary): string {
  const lines: string[] = [];
  const total = s.written + s.unchanged;
  lines.push(
    `${s.cancelled ? 'Stopped: ' : ''}${n(total)} cable${total === 1 ? '' : 's'} in ${s.destination}: ${n(s.written)} written, ${n(s.unchanged)} already there; ${n(s.skippedTotal)} skipped; ${n(s.warnings)} warning${s.warnings === 1 ? '' : 's'}`,
  );
  if (s.skippedTotal) lines.push(`  skipped: ${tally(s.skipped, (a, b) => b[1] - a[1])}`);
  if (s.unreadable) lines.push(`  sources not read: ${n(s.unreadable)}`);
  if (total) {
    lines.push(`  by year: ${tally(s.byYear, (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))}`);
    lines.push(`  by classification: ${tally(s.byClassification, (a, b) => b[1] - a[1])}`);
  }
  if (s.cancelled) lines.push('  run the same command again to complete the import');
  return lines.join('\n') + '\n';
}

/** Rows, rows per second and (for a file, whose size is known) the part done and the time left. */
class ImportBar {
  private start = Date.now();
  private last = 0;
  private drawn = false;

  constructor(private readonly write: (s: string) => void) {}

  update(p: ImportProgress): void {
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    const secs = Math.max((now - this.start) / 1000, 0.001);
    const rate = p.rows / secs;
    let line = `${n(p.rows)} rows, ${n(Math.round(rate))} rows/s`;
    if (p.totalBytes) {
      const part = Math.min(p.bytes / p.totalBytes, 1);
      const width = 24;
      const filled = Math.round(part * width);
      const left = part > 0 ? (secs / part) * (1 - part) : 0;
      line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(part * 100)}% ${line}, ${duration(left)} left`;
    }
    this.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.write('\r\x1b[2K');
    this.drawn = false;
    this.last = 0;
  }
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
}

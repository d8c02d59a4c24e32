/**
 * `cable import [--out DIR] [--layout flat|year|origin|year-month] [--one-file FILE] [--force] SOURCE...`
 *
 * Exit codes: 0 every cable imported; 1 something was skipped (a malformed row, a page without
 * the table, an existing file with other content); 2 a usage error or a source that could not be
 * read. The reading and writing are in ../import; this file is the command's face.
 */
import { LAYOUTS, type Layout } from '../import/cable';
import { ImportUsageError, runImport, type ImportProgress, type ImportSummary } from '../import/run';
import type { CliIo } from './check';

export const IMPORT_USAGE = `Usage: cable import [--out DIR] [--layout flat|year|origin|year-month] [--one-file FILE] [--force] SOURCE...

Writes one .cable file per cable (the WikiLeaks table, a blank line, the routing header, a blank
line, the text; header and text exactly as the source has them) from:
  cables.csv            the 2011 release (streamed; "-" reads it from standard input)
  a folder              the cablegate site's pages, searched recursively for *.html
  a page                one site page (cable/YYYY/MM/<ID>.html)
  a fragment            a body-only <code><pre> block, named after its file
Options:
  --out DIR         where to write (default: the current folder)
  --layout L        flat (default): DIR/<ID>.cable; year: DIR/2008/<ID>.cable;
                    year-month: DIR/2008/11/<ID>.cable; origin: DIR/Embassy Astana/<ID>.cable
  --one-file FILE   write every cable into FILE, one after the other (an export)
  --force           replace existing files whose content differs (they are left alone otherwise)
  --no-progress     no progress bar even on a terminal
cables.csv has no released date: the table says 2011-08-30 01:44, when that release came out.
Exit code: 0 all imported, 1 something skipped (each named on stderr), 2 usage or unreadable source.
`;

interface Args {
  out: string;
  layout: Layout;
  oneFile?: string;
  force: boolean;
  progress: boolean;
  sources: string[];
}

function parseImportArgs(argv: readonly string[]): Args | { error: string } | 'help' {
  const a: Args = { out: '.', layout: 'flat', force: false, progress: true, sources: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (eq > 0 ? arg.slice(eq + 1) : argv[++i]);
    switch (name) {
      case '-h':
      case '--help':
        return 'help';
      case '--force':
        a.force = true;
        break;
      case '--no-progress':
        a.progress = false;
        break;
      case '--out':
      case '-o': {
        const v = value();
        if (!v) return { error: `${name} needs a folder` };
        a.out = v;
        break;
      }
      case '--layout': {
        const v = value();
        if (!v || !(LAYOUTS as readonly string[]).includes(v)) return { error: `--layout must be one of ${LAYOUTS.join(', ')}` };
        a.layout = v as Layout;
        break;
      }
      case '--one-file': {
        const v = value();
        if (!v) return { error: '--one-file needs a file name' };
        a.oneFile = v;
        break;
      }
      case '--':
        a.sources.push(...argv.slice(i + 1));
        i = argv.length;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') return { error: `unknown option ${arg}` };
        a.sources.push(arg);
    }
  }
  if (!a.sources.length) return { error: 'no SOURCE given' };
  if (a.sources.filter((s) => s === '-').length > 1) return { error: 'standard input ("-") can be read once' };
  return a;
}

export async function runImportCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseImportArgs(argv);
  if (args === 'help') {
    io.stdout(IMPORT_USAGE);
    return 0;
  }
  if ('error' in args) {
    io.stderr(`cable import: ${args.error}\n${IMPORT_USAGE}`);
    return 2;
  }
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
  if (s.cancelled) lines.push('  run the same command again to import the rest');
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

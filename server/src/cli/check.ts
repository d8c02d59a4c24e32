/**
 * `cable check [--format text|json|sarif] [--config FILE] PATH...`
 *
 * Exit codes: 0 nothing at warning or above; 1 a warning or error; 2 a usage error or a file that
 * could not be read (the other files are still checked and reported).
 */
import type { RuleSettings } from '../service/diagnostics/settings';
import type { FileResult, JsonDiagnostic } from './checkFile';
import { clearConfigCache, expandPaths, findConfig, loadConfig, parseSize } from './files';
import { formatJson, formatSarif, formatText, type Format } from './formats';
import { checkFiles } from './pool';
import { Progress } from './progress';

export const CHECK_USAGE = `Usage: cable check [--format text|json|sarif] [--config FILE] PATH...

Checks .cable files (folders are searched recursively) and reports each problem.
  --format FMT   text (default), json (one array of {file, line, column, endLine, endColumn,
                 severity, code, rule, message, fixable}, 1-based) or sarif (SARIF 2.1.0)
  --config FILE  rule severities, {"rules": {"split-word": "error", "paragraph-numbering": "off"}};
                 without it the nearest .cablerc.json above each path is used
  --no-progress  no progress bar even on a terminal
Exit code: 0 clean (nothing at warning or above), 1 problems, 2 usage or file error.
`;

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stderrIsTTY: boolean;
  version: string;
}

export const processIo = (version = '0.0.0'): CliIo => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stderrIsTTY: !!process.stderr.isTTY,
  version,
});

export interface ParsedArgs {
  format: Format;
  config?: string;
  paths: string[];
  dryRun: boolean;
  progress: boolean;
  maxFileSize?: number;
  help: boolean;
  error?: string;
}

export function parseArgs(argv: readonly string[], allowed: { format?: boolean; dryRun?: boolean }): ParsedArgs {
  const r: ParsedArgs = { format: 'text', paths: [], dryRun: false, progress: true, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (name: string): string | undefined => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) r.error = `${name} needs a value`;
      return v;
    };
    if (a === '--') {
      r.paths.push(...argv.slice(i + 1));
      break;
    } else if (a === '-h' || a === '--help') r.help = true;
    else if (allowed.format && (a === '--format' || a === '-f' || a.startsWith('--format='))) {
      const v = value('--format');
      if (v === 'text' || v === 'json' || v === 'sarif') r.format = v;
      else if (v !== undefined) r.error = `unknown format "${v}" (text, json or sarif)`;
    } else if (a === '--config' || a === '-c' || a.startsWith('--config=')) {
      const v = value('--config');
      if (v !== undefined) r.config = v;
    } else if (allowed.dryRun && (a === '--dry-run' || a === '-n')) r.dryRun = true;
    else if (a === '--no-progress') r.progress = false;
    else if (a === '--max-file-size' || a.startsWith('--max-file-size=')) {
      const v = value('--max-file-size');
      if (v !== undefined) {
        r.maxFileSize = parseSize(v);
        if (r.maxFileSize === undefined) r.error = `--max-file-size: "${v}" is not a size (1000000, 500KB, 200MB, 1GB)`;
      }
    }
    else if (a.startsWith('-') && a !== '-') r.error = `unknown option ${a}`;
    else r.paths.push(a);
    if (r.error) break;
  }
  if (!r.error && !r.help && r.paths.length === 0) r.error = 'no PATH given';
  return r;
}

/** Settings per file: --config for all, else each file's nearest config file. */
export function settingsResolver(config: string | undefined, io: CliIo): { settingsFor: (file: string) => RuleSettings | undefined; failed: boolean } {
  let failed = false;
  clearConfigCache();
  if (config) {
    const c = loadConfig(config);
    for (const e of c.errors) io.stderr(`cable: ${e}\n`);
    if (c.errors.some((e) => e.endsWith('no such file or directory') || e.includes('not valid JSON') || e.includes('permission'))) failed = true;
    return { settingsFor: () => c.settings, failed };
  }
  const loaded = new Map<string, RuleSettings>();
  return {
    settingsFor: (file) => {
      const found = findConfig(file);
      if (!found) return undefined;
      let s = loaded.get(found);
      if (!s) {
        const c = loadConfig(found);
        for (const e of c.errors) io.stderr(`cable: ${e}\n`);
        s = c.settings;
        loaded.set(found, s);
      }
      return s;
    },
    failed,
  };
}

export interface CommandStart {
  args: ParsedArgs;
  settingsFor: (file: string) => RuleSettings | undefined;
  files: string[];
  /** True when a path could not be used (named on stderr already). */
  pathError: boolean;
}

/**
 * What `check` and `fix` do first: answer --help, reject bad options, load the settings and expand
 * the paths. Returns the exit code instead when the command ends there.
 */
export function startCommand(name: string, usage: string, argv: readonly string[], allowed: { format?: boolean; dryRun?: boolean }, io: CliIo): CommandStart | number {
  const args = parseArgs(argv, allowed);
  if (args.help) {
    io.stdout(usage);
    return 0;
  }
  if (args.error) {
    io.stderr(`cable ${name}: ${args.error}\n${usage}`);
    return 2;
  }
  const resolver = settingsResolver(args.config, io);
  if (resolver.failed) return 2;
  const { files, errors } = expandPaths(args.paths);
  for (const e of errors) io.stderr(`cable ${name}: ${e}\n`);
  return { args, settingsFor: resolver.settingsFor, files, pathError: errors.length > 0 };
}

export async function runCheck(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const start = startCommand('check', CHECK_USAGE, argv, { format: true }, io);
  if (typeof start === 'number') return start;
  const { args, files } = start;
  let fileError = start.pathError;

  const tasks = files.map((file) => ({ file, settings: start.settingsFor(file) }));
  const results: FileResult[] = new Array(tasks.length);
  const progress = new Progress(tasks.length, args.progress && io.stderrIsTTY, io.stderr);
  await checkFiles(
    tasks,
    (i, r) => {
      results[i] = r;
      progress.tick();
    },
    { read: { maxFileSize: args.maxFileSize } },
  );
  progress.done();

  const diags: JsonDiagnostic[] = [];
  for (const r of results) {
    if (!r) continue;
    if (r.error) {
      fileError = true;
      io.stderr(`cable check: ${r.file}: ${r.error}\n`);
    }
    diags.push(...r.diagnostics);
  }
  if (args.format === 'json') io.stdout(formatJson(diags));
  else if (args.format === 'sarif') io.stdout(formatSarif(diags, io.version));
  else io.stdout(formatText(diags, tasks.length));

  if (fileError) return 2;
  return diags.some((d) => d.severity === 'error' || d.severity === 'warning') ? 1 : 0;
}

/**
 * The `cable` command's commands and options, declared once with commander: these declarations
 * drive the parsing, `--help`, the "did you mean" suggestions and the shell completion scripts
 * (completion.ts reads them back). Commander because it is small, has no dependencies, is kept up
 * by a large community, parses subcommands with options anywhere among the operands, and suggests
 * the nearest command or option by itself; yargs is heavier and citty young.
 */
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { checkCommand } from './check';
import { completionScript, SHELLS } from './completion';
import { explainCommand } from './explain';
import { parseSize } from './files';
import { fixCommand } from './fix';
import { FORMATS, type Format } from './formats';
import type { ColorMode, CliIo } from './io';
import { LAYOUTS } from '../import/cable';
import { IMPORT_HELP, importCommand, type ImportCommandOptions } from './import';
import { parseCommand } from './parse';
import { CSV_FIELDS, parseFields } from './parseCsv';
import { SPLIT_HELP, splitCommand, type SplitCommandOptions } from './split';

export const EXIT_CODES = `Exit codes:
  0  success: check found nothing at error level and no more warnings than
     --max-warnings (0 unless given); fix --check / --dry-run found nothing to fix
  1  check: an error, or too many warnings; fix --check / --dry-run: files would
     change; import: something was skipped; split: a part already there was
     left alone, or the file has no cable to cut at
  2  a usage error, a bad configuration file, no files matching a PATH, or a file
     that could not be read or written (the other files are still done)
`;

const PATHS_HELP = 'files (read whatever their extension) and folders (searched for *.cable); "-" reads standard input';

function integer(min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^-?\d+$/.test(v.trim()) || n < min) throw new InvalidArgumentError(`not a whole number${min > 0 ? ` from ${min}` : ` of at least ${min}`}.`);
    return n;
  };
}

function size(v: string): number {
  const n = parseSize(v);
  if (n === undefined) throw new InvalidArgumentError('not a size (1000000, 500KB, 200MB, 1GB).');
  return n;
}

function csvFields(v: string): string[] {
  const f = parseFields(v);
  if ('error' in f) throw new InvalidArgumentError(`${f.error}.`);
  return f;
}

function format(v: string): Format {
  // `text` was the one-line-per-problem format's name before stylish became the default.
  if (v === 'text') return 'compact';
  if (!(FORMATS as readonly string[]).includes(v)) throw new InvalidArgumentError(`allowed formats are ${FORMATS.join(', ')}.`);
  return v as Format;
}

/** Every option, declared once; commands pick theirs. A fresh Option each time (commander owns it). */
const OPTIONS = {
  format: () =>
    new Option('-f, --format <format>', 'stylish: grouped by file; compact: one problem a line (file:line:col); json; sarif: SARIF 2.1.0; github: workflow annotations')
      .choices(FORMATS)
      .argParser(format)
      .default('stylish' as Format),
  config: () => new Option('-c, --config <file>', 'rule severities for every file, {"rules": {"split-word": "error"}}; without it, the nearest .cablerc.json above each file'),
  quiet: () => new Option('-q, --quiet', 'report errors only: warnings and below are neither shown nor counted'),
  maxWarnings: () => new Option('--max-warnings <n>', 'exit with 1 when there are more than n warnings (default 0; -1: no limit)').argParser(integer(-1)),
  stdin: () => new Option('--stdin', 'read the text to work on from standard input (as does a PATH of "-")'),
  stdinFilename: () => new Option('--stdin-filename <name>', 'the name standard input is reported under; its .cablerc.json is looked up from there'),
  maxFileSize: () => new Option('--max-file-size <size>', 'refuse files larger than this (500KB, 200MB, 2GB; default 1GB)').argParser(size),
  progress: () => new Option('--no-progress', 'no progress bar, even on a terminal'),
  workers: () => new Option('--workers <n>', 'threads working on the files, this one among them (default: one per core, up to 8, fewer for a small run; at most 4 per core; 1: this thread only)').argParser(integer(1)),
  color: () => new Option('--color', 'colour even when not writing to a terminal (else FORCE_COLOR / NO_COLOR decide)'),
  noColor: () => new Option('--no-color', 'no colour'),
  dryRun: () => new Option('-n, --dry-run', 'print the changes as a unified diff and write nothing (exit 1 when there are changes)'),
  check: () => new Option('--check', 'list the files that would change and write nothing (exit 1 when there are any)'),
  pretty: () => new Option('--pretty', 'indent the JSON (one object per file, no longer one per line)'),
};

export interface Ran {
  code: number;
}

/** How an option value reads from commander's result: true/false/undefined for --color/--no-color. */
function colorMode(o: { color?: boolean }): ColorMode {
  return o.color === true ? 'always' : o.color === false ? 'never' : 'auto';
}

/** The options `check` and `fix` share (how files are read, in how many threads, what is shown), last in their help. */
function runOptionsOf(cmd: Command): Command {
  return cmd
    .addOption(OPTIONS.stdin())
    .addOption(OPTIONS.stdinFilename())
    .addOption(OPTIONS.maxFileSize())
    .addOption(OPTIONS.workers())
    .addOption(OPTIONS.progress())
    .addOption(OPTIONS.color())
    .addOption(OPTIONS.noColor());
}

/** Their values, as the commands take them. */
function runOptions(o: Record<string, unknown>) {
  return {
    stdin: !!o.stdin,
    stdinFilename: o.stdinFilename as string | undefined,
    maxFileSize: o.maxFileSize as number | undefined,
    workers: o.workers as number | undefined,
    progress: o.progress !== false,
    color: colorMode(o),
  };
}

/** Rewrites commander's "error: …" messages as `cable CMD: …`, with its suggestion on the same line. */
export function formatCommanderError(cmd: string, message: string): string {
  let m = message.trim().replace(/^error: /, '');
  m = m.replace(/\n\(Did you mean (.*)\?\)$/, (_, s: string) => ` (did you mean ${s}?)`);
  m = m.replace(/^unknown command '([^']*)'/, `unknown command "$1"`);
  const where = cmd === 'cable' ? 'cable' : `cable ${cmd}`;
  return `${where}: ${m}\nRun "${where} --help" to see ${cmd === 'cable' ? 'the commands' : 'its options'}.\n`;
}

/**
 * The command tree. `ran.code` receives the chosen command's exit code. `io` gets all output,
 * so the same tree serves a terminal and the tests.
 */
export function buildProgram(io: CliIo, ran: Ran, extra: { importSummary?: string } = {}): Command {
  const program = new Command('cable');
  const output = (name: string) => ({
    writeOut: (s: string) => io.stdout(s),
    writeErr: (s: string) => io.stderr(s),
    outputError: (s: string, write: (s: string) => void) => write(formatCommanderError(name, s)),
  });
  program
    .usage('<command> [options] PATH...')
    .description('Check, repair and read US diplomatic cables (.cable files) as WikiLeaks published them.')
    .version(io.version, '-v, --version', 'the version')
    .helpOption('-h, --help', 'this help; "cable <command> --help" for a command\'s own')
    .helpCommand('help [command]', 'the help of a command')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput(output('cable'))
    .addHelpText('after', `\n${EXIT_CODES}`);

  const command = (name: string, summary: string, usage = '[options] PATH...') => {
    const cmd = program
      .command(name)
      .description(summary)
      .usage(usage)
      .helpOption('-h, --help', 'this help')
      .showSuggestionAfterError(true)
      .exitOverride()
      .configureOutput(output(name));
    cmd.addHelpText('after', `\n${EXIT_CODES}`);
    return cmd;
  };

  command('parse', "print each file's cables as JSON (one object per file per line)")
    .argument('[paths...]', PATHS_HELP)
    .addOption(OPTIONS.pretty())
    .addOption(new Option('-f, --format <format>', 'json: one object per file per line; csv: one row per cable (RFC 4180, lists joined with |)').choices(['json', 'csv']).default('json'))
    .addOption(new Option('--fields <list>', `the CSV's columns, comma-separated (default all: ${CSV_FIELDS.join(',')})`).argParser(csvFields))
    .addOption(OPTIONS.stdin())
    .addOption(OPTIONS.stdinFilename())
    .addOption(OPTIONS.maxFileSize())
    .action(async (paths: string[], o: { pretty?: boolean; format?: 'json' | 'csv'; fields?: string[]; stdin?: boolean; stdinFilename?: string; maxFileSize?: number }) => {
      ran.code = await parseCommand(paths, o, io);
    });

  runOptionsOf(
    command('check', 'report problems: malformed headers, broken section joins, lost characters')
      .argument('[paths...]', PATHS_HELP)
      .addOption(OPTIONS.format())
      .addOption(OPTIONS.config())
      .addOption(OPTIONS.quiet())
      .addOption(OPTIONS.maxWarnings()),
  ).action(async (paths: string[], o: Record<string, unknown>) => {
      ran.code = await checkCommand(
        paths,
        {
          format: o.format as Format,
          config: o.config as string | undefined,
          quiet: !!o.quiet,
          maxWarnings: o.maxWarnings as number | undefined,
          ...runOptions(o),
        },
        io,
      );
    });

  runOptionsOf(
    command('fix', 'repair every fixable problem in place (--dry-run prints a diff, --check lists the files)')
      .argument('[paths...]', PATHS_HELP + ' (fixed to standard output)')
      .addOption(OPTIONS.dryRun())
      .addOption(OPTIONS.check())
      .addOption(OPTIONS.config()),
  ).action(async (paths: string[], o: Record<string, unknown>) => {
      ran.code = await fixCommand(
        paths,
        {
          dryRun: !!o.dryRun,
          check: !!o.check,
          config: o.config as string | undefined,
          ...runOptions(o),
        },
        io,
      );
    });

  if (extra.importSummary !== undefined) {
    command('import', extra.importSummary, '[options] SOURCE...')
      .argument('[sources...]', 'cables.csv files ("-": standard input), folders of cablegate pages, pages, <pre> fragments')
      .addOption(new Option('-o, --out <dir>', 'the folder to write into (default: the current folder)'))
      .addOption(new Option('--layout <layout>', 'how to arrange the files under the folder (see below)').choices(LAYOUTS).default('flat'))
      .addOption(new Option('--one-file <file>', 'write every cable into this one file (an export) instead'))
      .addOption(new Option('--force', 'replace existing files whose content differs'))
      .addOption(OPTIONS.progress())
      .addHelpText('after', IMPORT_HELP)
      .action(async (sources: string[], o: ImportCommandOptions) => {
        ran.code = await importCommand(sources, o, io);
      });
  }

  command('split', 'cut a large export into parts at cable starts, each small enough for an editor', '[options] FILE')
    .argument('[file]', 'the .cable file to cut (it is not changed)')
    .addOption(new Option('--max-size <size>', 'the largest part (500KB, 16MB; default 16MB): VS Code turns off highlighting over 20 MB').argParser(size))
    .addOption(new Option('--max-lines <n>', 'the most lines in a part (default 250000): VS Code turns off highlighting over 300,000').argParser(integer(1)))
    .addOption(new Option('-o, --out <dir>', 'the folder to write the parts into (default: <name>.parts beside FILE)'))
    .addOption(new Option('--force', 'replace parts already there whose content differs'))
    .addHelpText('after', SPLIT_HELP)
    .action(async (file: string | undefined, o: SplitCommandOptions) => {
      ran.code = await splitCommand(file, o, io);
    });

  command('explain', "print a rule's documentation; without a rule, the list of rules", '[CODE|NAME...]')
    .argument('[rules...]', 'rule codes (CBL303) or names (split-word)')
    .action((rules: string[]) => {
      ran.code = explainCommand(rules, io);
    });

  command('completion', 'print a completion script: source <(cable completion bash)', 'bash|zsh|fish')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .action((shell: (typeof SHELLS)[number]) => {
      io.stdout(completionScript(program, shell));
      ran.code = 0;
    });

  return program;
}

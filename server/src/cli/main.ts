/**
 * The `cable` command: one binary, a subcommand per job, all on the shared parser.
 */
import { version } from '../../../package.json';
import { CHECK_USAGE, processIo, runCheck, type CliIo } from './check';
import { FIX_USAGE, runFix } from './fix';
import { IMPORT_USAGE, runImportCommand } from './import';
import { PARSE_USAGE, runParse } from './parse';
import { WORKER_SUBCOMMAND, runCheckWorker } from './pool';
import { removeActiveTemps } from './write';

const USAGE = `Usage: cable <command> [options] PATH...

Commands:
  parse   print each file's cables as JSON (one object per file per line)
  check   report problems: malformed headers, broken section joins, lost characters
  fix     repair every fixable problem in place (--dry-run prints a diff instead)
  import  write .cable files from cables.csv, the cablegate site's pages or <pre> fragments

Options:
  -h, --help       this help; "cable <command> --help" for a command's own
  -v, --version    the version

Exit codes: 0 success, 1 problems found (check), 2 usage or file error.
`;

type Command = (argv: readonly string[], io: CliIo) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  parse: { run: runParse, usage: PARSE_USAGE },
  check: { run: runCheck, usage: CHECK_USAGE },
  fix: { run: runFix, usage: FIX_USAGE },
  import: { run: runImportCommand, usage: IMPORT_USAGE },
  // Hidden: `cable check` runs worker threads on this same bundle with this subcommand.
  [WORKER_SUBCOMMAND]: { run: runCheckWorker, usage: '' },
};

export async function main(argv: readonly string[], io: CliIo = processIo(version)): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.stdout(USAGE);
    return first === undefined ? 2 : 0;
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const cmd = COMMANDS[first];
  if (!cmd) {
    io.stderr(`cable: unknown command "${first}"\n\n${USAGE}`);
    return 2;
  }
  return cmd.run(rest, io);
}

if (require.main === module) {
  // Writes to a closed pipe (`cable parse … | head`) end the run quietly, as Unix tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  // A run stopped by a signal removes the temporary file it was writing (SIGKILL cannot be
  // caught: the next run removes what such a run leaves, see write.ts).
  for (const [sig, n] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]] as const) {
    process.once(sig, () => {
      removeActiveTemps();
      process.exit(128 + n);
    });
  }
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`cable: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 2;
    },
  );
}

/**
 * The `cable` command: one binary, a subcommand per job, all on the shared parser. The commands
 * and their options are declared in program.ts; this file dispatches and turns commander's
 * outcomes (help, version, usage errors) into exit codes.
 */
import { CommanderError } from 'commander';
import { version } from '../../../package.json';
import { UsageError } from './inputs';
import { processIo, type CliIo } from './io';
import { WORKER_SUBCOMMAND, runWorker } from './pool';
import { buildProgram, formatCommanderError, type Ran } from './program';
import { suggest } from './suggest';

const IMPORT_SUMMARY = "write .cable files from cables.csv, the cablegate site's pages or <pre> fragments";

export async function main(argv: readonly string[], io: CliIo = processIo(version)): Promise<number> {
  const [first, ...rest] = argv;
  // Hidden: `cable check` runs worker threads on this same bundle with this subcommand.
  if (first === WORKER_SUBCOMMAND) return runWorker();
  const ran: Ran = { code: 0 };
  const program = buildProgram(io, ran, { importSummary: IMPORT_SUMMARY });
  if (first === undefined) {
    io.stdout(program.helpInformation());
    return 2;
  }
  // `cable help chek`: commander would print the general help; a suggestion says more.
  if (first === 'help' && rest[0] !== undefined && !program.commands.some((c) => c.name() === rest[0])) {
    const near = suggest(rest[0], program.commands.map((c) => c.name()));
    io.stderr(formatCommanderError('cable', `unknown command "${rest[0]}"${near ? ` (did you mean ${near}?)` : ''}`));
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof UsageError) {
      const cmd = program.commands.find((c) => c.name() === first)?.name() ?? 'cable';
      io.stderr(formatCommanderError(cmd, e.message));
      return 2;
    }
    throw e;
  }
  return ran.code;
}

/** A command with its arguments as typed (tests and scripts): `runCheck(['--quiet', 'x.cable'])`. */
export const runCheck = (argv: readonly string[], io?: CliIo) => main(['check', ...argv], io);
export const runFix = (argv: readonly string[], io?: CliIo) => main(['fix', ...argv], io);

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  // Writes to a closed pipe (`cable parse … | head`) end the run quietly, as Unix tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
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

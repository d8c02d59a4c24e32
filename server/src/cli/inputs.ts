/**
 * What `check`, `fix` and `parse` do before their own work: read the rule settings (a broken config
 * file ends the run, as ESLint's does: checking with rules the user did not ask for would be a
 * false answer), expand the paths, take standard input, and say "No files matching" rather than
 * report a clean run over nothing.
 */
import type { RuleSettings } from '../service/diagnostics/settings';
import { clearConfigCache, expandPaths, findConfig, loadConfig } from './files';
import type { CliIo } from './io';

export interface InputOptions {
  config?: string;
  /** False for commands that apply no rules (parse): no config file is read. */
  rules?: boolean;
  stdin?: boolean;
  stdinFilename?: string;
}

interface StdinInput {
  /** The name it is reported under: --stdin-filename, else `<stdin>`. */
  name: string;
  bytes: Buffer;
}

interface Inputs {
  files: string[];
  stdin?: StdinInput;
  settingsFor: (file: string) => RuleSettings | undefined;
  /** A path could not be used (named on stderr already): the run ends with exit code 2. */
  pathError: boolean;
}

/** Thrown for a usage error found after option parsing (the dispatcher prints it as one). */
export class UsageError extends Error {}

const STDIN_NAME = '<stdin>';

/** Settings per file: --config for all, else each file's nearest config file. Errors are collected. */
function settingsResolver(config: string | undefined): { settingsFor: (file: string) => RuleSettings | undefined; errors: string[] } {
  clearConfigCache();
  const errors: string[] = [];
  if (config) {
    const c = loadConfig(config);
    errors.push(...c.errors);
    return { settingsFor: () => c.settings, errors };
  }
  const loaded = new Map<string, RuleSettings>();
  return {
    settingsFor: (file) => {
      const found = findConfig(file);
      if (!found) return undefined;
      let s = loaded.get(found);
      if (!s) {
        const c = loadConfig(found);
        errors.push(...c.errors);
        s = c.settings;
        loaded.set(found, s);
      }
      return s;
    },
    errors,
  };
}

/**
 * Gathers a command's inputs. Returns an exit code instead when the run ends here (2: a bad config
 * file, or nothing to work on), having said why on stderr.
 */
export async function gatherInputs(cmd: string, paths: readonly string[], opts: InputOptions, io: CliIo): Promise<Inputs | number> {
  const dashes = paths.filter((p) => p === '-').length;
  const wantStdin = !!opts.stdin || dashes > 0;
  if (dashes > 1 || (opts.stdin && dashes > 0)) throw new UsageError('standard input ("-" or --stdin) can be read once');
  if (opts.stdinFilename !== undefined && !wantStdin) throw new UsageError('--stdin-filename names standard input: give --stdin (or "-") with it');
  const named = paths.filter((p) => p !== '-');
  if (!wantStdin && named.length === 0) throw new UsageError('no PATH given (files or folders; "-" or --stdin reads standard input)');

  const resolver = opts.rules === false ? { settingsFor: () => undefined, errors: [] as string[] } : settingsResolver(opts.config);
  const fatal = () => {
    for (const e of resolver.errors) io.stderr(`cable ${cmd}: ${e}\n`);
    io.stderr(`cable ${cmd}: the configuration has errors: nothing was done\n`);
    return 2;
  };
  if (resolver.errors.length) return fatal();

  const { files, errors, empty } = expandPaths(named);
  for (const e of errors) io.stderr(`cable ${cmd}: ${e}\n`);
  for (const d of empty) {
    io.stderr(`cable ${cmd}: No files matching "${d}" were found (folders are searched for *.cable; a file named on the command line is read whatever its extension)\n`);
  }
  let stdin: StdinInput | undefined;
  if (wantStdin) {
    if (!io.readStdin) throw new UsageError('standard input cannot be read here');
    stdin = { name: opts.stdinFilename ?? STDIN_NAME, bytes: await io.readStdin() };
  }
  // Resolve every file's settings now, so a broken .cablerc.json stops the run before any output.
  const cache = new Map<string, RuleSettings | undefined>();
  for (const f of files) cache.set(f, resolver.settingsFor(f));
  if (stdin) cache.set(stdin.name, resolver.settingsFor(opts.stdinFilename ?? process.cwd()));
  if (resolver.errors.length) return fatal();
  if (files.length === 0 && !stdin) return 2;
  return {
    files,
    stdin,
    settingsFor: (f) => (cache.has(f) ? cache.get(f) : resolver.settingsFor(f)),
    pathError: errors.length > 0 || empty.length > 0,
  };
}

/**
 * What `check`, `fix` and `parse` do before their own work: read the rule settings (a broken config
 * file ends the run, as ESLint's does: checking with rules the user did not ask for would be a
 * false answer), expand the paths, take standard input, and say "No files matching" rather than
 * report a clean run over nothing.
 */
import type { RuleSettings } from '../service/diagnostics/settings';
import { clearConfigCache, findConfig, loadConfig, walkPaths } from './files';
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

export interface Inputs {
  /**
   * The files, found one at a time as they are taken (files.ts walkPaths): a path that cannot be
   * used is named on stderr when the walk meets it. Take them once.
   */
  files: IterableIterator<string>;
  /** The same files found afresh, silently: a progress bar counts them while the first walk runs. */
  countFiles: () => Iterator<string>;
  stdin?: StdinInput;
  /** A file's rule settings. A config file it names that is broken is recorded (configFailed). */
  settingsFor: (file: string) => RuleSettings | undefined;
  /**
   * Config files found broken while walking (a .cablerc.json in a subfolder): said on stderr here,
   * with what was done before it; the run then ends with exit code 2.
   */
  configFailed: (done: number) => boolean;
  /** A path could not be used (named on stderr already): the run ends with exit code 2. */
  pathError: () => boolean;
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

  let pathError = false;
  const files = walkPaths(named, {
    error: (e) => {
      pathError = true;
      io.stderr(`cable ${cmd}: ${e}\n`);
    },
    empty: (d) => {
      pathError = true;
      io.stderr(`cable ${cmd}: No files matching "${d}" were found (folders are searched for *.cable; a file named on the command line is read whatever its extension)\n`);
    },
  });
  let stdin: StdinInput | undefined;
  if (wantStdin) {
    if (!io.readStdin) throw new UsageError('standard input cannot be read here');
    stdin = { name: opts.stdinFilename ?? STDIN_NAME, bytes: await io.readStdin() };
  }
  // Standard input's settings now, so that its broken .cablerc.json stops the run before any output.
  // The files' are looked up as the walk reaches them (findConfig caches each folder's answer): a
  // list of every file's settings would be a list of every file.
  const stdinSettings = stdin ? resolver.settingsFor(opts.stdinFilename ?? process.cwd()) : undefined;
  if (resolver.errors.length) return fatal();
  let reported = 0;
  return {
    files,
    countFiles: () => walkPaths(named),
    stdin,
    settingsFor: (f) => (stdin && f === stdin.name ? stdinSettings : resolver.settingsFor(f)),
    configFailed: (done) => {
      if (resolver.errors.length === reported) return false;
      for (const e of resolver.errors.slice(reported)) io.stderr(`cable ${cmd}: ${e}\n`);
      reported = resolver.errors.length;
      io.stderr(`cable ${cmd}: the configuration has errors: ${done === 0 ? 'nothing was done' : `stopped after ${done} file${done === 1 ? '' : 's'}`}\n`);
      return true;
    },
    pathError: () => pathError,
  };
}

/**
 * The files and their settings one at a time, as a run takes them. A broken .cablerc.json met on
 * the way ends them: its files would be done with rules the user did not ask for.
 */
export function tasksOf(inputs: Inputs): { next: () => { file: string; settings?: RuleSettings } | undefined; configError: () => boolean } {
  let configError = false;
  let given = 0;
  const next = () => {
    if (configError) return undefined;
    const n = inputs.files.next();
    if (n.done) return undefined;
    const settings = inputs.settingsFor(n.value);
    if (inputs.configFailed(given)) {
      configError = true;
      return undefined;
    }
    given++;
    return { file: n.value, settings };
  };
  return { next, configError: () => configError };
}

/**
 * File handling shared by `cable check` and `cable fix`: expanding paths into `.cable` files,
 * finding the config file, reading a file as text, and writing one atomically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRuleSettings, type RuleSettings } from '../service/diagnostics/settings';

export const CONFIG_NAMES = ['.cablerc.json', '.cablerc'];

export interface Expanded {
  files: string[];
  /** `path: reason` for each argument that could not be used. */
  errors: string[];
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** Files are taken as given (any name); folders are walked for `*.cable`, sorted, hidden folders skipped. */
export function expandPaths(args: readonly string[]): Expanded {
  const files: string[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    const key = path.resolve(f);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(f);
    }
  };
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      errors.push(`${dir}: ${reason(e)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(p);
      } else if ((e.isFile() || e.isSymbolicLink()) && e.name.toLowerCase().endsWith('.cable')) {
        add(p);
      }
    }
  };
  for (const a of args) {
    let st: fs.Stats;
    try {
      st = fs.statSync(a);
    } catch (e) {
      errors.push(`${a}: ${reason(e)}`);
      continue;
    }
    if (st.isDirectory()) walk(a);
    else add(a);
  }
  return { files, errors };
}

export function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return err?.message ?? String(e);
  }
}

export type ReadResult = { ok: true; text: string } | { ok: false; error: string; binary?: boolean };

/** Reads a file as UTF-8 text; NUL bytes mean it is not text (a `.cable` file never has them). */
export function readText(file: string): ReadResult {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    return { ok: false, error: reason(e) };
  }
  if (buf.subarray(0, 65536).includes(0)) return { ok: false, error: 'not a text file (skipped)', binary: true };
  return { ok: true, text: buf.toString('utf8') };
}

/**
 * Writes through a temporary file in the same folder and a rename, so a crash or a full disk
 * never leaves a half-written cable; the file keeps its permissions.
 */
export function writeAtomic(file: string, text: string): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let mode: number | undefined;
  try {
    mode = fs.statSync(file).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const fd = fs.openSync(tmp, 'wx', mode ?? 0o644);
  try {
    fs.writeFileSync(fd, text, 'utf8');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
}

export interface LoadedConfig {
  file?: string;
  settings: RuleSettings;
  errors: string[];
}

/** Reads a config file: `{ "rules": { "split-word": "error" } }`. */
export function loadConfig(file: string): LoadedConfig {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { file, settings: {}, errors: [`${file}: ${reason(e)}`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
  } catch (e) {
    return { file, settings: {}, errors: [`${file}: not valid JSON (${(e as Error).message})`] };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { file, settings: {}, errors: [`${file}: must hold a JSON object`] };
  const parsed = parseRuleSettings((json as Record<string, unknown>).rules);
  return { file, settings: parsed.settings, errors: parsed.errors.map((e) => `${file}: ${e}`) };
}

const configCache = new Map<string, string | null>();

/** Forget where config files were found: each run of a command looks afresh. */
export function clearConfigCache(): void {
  configCache.clear();
}

/** The nearest config file in `start`'s folder or above it, as ESLint and markdownlint look. */
export function findConfig(start: string): string | undefined {
  let dir = path.resolve(start);
  try {
    if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  const visited: string[] = [];
  for (;;) {
    const cached = configCache.get(dir);
    if (cached !== undefined) {
      for (const v of visited) configCache.set(v, cached);
      return cached ?? undefined;
    }
    visited.push(dir);
    for (const name of CONFIG_NAMES) {
      const p = path.join(dir, name);
      if (fs.existsSync(p)) {
        for (const v of visited) configCache.set(v, p);
        return p;
      }
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  for (const v of visited) configCache.set(v, null);
  return undefined;
}

/**
 * File handling shared by `cable check` and `cable fix`: expanding paths into `.cable` files,
 * finding the config file, and reading a file as text (write.ts writes them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRuleSettings, type RuleSettings } from '../service/diagnostics/settings';
import { fileErrorText } from '../import/fileErrors';

export const CONFIG_NAMES = ['.cablerc.json', '.cablerc'];

export interface WalkEvents {
  /** `path: reason` for an argument or a folder that could not be read. */
  error?: (message: string) => void;
  /** A folder given as an argument in which no `*.cable` file was found (said once it is walked). */
  empty?: (dir: string) => void;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
const walkable = (name: string) => !SKIP_DIRS.has(name) && !name.startsWith('.');
const isCable = (name: string) => name.toLowerCase().endsWith('.cable');
const byName = (a: fs.Dirent, b: fs.Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Whether walking `root` reaches `target`: it lies below it through real folders the walk enters
 * (no hidden folder, no link to a folder: the walk follows neither).
 */
function reaches(root: string, target: string, isDir: boolean): boolean {
  const rel = path.relative(root, target);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  const parts = rel.split(path.sep);
  let dir = root;
  for (const part of isDir ? parts : parts.slice(0, -1)) {
    if (!walkable(part)) return false;
    dir = path.join(dir, part);
    try {
      if (!fs.lstatSync(dir).isDirectory()) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * The files the arguments name, found one at a time as they are taken: files are taken as given
 * (any name); folders are walked for `*.cable`, each folder's entries sorted, hidden folders
 * skipped. Nothing is listed ahead: a folder is read when the walk enters it, so an archive of
 * 250,000 files costs the folder being read, not a list of every path. A file named twice (as an
 * argument and again inside a folder argument, or a folder inside another) is given once.
 */
export function* walkPaths(args: readonly string[], events: WalkEvents = {}): Generator<string, void, undefined> {
  const roots: string[] = [];
  const named = new Set<string>();
  const covered = (key: string, file: boolean) => roots.some((r) => reaches(r, key, !file) && (!file || isCable(key)));
  for (const a of args) {
    let st: fs.Stats;
    try {
      st = fs.statSync(a);
    } catch (e) {
      events.error?.(`${a}: ${reason(e)}`);
      continue;
    }
    const key = path.resolve(a);
    if (!st.isDirectory()) {
      if (named.has(key) || covered(key, true)) continue;
      named.add(key);
      yield a;
      continue;
    }
    if (roots.includes(key) || covered(key, false)) continue;
    // Folders given earlier are not walked again from here; files named earlier are not given twice.
    const earlierRoots = new Set(roots);
    roots.push(key);
    let found = 0;
    let failed = false;
    const stack: Array<{ dir: string; entries: fs.Dirent[]; next: number }> = [];
    const enter = (dir: string) => {
      try {
        const entries = fs.readdirSync(dir, { withFileTypes: true });
        entries.sort(byName);
        stack.push({ dir, entries, next: 0 });
      } catch (e) {
        failed = true;
        events.error?.(`${dir}: ${reason(e)}`);
      }
    };
    enter(a);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const e = top.entries[top.next++];
      if (!e) {
        stack.pop();
        continue;
      }
      const p = path.join(top.dir, e.name);
      if (e.isDirectory()) {
        if (walkable(e.name) && !earlierRoots.has(path.resolve(p))) enter(p);
      } else if (isCable(e.name)) {
        // FIFOs, devices and links to them are taken too, so reading can name and skip them.
        found++;
        if (named.size > 0 && named.has(path.resolve(p))) continue;
        yield p;
      }
    }
    if (found === 0 && !failed) events.empty?.(a);
  }
}

/** A file-system error in words (shared with the import). */
export const reason = fileErrorText;

/** Files larger than this are refused unless `--max-file-size` says otherwise. */
export const DEFAULT_MAX_FILE_SIZE = 1024 ** 3;

export interface ReadOptions {
  /** Refuse files larger than this many bytes. */
  maxFileSize?: number;
  /** Return a file with NUL bytes as text too (`check` reports it as not-text instead of skipping it). */
  allowBinary?: boolean;
}

export type ReadResult =
  | { ok: true; text: string; bytes: Buffer }
  | { ok: false; error: string; binary?: boolean; notRegular?: boolean; tooLarge?: boolean };

const KIND: Array<[(s: fs.Stats) => boolean, string]> = [
  [(s) => s.isFIFO(), 'a FIFO'],
  [(s) => s.isCharacterDevice(), 'a character device'],
  [(s) => s.isBlockDevice(), 'a block device'],
  [(s) => s.isSocket(), 'a socket'],
  [(s) => s.isDirectory(), 'a directory'],
];

/** "not a regular file (a FIFO): skipped" for anything that is not a plain file. */
export function notRegular(st: fs.Stats): string | undefined {
  if (st.isFile()) return undefined;
  const kind = KIND.find(([is]) => is(st))?.[1] ?? 'not a plain file';
  return `not a regular file (${kind}): skipped`;
}

export function formatSize(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  if (i === 0) return `${n} byte${n === 1 ? '' : 's'}`;
  return `${Number.isInteger(v) || v >= 10 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** Parses `--max-file-size` values: `1000000`, `500KB`, `200MB`, `1GB` (powers of 1024), `2g`. */
export function parseSize(s: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(s);
  if (!m) return undefined;
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const v = Math.floor(Number(m[1]) * mult);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/**
 * Reads a file as UTF-8 text. Only regular files are read: a FIFO would block for ever and a
 * device (a link to /dev/zero named x.cable) never ends. NUL bytes mean the file is not text (a
 * `.cable` file never has them).
 */
export function readText(file: string, options: ReadOptions = {}): ReadResult {
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const tooLarge = (size: string): ReadResult => ({ ok: false, error: `too large (${size}, over the --max-file-size limit of ${formatSize(max)}): skipped`, tooLarge: true });
  let buf: Buffer;
  try {
    const pre = fs.statSync(file);
    const odd = notRegular(pre);
    if (odd) return { ok: false, error: odd, notRegular: true };
    if (pre.size > max) return tooLarge(formatSize(pre.size));
    // O_NONBLOCK: should the file have become a FIFO since the stat, opening it does not wait.
    const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      const st = fs.fstatSync(fd);
      const odd2 = notRegular(st);
      if (odd2) return { ok: false, error: odd2, notRegular: true };
      if (st.size > max) return tooLarge(formatSize(st.size));
      buf = fs.readFileSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    return { ok: false, error: reason(e) };
  }
  if (buf.length > max) return tooLarge(formatSize(buf.length));
  if (!options.allowBinary && buf.subarray(0, 65536).includes(0)) return { ok: false, error: 'not a text file (skipped)', binary: true };
  return { ok: true, text: buf.toString('utf8'), bytes: buf };
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

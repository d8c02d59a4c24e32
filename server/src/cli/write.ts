/**
 * Writing a fixed file so that it stays the file it was: a symbolic link keeps pointing at its
 * target, which is what gets fixed; a hard-linked file is written in place so every name still
 * shares it; owner, group and mode are carried over. Otherwise the bytes go to a temporary file in
 * the same folder and are renamed over the original, so a crash or a full disk never leaves a
 * half-written cable.
 *
 * A temporary file is named `.NAME.PID.RANDOM.tmp`. A run killed outright (SIGKILL, a power cut)
 * cannot remove its own, so each run removes those whose process is gone before it writes in a
 * folder; on SIGINT, SIGTERM and SIGHUP the running one is removed at once.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const TEMP = /^\.(.+)\.(\d+)\.([0-9a-z]+)\.tmp$/;

/** Temporary files this process has open; removed if it is stopped by a signal. */
const active = new Set<string>();

export function removeActiveTemps(): void {
  for (const t of active) {
    try {
      fs.unlinkSync(t);
    } catch {
      /* already gone */
    }
  }
  active.clear();
}

function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const swept = new Set<string>();

/**
 * Removes the temporary files an interrupted `cable fix` left in `dir`: our naming pattern, for a
 * file that exists beside it, written by a process that no longer runs. Returns their paths.
 * Each folder is looked at once per process.
 */
function removeLeftovers(dir: string): string[] {
  const key = path.resolve(dir);
  if (swept.has(key)) return [];
  swept.add(key);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  const present = new Set(names);
  for (const n of names) {
    const m = TEMP.exec(n);
    if (!m || !present.has(m[1]!) || processAlive(Number(m[2]))) continue;
    const p = path.join(dir, n);
    try {
      if (!fs.lstatSync(p).isFile()) continue;
      fs.unlinkSync(p);
      removed.push(p);
    } catch {
      /* not ours to remove after all (permissions), or gone */
    }
  }
  return removed;
}

/** Forget which folders were swept (tests run several commands in one process). */
export function resetLeftoverSweep(): void {
  swept.clear();
}

interface WriteOutcome {
  /** The file actually written: the target when `file` is a symbolic link. */
  written: string;
  /** How: through a temporary file and a rename, or in place (hard links, or owner not reproducible). */
  how: 'renamed' | 'in-place';
  /** Leftover temporary files of an interrupted run removed from the folder. */
  leftovers: string[];
}

function writeInPlace(file: string, bytes: Buffer): void {
  const fd = fs.openSync(file, 'r+');
  try {
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off, off);
    fs.ftruncateSync(fd, bytes.length);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The tests kill a run while its temporary file exists; this widens that moment on request
 * (CABLE_TEST_HOLD_TEMP_MS) instead of leaving the test to win a race. Unset, it does nothing.
 */
function holdForTests(): void {
  const ms = Number(process.env.CABLE_TEST_HOLD_TEMP_MS);
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(ms, 60_000));
}

/** Why an in-place write is used instead of a rename: errors that a rename cannot get round. */
const USE_IN_PLACE = new Set(['EPERM', 'EACCES']);

/** Writes `bytes` as the new content of `file` (see the module comment for what is kept). */
export function writeFixed(file: string, bytes: Buffer): WriteOutcome {
  const target = fs.realpathSync(file);
  const st = fs.statSync(target);
  if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
  const leftovers = removeLeftovers(path.dirname(target));
  if (st.nlink > 1) {
    writeInPlace(target, bytes);
    return { written: target, how: 'in-place', leftovers };
  }
  const tmp = tempName(target);
  let fd: number;
  try {
    fd = fs.openSync(tmp, 'wx', st.mode & 0o7777);
  } catch (e) {
    // A folder we may not write in, holding a file we may: the file can still be fixed in place.
    if (USE_IN_PLACE.has((e as NodeJS.ErrnoException).code ?? '')) {
      writeInPlace(target, bytes);
      return { written: target, how: 'in-place', leftovers };
    }
    throw e;
  }
  active.add(tmp);
  const discard = () => {
    active.delete(tmp);
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  };
  try {
    let keepOwner = true;
    try {
      // The folder may impose another group, and the umask may have narrowed the mode at
      // creation. Owner first: a change of owner clears the set-user-ID and set-group-ID bits.
      const t = fs.fstatSync(fd);
      if (t.uid !== st.uid || t.gid !== st.gid) fs.fchownSync(fd, st.uid, st.gid);
      fs.fchmodSync(fd, st.mode & 0o7777);
    } catch (e) {
      if (!USE_IN_PLACE.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
      keepOwner = false;
    }
    if (!keepOwner) {
      // Only the owner's own write keeps the owner (another user's file, writable by us).
      fs.closeSync(fd);
      discard();
      writeInPlace(target, bytes);
      return { written: target, how: 'in-place', leftovers };
    }
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    holdForTests();
  } catch (e) {
    try {
      fs.closeSync(fd);
    } catch {
      /* closed already */
    }
    discard();
    throw e;
  }
  try {
    fs.renameSync(tmp, target);
  } catch (e) {
    discard();
    throw e;
  }
  active.delete(tmp);
  return { written: target, how: 'renamed', leftovers };
}

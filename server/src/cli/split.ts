/**
 * `cable split FILE [--max-size 16MB] [--max-lines 250000] [--out DIR] [--force]`
 *
 * Cuts a large export into parts at the starts of its cables (../split.ts), each part under the
 * limits VS Code needs to give a file to the language server and to highlight it. Exit codes: 0
 * the parts are there (or there was nothing to split); 1 a part already there with other content
 * was left alone, or the file has nowhere to cut; 2 a usage error or a file that cannot be split
 * (missing, not a regular file, binary, empty).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cableStartsOfFile, DEFAULT_MAX_BYTES, DEFAULT_MAX_LINES, defaultPartsFolder, megabytes, partLines, planSplit, readRange, writeParts, type SplitPart, type SplitPlan } from '../split';
import { notRegular, reason } from './files';
import type { CliIo } from './io';

export interface SplitCommandOptions {
  maxSize?: number;
  maxLines?: number;
  out?: string;
  force?: boolean;
}

/** Shown after the options in `cable split --help`. */
export const SPLIT_HELP = `
FILE is cut only where a cable starts; text between cables stays with the part it is in, and the
parts put end to end are FILE byte for byte. A cable larger than a limit is a part of its own.
The parts are <name>.part001.cable, <name>.part002.cable, … in <name>.parts/ beside FILE (or
--out DIR). A part already there with the same bytes is left as it is; with other bytes it is
left alone (reported, exit 1) unless --force.
Why: VS Code does not give files over 50 MB to extensions (no problems, outline or hover) and
turns off highlighting and folding over 20 MB or 300,000 lines; the defaults keep under both.
`;

const n = (x: number) => x.toLocaleString('en-US');
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

export async function splitCommand(file: string | undefined, opts: SplitCommandOptions, io: CliIo): Promise<number> {
  const err = (s: string) => io.stderr(`cable split: ${s}\n`);
  if (!file) {
    err('no FILE given\nRun "cable split --help" to see its options.');
    return 2;
  }
  if (file === '-') {
    err('standard input cannot be split: name the file (the parts are written beside it)');
    return 2;
  }
  // The file is read as a stream, a window of lines at a time, and each part is read again when
  // written: a 2 GB export is split in the memory of its longest cable and one part.
  let handle: fs.promises.FileHandle | undefined;
  try {
    const odd = notRegular(fs.statSync(file));
    if (odd) {
      err(`${file}: ${odd.replace(/: skipped$/, '')}`);
      return 2;
    }
    // O_NONBLOCK: should the file have become a FIFO since the stat, opening it does not wait.
    handle = await fs.promises.open(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    return await splitOpenFile(file, handle, opts, io);
  } catch (e) {
    err(`${file}: ${reason(e)}`);
    return 2;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

async function splitOpenFile(file: string, handle: fs.promises.FileHandle, opts: SplitCommandOptions, io: CliIo): Promise<number> {
  const err = (s: string) => io.stderr(`cable split: ${s}\n`);
  const before = await handle.stat();
  const odd = notRegular(before);
  if (odd) {
    err(`${file}: ${odd.replace(/: skipped$/, '')}`);
    return 2;
  }
  if (before.size === 0) {
    err(`${file}: empty: nothing to split`);
    return 2;
  }
  // NUL bytes in the head: not text (as every command reads a file).
  const head = Buffer.alloc(Math.min(65536, before.size));
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  if (head.subarray(0, bytesRead).includes(0)) {
    err(`${file}: not a text file: nothing to split`);
    return 2;
  }
  // A large export takes seconds to parse (about 9 s for 200 MB): say so on a terminal.
  const busy = io.stderrIsTTY && before.size > 8 * 1024 * 1024;
  if (busy) io.stderr(`reading ${file} (${megabytes(before.size)}) for its cables…`);
  const cables = (await cableStartsOfFile(handle))!;
  if (busy) io.stderr('\r\x1b[2K');
  if (cables.binary) {
    err(`${file}: not a text file: nothing to split`);
    return 2;
  }
  const plan = planSplit(cables, { maxBytes: opts.maxSize ?? DEFAULT_MAX_BYTES, maxLines: opts.maxLines ?? DEFAULT_MAX_LINES });
  const what = `${file} (${megabytes(plan.bytes)}, ${plural(plan.lines, 'line')}, ${plural(plan.cables, 'cable')})`;
  const limits = `${megabytes(plan.maxBytes)} and ${plural(plan.maxLines, 'line')}`;
  if (plan.parts.length === 1) {
    if (!plan.parts[0]!.over) {
      io.stdout(`${what} is within the limits (${limits}): nothing to split, nothing written\n`);
      return 0;
    }
    err(`${what} is over the limits (${limits}) but no cable starts after its first line: there is nowhere to cut it, nothing written`);
    return 1;
  }
  const folder = opts.out ?? defaultPartsFolder(file);
  // The parts are read from the file as it was scanned: one that changed meanwhile is not cut.
  const unchanged = async () => {
    const now = await handle.stat();
    return now.size === plan.bytes && now.mtimeMs === before.mtimeMs;
  };
  if (!(await unchanged())) {
    err(`${file}: changed while it was being read: nothing written; run cable split again`);
    return 2;
  }
  let written;
  try {
    const buffer = Buffer.alloc(Math.max(...plan.parts.map((x) => x.end - x.start)));
    written = await writeParts(file, (part) => readRange(handle, part.start, part.end, buffer), plan, folder, !!opts.force);
  } catch (e) {
    err(`${folder}: ${reason(e)}`);
    return 2;
  }
  const changed = !(await unchanged());
  const count = (o: string) => written.files.filter((f) => f.outcome === o).length;
  io.stdout(`${what} → ${plural(plan.parts.length, 'part')} in ${folder}${path.sep}: ${n(count('written'))} written, ${n(count('unchanged'))} already there, ${n(count('kept'))} left alone\n`);
  const width = Math.max(...written.files.map((f) => path.basename(f.path).length));
  for (const f of written.files) io.stdout(`  ${path.basename(f.path).padEnd(width)}  ${describe(plan, f.part)}${f.outcome === 'written' ? '' : f.outcome === 'unchanged' ? '  (already there)' : '  (exists with other content: left alone; --force replaces it)'}\n`);
  for (const f of written.files.filter((x) => x.part.over)) {
    err(`${path.basename(f.path)}: one cable alone is over the ${f.part.over === 'lines' ? 'line' : f.part.over === 'bytes' ? 'size' : 'size and line'} limit (${describe(plan, f.part)}); it is a part of its own`);
  }
  if (written.stale.length) err(`${written.folder}: ${plural(written.stale.length, 'older part')} of an earlier split ${written.stale.length === 1 ? 'is' : 'are'} still there (${written.stale.map((s) => path.basename(s)).join(', ')}); remove ${written.stale.length === 1 ? 'it' : 'them'} if the split changed`);
  if (changed) {
    err(`${file}: changed while its parts were being written: the parts may not be the file; run cable split again`);
    return 2;
  }
  return count('kept') ? 1 : 0;
}

function describe(plan: SplitPlan, part: SplitPart): string {
  return `${megabytes(part.end - part.start).padStart(6)}  ${plural(partLines(plan, part), 'line')}, ${plural(part.cables, 'cable')}`;
}

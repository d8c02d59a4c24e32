/**
 * Files the editor cannot hand over. VS Code never gives a text over 50 MB to extensions, so a
 * large export open in it never reaches the server by `didOpen`. The extension
 * (client/src/largeFiles.ts) asks for such a file by URI instead, and the server reads it from
 * disk itself:
 *
 * - `cable/checkFile {uri}`: analyses the file as if it were open and publishes its diagnostics
 *   for that URI (`textDocument/publishDiagnostics`), which VS Code shows in the Problems panel
 *   and on the text even without the document. Answers a summary.
 *   `{uri, publish: false}` (the extension's Check Workspace, for a closed file over the 20 MB it
 *   reads itself): the same check of the file as it is on disk, whether or not the editor has it
 *   open, answered with its diagnostics (as many as the client keeps) and published nowhere, as
 *   `checkText` answers: the workspace's own collection shows them and clears them.
 * - `cable/forgetFile {uri}`: the editor closed it; its diagnostics are cleared.
 * - `cable/splitFile {uri, maxBytes?, maxLines?, force?}`: cuts it into parts at cable starts
 *   (split.ts) written in `<name>.parts/` beside it; answers the parts' URIs.
 * - `cable/checkText {uri, text}`: the diagnostics of a closed file's text as the client read it
 *   (the extension's Check Workspace), parsed and checked in slices with requests answered
 *   between them, as an open document's first analysis is; answers them, publishes nothing.
 *
 * `checkFile` and `splitFile` read the file as a stream, a window of cables at a time
 * (stepStream.ts), never whole: a 200 MB export is checked in about 300 MB (its whole model was
 * 1.7 GB). The checks run on a language service of their own (same rules, same settings as the
 * open documents', which it reads from the main service), so nothing here touches the open
 * documents' models. A file that the editor did open is left to the normal path.
 */
import { constants as fsConstants, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import type { CableDocument } from './parser';
import { comparePositions } from './service/ranges';
import { DISK_WINDOW_LINES, runSliced, StepStream } from './stepStream';
import { createLanguageService, SLICE_MS, type ICableLanguageService } from './service';
import { capDiagnostics } from './service/diagnostics/editorCap';
import { LineDocument } from './service/textDocument';
import { ruleDocUrl } from './ruleDocs';
import { cableStartsOfFile, defaultPartsFolder, megabytes, planSplit, readRange, writeParts } from './split';

export const CHECK_FILE_REQUEST = 'cable/checkFile';
export const FORGET_FILE_REQUEST = 'cable/forgetFile';
export const SPLIT_FILE_REQUEST = 'cable/splitFile';
export const CHECK_TEXT_REQUEST = 'cable/checkText';

/** Larger files are refused (the CLI's default `--max-file-size`). */
const MAX_FILE_BYTES = 1024 ** 3;

export interface CheckFileResult {
  uri: string;
  /** Set when the file was not checked, in words (the rest is then absent). */
  error?: string;
  /** The editor has it open: its diagnostics come with the document, not from here. */
  open?: boolean;
  bytes?: number;
  cables?: number;
  errors?: number;
  warnings?: number;
  /** Every diagnostic found, all severities. */
  problems?: number;
  /** Of those, hints (which VS Code's Problems view does not list). */
  hints?: number;
  /** With `publish: false`: the diagnostics, as many as the client keeps (those it would be sent), in place of publishing them. */
  diagnostics?: Diagnostic[];
  ms?: number;
  /** Superseded by a later request for the file, or forgotten meanwhile: nothing published. */
  cancelled?: boolean;
}

export interface SplitFileResult {
  uri: string;
  error?: string;
  folder?: string;
  /** Every part in order, with what was done with it. */
  parts?: Array<{ uri: string; bytes: number; cables: number; outcome: 'written' | 'unchanged' | 'kept'; over?: string }>;
  /** Parts of an earlier split that the folder still holds. */
  stale?: string[];
}

type Opened = { ok: true; handle: FileHandle; size: number; file: string } | { ok: false; error: string };

function errorText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : ((e as Error).message ?? String(e));
}

/** A file:// URI of a regular, non-empty `.cable` file without NUL bytes in its head, opened (the caller closes it). The client's URI is not trusted. */
async function openCableFile(uri: unknown): Promise<Opened> {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return { ok: false, error: 'not a file:// URI' };
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch {
    return { ok: false, error: 'not a file:// URI' };
  }
  if (!file.toLowerCase().endsWith('.cable')) return { ok: false, error: `${path.basename(file)} is not a .cable file` };
  let handle: Awaited<ReturnType<typeof fsp.open>> | undefined;
  try {
    // Without blocking: a FIFO named x.cable is refused by its type, not waited on.
    handle = await fsp.open(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    const st = await handle.stat();
    if (!st.isFile()) return { ok: false, error: `${path.basename(file)} is not a regular file` };
    if (st.size > MAX_FILE_BYTES) return { ok: false, error: `${path.basename(file)} is ${megabytes(st.size)}, over the ${megabytes(MAX_FILE_BYTES)} the server reads` };
    if (st.size === 0) return { ok: false, error: `${path.basename(file)} is empty` };
    const head = Buffer.alloc(Math.min(65536, st.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (head.subarray(0, bytesRead).includes(0)) return { ok: false, error: `${path.basename(file)} is not a text file` };
    const opened: Opened = { ok: true, handle, size: st.size, file };
    handle = undefined;
    return opened;
  } catch (e) {
    return { ok: false, error: `${path.basename(file)}: ${errorText(e)}` };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** The line ends of the whole file as splitLines names them (`\n` without any `\r`, `\r\n` alone, else mixed), and its BOM: read in chunks. */
export async function lineEndsOf(handle: FileHandle, chunkBytes: number): Promise<Pick<CableDocument, 'eol' | 'bom'>> {
  const buffer = Buffer.alloc(chunkBytes);
  let crlf = 0;
  let other = 0;
  let cr = false;
  const head = Buffer.alloc(3);
  const { bytesRead: headRead } = await handle.read(head, 0, 3, 0);
  const bom = headRead === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  for (let position = 0; ; ) {
    const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    // Most chunks have no CR at all: the native search says so (only whether there are line ends of each kind counts).
    const chunk = buffer.subarray(0, bytesRead);
    if (!cr && chunk.indexOf(13) < 0) {
      if (chunk.indexOf(10) >= 0) other++;
      continue;
    }
    for (let i = 0; i < bytesRead; i++) {
      const c = buffer[i];
      if (cr) {
        cr = false;
        if (c === 10) {
          crlf++;
          continue;
        }
        other++;
      }
      if (c === 13) cr = true;
      else if (c === 10) other++;
    }
  }
  if (cr) other++;
  return { eol: crlf > 0 && other > 0 ? 'mixed' : crlf > 0 ? '\r\n' : '\n', bom };
}

/**
 * The diagnostics of a file read as a stream, never whole: its steps are parsed a window of lines
 * at a time (StepStream) and each is checked as it comes, on the lines of its window, then let go.
 * The same problems as the check of the whole text, in the same order (the rules read a step's
 * own lines; the file's line ends are read first). Memory follows the longest cable and the
 * problems, not the file. Undefined when cancelled; 'whole' when the file must be read whole (a
 * head that looks binary, a parser failure part way).
 */
export async function streamDiagnostics(
  service: ICableLanguageService,
  uri: string,
  handle: FileHandle,
  token: { readonly isCancellationRequested: boolean },
  options: { chunkBytes?: number; windowLines?: number } = {},
): Promise<{ diagnostics: Diagnostic[]; cables: number; peakWindowLines: number } | undefined | 'whole'> {
  const chunkBytes = options.chunkBytes ?? 1 << 18;
  const file = await lineEndsOf(handle, chunkBytes);
  if (token.isCancellationRequested) return undefined;
  const diagnostics: Diagnostic[] = [];
  let cables = 0;
  let sorted = true;
  const stream = new StepStream((step, window) => {
    if (step.cable) cables++;
    const base = window.base;
    for (const d of service.diagnoseStep(uri, step, window.lines, file)) {
      const r = d.range;
      const moved: Diagnostic = { ...d, range: { start: { line: r.start.line + base, character: r.start.character }, end: { line: r.end.line + base, character: r.end.character } } };
      const last = diagnostics[diagnostics.length - 1];
      if (last && comparePositions(last.range.start, moved.range.start) > 0) sorted = false;
      diagnostics.push(moved);
    }
  }, options.windowLines ?? DISK_WINDOW_LINES);
  // The parse and check run in slices of a few ms between which requests are answered (the open
  // documents' hovers must not wait for a window of a large file); cancelled between slices.
  const clock = { t0: Date.now() };
  const run = (work: Generator<void>) => runSliced(work, clock, SLICE_MS, token);
  const buffer = Buffer.alloc(chunkBytes);
  for (let position = 0; ; ) {
    const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position);
    if (token.isCancellationRequested) return undefined;
    if (bytesRead === 0) break;
    position += bytesRead;
    if (!(await run(stream.feed(buffer.subarray(0, bytesRead))))) return undefined;
  }
  if (!(await run(stream.close()))) return undefined;
  const end = stream.result();
  if (end.binary || end.failed) return 'whole';
  // Each step's problems lie on its own lines; should some not, the whole list is put in order (as the whole check does).
  if (!sorted) diagnostics.sort((a, b) => comparePositions(a.range.start, b.range.start) || String(a.code).localeCompare(String(b.code)));
  return { diagnostics, cables, peakWindowLines: stream.peakWindowLines };
}

export interface LargeFilesHost {
  /** The open documents' service: its settings (rule severities) apply here too. */
  service: ICableLanguageService;
  /** Whether the editor has the document open (then the normal path owns its diagnostics). */
  isOpen(uri: string): boolean;
  /** How many diagnostics per file the client keeps (editorCap.ts), when it says. */
  diagnosticsKept?(): number | undefined;
  /** Whether the client shows the diagnostics' links to their rules' pages (server.ts); yes when not said. */
  ruleLinks?(): boolean;
}

/** Registers the four requests on `connection`. */
export function registerLargeFiles(connection: Connection, host: LargeFilesHost): void {
  const log = (message: string) => connection.console.log(message);
  const own = createLanguageService({ log, background: true, ruleDocs: (rule) => ((host.ruleLinks?.() ?? true) ? ruleDocUrl(rule) : undefined) });
  let settingsSeen: unknown;
  const syncSettings = () => {
    const raw = host.service.getSettings().raw;
    if (raw !== settingsSeen) {
      settingsSeen = raw;
      own.updateSettings(raw);
    }
  };
  /** Each URI's latest check (a new one or a forget supersedes it) and the URIs with diagnostics out. */
  const latest = new Map<string, number>();
  const published = new Set<string>();
  /** Checks under way per URI: the model is dropped when the last ends. */
  const active = new Map<string, number>();
  let seq = 0;

  /**
   * `publish` false: the answer carries the diagnostics and nothing is published, so nothing here
   * owns them: the check neither supersedes nor is superseded by a publishing one of the URI, and
   * an open document does not stop it (the caller asked for the file on disk, as checkText's
   * caller sends its text).
   */
  async function checkFile(uri: unknown, token: CancellationToken, publish: boolean): Promise<CheckFileResult> {
    const began = Date.now();
    const key = String(uri);
    if (publish && typeof uri === 'string' && host.isOpen(uri)) return { uri, open: true };
    const opened = await openCableFile(uri);
    if (!opened.ok) {
      log(`check of ${key}: ${opened.error}`);
      return { uri: key, error: opened.error };
    }
    const id = ++seq;
    if (publish) latest.set(key, id);
    active.set(key, (active.get(key) ?? 0) + 1);
    const stale: CancellationToken = {
      get isCancellationRequested() {
        return token.isCancellationRequested || (publish && (latest.get(key) !== id || host.isOpen(key)));
      },
      onCancellationRequested: token.onCancellationRequested,
    };
    syncSettings();
    const size = opened.size;
    log(`checking ${opened.file} (${megabytes(size)}, read from disk: the editor did not hand it to the server)`);
    try {
      // Read as a stream, a window of cables at a time: a 200 MB export is checked in the memory
      // of its longest cable and its problems (read whole, its model is about a gigabyte).
      const streamed = await streamDiagnostics(own, key, opened.handle, stale);
      const checked = streamed === 'whole' ? await checkWhole(key, id, opened.handle, size, stale) : streamed;
      if (checked === undefined || stale.isCancellationRequested) return { uri: key, cancelled: true };
      const { diagnostics, cables } = checked;
      const kept = capDiagnostics(diagnostics, host.diagnosticsKept?.());
      if (publish) {
        await connection.sendDiagnostics({ uri: key, diagnostics: kept });
        published.add(key);
      }
      const errors = diagnostics.filter((d) => d.severity === 1).length;
      const warnings = diagnostics.filter((d) => d.severity === 2).length;
      const hints = diagnostics.filter((d) => d.severity === 4).length;
      const ms = Date.now() - began;
      log(`checked ${opened.file}: ${cables} cables, ${diagnostics.length} problems (${errors} errors, ${warnings} warnings) in ${(ms / 1000).toFixed(1)} s; ${publish ? 'published for the Problems panel' : 'answered (Check Workspace)'}`);
      return { uri: key, bytes: size, cables, errors, warnings, hints, problems: diagnostics.length, ms, ...(publish ? {} : { diagnostics: kept }) };
    } finally {
      await opened.handle.close().catch(() => undefined);
      const left = (active.get(key) ?? 1) - 1;
      if (left > 0) active.set(key, left);
      else active.delete(key);
      if (latest.get(key) === id) latest.delete(key);
    }
  }

  /** A file whose head looks binary (or that the parser failed on part way) is analysed whole, as an open document is. */
  async function checkWhole(key: string, id: number, handle: FileHandle, size: number, stale: CancellationToken): Promise<{ diagnostics: Diagnostic[]; cables: number } | undefined> {
    // A version of its own for each check: the file may have changed on disk since the last.
    const doc = LineDocument.create(key, 'cable', -id, (await readRange(handle, 0, size)).toString('utf8'));
    try {
      const done = await own.analyse(doc, stale);
      const diagnostics = done ? await own.diagnose(doc, stale) : undefined;
      return diagnostics && { diagnostics, cables: own.getModel(doc).cables.length };
    } finally {
      // The model is not kept once its diagnostics are out (checks of one URI share the cache key).
      if ((active.get(key) ?? 0) <= 1) await own.documentClosed(key, false);
    }
  }

  connection.onRequest(CHECK_FILE_REQUEST, async (p: { uri?: unknown; publish?: unknown } | undefined, token: CancellationToken) => {
    try {
      return await checkFile(p?.uri, token, p?.publish !== false);
    } catch (err) {
      log(`check of ${String(p?.uri)} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return { uri: String(p?.uri), error: 'the check failed (see the Cable Text output)' };
    }
  });

  // A 20 MB file (the most the extension reads for Check Workspace) was parsed and checked in one
  // turn of 0.8-2.1 s, during which the open documents' requests waited (/tmp/lead/ct/stall.mjs),
  // and on the open documents' service, where its model took the place of an open document's of
  // the same URI. In slices a hover waits 4-6 ms at the median, at most the 0.2-0.3 s it takes to
  // receive and decode the 20 MB message.
  connection.onRequest(CHECK_TEXT_REQUEST, async (p: { uri?: unknown; text?: unknown } | undefined, token: CancellationToken): Promise<Diagnostic[]> => {
    const uri = p?.uri;
    const text = p?.text;
    if (typeof uri !== 'string' || typeof text !== 'string') return [];
    syncSettings();
    const id = ++seq;
    active.set(uri, (active.get(uri) ?? 0) + 1);
    // A version of its own for each check: the file may have changed on disk since the last.
    const doc = LineDocument.create(uri, 'cable', -id, text);
    try {
      const done = await own.analyse(doc, token);
      const diagnostics = done ? await own.diagnose(doc, token) : undefined;
      if (diagnostics === undefined || token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      return diagnostics;
    } catch (err) {
      if (err instanceof ResponseError) throw err;
      log(`check of ${uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return [];
    } finally {
      const left = (active.get(uri) ?? 1) - 1;
      if (left > 0) active.set(uri, left);
      else {
        active.delete(uri);
        // The model is not kept once its diagnostics are out.
        await own.documentClosed(uri, false);
      }
    }
  });

  connection.onRequest(FORGET_FILE_REQUEST, async (p: { uri?: unknown } | undefined) => {
    const uri = typeof p?.uri === 'string' ? p.uri : undefined;
    if (!uri) return { forgotten: false };
    latest.delete(uri);
    // An open document's diagnostics are the normal path's to clear.
    if (!published.delete(uri) || host.isOpen(uri)) return { forgotten: false };
    await connection.sendDiagnostics({ uri, diagnostics: [] });
    log(`forgot the problems of ${uri} (closed in the editor)`);
    return { forgotten: true };
  });

  connection.onRequest(SPLIT_FILE_REQUEST, async (p: { uri?: unknown; maxBytes?: unknown; maxLines?: unknown; force?: unknown } | undefined, token: CancellationToken): Promise<SplitFileResult> => {
    const key = String(p?.uri);
    const positive = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.floor(v) : undefined);
    try {
      const read = await openCableFile(p?.uri);
      if (!read.ok) {
        log(`split of ${key}: ${read.error}`);
        return { uri: key, error: read.error };
      }
      // As `cable split` does: the cable starts read as a stream, each part read from the file as it is written.
      const handle = read.handle;
      try {
        const cables = await cableStartsOfFile(handle, { token, sliceMs: SLICE_MS });
        if (!cables) return { uri: key, error: 'cancelled' };
        if (cables.binary) return { uri: key, error: `${path.basename(read.file)} is not a text file` };
        if (cables.bytes !== read.size) return { uri: key, error: `${path.basename(read.file)} changed while it was being read: nothing written` };
        const plan = planSplit(cables, { maxBytes: positive(p?.maxBytes), maxLines: positive(p?.maxLines) });
        if (plan.parts.length === 1) {
          const error = plan.parts[0]!.over ? `no cable starts after the first line of ${path.basename(read.file)}: there is nowhere to cut it` : `${path.basename(read.file)} is within the limits: nothing to split`;
          log(`split of ${read.file}: ${error}`);
          return { uri: key, error };
        }
        const buffer = Buffer.alloc(Math.max(...plan.parts.map((x) => x.end - x.start)));
        const written = await writeParts(read.file, (part) => readRange(handle, part.start, part.end, buffer), plan, defaultPartsFolder(read.file), p?.force === true);
        const count = (o: string) => written.files.filter((f) => f.outcome === o).length;
        log(
          `split ${read.file} (${megabytes(plan.bytes)}, ${plan.cables} cables) into ${plan.parts.length} parts in ${written.folder}: ${count('written')} written, ${count('unchanged')} already there, ${count('kept')} left alone (exist with other content)` +
            (written.stale.length ? `; ${written.stale.length} parts of an earlier split are still there` : ''),
        );
        return {
          uri: key,
          folder: pathToFileURL(written.folder).toString(),
          parts: written.files.map((f) => ({ uri: pathToFileURL(f.path).toString(), bytes: f.part.end - f.part.start, cables: f.part.cables, outcome: f.outcome, ...(f.part.over ? { over: f.part.over } : {}) })),
          stale: written.stale.map((s) => pathToFileURL(s).toString()),
        };
      } finally {
        await handle.close().catch(() => undefined);
      }
    } catch (err) {
      log(`split of ${key} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return { uri: key, error: `the split failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  });
}

/**
 * Files the editor cannot hand over. VS Code never gives a text over 50 MB to extensions, so a
 * large export open in it never reaches the server by `didOpen`. The extension
 * (client/src/largeFiles.ts) asks for such a file by URI instead, and the server reads it from
 * disk itself:
 *
 * - `cable/checkFile {uri}`: analyses the file as if it were open and publishes its diagnostics
 *   for that URI (`textDocument/publishDiagnostics`), which VS Code shows in the Problems panel
 *   and on the text even without the document. Answers a summary.
 * - `cable/forgetFile {uri}`: the editor closed it; its diagnostics are cleared.
 * - `cable/splitFile {uri, maxBytes?, maxLines?, force?}`: cuts it into parts at cable starts
 *   (split.ts) written in `<name>.parts/` beside it; answers the parts' URIs.
 *
 * The analysis runs on a language service of its own (same rules, same settings as the open
 * documents', which it reads from the main service), so nothing here touches the open
 * documents' models and the file's model is dropped as soon as its diagnostics are out. A file
 * that the editor did open is left to the normal path.
 */
import { constants as fsConstants, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import { createLanguageService, type ICableLanguageService } from './service';
import { capDiagnostics } from './service/diagnostics/editorCap';
import { LineDocument } from './service/textDocument';
import { ruleDocUrl } from './ruleDocs';
import { defaultPartsFolder, megabytes, splitExport, startsOfModel, writeParts } from './split';

export const CHECK_FILE_REQUEST = 'cable/checkFile';
export const FORGET_FILE_REQUEST = 'cable/forgetFile';
export const SPLIT_FILE_REQUEST = 'cable/splitFile';

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
  /** Every diagnostic published, all severities. */
  problems?: number;
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

type Read = { ok: true; bytes: Buffer; file: string } | { ok: false; error: string };

/** A file:// URI of a regular `.cable` file, read whole. The client's URI is not trusted. */
async function readCableFile(uri: unknown): Promise<Read> {
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
    const bytes = await handle.readFile();
    if (bytes.length === 0) return { ok: false, error: `${path.basename(file)} is empty` };
    if (bytes.subarray(0, 65536).includes(0)) return { ok: false, error: `${path.basename(file)} is not a text file` };
    return { ok: true, bytes, file };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, error: `${path.basename(file)}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : ((e as Error).message ?? String(e))}` };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export interface LargeFilesHost {
  /** The open documents' service: its settings (rule severities) apply here too. */
  service: ICableLanguageService;
  /** Whether the editor has the document open (then the normal path owns its diagnostics). */
  isOpen(uri: string): boolean;
  /** How many diagnostics per file the client keeps (editorCap.ts), when it says. */
  diagnosticsKept?(): number | undefined;
}

/** Registers the three requests on `connection`. */
export function registerLargeFiles(connection: Connection, host: LargeFilesHost): void {
  const log = (message: string) => connection.console.log(message);
  const own = createLanguageService({ log, background: true, ruleDocs: ruleDocUrl });
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

  async function checkFile(uri: unknown, token: CancellationToken): Promise<CheckFileResult> {
    const began = Date.now();
    const key = String(uri);
    if (typeof uri === 'string' && host.isOpen(uri)) return { uri, open: true };
    const read = await readCableFile(uri);
    if (!read.ok) {
      log(`check of ${key}: ${read.error}`);
      return { uri: key, error: read.error };
    }
    const id = ++seq;
    latest.set(key, id);
    active.set(key, (active.get(key) ?? 0) + 1);
    const stale: CancellationToken = {
      get isCancellationRequested() {
        return token.isCancellationRequested || latest.get(key) !== id || host.isOpen(key);
      },
      onCancellationRequested: token.onCancellationRequested,
    };
    syncSettings();
    const size = read.bytes.length;
    // A version of its own for each check: the file may have changed on disk since the last. The
    // bytes are let go once decoded (a 200 MB export: 200 MB less held during the analysis).
    const doc = LineDocument.create(key, 'cable', -id, read.bytes.toString('utf8'));
    read.bytes = Buffer.alloc(0);
    log(`checking ${read.file} (${megabytes(size)}, read from disk: the editor did not hand it to the server)`);
    try {
      const done = await own.analyse(doc, stale);
      const diagnostics = done ? await own.diagnose(doc, stale) : undefined;
      if (diagnostics === undefined || stale.isCancellationRequested) return { uri: key, cancelled: true };
      const cables = own.getModel(doc).cables.length;
      await connection.sendDiagnostics({ uri: key, diagnostics: capDiagnostics(diagnostics, host.diagnosticsKept?.()) });
      published.add(key);
      const errors = diagnostics.filter((d) => d.severity === 1).length;
      const warnings = diagnostics.filter((d) => d.severity === 2).length;
      const ms = Date.now() - began;
      log(`checked ${read.file}: ${cables} cables, ${diagnostics.length} problems (${errors} errors, ${warnings} warnings) in ${(ms / 1000).toFixed(1)} s; published for the Problems panel`);
      return { uri: key, bytes: size, cables, errors, warnings, problems: diagnostics.length, ms };
    } finally {
      // The model of a 200 MB file is a gigabyte: not kept once its diagnostics are out.
      const left = (active.get(key) ?? 1) - 1;
      if (left > 0) active.set(key, left);
      else {
        active.delete(key);
        await own.documentClosed(key, false);
      }
      if (latest.get(key) === id) latest.delete(key);
    }
  }

  connection.onRequest(CHECK_FILE_REQUEST, async (p: { uri?: unknown } | undefined, token: CancellationToken) => {
    try {
      return await checkFile(p?.uri, token);
    } catch (err) {
      log(`check of ${String(p?.uri)} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return { uri: String(p?.uri), error: 'the check failed (see the Cable Text output)' };
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
      const read = await readCableFile(p?.uri);
      if (!read.ok) {
        log(`split of ${key}: ${read.error}`);
        return { uri: key, error: read.error };
      }
      // Its own key in the model cache: a check of the same file may be running.
      const splitKey = `${key}#split-${++seq}`;
      const doc = LineDocument.create(splitKey, 'cable', -seq, read.bytes.toString('utf8'));
      try {
        if (!(await own.analyse(doc, token))) return { uri: key, error: 'cancelled' };
        const model = own.getModel(doc);
        if (model.binary) return { uri: key, error: `${path.basename(read.file)} is not a text file` };
        const plan = splitExport(read.bytes, startsOfModel(model), { maxBytes: positive(p?.maxBytes), maxLines: positive(p?.maxLines) });
        if (plan.parts.length === 1) {
          const error = plan.parts[0]!.over ? `no cable starts after the first line of ${path.basename(read.file)}: there is nowhere to cut it` : `${path.basename(read.file)} is within the limits: nothing to split`;
          log(`split of ${read.file}: ${error}`);
          return { uri: key, error };
        }
        const written = await writeParts(read.file, read.bytes, plan, defaultPartsFolder(read.file), p?.force === true);
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
        await own.documentClosed(splitKey, false);
      }
    } catch (err) {
      log(`split of ${key} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return { uri: key, error: `the split failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  });
}

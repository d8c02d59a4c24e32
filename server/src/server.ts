/**
 * The Cable Text language server: a thin adapter between an LSP connection and the language
 * service (./service), which knows nothing of the connection. Runs as `node dist/server.js --stdio`
 * for any LSP client, and over IPC when the VS Code extension starts it.
 */
import {
  AbstractMessageWriter,
  createConnection,
  IPCMessageReader,
  type Message,
  type MessageWriter,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeActionParams,
  type Connection,
  type ExecuteCommandParams,
  type InitializeParams,
  type InitializeResult,
  type TextEdit,
} from 'vscode-languageserver/node';
import { format } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineDocument } from './service/textDocument';
import { SlicedStreamWriter } from './slicedWriter';
import { exitWhenInputEnds, StdioMessageReader } from './stdioReader';
import type { ParseEvent } from './service/modelCache';
import { createLanguageService, CODE_ACTION_KINDS, FIX_ALL_COMMAND, READING_VIEW_REQUEST, SEMANTIC_TOKENS_LEGEND, type ICableLanguageService } from './service';
import { ruleDocUrl } from './ruleDocs';
import { NodeFileSystem } from './service/workspace/nodeFileSystem';
import type { WorkspaceFileSystem } from './service/workspace/workspaceIndex';
import type { CableDocument } from './parser';
import { sectionFromInitializationOptions } from './service/settings';
import { version } from '../../package.json';
import { registerLargeFiles } from './largeFiles';
import { capDiagnostics, maxDiagnosticsPerFile } from './service/diagnostics/editorCap';
import { actionsForMessage } from './service/codeActions/provider';
import { forMessage } from './service/diagnostics/provider';
import { loadWords } from './service/diagnostics/words';
import { EarlyDiagnostics, PARTIAL_MAX } from './earlyDiagnostics';

/** The package's version, from package.json (the bundle carries it; `--version` and serverInfo say it). */
export const SERVER_VERSION: string = version;

export interface ServerOptions {
  /** Delay before pushing diagnostics after a change, in ms (typing produces bursts of changes). */
  diagnosticsDelayMs?: number;
  /** How the workspace index reads files; Node's `fs` by default (tests watch what is read). */
  fileSystem?: WorkspaceFileSystem;
  /** The parser; tests slow it down to send edits while a version is being analysed. Given, every version is parsed whole with it. */
  parse?: (text: string) => CableDocument;
  /** Told of every parse of an open document, whole or incremental (tests count analyses). */
  onParse?: (event: ParseEvent) => void;
  /** During a long first analysis, how often the diagnostics of the cables read so far go out, in ms (2,000; Infinity: never). */
  partialDiagnosticsMs?: number;
  /** The most diagnostics such a partial answer carries (PARTIAL_MAX). */
  partialDiagnosticsMax?: number;
  /** How long a slice of Fix All runs before requests are answered, in ms (the service's SLICE_MS; 0: at every pause). */
  fixAllSliceMs?: number;
  /** While a large message is being received, a promise of its delivery (StdioMessageReader.arriving); the workspace index waits on it. */
  inputArriving?: () => Promise<void> | undefined;
}

/** Registers every handler on `connection` and starts listening. Returns the service for tests. */
export function startServer(connection: Connection, options: ServerOptions = {}): ICableLanguageService {
  // Open documents keep their lines and apply each change to them (service/textDocument.ts): the
  // model cache re-parses only the cables a change touched.
  const documents = new TextDocuments<LineDocument>({ create: (uri, languageId, version, text) => LineDocument.create(uri, languageId, version, text), update: (d, changes, version) => d.update(changes, version) });
  const log = (message: string) => connection.console.log(message);
  /**
   * The client shows a diagnostic's link to its rule's page (LSP `codeDescriptionSupport`). One
   * that does not say so is not sent the links: they are a quarter of a publish's bytes (the
   * 60,928 problems of a 200 MB export carry about 5 MB of them), which such a client reads and drops.
   */
  let ruleLinks = true;
  const service = createLanguageService({
    fileSystem: options.fileSystem ?? new NodeFileSystem(),
    log,
    openDocuments: () => documents.all(),
    parse: options.parse,
    onParse: options.onParse,
    background: true,
    fixAllSliceMs: options.fixAllSliceMs,
    inputArriving: options.inputArriving,
    ruleDocs: (rule) => (ruleLinks ? ruleDocUrl(rule) : undefined),
  });
  const delay = options.diagnosticsDelayMs ?? 200;

  let pullDiagnostics = false;
  /** The client pulls again when asked (`workspace/diagnostic/refresh`): its pulls during a first analysis get the cables read so far. */
  let diagnosticRefresh = false;
  let inlayHintRefresh = false;
  let configurationPull = false;
  let haveInitSettings = false;
  let dynamicConfiguration = false;
  let dynamicWatchers = false;
  let workspaceFoldersSupported = false;
  let progressSupported = false;
  let foldingRefresh = false;
  let foldingLimit: number | undefined;
  /** How many diagnostics per file the client keeps (VS Code's: 1,000), when it says; see editorCap.ts. */
  let diagnosticsKept: number | undefined;
  let semanticTokensRefresh = false;
  /** The client applies a versioned TextDocumentEdit (and refuses it when its document moved on). */
  let versionedEdits = false;
  let folders: string[] = [];
  // The diagnostics of the cables read so far during a long first analysis (earlyDiagnostics.ts).
  const early = new EarlyDiagnostics({
    service,
    client: {
      get pulls() {
        return pullDiagnostics;
      },
      get refreshes() {
        return diagnosticRefresh;
      },
      get kept() {
        return diagnosticsKept;
      },
    },
    intervalMs: options.partialDiagnosticsMs ?? 2000,
    max: options.partialDiagnosticsMax ?? PARTIAL_MAX,
    publish: (params) => connection.sendDiagnostics(params),
    refresh: () => connection.sendRequest(DiagnosticRefreshRequest.type),
    log,
  });

  /**
   * Handlers must never take the server down: a bug on one document answers with nothing for
   * that request and is logged, while the rest keeps working.
   */
  function guard<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      try {
        return fn(...args);
      } catch (err) {
        log(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return fallback;
      }
    };
  }

  /**
   * `guard` for a handler that awaits (Fix All runs in slices, then waits for the client to apply
   * its edit): a failure, the client's answer to `workspace/applyEdit` included, is logged and
   * answered with `fallback`; a cancellation stays the answer LSP asks for.
   */
  function guardAsync<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      try {
        return await fn(...args);
      } catch (err) {
        if (err instanceof ResponseError && err.code === LSPErrorCodes.RequestCancelled) throw err;
        log(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return fallback;
      }
    };
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    // LSP 3.16 says it for publishes; 3.18 for pulls too (`textDocument.diagnostic`).
    ruleLinks = !!caps.textDocument?.publishDiagnostics?.codeDescriptionSupport || !!(caps.textDocument?.diagnostic as { codeDescriptionSupport?: boolean } | undefined)?.codeDescriptionSupport;
    diagnosticRefresh = pullDiagnostics && !!caps.workspace?.diagnostics?.refreshSupport;
    inlayHintRefresh = !!caps.workspace?.inlayHint?.refreshSupport;
    configurationPull = !!caps.workspace?.configuration;
    dynamicConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    dynamicWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    workspaceFoldersSupported = !!caps.workspace?.workspaceFolders;
    progressSupported = !!caps.window?.workDoneProgress;
    foldingLimit = caps.textDocument?.foldingRange?.rangeLimit;
    diagnosticsKept = maxDiagnosticsPerFile(params.initializationOptions);
    foldingRefresh = !!(caps.workspace as { foldingRange?: { refreshSupport?: boolean } } | undefined)?.foldingRange?.refreshSupport;
    semanticTokensRefresh = !!caps.workspace?.semanticTokens?.refreshSupport;
    versionedEdits = !!caps.workspace?.workspaceEdit?.documentChanges;
    folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (folders.length === 0 && params.rootUri) folders = [params.rootUri];
    // Clients that cannot answer `workspace/configuration` give the settings here (README, "Other editors").
    const initSettings = sectionFromInitializationOptions(params.initializationOptions);
    if (initSettings !== undefined) service.updateSettings(initSettings);
    haveInitSettings = initSettings !== undefined;

    const result: InitializeResult = {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        documentSymbolProvider: { label: 'Cable' },
        hoverProvider: true,
        foldingRangeProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentLinkProvider: { resolveProvider: false },
        workspaceSymbolProvider: true,
        // `(` opens a paragraph marking, space moves to the next TAGS code or precedence word.
        completionProvider: { triggerCharacters: ['(', ' ', '/'] },
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: false },
        // The diagnostics engineer's "Cable: Fix all problems": the client's command calls this
        // with the document's URI (see client/src/extension.ts) and the server applies the edits.
        executeCommandProvider: { commands: [FIX_ALL_COMMAND] },
        // Colours from the model where the one-line grammar must guess; dates decoded inline.
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: false },
        inlayHintProvider: true,
      },
      serverInfo: { name: 'Cable Text', version: SERVER_VERSION },
    };
    if (pullDiagnostics) {
      result.capabilities.diagnosticProvider = { identifier: 'cable', interFileDependencies: false, workspaceDiagnostics: false };
    }
    if (workspaceFoldersSupported) {
      result.capabilities.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
    }
    return result;
  });

  connection.onInitialized(() => {
    if (dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'cable' });
    if (dynamicWatchers) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.cable' }] });
    }
    if (workspaceFoldersSupported) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => f.uri));
        folders = [...folders.filter((f) => !removed.has(f)), ...e.added.map((f) => f.uri)];
        void service.setWorkspaceFolders(folders);
      });
    }
    // The split-word rule's dictionary, built while the client is still sending the first text
    // (a large export's didOpen takes seconds), not in a slice of its first analysis.
    setTimeout(loadWords, 0).unref();
    // Settings first, so the index honours `cable.workspaceIndex.*` from the start.
    void refreshSettings().finally(() => {
      log(`Cable Text server started; indexing ${folders.length} workspace folder(s); ${pullDiagnostics ? 'pull' : 'push'} diagnostics`);
      void service.setWorkspaceFolders(folders);
    });
  });

  async function refreshSettings(pushed?: unknown): Promise<void> {
    let section = pushed;
    if (section === undefined && configurationPull) {
      try {
        section = await connection.workspace.getConfiguration('cable');
      } catch (err) {
        log(`could not read settings: ${String(err)}`);
      }
      // A client may answer `{}` for a section it has nothing for: that is no settings, not a
      // request for every default, and the initialization options stay.
      const empty = section !== null && typeof section === 'object' && Object.keys(section).length === 0;
      if (empty && haveInitSettings) section = undefined;
    }
    if (section !== undefined && section !== null) service.updateSettings(section);
  }

  connection.onDidChangeConfiguration(async (change) => {
    const pushed = (change.settings as { cable?: unknown } | null | undefined)?.cable;
    await refreshSettings(pushed);
    // Rule severities may have changed: every open document's diagnostics are stale.
    if (pullDiagnostics) void connection.sendRequest(DiagnosticRefreshRequest.type).catch(() => {});
    else for (const doc of documents.all()) scheduleAfterChange(doc, 0, true);
    // `cable.inlayHints.*` may have changed.
    if (inlayHintRefresh) void connection.languages.inlayHint.refresh().catch(() => {});
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    for (const change of params.changes) {
      if (documents.get(change.uri)) continue; // open: the editor's text wins
      // The index reads workspace files from disk only; the service also checks the folder.
      if (!change.uri.startsWith('file:')) continue;
      await service.fileChanged(change.uri, change.type === FileChangeType.Deleted);
    }
  });

  // --- documents -------------------------------------------------------------------------------

  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** The analysis running for each document: its version, and the promise that ends with it. */
  const running = new Map<string, { version: number; done: Promise<void> }>();

  /**
   * After a burst of edits: analyse the new version (parse, check, hand the model to the workspace
   * index and, for clients that do not pull, push the diagnostics). Debounced, because typing
   * produces bursts of changes; the analysis itself is cheap after the first (only the cables an
   * edit touched are parsed and checked again), and the first of a large export runs in slices
   * that leave the event loop to requests.
   */
  function scheduleAfterChange(doc: LineDocument, ms = delay, again = false): void {
    const old = pending.get(doc.uri);
    if (old) clearTimeout(old);
    pending.set(
      doc.uri,
      setTimeout(() => {
        pending.delete(doc.uri);
        const current = documents.get(doc.uri);
        // A request that needed the whole model may have analysed this version already.
        if (current && (again || analysedVersion.get(doc.uri) !== current.version)) void ensureAnalysis(current, again);
      }, ms),
    );
  }

  /** The last version whose analysis ended (its diagnostics published, for clients that do not pull). */
  const analysedVersion = new Map<string, number>();

  /** The analysis of the document's current version: the one running, or a new one. */
  function ensureAnalysis(current: LineDocument, again = false): Promise<void> {
    const r = running.get(current.uri);
    if (r && r.version === current.version && !again) return r.done;
    const version = current.version;
    // Work for a version the editor has replaced (or closed) is abandoned: its successor's own
    // run publishes. Checked between the slices of the parse and between cables of the check.
    const superseded: CancellationToken = {
      get isCancellationRequested() {
        return documents.get(current.uri) !== current || current.version !== version;
      },
      onCancellationRequested: () => ({ dispose() {} }),
    };
    const done = analyse(current, version, superseded).catch((err) => log(`analysis failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
    const entry = { version, done };
    running.set(current.uri, entry);
    void done.finally(() => {
      if (running.get(current.uri) === entry) running.delete(current.uri);
    });
    return done;
  }

  async function analyse(current: LineDocument, version: number, superseded: CancellationToken): Promise<void> {
    const progress = startProgress(current);
    const soFar = early.start(current, version, superseded);
    try {
      const parsed = await service.analyse(current, superseded, progress.report);
      if (!parsed) return;
      // A sliced first parse answered folding and colours from the cables read so far: ask again.
      if (progress.sliced) {
        if (foldingRefresh) void connection.sendRequest('workspace/foldingRange/refresh').catch(() => {});
        if (semanticTokensRefresh) void connection.languages.semanticTokens.refresh();
        if (inlayHintRefresh) void connection.languages.inlayHint.refresh().catch(() => {});
      }
      // The parse may have taken a while: let the edits sent meanwhile in before running the
      // rules. What arrived is read in the loop's next poll phase; vscode-jsonrpc decodes it in a
      // setImmediate and hands it to its handler in the next one, so a third setImmediate comes
      // after the edit is applied. (A timer would not: after a long callback it can fire before
      // the input is even read.)
      await new Promise<void>((resolve) => setImmediate(() => setImmediate(() => setImmediate(resolve))));
      if (superseded.isCancellationRequested) return;
      progress.message('checking');
      // A client that keeps every diagnostic is sent the list the stdio writer encodes from each
      // step's JSON; one that keeps fewer (VS Code: 1,000), copies of those it keeps, chosen from
      // the diagnostics themselves (making the message's list first cost it 15-25 ms an edit at 200 MB).
      const whole = !pullDiagnostics && diagnosticsKept === undefined;
      const diagnostics = await service.diagnose(current, superseded, whole);
      if (diagnostics === undefined || superseded.isCancellationRequested) return;
      analysedVersion.set(current.uri, version);
      soFar.complete();
      const message = whole ? diagnostics : forMessage(capDiagnostics(diagnostics, diagnosticsKept));
      const sent = pullDiagnostics ? Promise.resolve() : connection.sendDiagnostics({ uri: current.uri, version, diagnostics: message }).catch(() => {});
      // Then the lines an edit moved are settled in slices (a line break in a large export moves
      // half of it) and the workspace index reads the model, after the analysis: the requests
      // waiting for it (a pulled diagnostic, the outline) go on, and settle the rest if need be.
      void settleAndIndex(current, superseded, sent).catch((err) => log(`settling ${current.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
    } finally {
      soFar.end();
      progress.done();
    }
  }

  async function settleAndIndex(current: LineDocument, superseded: CancellationToken, sent: Promise<void>): Promise<void> {
    // Once the diagnostics are written out: a large export's are megabytes, which the pipe takes
    // a buffer per turn of the event loop, and the settling slices would stretch that over
    // seconds (the writers resolve when the message is written: FlushedIpcWriter over IPC).
    await sent;
    await service.settle(current);
    if (superseded.isCancellationRequested) return;
    guard('index update', undefined, () => service.documentChanged(current))();
  }

  /**
   * `window/workDoneProgress` for a long first analysis, when the client shows server progress:
   * begun once a slice has passed (a quick analysis shows none), reported in percent of lines,
   * when the percentage changes. The analysis pauses every 2 ms (SLICE_MS): a report at each pause
   * was 3,600 notifications for a 200 MB export, each one the client decodes and the editor shows.
   */
  function startProgress(doc: LineDocument) {
    let reporter: { begin(title: string, percentage?: number, message?: string, cancellable?: boolean): void; report(p: number, message?: string): void; done(): void } | undefined;
    let creating = false;
    let ended = false;
    let percent = 0;
    let reported = -1;
    const state = {
      sliced: false,
      report: (done: number, total: number) => {
        state.sliced = true;
        percent = Math.min(99, Math.floor((100 * done) / Math.max(1, total)));
        if (reporter) {
          if (percent !== reported) reporter.report(percent, `${percent}% of ${doc.uri.split('/').pop()}`);
          reported = percent;
        } else if (progressSupported && !creating) {
          creating = true;
          connection.window.createWorkDoneProgress().then(
            (r) => {
              if (ended) return r.done();
              reporter = r;
              reported = percent;
              r.begin('Cable Text: reading', percent, `${percent}% of ${doc.uri.split('/').pop()}`);
            },
            () => {},
          );
        }
      },
      message: (text: string) => reporter?.report(percent, text),
      done: () => {
        ended = true;
        reporter?.done();
        reporter = undefined;
      },
    };
    return state;
  }

  /**
   * The document at a version whose model is complete, for requests that need all of it (the
   * outline, links, the diagnostics, fixes): they wait for the analysis, without blocking others.
   */
  async function analysed(uri: string): Promise<LineDocument | undefined> {
    for (let tries = 0; tries < 20; tries++) {
      const d = documents.get(uri);
      if (!d || service.isAnalysed(d)) return d;
      await ensureAnalysis(d);
    }
    return documents.get(uri);
  }

  // The analysis starts at once on open: it runs in slices, so the outline, folding and links the
  // editor asks for right after opening are not stuck behind it.
  // (TextDocuments tells of an opened document's content too: that is no edit to wait for.)
  const opened = new Set<string>();
  documents.onDidOpen((e) => {
    opened.add(e.document.uri);
    // The workspace index stops reading the file from disk now, not when its model is ready: the
    // same export was parsed twice at once, once here and once by the index.
    service.documentOpened(e.document.uri);
    scheduleAfterChange(e.document, 0);
  });
  documents.onDidChangeContent((e) => {
    if (!opened.delete(e.document.uri)) scheduleAfterChange(e.document);
  });
  documents.onDidClose((e) => {
    const timer = pending.get(e.document.uri);
    if (timer) clearTimeout(timer);
    pending.delete(e.document.uri);
    running.delete(e.document.uri);
    analysedVersion.delete(e.document.uri);
    early.forget(e.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    void service.documentClosed(e.document.uri, e.document.uri.startsWith('file:')).catch(() => {});
  });

  // --- features ----------------------------------------------------------------------------------

  // Requests at a position (hover, completion, definition, references, inlay hints) are answered
  // at once, during a large first analysis from the cables parsed so far; so are folding and the
  // semantic colours when the client can be asked to refresh them after it. Requests that need the
  // whole model (outline, links, code actions, diagnostics, fixes) wait for the analysis, which
  // yields to the others meanwhile.
  const doc = (uri: string) => {
    const d = documents.get(uri);
    // A document without a model (dropped from a full cache) is analysed again, not left empty.
    if (d && !service.isAnalysed(d) && !running.has(uri) && !pending.has(uri)) void ensureAnalysis(d);
    return d;
  };
  /** A handler that waits for the analysed document; its cancellation and a closed document answer `fallback`. */
  function whole<P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, fn: (d: LineDocument, p: P, token: CancellationToken) => R) {
    return async (p: P, token: CancellationToken): Promise<R> => {
      const d = await analysed(p.textDocument.uri);
      if (!d || token.isCancellationRequested) return fallback;
      return guard(name, fallback, () => fn(d, p, token))();
    };
  }

  connection.onDocumentSymbol(whole('documentSymbol', [], (d, _p, token) => service.getDocumentSymbols(d, token)));
  connection.onHover(
    guard('hover', null, (p, token: CancellationToken) => {
      const d = doc(p.textDocument.uri);
      return (d && service.getHover(d, p.position, token)) ?? null;
    }),
  );
  connection.onFoldingRanges(async (p, token) => {
    const d = foldingRefresh ? doc(p.textDocument.uri) : await analysed(p.textDocument.uri);
    return d ? guard('foldingRange', [], () => service.getFoldingRanges(d, token, foldingLimit))() : [];
  });
  connection.onDefinition(
    guard('definition', [], (p, token: CancellationToken) => {
      const d = doc(p.textDocument.uri);
      return d ? service.getDefinition(d, p.position, token) : [];
    }),
  );
  connection.onReferences(
    guard('references', [], (p, token: CancellationToken) => {
      const d = doc(p.textDocument.uri);
      return d ? service.getReferences(d, p.position, p.context, token) : [];
    }),
  );
  connection.onDocumentLinks(whole('documentLink', [], (d, _p, token) => service.getDocumentLinks(d, token)));
  connection.onCompletion(
    guard('completion', null, (p, token: CancellationToken) => {
      const d = doc(p.textDocument.uri);
      return d ? service.getCompletionItems(d, p.position, token) : null;
    }),
  );
  connection.languages.semanticTokens.on(async (p, token) => {
    const d = semanticTokensRefresh ? doc(p.textDocument.uri) : await analysed(p.textDocument.uri);
    return d ? guard('semanticTokens', { data: [] as number[] }, () => service.getSemanticTokens(d, token))() : { data: [] };
  });
  connection.languages.inlayHint.on(
    guard('inlayHint', [], (p, token: CancellationToken) => {
      const d = doc(p.textDocument.uri);
      return d ? service.getInlayHints(d, p.range, token) : [];
    }),
  );
  // The extension's reading view (client/src/readingView.ts): `{ uri, line? }` → `{ html, cables,
  // window? }`; a large document's view is a window of cables around `line` (the editor's top).
  connection.onRequest(
    READING_VIEW_REQUEST,
    async (p: { uri?: unknown; line?: unknown }, token: CancellationToken) => {
      const d = typeof p?.uri === 'string' ? await analysed(p.uri) : undefined;
      const line = typeof p?.line === 'number' && Number.isFinite(p.line) ? p.line : undefined;
      return d ? guard('readingView', { html: '', cables: 0 }, () => service.getReadingView(d, token, line))() : { html: '', cables: 0 };
    },
  );
  // The extension's "Fix All in Workspace" (client/src/workspaceCommands.ts): a file's text as the
  // client read it (closed files are not synchronised) → its fix-all edits (its diagnostics, for
  // "Check Workspace": `cable/checkText`, largeFiles.ts). A new negative version each time: the
  // model cache keys on URI and version, and the text on disk may have changed since the last run.
  let looseVersion = 0;
  const looseDocument = (p: { uri?: unknown; text?: unknown }) =>
    typeof p?.uri === 'string' && typeof p.text === 'string' ? TextDocument.create(p.uri, 'cable', --looseVersion, p.text) : undefined;
  connection.onRequest(
    'cable/fixAllEdits',
    guardAsync('fixAllEdits', [], async (p: { uri?: unknown; text?: unknown }, token: CancellationToken): Promise<TextEdit[] | null> => {
      const d = typeof p?.uri === 'string' && p.text === undefined ? await analysed(p.uri) : looseDocument(p);
      if (token.isCancellationRequested) throw cancelled();
      if (!d) return [];
      // Abandoned because the document changed: null, not stale edits, and not [] either, which
      // the client would take for a file with nothing to fix (it asks again).
      return (await service.getFixAllEditsInSlices(d, token)) ?? abandoned(token, null);
    }),
  );
  connection.onWorkspaceSymbol(guard('workspaceSymbol', [], (p, token: CancellationToken) => service.getWorkspaceSymbols(p.query, token)));
  // Fix All (source.fixAll, the command, cable/fixAllEdits) runs in slices: seconds on a 200 MB
  // export, during which the other requests are answered. Cancelled, it answers RequestCancelled,
  // as LSP asks; when the document changed meanwhile, nothing: its edits are for a text gone.
  const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  const abandoned = <R>(token: CancellationToken, answer: R): R => {
    if (token.isCancellationRequested) throw cancelled();
    return answer;
  };
  connection.onCodeAction(
    guardAsync('codeAction', [], async (p: CodeActionParams, token: CancellationToken) => {
      const d = await analysed(p.textDocument.uri);
      if (token.isCancellationRequested) throw cancelled();
      if (!d) return [];
      const actions = await service.getCodeActionsInSlices(d, p.range, p.context, token);
      return actions ? actionsForMessage(actions) : abandoned(token, []);
    }),
  );
  const fixAllCommand = guardAsync('fixAll', { applied: false, reason: 'Fix All failed: the Cable Text output says why' }, async (p: ExecuteCommandParams, token: CancellationToken) => {
    const uri = typeof p.arguments?.[0] === 'string' ? p.arguments[0] : undefined;
    const d = uri ? await analysed(uri) : undefined;
    if (!d) return { applied: false, reason: 'no open cable document given' };
    const version = d.version;
    const edits = await service.getFixAllEditsInSlices(d, token);
    if (!edits) return abandoned(token, { applied: false, reason: 'the document changed during Fix All' });
    if (edits.length === 0) return { applied: true, edits: 0 };
    // Versioned where the client can check it: an edit typed while this one travels is not overwritten.
    const edit = versionedEdits ? { documentChanges: [{ textDocument: { uri: d.uri, version }, edits }] } : { changes: { [d.uri]: edits } };
    const result = await connection.workspace.applyEdit({ label: 'Fix all Cable problems', edit });
    return { applied: result.applied, edits: edits.length };
  });
  connection.onExecuteCommand(async (p, token) => {
    if (p.command !== FIX_ALL_COMMAND) return null;
    return fixAllCommand(p, token);
  });
  const pulledWhole = whole('diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] }, (d, _p, token) => ({ kind: DocumentDiagnosticReportKind.Full, items: forMessage(capDiagnostics(service.computeDiagnostics(d, token), diagnosticsKept)) }) as const);
  connection.languages.diagnostics.on(async (p, token) => {
    // During a long first analysis, a client that can be asked to pull again gets the cables read so far.
    const d = diagnosticRefresh ? documents.get(p.textDocument.uri) : undefined;
    // An editor pulls right after a didOpen or didChange, often before its analysis has begun (the
    // open's waits a turn, an edit's its debounce): it begins now, as the whole answer would have
    // it, so that the pull gets what it has read so far instead of waiting for all of it.
    if (d && !service.isAnalysed(d)) void ensureAnalysis(d);
    const soFar = d && (await early.pulled(d, token));
    return soFar ? { kind: DocumentDiagnosticReportKind.Full, items: soFar } : pulledWhole(p, token);
  });

  // Files the editor does not hand over (over 50 MB in VS Code), read from disk on request.
  registerLargeFiles(connection, { service, isOpen: (uri) => documents.get(uri) !== undefined, diagnosticsKept: () => diagnosticsKept, ruleLinks: () => ruleLinks });
  documents.listen(connection);
  connection.listen();
  return service;
}

/**
 * vscode-jsonrpc's IPC writer resolves a write as soon as process.send is called, and Node writes
 * a large message (a 200 MB export's diagnostics: 15 MB) over many turns of the event loop; this
 * one resolves when process.send reports it written, so the server can wait for that before
 * work in slices that would slow it down (settling an edit's moved lines).
 */
class FlushedIpcWriter extends AbstractMessageWriter implements MessageWriter {
  private errors = 0;

  constructor(private readonly proc: NodeJS.Process) {
    super();
    proc.on('error', (error: Error) => this.fireError(error));
    proc.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    return new Promise((resolve, reject) => {
      try {
        this.proc.send!(msg, undefined, undefined, (error: Error | null) => {
          if (error) this.fireError(error, msg, ++this.errors);
          else this.errors = 0;
          resolve();
        });
      } catch (error) {
        this.fireError(error as Error, msg, ++this.errors);
        reject(error as Error);
      }
    });
  }

  end(): void {}
}

/**
 * Over stdio, a reader of our own (stdioReader.ts: a large document's text is read into lines,
 * without the JSON text) and a writer of our own. createConnection ends the process when the
 * stream it reads ends (0 after shutdown, 1 otherwise); given a reader, exitWhenInputEnds does.
 */
function stdioConnection(): { connection: Connection; reader: StdioMessageReader } {
  const reader = new StdioMessageReader(process.stdin);
  exitWhenInputEnds(process.stdin, reader);
  // A message it cannot read (bad headers or JSON, another charset) is said in the editor's log.
  reader.onError((error) => process.stderr.write(`cable-language-server: ${error.message}\n`));
  return { connection: createConnection(ProposedFeatures.all, reader, new SlicedStreamWriter(process.stdout, { reuse: true })), reader };
}

// Started as a program (`cable-language-server --stdio`, `node dist/server.js --stdio`, as the
// extension forks it too), not when a test or a bundle imports startServer. createConnection reads
// the transport from the command line; without one it would throw, so say how to run it instead.
const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];
const USAGE = `Cable Text language server ${SERVER_VERSION}: LSP for .cable files (US diplomatic cables).
Run it from an LSP client, which talks to it over a transport:
  cable-language-server --stdio          (or --node-ipc, --socket=PORT, --pipe=NAME)
Settings come from the client: initializationOptions {"cable": {...}}, workspace/configuration
(section "cable") or workspace/didChangeConfiguration {"settings": {"cable": {...}}}.
`;
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  const args = process.argv.slice(2);
  if (args.some((a) => TRANSPORTS.some((t) => a === t || a.startsWith(`${t}=`)))) {
    // Over IPC (a client that asks for it), a writer that says when a message is written, as the stream's does;
    // over stdio, one that lets answers out while a large publish is encoded (slicedWriter.ts).
    const ipc = args.includes('--node-ipc') && typeof process.send === 'function';
    const stdio = args.includes('--stdio');
    const overStdio = !ipc && stdio ? stdioConnection() : undefined;
    const connection = ipc
      ? createConnection(ProposedFeatures.all, new IPCMessageReader(process), new FlushedIpcWriter(process))
      : (overStdio?.connection ?? createConnection(ProposedFeatures.all));
    // stdout carries the protocol: what a dependency logs goes to the client's log, as the library
    // does when it opens stdio itself.
    if (stdio) for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) console[level] = (...a: unknown[]) => connection.console[level === 'debug' || level === 'trace' ? 'log' : level](format(...a));
    startServer(connection, { inputArriving: overStdio ? () => overStdio.reader.arriving() : undefined });
  } else if (/(?:server\.js|cable-language-server)$/.test(process.argv[1] ?? '')) {
    if (args.includes('--version') || args.includes('-v')) process.stdout.write(`${SERVER_VERSION}\n`);
    else if (args.includes('--help') || args.includes('-h')) process.stdout.write(USAGE);
    else {
      process.stderr.write(USAGE);
      process.exitCode = 2;
    }
  }
}

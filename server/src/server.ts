/**
 * The Cable Text language server: a thin adapter between an LSP connection and the language
 * service (./service), which knows nothing of the connection. Runs as `node dist/server.js --stdio`
 * for any LSP client, and over IPC when the VS Code extension starts it.
 */
import {
  createConnection,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, CODE_ACTION_KINDS, FIX_ALL_COMMAND, READING_VIEW_REQUEST, SEMANTIC_TOKENS_LEGEND, type ICableLanguageService } from './service';
import { ruleDocUrl } from './ruleDocs';
import { NodeFileSystem } from './service/workspace/nodeFileSystem';
import type { WorkspaceFileSystem } from './service/workspace/workspaceIndex';
import type { CableDocument } from './parser';
import { sectionFromInitializationOptions } from './service/settings';
import { version } from '../../package.json';

/** The package's version, from package.json (the bundle carries it; `--version` and serverInfo say it). */
export const SERVER_VERSION: string = version;

export interface ServerOptions {
  /** Delay before pushing diagnostics after a change, in ms (typing produces bursts of changes). */
  diagnosticsDelayMs?: number;
  /** How the workspace index reads files; Node's `fs` by default (tests watch what is read). */
  fileSystem?: WorkspaceFileSystem;
  /** The parser; tests slow it down to send edits while a version is being analysed. */
  parse?: (text: string) => CableDocument;
}

/** Registers every handler on `connection` and starts listening. Returns the service for tests. */
export function startServer(connection: Connection, options: ServerOptions = {}): ICableLanguageService {
  const documents = new TextDocuments(TextDocument);
  const log = (message: string) => connection.console.log(message);
  const service = createLanguageService({ fileSystem: options.fileSystem ?? new NodeFileSystem(), log, openDocuments: () => documents.all(), parse: options.parse, ruleDocs: ruleDocUrl });
  const delay = options.diagnosticsDelayMs ?? 200;

  let pullDiagnostics = false;
  let inlayHintRefresh = false;
  let configurationPull = false;
  let haveInitSettings = false;
  let dynamicConfiguration = false;
  let dynamicWatchers = false;
  let workspaceFoldersSupported = false;
  let folders: string[] = [];

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

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    inlayHintRefresh = !!caps.workspace?.inlayHint?.refreshSupport;
    configurationPull = !!caps.workspace?.configuration;
    dynamicConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    dynamicWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    workspaceFoldersSupported = !!caps.workspace?.workspaceFolders;
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
    else for (const doc of documents.all()) scheduleAfterChange(doc, 0);
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

  /**
   * After a burst of edits: hand the new text to the workspace index and, for clients that do
   * not pull, push diagnostics. Debounced, because both parse the document and a large export
   * takes a second to parse: doing it on every keystroke would stall the server.
   */
  function scheduleAfterChange(doc: TextDocument, ms = delay): void {
    const old = pending.get(doc.uri);
    if (old) clearTimeout(old);
    pending.set(
      doc.uri,
      setTimeout(() => {
        pending.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (!current) return;
        const version = current.version;
        // Work for a version the editor has replaced (or closed) is abandoned: its successor's
        // own run publishes.
        const superseded: CancellationToken = {
          get isCancellationRequested() {
            return documents.get(doc.uri)?.version !== version;
          },
          onCancellationRequested: () => ({ dispose() {} }),
        };
        guard('index update', undefined, () => service.documentChanged(current))();
        if (pullDiagnostics) return;
        // The parse just done may have taken a while on a large export: let the edits sent
        // meanwhile in before running the rules. What arrived is read in the loop's next poll
        // phase; vscode-jsonrpc decodes it in a setImmediate and hands it to its handler in the
        // next one, so a third setImmediate comes after the edit is applied. (A timer would not:
        // after a long callback it can fire before the input is even read.)
        const afterPendingInput = (fn: () => void) => setImmediate(() => setImmediate(() => setImmediate(fn)));
        afterPendingInput(() => {
          if (superseded.isCancellationRequested) return;
          const diagnostics = guard('diagnostics', [], () => service.computeDiagnostics(current, superseded))();
          if (superseded.isCancellationRequested) return;
          void connection.sendDiagnostics({ uri: current.uri, version, diagnostics });
        });
      }, ms),
    );
  }

  // Not at once on open either: an editor asks for the outline, folding and links right after
  // opening, and those should not wait behind the rules on a large file.
  documents.onDidOpen((e) => scheduleAfterChange(e.document));
  documents.onDidChangeContent((e) => scheduleAfterChange(e.document));
  documents.onDidClose((e) => {
    const timer = pending.get(e.document.uri);
    if (timer) clearTimeout(timer);
    pending.delete(e.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    void service.documentClosed(e.document.uri, e.document.uri.startsWith('file:')).catch(() => {});
  });

  // --- features ----------------------------------------------------------------------------------

  const doc = (uri: string) => documents.get(uri);

  connection.onDocumentSymbol(
    guard('documentSymbol', [], (p, token: CancellationToken) => {
      const d = doc(p.textDocument.uri);
      return d ? service.getDocumentSymbols(d, token) : [];
    }),
  );
  connection.onHover(
    guard('hover', null, (p, token: CancellationToken) => {
      const d = doc(p.textDocument.uri);
      return (d && service.getHover(d, p.position, token)) ?? null;
    }),
  );
  connection.onFoldingRanges(
    guard('foldingRange', [], (p, token: CancellationToken) => {
      const d = doc(p.textDocument.uri);
      return d ? service.getFoldingRanges(d, token) : [];
    }),
  );
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
  connection.onDocumentLinks(
    guard('documentLink', [], (p, token: CancellationToken) => {
      const d = doc(p.textDocument.uri);
      return d ? service.getDocumentLinks(d, token) : [];
    }),
  );
  connection.onCompletion(
    guard('completion', null, (p, token: CancellationToken) => {
      const d = doc(p.textDocument.uri);
      return d ? service.getCompletionItems(d, p.position, token) : null;
    }),
  );
  connection.languages.semanticTokens.on(
    guard('semanticTokens', { data: [] }, (p, token: CancellationToken) => {
      const d = doc(p.textDocument.uri);
      return d ? service.getSemanticTokens(d, token) : { data: [] };
    }),
  );
  connection.languages.inlayHint.on(
    guard('inlayHint', [], (p, token: CancellationToken) => {
      const d = doc(p.textDocument.uri);
      return d ? service.getInlayHints(d, p.range, token) : [];
    }),
  );
  // The extension's reading view (client/src/readingView.ts): `{ uri }` → `{ html, cables }`.
  connection.onRequest(
    READING_VIEW_REQUEST,
    guard('readingView', { html: '', cables: 0 }, (p: { uri?: unknown }, token: CancellationToken) => {
      const d = typeof p?.uri === 'string' ? doc(p.uri) : undefined;
      return d ? service.getReadingView(d, token) : { html: '', cables: 0 };
    }),
  );
  // The extension's "Check Workspace" and "Fix All in Workspace" (client/src/workspaceCommands.ts):
  // a file's text as the client read it (closed files are not synchronised) → its diagnostics or
  // its fix-all edits. A new negative version each time: the model cache keys on URI and version,
  // and the text on disk may have changed since the last run.
  let looseVersion = 0;
  const looseDocument = (p: { uri?: unknown; text?: unknown }) =>
    typeof p?.uri === 'string' && typeof p.text === 'string' ? TextDocument.create(p.uri, 'cable', --looseVersion, p.text) : undefined;
  connection.onRequest(
    'cable/checkText',
    guard('checkText', [], (p: { uri?: unknown; text?: unknown }, token: CancellationToken) => {
      const d = looseDocument(p);
      return d ? service.computeDiagnostics(d, token) : [];
    }),
  );
  connection.onRequest(
    'cable/fixAllEdits',
    guard('fixAllEdits', [], (p: { uri?: unknown; text?: unknown }, token: CancellationToken) => {
      const d = typeof p?.uri === 'string' && p.text === undefined ? doc(p.uri) : looseDocument(p);
      return d ? service.getFixAllEdits(d, token) : [];
    }),
  );
  connection.onWorkspaceSymbol(guard('workspaceSymbol', [], (p, token: CancellationToken) => service.getWorkspaceSymbols(p.query, token)));
  connection.onCodeAction(
    guard('codeAction', [], (p, token: CancellationToken) => {
      const d = doc(p.textDocument.uri);
      return d ? service.getCodeActions(d, p.range, p.context, token) : [];
    }),
  );
  connection.onExecuteCommand(async (p, token) => {
    if (p.command !== FIX_ALL_COMMAND) return null;
    const uri = typeof p.arguments?.[0] === 'string' ? p.arguments[0] : undefined;
    const d = uri ? doc(uri) : undefined;
    if (!d) return { applied: false, reason: 'no open cable document given' };
    const edits = guard('fixAll', [], () => service.getFixAllEdits(d, token))();
    if (edits.length === 0) return { applied: true, edits: 0 };
    const result = await connection.workspace.applyEdit({ label: 'Fix all Cable problems', edit: { changes: { [d.uri]: edits } } });
    return { applied: result.applied, edits: edits.length };
  });
  connection.languages.diagnostics.on(
    guard('diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] }, (p, token: CancellationToken) => {
      const d = doc(p.textDocument.uri);
      return { kind: DocumentDiagnosticReportKind.Full, items: d ? service.computeDiagnostics(d, token) : [] };
    }),
  );

  documents.listen(connection);
  connection.listen();
  return service;
}

// Started as a program (`cable-language-server --stdio`, `node dist/server.js --stdio`, or over
// IPC by the extension), not when a test or a bundle imports startServer. createConnection reads
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
    startServer(createConnection(ProposedFeatures.all));
  } else if (/(?:server\.js|cable-language-server)$/.test(process.argv[1] ?? '')) {
    if (args.includes('--version') || args.includes('-v')) process.stdout.write(`${SERVER_VERSION}\n`);
    else if (args.includes('--help') || args.includes('-h')) process.stdout.write(USAGE);
    else {
      process.stderr.write(USAGE);
      process.exitCode = 2;
    }
  }
}

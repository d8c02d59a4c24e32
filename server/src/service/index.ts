import type {
  CodeAction,
  CompletionList,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
  Location,
  LocationLink,
  Position,
  Range,
  TextEdit,
  WorkspaceSymbol,
} from 'vscode-languageserver-types';
import type { CableDocument } from '../parser';
import type { ParseStep } from '../parser/parser';
import type { CancellationToken } from './cancellation';
import { CableCompletionProvider } from './completion';
import { CableDefinitionProvider } from './definitions';
import { CableCodeActionsProvider, CODE_ACTION_KINDS, FIX_ALL_COMMAND } from './codeActions/provider';
import type { RuleDef } from './diagnostics/catalogue';
import { CableDiagnosticsProvider } from './diagnostics/provider';
import { parseRuleSettings, type RuleSettings } from './diagnostics/settings';
import { CableDocumentLinkProvider } from './documentLinks';
import { CableDocumentSymbolProvider, OUTLINE_MAX_SYMBOLS, type OutlineCap } from './documentSymbols';
import { CableFoldingProvider, type FoldingCap } from './folding';
import { CableHoverProvider } from './hover';
import { CableInlayHintsProvider } from './inlayHints';
import { CableSemanticTokensProvider, SEMANTIC_TOKENS_LEGEND } from './semanticTokens';
import { CableReadingViewProvider, READING_VIEW_REQUEST, type ReadingView, type ReadingViewWindow } from './readingView';
import { ModelCache, type ParseEvent } from './modelCache';
import { detached } from './ranges';
import { contextFromClient, diagnosticsToClient, hasBom, positionFromClient, rangeFromClient, semanticTokensToClient, toClient } from './clientPositions';
import { CableReferencesProvider } from './references';
import { DEFAULT_SETTINGS, readSettings, settingsProblems, type CableSettings } from './settings';
import type { ITextDocument } from './textDocument';
import { CableWorkspaceSymbolProvider } from './workspaceSymbols';
import { isWorkspaceCableFile } from './workspace/uris';
import { WorkspaceIndex, type IndexStats, type WorkspaceFileSystem } from './workspace/workspaceIndex';

export type { CancellationToken } from './cancellation';
export type { ITextDocument } from './textDocument';
export type { CableSettings } from './settings';
export type { WorkspaceFileSystem } from './workspace/workspaceIndex';
export { CODE_ACTION_KINDS, FIX_ALL_COMMAND, SEMANTIC_TOKENS_LEGEND, READING_VIEW_REQUEST };
export type { ReadingView, ReadingViewWindow };


/**
 * How long a slice of a large first analysis runs before the event loop answers requests, in ms.
 * A request waits several turns of the loop (vscode-jsonrpc reads, decodes and dispatches a message
 * each in a turn of its own), and each turn waits for a slice: 15 ms slices made a hover during the
 * analysis of an 8 MB export take 70–145 ms, 5 ms slices 17–60 ms. 2 ms slices halve the median
 * again (bench, requests after the first answer, 8 / 50 / 200 MB: 30 / 28 / 23 ms → 15 / 14 / 13 ms)
 * for an analysis about 4% longer (200 MB, first diagnostics 15.3 → 15.9 s on a machine at load 5).
 */
export const SLICE_MS = 2;

export interface LanguageServiceInit {
  /** How the workspace index reaches files; without it only open documents are indexed. */
  readonly fileSystem?: WorkspaceFileSystem;
  /** Where a rule's documentation is: the diagnostics' `codeDescription` (the server knows where it was installed). */
  readonly ruleDocs?: (rule: RuleDef) => string | undefined;
  /** Where the service reports what it does (the server sends it to the client's output). */
  readonly log?: (message: string) => void;
  /** The parser; tests may count or slow its calls. Given, every version is parsed whole with it. */
  readonly parse?: (text: string) => CableDocument;
  /** Told of every parse of an open document (whole or incremental): tests count them. */
  readonly onParse?: (event: ParseEvent) => void;
  /**
   * The server's mode: large first versions are parsed in slices by `analyse`, and a request that
   * comes meanwhile is answered from the cables parsed so far, never by parsing at once.
   */
  readonly background?: boolean;
  /** How long indexing may run before yielding to requests, in ms (SLICE_MS). */
  readonly indexSliceMs?: number;
  /** How long a slice of Fix All runs before yielding to requests, in ms (SLICE_MS; tests yield at every pause with 0). */
  readonly fixAllSliceMs?: number;
  /**
   * The documents open in the editor at this moment (the server's TextDocuments). Workspace
   * symbols answer them from their current text rather than from the debounced index.
   */
  readonly openDocuments?: () => Iterable<ITextDocument>;
  /** While a large message is being received, a promise of its delivery: the workspace index reads nothing from disk meanwhile. */
  readonly inputArriving?: () => Promise<void> | undefined;
}

export interface ICableLanguageService {
  getModel(document: ITextDocument): CableDocument;
  /**
   * Parses this version, in slices that yield to the event loop when it is large and has no
   * earlier version to start from (progress hears the lines done); false when the version was
   * replaced or `token` cancelled before the end (the work is abandoned).
   */
  analyse(document: ITextDocument, token: CancellationToken, progress?: (done: number, total: number) => void): Promise<boolean>;
  /**
   * Moves, in slices that yield to the event loop, the lines of the cables an incremental parse
   * left where they were (it moves only the bounds of the steps after an edit, so that the
   * diagnostics come first); a request meanwhile has them moved at once.
   */
  settle(document: ITextDocument): Promise<void>;
  /**
   * The diagnostics, checked cable by cable in slices; undefined when abandoned as `analyse` is.
   * `asMessage`: as a publish carries them (each a copy on this version's lines, made when read;
   * the stdio writer encodes them from each step's JSON), for a message sent at once.
   */
  diagnose(document: ITextDocument, token: CancellationToken, asMessage?: boolean): Promise<Diagnostic[] | undefined>;
  /**
   * During a sliced first analysis: the diagnostics of the cables read so far (a prefix by position
   * of the version's), checked in slices and kept for the final check; undefined when no first
   * parse of this version runs.
   */
  diagnoseSoFar(document: ITextDocument, token: CancellationToken): Promise<{ diagnostics: Diagnostic[]; cables: number } | undefined>;
  /** True when this version's model is complete (requests that need all of it can be answered at once). */
  isAnalysed(document: ITextDocument): boolean;
  getDocumentSymbols(document: ITextDocument, token: CancellationToken): DocumentSymbol[];
  getHover(document: ITextDocument, position: Position, token: CancellationToken): Hover | undefined;
  /** At most `limit` ranges (the client's `rangeLimit`, else FOLDING_MAX_RANGES), outermost first; a cut is logged once per document. */
  getFoldingRanges(document: ITextDocument, token: CancellationToken, limit?: number): FoldingRange[];
  getDefinition(document: ITextDocument, position: Position, token: CancellationToken): LocationLink[];
  getReferences(document: ITextDocument, position: Position, context: { includeDeclaration: boolean }, token: CancellationToken): Location[];
  getDocumentLinks(document: ITextDocument, token: CancellationToken): DocumentLink[];
  getCompletionItems(document: ITextDocument, position: Position, token: CancellationToken): CompletionList;
  getWorkspaceSymbols(query: string, token: CancellationToken): WorkspaceSymbol[];
  /** Semantic tokens (LSP's relative encoding) over the legend SEMANTIC_TOKENS_LEGEND. */
  getSemanticTokens(document: ITextDocument, token: CancellationToken): { data: number[] };
  getInlayHints(document: ITextDocument, range: Range, token: CancellationToken): InlayHint[];
  /**
   * The reading view of the document as an HTML fragment (see readingView.ts): every cable, or, in
   * a large document, a window of cables around `line` (the editor's first visible line).
   */
  getReadingView(document: ITextDocument, token: CancellationToken, line?: number): ReadingView;
  computeDiagnostics(document: ITextDocument, token: CancellationToken): Diagnostic[];
  /**
   * The diagnostics of one parse step of a file read as a stream (largeFiles.ts), on the lines of
   * the window it was read from (its lines, not the file's); `file`: the whole file's line ends and BOM.
   */
  diagnoseStep(uri: string, step: ParseStep, lines: string[], file: Pick<CableDocument, 'eol' | 'bom'>): Diagnostic[];
  getCodeActions(document: ITextDocument, range: Range, context: { diagnostics: Diagnostic[]; only?: string[] }, token: CancellationToken): CodeAction[];
  /** Every fix in the document as minimal edits ("Cable: Fix all problems"). */
  getFixAllEdits(document: ITextDocument, token: CancellationToken): TextEdit[];
  /**
   * getCodeActions and getFixAllEdits as the server runs them: Fix All (seconds on a 200 MB export)
   * runs in slices that yield to the event loop, so that other requests are answered meanwhile.
   * Undefined when the work was abandoned: `token` cancelled, or the document or the rule settings
   * changed before it ended (its edits would be stale).
   */
  getCodeActionsInSlices(document: ITextDocument, range: Range, context: { diagnostics: Diagnostic[]; only?: string[] }, token: CancellationToken): Promise<CodeAction[] | undefined>;
  getFixAllEditsInSlices(document: ITextDocument, token: CancellationToken): Promise<TextEdit[] | undefined>;

  /** The client's `cable` settings section changed. */
  updateSettings(section: unknown): void;
  getSettings(): CableSettings;
  /** Index the `.cable` files of these folders (URIs); resolves when done. */
  setWorkspaceFolders(folderUris: readonly string[]): Promise<void>;
  /**
   * The editor opened the document (didOpen), before its first analysis: the index no longer reads
   * the file from disk (a read under way stops), as its model will come (documentChanged).
   */
  documentOpened(uri: string): void;
  /** An open document changed: the index takes its text over the disk's. */
  documentChanged(document: ITextDocument): void;
  documentClosed(uri: string, stillOnDisk: boolean): Promise<void>;
  /** A watched `.cable` file changed on disk (created, changed or deleted). */
  fileChanged(uri: string, deleted: boolean): Promise<void>;
  indexStats(): IndexStats;
  whenIndexed(): Promise<void>;
}

/**
 * The Cable Text language service: every feature, with no knowledge of the LSP connection. The
 * server (server.ts) adapts it to a connection; tests call it directly with in-memory documents.
 */
export function createLanguageService(init: LanguageServiceInit = {}): ICableLanguageService {
  const log = init.log ?? (() => {});
  const cache = new ModelCache({ parse: init.parse, onParse: init.onParse, background: init.background });
  let settings: CableSettings = DEFAULT_SETTINGS;
  let folders: readonly string[] = [];
  const getSettings = () => settings;
  // The analysis's slices: a large file read from disk in 8 ms slices slowed a didOpen arriving
  // meanwhile (the pipe is drained between slices) and the requests answered between them.
  const workspace = new WorkspaceIndex(init.fileSystem, log, init.indexSliceMs ?? SLICE_MS, init.inputArriving);
  // The rule severities (`cable.rules`) are parsed once per settings change: the diagnostics
  // provider keeps its results per document version and settings object.
  let ruleSettings: RuleSettings = parseRuleSettings(undefined).settings;
  const getRuleSettings = () => ruleSettings;

  const symbols = new CableDocumentSymbolProvider(cache, getSettings);
  const hover = new CableHoverProvider(cache, workspace);
  const folding = new CableFoldingProvider(cache);
  const definitions = new CableDefinitionProvider(cache, workspace);
  const references = new CableReferencesProvider(cache);
  const links = new CableDocumentLinkProvider(cache, workspace);
  const completion = new CableCompletionProvider(cache);
  const workspaceSymbols = new CableWorkspaceSymbolProvider(workspace, getSettings, init.openDocuments, (document) => cache.get(document));
  const diagnostics = new CableDiagnosticsProvider(cache, { ruleSettings: getRuleSettings, ruleDocs: init.ruleDocs, log });
  const codeActions = new CableCodeActionsProvider(diagnostics, getRuleSettings, cache);
  const fixAllSliceMs = init.fixAllSliceMs ?? SLICE_MS;
  const semanticTokens = new CableSemanticTokensProvider(cache);
  const inlayHints = new CableInlayHintsProvider(cache, getSettings);
  const readingView = new CableReadingViewProvider(cache, workspace);

  /**
   * The outline shows at most `outline.maxParagraphs` paragraphs of each cable; when it cuts, the
   * log says so once per document and cut (the outline is asked again after every edit).
   */
  const outlineCapReported = new Map<string, string>();
  function reportOutlineCap(document: ITextDocument): void {
    const cap = settings.outlineMaxParagraphs;
    const cut = cache.get(document).cables.filter((c) => c.body.paragraphs.length > cap);
    const key = cut.length === 0 ? '' : `${cap}|${cut.length}`;
    if ((outlineCapReported.get(document.uri) ?? '') === key) return;
    outlineCapReported.set(document.uri, key);
    if (cut.length === 0) return;
    const most = Math.max(...cut.map((c) => c.body.paragraphs.length));
    log(
      `outline of ${document.uri}: ${cut.length === 1 ? 'a cable has' : `${cut.length} cables have`} more than ${cap} paragraphs (up to ${most}); ` +
        `the outline shows the first ${cap} of each (setting cable.outline.maxParagraphs)`,
    );
  }

  /** The outline of a large export is capped (documentSymbols.ts): said once per document and cut. */
  const outlineSizeReported = new Map<string, string>();
  function reportOutlineSize(document: ITextDocument, cap: OutlineCap | undefined): void {
    const key = cap ? `${cap.cables}|${cap.listed}|${cap.bare}` : '';
    if ((outlineSizeReported.get(document.uri) ?? '') === key) return;
    outlineSizeReported.set(document.uri, key);
    if (!cap) return;
    const parts = cap.bare > 0 ? `; ${cap.bare} of them without their parts` : '';
    log(`outline of ${document.uri}: ${cap.cables} cables; the outline lists ${cap.listed === cap.cables ? 'every one' : `the first ${cap.listed}`}${parts} (at most ${OUTLINE_MAX_SYMBOLS} symbols, so that it stays quick to send and show)`);
  }

  /** Folding stops at the client's limit (folding.ts): said once per document and cut. */
  const foldingCapReported = new Map<string, string>();
  function reportFoldingCap(document: ITextDocument, cap: FoldingCap | undefined): void {
    // During a sliced first analysis the answer covers the cables read so far: said once complete.
    if (!cache.ready(document)) return;
    const key = cap ? `${cap.limit}|${cap.client}|${cap.cables}|${cap.depth}|${cap.reached}` : '';
    if ((foldingCapReported.get(document.uri) ?? '') === key) return;
    foldingCapReported.set(document.uri, key);
    if (!cap) return;
    const why = cap.client ? `the editor takes at most ${cap.limit} folding ranges (VS Code's editor.foldingMaximumRegions)` : `at most ${cap.limit} folding ranges are sent when the editor states no limit`;
    const kept =
      cap.depth === 0
        ? `the outermost ranges (header parts, sections, paragraphs outside a section) of the first ${cap.reached} of ${cap.cables} cables fold`
        : `the ranges of all ${cap.cables} cables fold down to ${cap.depth} deep, those ${cap.depth + 1} deep (paragraphs in a section, summaries, comments) in the first ${cap.reached}`;
    log(`folding of ${document.uri}: ${why}; ${kept}, as VS Code keeps them`);
  }

  /**
   * VS Code keeps 1,000 problems per file (errors first, then warnings; information and hints of
   * such a file are never shown) and says so only in the Problems panel: a large export's reader
   * should learn from the log that the rest exist and where to see them.
   */
  const EDITOR_PROBLEMS_SHOWN = 1000;
  const manyProblemsReported = new Set<string>();
  function reportManyProblems(uri: string, count: number): void {
    // Once per open document (an edit changes the count by a few; a cancelled run reports none).
    if (count <= EDITOR_PROBLEMS_SHOWN || manyProblemsReported.has(uri)) return;
    manyProblemsReported.add(uri);
    log(`problems of ${uri}: ${count}; VS Code shows at most ${EDITOR_PROBLEMS_SHOWN} per file (errors first), so ${count - EDITOR_PROBLEMS_SHOWN} have no squiggle there: \`cable check\` on the file lists every one`);
  }

  /** The documents given to the index (documentChanged) whose text starts with a BOM. */
  const indexedBoms = new Set<string>();
  /**
   * A text the client sent with a BOM has it as line 0's first character in LSP's positions, and
   * the model leaves it out (clientPositions.ts): positions come in through positionFromClient and
   * answers go out through `answer` (which copies them, as `detached` does). A document without a
   * BOM costs a test of its flag; `other`: the answer may point into other open documents too
   * (definitions, workspace symbols), whose BOM counts for their positions.
   */
  function answer<T>(document: ITextDocument | undefined, value: T, other = false): T {
    const here = document !== undefined && hasBom(document);
    if (!other) return here ? toClient(value, { here, at: (uri) => uri === document!.uri }) : detached(value);
    const boms = new Map<string, boolean>();
    // The index holds an open document as it was given (documentChanged); the editor's documents say their current version.
    for (const uri of indexedBoms) boms.set(uri, true);
    for (const d of init.openDocuments?.() ?? []) boms.set(d.uri, hasBom(d));
    if (document) boms.set(document.uri, here);
    if (![...boms.values()].includes(true)) return detached(value);
    return toClient(value, { here, at: (uri) => boms.get(uri) ?? false });
  }
  /** Quick fixes carry the model's edits; Fix All's (source.fixAll) are made on the text as the client has it, BOM counted (codeActions/byCable.ts). */
  function actionsToClient(document: ITextDocument, actions: CodeAction[]): CodeAction[] {
    return hasBom(document) ? actions.map((a) => (a.kind === 'quickfix' ? answer(document, a) : a)) : actions;
  }

  const reindex = () => workspace.indexFolders(settings.workspaceIndexEnabled ? folders : [], settings.workspaceIndexMaxFiles);

  return Object.freeze<ICableLanguageService>({
    getModel: (document) => cache.get(document),
    async analyse(document, token, progress) {
      return (await cache.analyse(document, token, SLICE_MS, progress)) && !token.isCancellationRequested;
    },
    settle: (document) => cache.settle(document, SLICE_MS),
    async diagnose(document, token, asMessage = false) {
      try {
        const problems = await diagnostics.problemsInSlices(document, token, SLICE_MS);
        if (problems) reportManyProblems(document.uri, problems.length);
        if (problems && asMessage) return diagnostics.forMessage(problems, hasBom(document));
        return problems && diagnosticsToClient(problems.map((p) => diagnostics.toDiagnostic(p)), hasBom(document));
      } catch (err) {
        log(`diagnostics failed on ${document.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return [];
      }
    },
    async diagnoseSoFar(document, token) {
      try {
        const r = await diagnostics.problemsSoFar(document, token, SLICE_MS);
        return r && { diagnostics: diagnosticsToClient(r.problems.map((p) => diagnostics.toDiagnostic(p)), hasBom(document)), cables: r.cables };
      } catch (err) {
        log(`diagnostics failed on ${document.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return undefined;
      }
    },
    isAnalysed: (document) => cache.ready(document),
    getDocumentSymbols(document, token) {
      const result = symbols.outline(document, token);
      reportOutlineCap(document);
      reportOutlineSize(document, result.cap);
      // The symbols' ranges are copies already: moved (and so copied again) only for a BOM.
      return hasBom(document) ? answer(document, result.symbols) : result.symbols;
    },
    // Answers that hold the model's ranges (or the index's summaries of them) carry copies: see detached.
    getHover: (document, position, token) => answer(document, hover.provideHover(document, positionFromClient(position, hasBom(document)), token)),
    getFoldingRanges(document, token, limit) {
      const result = folding.foldingRanges(document, token, limit);
      reportFoldingCap(document, result.cap);
      return result.ranges;
    },
    getDefinition: (document, position, token) => answer(document, definitions.provideDefinition(document, positionFromClient(position, hasBom(document)), token), true),
    getReferences: (document, position, context, token) => answer(document, references.provideReferences(document, positionFromClient(position, hasBom(document)), context, token)),
    getDocumentLinks: (document, token) => answer(document, links.provideDocumentLinks(document, token)),
    // Completion's edits are made from the caret, never the model's (it counts a BOM itself); folding is lines.
    getCompletionItems: completion.provideCompletionItems.bind(completion),
    getWorkspaceSymbols: (query, token) => answer(undefined, workspaceSymbols.provideWorkspaceSymbols(query, token), true),
    getSemanticTokens: (document, token) => semanticTokensToClient(semanticTokens.provideSemanticTokens(document, token), hasBom(document)),
    getInlayHints: (document, range, token) => answer(document, inlayHints.provideInlayHints(document, rangeFromClient(range, hasBom(document)), token)),
    getReadingView: readingView.render.bind(readingView),
    computeDiagnostics(document, token) {
      try {
        const items = diagnostics.provideDiagnostics(document, token);
        reportManyProblems(document.uri, items.length);
        return diagnosticsToClient(items, hasBom(document));
      } catch (err) {
        // The engine reports a failing rule itself; this is the provider failing around it.
        log(`diagnostics failed on ${document.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return [];
      }
    },
    diagnoseStep: (uri, step, lines, file) => diagnostics.stepDiagnostics(uri, step, lines, file),
    getCodeActions(document, range, context, token) {
      try {
        const bom = hasBom(document);
        return actionsToClient(document, codeActions.provideCodeActions(document, rangeFromClient(range, bom), contextFromClient(context, bom), token));
      } catch (err) {
        log(`code actions failed on ${document.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return [];
      }
    },
    // Fix All's edits are made on the text as the client has it (a BOM counted): they go out as they are.
    getFixAllEdits(document, token) {
      try {
        return codeActions.provideFixAllEdits(document, token);
      } catch (err) {
        log(`fix all failed on ${document.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return [];
      }
    },
    async getCodeActionsInSlices(document, range, context, token) {
      try {
        const bom = hasBom(document);
        const actions = await codeActions.provideCodeActionsInSlices(document, rangeFromClient(range, bom), contextFromClient(context, bom), token, fixAllSliceMs);
        return actions && actionsToClient(document, actions);
      } catch (err) {
        log(`code actions failed on ${document.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return [];
      }
    },
    async getFixAllEditsInSlices(document, token) {
      try {
        return await codeActions.provideFixAllEditsInSlices(document, token, fixAllSliceMs);
      } catch (err) {
        log(`fix all failed on ${document.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return [];
      }
    },
    updateSettings(section) {
      const before = settings;
      settings = readSettings(section);
      for (const problem of settingsProblems(section)) log(`settings: ${problem}`);
      const parsedRules = parseRuleSettings(settings.raw['rules']);
      ruleSettings = parsedRules.settings;
      for (const error of parsedRules.errors) log(`cable.rules: ${error}`);
      if (before.workspaceIndexEnabled !== settings.workspaceIndexEnabled || before.workspaceIndexMaxFiles !== settings.workspaceIndexMaxFiles) {
        void reindex();
      }
    },
    getSettings,
    setWorkspaceFolders(folderUris) {
      folders = [...folderUris];
      return reindex();
    },
    documentOpened(uri) {
      workspace.openDocument(uri);
    },
    documentChanged(document) {
      if (hasBom(document)) indexedBoms.add(document.uri);
      else indexedBoms.delete(document.uri);
      workspace.updateOpenDocument(document.uri, cache.get(document));
    },
    async documentClosed(uri, stillOnDisk) {
      cache.delete(uri);
      indexedBoms.delete(uri);
      outlineCapReported.delete(uri);
      outlineSizeReported.delete(uri);
      manyProblemsReported.delete(uri);
      await workspace.closeDocument(uri, stillOnDisk && isWorkspaceCableFile(uri, folders) && settings.workspaceIndexEnabled);
    },
    async fileChanged(uri, deleted) {
      // A client may report any path (or be tricked into it): the index reads only `.cable`
      // files of the workspace folders, as its own listing does.
      if (!isWorkspaceCableFile(uri, folders)) {
        log(`ignored a change to ${uri}: not a .cable file inside a workspace folder`);
        return;
      }
      if (deleted) workspace.remove(uri);
      else if (settings.workspaceIndexEnabled) await workspace.refreshFromDisk(uri);
    },
    indexStats: () => workspace.stats,
    whenIndexed: () => workspace.whenDone(),
  });
}

/**
 * "Cable: Check Workspace" and "Cable: Fix All in Workspace" (client/src/workspaceCommands.ts)
 * driven through a stand-in for the VS Code API, against the real language server in process: a
 * closed file over the 20 MB the client reads is checked by the server from disk, its problems go
 * into the workspace's collection and the summary's counts like any closed file's, nothing is
 * published for it, it is cleared as the others are, and cancelling during it stops the run. Fix
 * All leaves such a file out and says so.
 *
 * A file in a tab is the server's to diagnose only once VS Code has handed its document over (in
 * `workspace.textDocuments`): one over 50 MB never is, so Check Workspace checks it as a closed
 * file, until "Check it" (client/src/largeFiles.ts, registered here too) has the server publish
 * its problems, which then are shown once, not twice.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PublishDiagnosticsNotification, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { registerLargeFiles } from '../../client/src/largeFiles';
import { registerWorkspaceCommands } from '../../client/src/workspaceCommands';
import { createLanguageService } from '../../server/src/service';
import { connectInProcess, initializeClient, samplesRepeated } from '../server/connection';

interface FakeUri {
  scheme: string;
  path: string;
  fsPath: string;
  fragment: string;
  toString(): string;
}

const state = vi.hoisted(() => ({
  files: [] as FakeUri[],
  /** Sizes of files that are not on disk (another scheme). */
  remote: new Map<string, number>(),
  messages: [] as string[],
  reports: [] as Array<{ message?: string; increment?: number }>,
  /** Every notification's text and progress title and message of the test (messages is cleared within some). */
  shown: [] as string[],
  /** Cancels the run at the first progress message that matches. */
  cancelAt: undefined as RegExp | undefined,
  /** Opens a tab on a file at the first progress message that matches. */
  openAt: undefined as { at: RegExp; uri: unknown } | undefined,
  tabs: [] as unknown[],
  collection: new Map<string, unknown[]>(),
  registered: new Map<string, (...a: unknown[]) => unknown>(),
  tabListeners: [] as Array<(e: { opened: unknown[]; closed: unknown[]; changed: unknown[] }) => void>,
  /** The documents VS Code has handed to extensions (`workspace.textDocuments`). */
  docs: [] as Array<{ uri: unknown }>,
  docListeners: [] as Array<(d: { uri: unknown }) => void>,
  edits: [] as Array<{ uri: string; newText: string }>,
  applied: 0,
  reads: [] as string[],
}));

vi.mock('vscode', async () => {
  const { readFileSync, statSync } = await import('node:fs');
  const nodePath = await import('node:path');
  const basename = (p: string) => nodePath.basename(p);
  const { CancellationTokenSource: Source } = await import('vscode-languageserver-protocol/node');
  const parse = (s: string) => {
    const scheme = s.slice(0, s.indexOf(':'));
    const fragment = s.includes('#') ? s.slice(s.indexOf('#') + 1) : '';
    return { scheme, path: s, fsPath: s, fragment, toString: () => s };
  };
  class Disposable {
    static from(...d: Array<{ dispose(): void }>) {
      return new Disposable(() => d.forEach((x) => x.dispose()));
    }
    constructor(private readonly f: () => void) {}
    dispose() {
      this.f();
    }
  }
  class TabInputText {
    constructor(readonly uri: FakeUri) {}
  }
  class WorkspaceEdit {
    replace(uri: FakeUri, _range: unknown, newText: string) {
      state.edits.push({ uri: uri.toString(), newText });
    }
  }
  class EventEmitter<T> {
    private readonly listeners: Array<(e: T) => void> = [];
    readonly event = (f: (e: T) => void) => {
      this.listeners.push(f);
      return new Disposable(() => this.listeners.splice(this.listeners.indexOf(f), 1));
    };
    fire(e: T) {
      for (const f of [...this.listeners]) f(e);
    }
    dispose() {
      this.listeners.length = 0;
    }
  }
  const none = () => new Disposable(() => undefined);
  const message = async (m: string) => {
    state.messages.push(m);
    state.shown.push(m);
    return undefined;
  };
  return {
    Disposable,
    EventEmitter,
    TabInputText,
    WorkspaceEdit,
    ProgressLocation: { Notification: 15, Window: 10 },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    // A class, for largeFiles.ts's `instanceof vscode.Uri`; the command then takes the active tab's file.
    Uri: class {
      static parse = parse;
    },
    languages: {
      createDiagnosticCollection: () => ({
        set: (uri: FakeUri, d: unknown[]) => state.collection.set(uri.toString(), d),
        delete: (uri: FakeUri) => state.collection.delete(uri.toString()),
        clear: () => state.collection.clear(),
        dispose: () => undefined,
      }),
    },
    commands: {
      registerCommand: (id: string, f: (...a: unknown[]) => unknown) => {
        state.registered.set(id, f);
        return new Disposable(() => state.registered.delete(id));
      },
      executeCommand: async () => undefined,
    },
    workspace: {
      getConfiguration: () => ({ get: (_k: string, d: unknown) => d }),
      findFiles: async () => [...state.files],
      asRelativePath: (uri: FakeUri) => basename(uri.path),
      get textDocuments() {
        return state.docs;
      },
      onDidOpenTextDocument: (f: (d: { uri: unknown }) => void) => {
        state.docListeners.push(f);
        return none();
      },
      createFileSystemWatcher: () => ({ onDidChange: none, dispose: () => undefined }),
      onDidDeleteFiles: none,
      applyEdit: async () => {
        state.applied++;
        return true;
      },
      fs: {
        stat: async (uri: FakeUri) => {
          const remote = state.remote.get(uri.toString());
          if (remote !== undefined) return { size: remote };
          return { size: statSync(uri.fsPath).size };
        },
        readFile: async (uri: FakeUri) => {
          state.reads.push(uri.toString());
          return readFileSync(uri.fsPath);
        },
      },
    },
    window: {
      tabGroups: {
        get all() {
          return [{ tabs: state.tabs }];
        },
        get activeTabGroup() {
          return { activeTab: state.tabs[0] };
        },
        onDidChangeTabs: (f: (e: { opened: unknown[]; closed: unknown[]; changed: unknown[] }) => void) => {
          state.tabListeners.push(f);
          return none();
        },
      },
      showInformationMessage: message,
      showWarningMessage: message,
      showErrorMessage: message,
      withProgress: async (o: { title?: string }, task: (p: unknown, t: unknown) => Promise<unknown>) => {
        if (o.title) state.shown.push(o.title);
        const source = new Source();
        const progress = {
          report: (r: { message?: string; increment?: number }) => {
            state.reports.push(r);
            if (r.message) state.shown.push(r.message);
            if (state.cancelAt && r.message && state.cancelAt.test(r.message)) source.cancel();
            // Opened as VS Code opens a file under 50 MB: in a tab, its document handed over.
            if (state.openAt && r.message && state.openAt.at.test(r.message)) {
              state.tabs.push({ input: new TabInputText(state.openAt.uri as FakeUri) });
              state.docs.push({ uri: state.openAt.uri });
            }
          },
        };
        return task(progress, source.token);
      },
    },
  };
});

const fileUri = (p: string): FakeUri => ({ scheme: 'file', path: p, fsPath: p, fragment: '', toString: () => pathToFileURL(p).toString() });
/** Severity numbers as VS Code's enum has them (LSP's less one), the code's link kept as VS Code's client keeps it. */
const toCode = (d: Diagnostic) => ({
  ...d,
  severity: (d.severity ?? 1) - 1,
  code: d.codeDescription ? { value: d.code, target: { fragment: d.codeDescription.href.split('#')[1] ?? '', toString: () => d.codeDescription!.href } } : d.code,
});

let dir: string;
let small: FakeUri;
let big: FakeUri;
let bigText: string;
let conn: ReturnType<typeof connectInProcess>;
const pushed: PublishDiagnosticsParams[] = [];
/** What the server gives a text, as the Problems view counts it (no hints). */
const shownOf = (uri: string, text: string) =>
  createLanguageService()
    .computeDiagnostics(TextDocument.create(uri, 'cable', 1, text), { isCancellationRequested: false })
    .filter((d) => d.severity !== 4).length;
let expectedSmall = 0;
let expectedBig = 0;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cable-ws-'));
  const smallFile = path.join(dir, 'a-small.cable');
  fs.copyFileSync(path.join(__dirname, '..', '..', 'samples', '08ASTANA2318.cable'), smallFile);
  small = fileUri(smallFile);
  // Over the 20 MB the client reads itself, by a little.
  bigText = samplesRepeated(Math.ceil((21 * 1024 * 1024) / Buffer.byteLength(samplesRepeated(1))));
  const bigFile = path.join(dir, 'b-big export.cable');
  fs.writeFileSync(bigFile, bigText);
  big = fileUri(bigFile);
  expect(fs.statSync(bigFile).size).toBeGreaterThan(20 * 1024 * 1024);
  expectedSmall = shownOf(small.toString(), fs.readFileSync(smallFile, 'utf8'));
  expectedBig = shownOf(big.toString(), bigText);
  expect(expectedBig).toBeGreaterThan(1000);

  conn = connectInProcess({ diagnosticsDelayMs: 0 });
  conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
  // As the extension initializes it: VS Code keeps 1,000 diagnostics per file.
  await initializeClient(conn.client, { initializationOptions: { maxDiagnosticsPerFile: 1000 }, capabilities: { textDocument: { publishDiagnostics: { codeDescriptionSupport: true } } } });
  const client = {
    // largeFiles.ts sends without a token: then none is passed on (it would go as a parameter).
    sendRequest: (method: string, params: object, token?: never) => (token ? conn.client.sendRequest(method, params, token) : conn.client.sendRequest(method, params)),
    protocol2CodeConverter: { asDiagnostics: async (d: Diagnostic[]) => d.map(toCode), asTextEdits: async (e: unknown[]) => e },
  };
  const context = { globalState: { get: () => undefined, update: async () => undefined } };
  const large = registerLargeFiles(() => client as never, context as never);
  registerWorkspaceCommands(() => client as never, large.checks);
}, 240_000);

afterAll(() => {
  conn?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  state.messages = [];
  state.reports = [];
  state.shown = [];
  state.cancelAt = undefined;
  state.openAt = undefined;
  state.tabs = [];
  state.docs = [];
  state.edits = [];
  state.reads = [];
  state.remote.clear();
  pushed.length = 0;
});

// VS Code's notifications (and progress messages) show their text as it is, not as Markdown: a
// command written in backticks would show them.
afterEach(() => {
  expect(state.shown.length).toBeGreaterThan(0);
  expect(state.shown.filter((m) => m.includes('`'))).toEqual([]);
});

const run = (command: string) => state.registered.get(command)!();

describe('Cable: Check Workspace with a closed file over 20 MB', () => {
  it('has the server check it from disk, counts its problems with the others, and names what it left out and why', async () => {
    const remote = { scheme: 'vscode-vfs', path: '/c-remote.cable', fsPath: '/c-remote.cable', fragment: '', toString: () => 'vscode-vfs://github/c-remote.cable' };
    state.remote.set(remote.toString(), 30 * 1024 * 1024);
    const gone = fileUri(path.join(dir, 'd-gone.cable'));
    state.files = [small, big, remote, gone];
    await run('cable.checkWorkspace');

    const total = expectedSmall + expectedBig;
    expect(state.messages).toEqual([
      `Cable: ${total.toLocaleString('en-US')} problems in 2 of 4 cable files. Left out: d-gone.cable (unreadable), c-remote.cable (over 20 MB and not on disk). The Problems view lists at most 1,000 per file (errors first); "cable check" lists every one.`,
    ]);
    // As many as VS Code keeps of a file, the last a note of the rest; the rule links point at the rendered docs.
    const kept = state.collection.get(big.toString()) as Array<{ message: string; code: unknown }>;
    expect(kept).toHaveLength(1000);
    expect(kept[999]!.message).toMatch(/^Not showing [\d,]+ further problems/);
    expect(String((kept[0]!.code as { target: unknown }).target)).toMatch(/^command:cable\.openRuleDoc\?/);
    expect(state.collection.get(small.toString())!.length).toBeGreaterThan(0);
    expect(state.collection.has(remote.toString())).toBe(false);
    // Read by the server, not by the client; published nowhere (the collection is its only place).
    expect(state.reads).toEqual([small.toString()]);
    expect(pushed.filter((p) => p.uri === big.toString())).toEqual([]);
    expect(state.reports.some((r) => /^2 of 4: b-big export\.cable \(21 MB, read from disk by the server\)$/.test(r.message ?? ''))).toBe(true);

    // Cleared as the others are: the file opened in an editor (and handed to the server), and the next run.
    state.docs = [{ uri: big }];
    for (const f of state.tabListeners) f({ opened: [{ input: new (await import('vscode')).TabInputText(big as never) }], closed: [], changed: [] });
    expect(state.collection.has(big.toString())).toBe(false);
    state.files = [small];
    await run('cable.checkWorkspace');
    expect([...state.collection.keys()]).toEqual([small.toString()]);
    expect(state.messages[1]).toBe(`Cable: ${expectedSmall} problems in 1 of 1 cable files.`);
  });

  it('stops when cancelled while the server reads the large file, and says so', async () => {
    const after = path.join(dir, 'e-after.cable');
    fs.copyFileSync(small.fsPath, after);
    state.files = [small, big, fileUri(after)];
    state.cancelAt = /read from disk/;
    await run('cable.checkWorkspace');
    expect(state.messages).toEqual([`Cable: ${expectedSmall} problems in 1 of 3 cable files. Stopped after 2 of 3 files.`]);
    expect(state.collection.has(big.toString())).toBe(false);
    expect(state.collection.has(fileUri(after).toString())).toBe(false);
    expect(pushed.filter((p) => p.uri === big.toString())).toEqual([]);
    fs.rmSync(after);
  });

  it('leaves a file opened in an editor while the server checks it to the editor, as the files open from the start', async () => {
    state.files = [small, big];
    state.openAt = { at: /read from disk/, uri: big };
    await run('cable.checkWorkspace');
    expect(state.messages).toEqual([`Cable: ${expectedSmall} problems in 1 of 2 cable files. 1 file open in an editor shows its own problems, not counted here.`]);
    expect([...state.collection.keys()]).toEqual([small.toString()]);
    state.openAt = undefined;
    state.messages = [];
    state.reports = [];
    await run('cable.checkWorkspace');
    expect(state.messages).toEqual([`Cable: ${expectedSmall} problems in 1 of 2 cable files. 1 file open in an editor shows its own problems, not counted here.`]);
    expect(state.reports.filter((r) => /read from disk/.test(r.message ?? ''))).toHaveLength(0);
  });
});

describe('Cable: Check Workspace with a file in a tab whose document VS Code never handed over (over 50 MB)', () => {
  const tab = async (uri: FakeUri) => ({ input: new (await import('vscode')).TabInputText(uri as never) });
  const tabEvent = (e: { opened?: unknown[]; closed?: unknown[] }) => {
    for (const f of state.tabListeners) f({ opened: [], closed: [], changed: [], ...e });
  };
  const docOpened = (uri: FakeUri) => {
    state.docs.push({ uri });
    for (const f of state.docListeners) f({ uri });
  };
  const published = (uri: FakeUri) => pushed.filter((p) => p.uri === uri.toString()).at(-1)?.diagnostics;

  it('checks it as a closed file, and keeps its problems when a tab opens on it until VS Code hands it over', async () => {
    state.files = [small, big];
    state.tabs = [await tab(big)];
    await run('cable.checkWorkspace');
    expect(state.messages).toEqual([`Cable: ${(expectedSmall + expectedBig).toLocaleString('en-US')} problems in 2 of 2 cable files. The Problems view lists at most 1,000 per file (errors first); "cable check" lists every one.`]);
    expect(state.collection.get(big.toString())).toHaveLength(1000);

    // Another tab on it: still no document, so the server still has nothing of it.
    tabEvent({ opened: [await tab(big)] });
    expect(state.collection.has(big.toString())).toBe(true);
    // A document opened in the background (the refactor preview's) is not diagnosed by the server.
    docOpened(small);
    expect(state.collection.has(small.toString())).toBe(true);
    // Handed over to the tab's editor: the server's diagnostics take over.
    docOpened(big);
    expect(state.collection.has(big.toString())).toBe(false);

    // Shown and synced: left to the server, as any open file.
    state.messages = [];
    await run('cable.checkWorkspace');
    expect(state.messages).toEqual([`Cable: ${expectedSmall} problems in 1 of 2 cable files. 1 file open in an editor shows its own problems, not counted here.`]);
    expect([...state.collection.keys()]).toEqual([small.toString()]);
  });

  it('shows its problems once when "Check it" has the server publish them, and checks it again once its tab is closed', async () => {
    state.files = [small, big];
    state.tabs = [await tab(big)];
    await run('cable.checkWorkspace');
    expect(state.collection.get(big.toString())).toHaveLength(1000);

    // "Check it" (on the active tab): the server publishes its problems; the workspace's copy goes.
    await run('cable.checkLargeFile');
    expect(published(big)).toHaveLength(1000);
    expect(state.collection.has(big.toString())).toBe(false);
    expect(state.messages.at(-1)).toMatch(/^Cable: b-big export\.cable: [\d,]+ cables, [\d,]+ problems .*listed in the Problems panel\./);

    // Check Workspace leaves it to that publication.
    state.messages = [];
    await run('cable.checkWorkspace');
    expect(state.messages).toEqual([`Cable: ${expectedSmall} problems in 1 of 2 cable files. 1 file open in an editor shows its own problems, not counted here.`]);
    expect(state.collection.has(big.toString())).toBe(false);

    // Its tab closed: the server forgets it, and the next run checks it from disk again.
    const closing = state.tabs.splice(0);
    tabEvent({ closed: closing });
    await vi.waitFor(() => expect(published(big)).toEqual([]));
    await run('cable.checkWorkspace');
    expect(state.collection.get(big.toString())).toHaveLength(1000);
  });
});

describe('Cable: Fix All in Workspace with a closed file over 20 MB', () => {
  it('leaves it out, untouched, and says why and what repairs it', async () => {
    const before = fs.statSync(big.fsPath);
    state.files = [small, big];
    await run('cable.fixAllInWorkspace');
    expect(state.edits.length).toBeGreaterThan(0);
    expect(state.edits.every((e) => e.uri === small.toString())).toBe(true);
    expect(state.messages[0]).toMatch(/^Cable: \d+ fixes in 1 files, in the Refactor Preview: .* Left out, over 20 MB \(too large to review here: "cable fix" repairs such a file in place, or split it into parts\): b-big export\.cable \(21 MB\)\.$/);
    expect(fs.statSync(big.fsPath).mtimeMs).toBe(before.mtimeMs);

    state.messages = [];
    state.files = [big];
    await run('cable.fixAllInWorkspace');
    expect(state.messages).toEqual(['Cable: nothing to fix in the other files of the workspace. Left out, over 20 MB (too large to review here: "cable fix" repairs such a file in place, or split it into parts): b-big export.cable (21 MB).']);
  });
});

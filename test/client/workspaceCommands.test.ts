/**
 * "Cable: Check Workspace" and "Cable: Fix All in Workspace" (client/src/workspaceCommands.ts)
 * driven through a stand-in for the VS Code API, against the real language server in process: a
 * closed file over the 20 MB the client reads is checked by the server from disk, its problems go
 * into the workspace's collection and the summary's counts like any closed file's, nothing is
 * published for it, it is cleared as the others are, and cancelling during it stops the run. Fix
 * All leaves such a file out and says so.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PublishDiagnosticsNotification, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
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
  /** Cancels the run at the first progress message that matches. */
  cancelAt: undefined as RegExp | undefined,
  /** Opens a tab on a file at the first progress message that matches. */
  openAt: undefined as { at: RegExp; uri: unknown } | undefined,
  tabs: [] as unknown[],
  collection: new Map<string, unknown[]>(),
  registered: new Map<string, (...a: unknown[]) => unknown>(),
  tabListeners: [] as Array<(e: { opened: unknown[]; closed: unknown[]; changed: unknown[] }) => void>,
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
  const none = () => new Disposable(() => undefined);
  return {
    Disposable,
    TabInputText,
    WorkspaceEdit,
    ProgressLocation: { Notification: 15 },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    Uri: { parse },
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
    },
    workspace: {
      getConfiguration: () => ({ get: (_k: string, d: unknown) => d }),
      findFiles: async () => [...state.files],
      asRelativePath: (uri: FakeUri) => basename(uri.path),
      textDocuments: [],
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
        onDidChangeTabs: (f: (e: { opened: unknown[]; closed: unknown[]; changed: unknown[] }) => void) => {
          state.tabListeners.push(f);
          return none();
        },
      },
      showInformationMessage: async (m: string) => {
        state.messages.push(m);
        return undefined;
      },
      withProgress: async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) => {
        const source = new Source();
        const progress = {
          report: (r: { message?: string; increment?: number }) => {
            state.reports.push(r);
            if (state.cancelAt && r.message && state.cancelAt.test(r.message)) source.cancel();
            if (state.openAt && r.message && state.openAt.at.test(r.message)) state.tabs.push({ input: new TabInputText(state.openAt.uri as FakeUri) });
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
    sendRequest: (method: string, params: object, token: never) => conn.client.sendRequest(method, params, token),
    protocol2CodeConverter: { asDiagnostics: async (d: Diagnostic[]) => d.map(toCode), asTextEdits: async (e: unknown[]) => e },
  };
  registerWorkspaceCommands(() => client as never);
}, 240_000);

afterAll(() => {
  conn?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  state.messages = [];
  state.reports = [];
  state.cancelAt = undefined;
  state.openAt = undefined;
  state.tabs = [];
  state.edits = [];
  state.reads = [];
  state.remote.clear();
  pushed.length = 0;
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
      `Cable: ${total.toLocaleString('en-US')} problems in 2 of 4 cable files (open files show their own). Left out: d-gone.cable (unreadable), c-remote.cable (over 20 MB and not on disk). The Problems view lists at most 1,000 per file (errors first); \`cable check\` lists every one.`,
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

    // Cleared as the others are: the file opened in an editor, and the next run.
    for (const f of state.tabListeners) f({ opened: [{ input: new (await import('vscode')).TabInputText(big as never) }], closed: [], changed: [] });
    expect(state.collection.has(big.toString())).toBe(false);
    state.files = [small];
    await run('cable.checkWorkspace');
    expect([...state.collection.keys()]).toEqual([small.toString()]);
    expect(state.messages[1]).toBe(`Cable: ${expectedSmall} problems in 1 of 1 cable files (open files show their own).`);
  });

  it('stops when cancelled while the server reads the large file, and says so', async () => {
    const after = path.join(dir, 'e-after.cable');
    fs.copyFileSync(small.fsPath, after);
    state.files = [small, big, fileUri(after)];
    state.cancelAt = /read from disk/;
    await run('cable.checkWorkspace');
    expect(state.messages).toEqual([`Cable: ${expectedSmall} problems in 1 of 3 cable files (open files show their own). Stopped after 2 of 3 files.`]);
    expect(state.collection.has(big.toString())).toBe(false);
    expect(state.collection.has(fileUri(after).toString())).toBe(false);
    expect(pushed.filter((p) => p.uri === big.toString())).toEqual([]);
    fs.rmSync(after);
  });

  it('leaves a file opened in an editor while the server checks it to the editor, as the files open from the start', async () => {
    state.files = [small, big];
    state.openAt = { at: /read from disk/, uri: big };
    await run('cable.checkWorkspace');
    expect(state.messages).toEqual([`Cable: ${expectedSmall} problems in 1 of 2 cable files (open files show their own).`]);
    expect([...state.collection.keys()]).toEqual([small.toString()]);
    state.openAt = undefined;
    state.messages = [];
    state.reports = [];
    await run('cable.checkWorkspace');
    expect(state.messages).toEqual([`Cable: ${expectedSmall} problems in 1 of 2 cable files (open files show their own).`]);
    expect(state.reports.filter((r) => /read from disk/.test(r.message ?? ''))).toHaveLength(0);
  });
});

describe('Cable: Fix All in Workspace with a closed file over 20 MB', () => {
  it('leaves it out, untouched, and says why and what repairs it', async () => {
    const before = fs.statSync(big.fsPath);
    state.files = [small, big];
    await run('cable.fixAllInWorkspace');
    expect(state.edits.length).toBeGreaterThan(0);
    expect(state.edits.every((e) => e.uri === small.toString())).toBe(true);
    expect(state.messages[0]).toMatch(/^Cable: \d+ fixes in 1 files, in the Refactor Preview: .* Left out, over 20 MB \(too large to review here: `cable fix FILE` repairs one in place, or split it into parts\): b-big export\.cable \(21 MB\)\.$/);
    expect(fs.statSync(big.fsPath).mtimeMs).toBe(before.mtimeMs);

    state.messages = [];
    state.files = [big];
    await run('cable.fixAllInWorkspace');
    expect(state.messages).toEqual(['Cable: nothing to fix in the other files of the workspace. Left out, over 20 MB (too large to review here: `cable fix FILE` repairs one in place, or split it into parts): b-big export.cable (21 MB).']);
  });
});

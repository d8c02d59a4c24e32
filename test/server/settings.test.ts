/**
 * Settings for editors other than VS Code (README, "Other editors"): everything the extension
 * configures reaches the server through `initializationOptions` and through a pushed
 * `workspace/didChangeConfiguration`, from a client that does not answer `workspace/configuration`.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  WorkspaceSymbolRequest,
  type DocumentSymbol,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { NodeFileSystem } from '../../server/src/service/workspace/nodeFileSystem';
import { readSettings, sectionFromInitializationOptions, settingsProblems } from '../../server/src/service/settings';
import { SAMPLES, SEED } from '../service/helpers';
import { connectInProcess } from './connection';

interface Session {
  pushed: PublishDiagnosticsParams[];
  logs: string[];
  configurationRequests: number;
  conn: ReturnType<typeof connectInProcess>;
  reads: string[];
}

const sessions: Session[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.conn.dispose();
});

/** A client like Helix or a bare Neovim: no `workspace/configuration`, settings given at start. */
async function start(initializationOptions: unknown, folder?: string): Promise<Session> {
  const node = new NodeFileSystem();
  const reads: string[] = [];
  const conn = connectInProcess({
    diagnosticsDelayMs: 0,
    fileSystem: { listCableFiles: (f, t) => node.listCableFiles(f, t), readChunks: (u) => (reads.push(u), node.readChunks(u)) },
  });
  const session: Session = { pushed: [], logs: [], configurationRequests: 0, conn, reads };
  sessions.push(session);
  conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => void session.pushed.push(p));
  conn.client.onNotification(LogMessageNotification.type, (p) => void session.logs.push(p.message));
  conn.client.onRequest(ConfigurationRequest.type, (p) => {
    session.configurationRequests++;
    return p.items.map(() => null);
  });
  conn.client.onRequest(RegistrationRequest.type, () => undefined);
  await conn.client.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: null,
    capabilities: {},
    initializationOptions,
    workspaceFolders: folder ? [{ uri: pathToFileURL(folder).toString(), name: 'ws' }] : null,
  });
  await conn.client.sendNotification(InitializedNotification.type, {});
  return session;
}

const SEED_URI = 'file:///other-editor/seed.cable';

async function openSeed(s: Session): Promise<void> {
  await s.conn.client.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: SEED_URI, languageId: 'cable', version: 1, text: readFileSync(SEED, 'utf8') },
  });
}

/** The severities of the seed's latest pushed diagnostics, by code. */
async function severities(s: Session, after = 0): Promise<Record<string, number[]>> {
  await waitFor(() => s.pushed.slice(after).some((p) => p.uri === SEED_URI));
  const last = s.pushed.filter((p) => p.uri === SEED_URI).at(-1)!;
  const out: Record<string, number[]> = {};
  for (const d of last.diagnostics) (out[String(d.code)] ??= []).push(d.severity!);
  return out;
}

async function paragraphsInOutline(s: Session): Promise<number> {
  const symbols = (await s.conn.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: SEED_URI } })) as DocumentSymbol[];
  let n = 0;
  const walk = (list: DocumentSymbol[]) => list.forEach((x) => (/^\d+\. \(/.test(x.name) && n++, walk(x.children ?? [])));
  walk(symbols);
  return n;
}

describe('settings from initializationOptions', () => {
  it('applies rule severities and the outline cap given as {"cable": {...}}', async () => {
    const plain = await start(undefined);
    await openSeed(plain);
    const defaults = await severities(plain);
    // The seed has a split word (a warning by default) and web-page text.
    expect(defaults['CBL303']).toEqual([2]);
    expect(defaults['CBL401']?.length).toBeGreaterThan(0);
    expect(await paragraphsInOutline(plain)).toBe(10);

    const s = await start({ cable: { rules: { 'split-word': 'error', CBL401: 'off' }, outline: { maxParagraphs: 3 } } });
    await openSeed(s);
    const got = await severities(s);
    expect(got['CBL303']).toEqual([1]);
    expect(got['CBL401']).toBeUndefined();
    expect(got['CBL301']).toEqual(defaults['CBL301']);
    expect(await paragraphsInOutline(s)).toBe(3);
    // Nothing asked the client for settings it cannot give.
    expect(s.configurationRequests).toBe(0);
  });

  it('accepts the VS Code extension\'s shape, {"settings": {...}}', async () => {
    const s = await start({ settings: { rules: { 'split-word': 'hint' } } });
    await openSeed(s);
    expect((await severities(s))['CBL303']).toEqual([4]);
  });

  it('turns the workspace index off, or caps it and workspace symbols', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cable-settings-ws-'));
    for (const id of ['00HARARE5461', '00HARARE6677']) copyFileSync(join(SAMPLES, `${id}.cable`), join(folder, `${id}.cable`));
    const query = async (s: Session, q: string) => ((await s.conn.client.sendRequest(WorkspaceSymbolRequest.type, { query: q })) ?? []).map((x) => x.name);

    const on = await start({ cable: { workspaceSymbols: { maxResults: 1 } } }, folder);
    await waitFor(() => on.reads.length === 2);
    await waitFor(async () => (await query(on, '00HARARE')).length > 0);
    expect(await query(on, '00HARARE')).toHaveLength(1);

    const capped = await start({ cable: { workspaceIndex: { maxFiles: 1 } } }, folder);
    await waitFor(async () => (await query(capped, '00HARARE')).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await query(capped, '00HARARE')).toHaveLength(1);
    expect(capped.reads).toHaveLength(1);

    const off = await start({ cable: { workspaceIndex: { enabled: false } } }, folder);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await query(off, '00HARARE')).toEqual([]);
    expect(off.reads).toEqual([]);
  });

  it('says in the log what it could not use, and keeps the default', async () => {
    const s = await start({ cable: { outline: { maxParagraphs: 'ten' }, workspaceIndex: { enabled: 'yes' }, rules: { 'split-word': 'loud' } } });
    await openSeed(s);
    expect((await severities(s))['CBL303']).toEqual([2]);
    expect(await paragraphsInOutline(s)).toBe(10);
    await waitFor(() => s.logs.some((l) => l.includes('cable.outline.maxParagraphs must be a number of at least 1, not "ten"; using 5000')));
    expect(s.logs.some((l) => l.includes('cable.workspaceIndex.enabled must be true or false, not "yes"'))).toBe(true);
    expect(s.logs.some((l) => l.includes('split-word'))).toBe(true);
  });
});

describe('settings pushed with workspace/didChangeConfiguration', () => {
  it('replaces the settings and re-pushes the diagnostics of open documents', async () => {
    const s = await start({ cable: { rules: { 'split-word': 'error' } } });
    await openSeed(s);
    expect((await severities(s))['CBL303']).toEqual([1]);
    let before = s.pushed.length;
    await s.conn.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { cable: { rules: { 'split-word': 'information' }, outline: { maxParagraphs: 2 } } } });
    await waitFor(() => s.pushed.length > before);
    expect((await severities(s, before))['CBL303']).toEqual([3]);
    expect(await paragraphsInOutline(s)).toBe(2);
    // Back to the defaults: the pushed section is the whole of the settings.
    before = s.pushed.length;
    await s.conn.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { cable: {} } });
    await waitFor(() => s.pushed.length > before);
    expect((await severities(s, before))['CBL303']).toEqual([2]);
    expect(await paragraphsInOutline(s)).toBe(10);
    // A push without a `cable` section (another server's settings) changes nothing.
    before = s.pushed.length;
    await s.conn.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { pyright: { strict: true } } });
    await waitFor(() => s.pushed.length > before);
    expect((await severities(s, before))['CBL303']).toEqual([2]);
    expect(s.configurationRequests).toBe(0);
  });
});

describe('reading the settings', () => {
  it('finds the section in each shape of initializationOptions', () => {
    const section = { rules: { 'split-word': 'error' } };
    expect(sectionFromInitializationOptions({ cable: section })).toBe(section);
    expect(sectionFromInitializationOptions({ settings: section })).toBe(section);
    expect(sectionFromInitializationOptions({ settings: { cable: section } })).toBe(section);
    expect(sectionFromInitializationOptions(undefined)).toBeUndefined();
    expect(sectionFromInitializationOptions(null)).toBeUndefined();
    expect(sectionFromInitializationOptions('cable')).toBeUndefined();
    expect(sectionFromInitializationOptions({ other: 1 })).toBeUndefined();
  });

  it('names every bad value and falls back to the default for it alone', () => {
    const section = { workspaceIndex: { enabled: 1, maxFiles: 0 }, workspaceSymbols: { maxResults: 25 }, outline: { maxParagraphs: -3 } };
    expect(settingsProblems(section)).toEqual([
      'cable.workspaceIndex.enabled must be true or false, not 1; using true',
      'cable.workspaceIndex.maxFiles must be a number of at least 1, not 0; using 100000',
      'cable.outline.maxParagraphs must be a number of at least 1, not -3; using 5000',
    ]);
    expect(readSettings(section)).toMatchObject({ workspaceIndexEnabled: true, workspaceIndexMaxFiles: 100_000, workspaceSymbolsMaxResults: 25, outlineMaxParagraphs: 5000 });
    expect(settingsProblems({ cable: { rules: {} } })).toEqual(['found cable.cable: give the contents of the "cable" section, not the section inside itself']);
    expect(settingsProblems([1])).toEqual(['the cable settings must be an object, not [1]']);
    expect(settingsProblems({})).toEqual([]);
    expect(settingsProblems(null)).toEqual([]);
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not met in time');
}

describe('the outline cap', () => {
  it('cuts the outline at outline.maxParagraphs and says so in the log, once per document and cut', async () => {
    const s = await start({ cable: { outline: { maxParagraphs: 4 } } });
    await openSeed(s);
    expect(await paragraphsInOutline(s)).toBe(4);
    expect(await paragraphsInOutline(s)).toBe(4);
    const message = `outline of ${SEED_URI}: a cable has more than 4 paragraphs (up to 10); the outline shows the first 4 of each (setting cable.outline.maxParagraphs)`;
    await waitFor(() => s.logs.includes(message));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(s.logs.filter((l) => l.startsWith('outline of'))).toEqual([message]);
    // Under the cap: nothing cut, nothing said.
    const quiet = await start({ cable: { outline: { maxParagraphs: 10 } } });
    await openSeed(quiet);
    expect(await paragraphsInOutline(quiet)).toBe(10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(quiet.logs.filter((l) => l.startsWith('outline of'))).toEqual([]);
  });
});

describe('the settings documented for other editors', () => {
  it('are every cable.* setting of the extension that the server reads', () => {
    const root = join(__dirname, '..', '..');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('### Settings', readme.indexOf('## Other editors')), readme.indexOf('### Neovim'));
    // Settings of the VS Code client itself, which never reach the server.
    const clientOnly = ['cable.trace.server', 'cable.checkWorkspace.maxFiles'];
    for (const key of clientOnly) expect(table).toContain(`\`${key}\``);
    const serverKeys = Object.keys(pkg.contributes.configuration.properties).filter((k) => !clientOnly.includes(k));
    expect(serverKeys.length).toBeGreaterThanOrEqual(6);
    for (const key of serverKeys) expect(table, key).toContain(`| \`${key.replace(/^cable\./, '')}\` |`);
  });
});

describe('settings from a client that also answers workspace/configuration', () => {
  async function startPulling(initializationOptions: unknown, answer: unknown): Promise<Session> {
    const conn = connectInProcess({ diagnosticsDelayMs: 0 });
    const session: Session = { pushed: [], logs: [], configurationRequests: 0, conn, reads: [] };
    sessions.push(session);
    conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => void session.pushed.push(p));
    conn.client.onRequest(ConfigurationRequest.type, (p) => {
      session.configurationRequests++;
      return p.items.map(() => answer);
    });
    conn.client.onRequest(RegistrationRequest.type, () => undefined);
    await conn.client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: { workspace: { configuration: true } }, initializationOptions, workspaceFolders: null });
    await conn.client.sendNotification(InitializedNotification.type, {});
    await waitFor(() => session.configurationRequests > 0);
    return session;
  }

  it('keeps the initialization options when the answer is null or {}, and takes a real answer over them', async () => {
    const init = { cable: { rules: { 'split-word': 'error' } } };
    for (const [answer, severity] of [[null, 1], [{}, 1], [{ rules: { 'split-word': 'hint' } }, 4]] as const) {
      const s = await startPulling(init, answer);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await openSeed(s);
      expect((await severities(s))['CBL303'], JSON.stringify(answer)).toEqual([severity]);
    }
    // Without initialization options, {} is the defaults.
    const plain = await startPulling(undefined, {});
    await openSeed(plain);
    expect((await severities(plain))['CBL303']).toEqual([2]);
  });
});

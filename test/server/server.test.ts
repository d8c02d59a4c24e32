import { mkdtempSync, copyFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplyWorkspaceEditRequest,
  CodeActionRequest,
  CompletionRequest,
  ExecuteCommandRequest,
  type ApplyWorkspaceEditParams,
  ConfigurationRequest,
  DefinitionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ReferencesRequest,
  RegistrationRequest,
  WorkspaceSymbolRequest,
  type ClientCapabilities,
  type DocumentSymbol,
  type PublishDiagnosticsParams,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { HAS_SEED, SAMPLES, SEED } from '../service/helpers';
import { connectInProcess } from './connection';

async function initialize(client: ProtocolConnection, capabilities: ClientCapabilities, folder?: string, settings: unknown = {}): Promise<unknown> {
  // The server asks for the `cable` section and registers watchers; answer like an editor.
  client.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => settings));
  client.onRequest(RegistrationRequest.type, () => undefined);
  const result = await client.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: null,
    capabilities,
    workspaceFolders: folder ? [{ uri: pathToFileURL(folder).toString(), name: 'ws' }] : null,
  });
  await client.sendNotification(InitializedNotification.type, {});
  return result;
}

const pushOnly: ClientCapabilities = { workspace: { configuration: true } };
const pullCapable: ClientCapabilities = { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { configuration: true } };

describe.skipIf(!HAS_SEED)('the server over a real connection (push diagnostics)', () => {
  let conn: ReturnType<typeof connectInProcess>;
  const diagnostics: PublishDiagnosticsParams[] = [];
  const seedUri = 'file:///ws/seed.cable';
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'cable-ws-'));
    for (const id of ['00HARARE5461', '00HARARE6677', '09ANKARA1549']) copyFileSync(join(SAMPLES, `${id}.cable`), join(folder, `${id}.cable`));
    conn = connectInProcess({ diagnosticsDelayMs: 0 });
    conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => {
      diagnostics.push(p);
    });
    const result = (await initialize(conn.client, pushOnly, folder)) as { capabilities: Record<string, unknown> };
    expect(result.capabilities['diagnosticProvider']).toBeUndefined();
    expect(result.capabilities).toMatchObject({ hoverProvider: true, documentSymbolProvider: expect.anything(), foldingRangeProvider: true });
    await conn.client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: seedUri, languageId: 'cable', version: 1, text: readFileSync(SEED, 'utf8') },
    });
  });
  afterAll(() => conn.dispose());

  it('answers the outline with the paragraphs of the seed', async () => {
    const symbols = (await conn.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: seedUri } })) as DocumentSymbol[];
    const flat: string[] = [];
    const walk = (list: DocumentSymbol[]) => list.forEach((s) => (flat.push(s.name), walk(s.children ?? [])));
    walk(symbols);
    expect(flat.filter((n) => /^\d+\. \(/.test(n))).toHaveLength(10);
    expect(flat).toContain('5. (SBU) Nazarbayev noted that the current global economic…');
  });

  it('answers hovers on RUEHC, the DTG and (SBU)', async () => {
    const hover = async (line: number, character: number) => {
      const h = await conn.client.sendRequest(HoverRequest.type, { textDocument: { uri: seedUri }, position: { line, character } });
      return (h?.contents as { value: string } | undefined)?.value ?? '';
    };
    expect(await hover(18, 5)).toContain('SECSTATE WASHDC');
    expect(await hover(16, 3)).toContain('2008-11-24T10:54:00Z');
    expect(await hover(48, 6)).toContain('Sensitive But Unclassified');
    expect(await hover(60, 10)).toBe('');
  });

  it('answers folding, definition, references and completion', async () => {
    const folds = await conn.client.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: seedUri } });
    expect(folds?.some((f) => f.startLine === 10 && f.endLine === 31)).toBe(true);
    const def = await conn.client.sendRequest(DefinitionRequest.type, { textDocument: { uri: seedUri }, position: { line: 29, character: 2 } });
    expect(Array.isArray(def) && def.length).toBe(2);
    const refs = await conn.client.sendRequest(ReferencesRequest.type, { textDocument: { uri: seedUri }, position: { line: 18, character: 4 }, context: { includeDeclaration: true } });
    expect(refs?.map((l) => l.range.start.line)).toEqual([18]);
    const completion = await conn.client.sendRequest(CompletionRequest.type, { textDocument: { uri: seedUri }, position: { line: 41, character: 6 } });
    expect(completion && 'items' in completion && completion.items.length).toBeGreaterThan(100);
  });

  it('pushes diagnostics on open and again after a change', async () => {
    await waitFor(() => diagnostics.some((d) => d.uri === seedUri));
    const first = diagnostics.filter((d) => d.uri === seedUri).at(-1)!;
    expect(Array.isArray(first.diagnostics)).toBe(true);
    console.log(`[server] pushed ${first.diagnostics.length} diagnostics for the seed: ${first.diagnostics.map((d) => d.code).join(', ')}`);
    const before = diagnostics.length;
    await conn.client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: seedUri, version: 2 },
      contentChanges: [{ range: { start: { line: 16, character: 0 }, end: { line: 16, character: 0 } }, text: '' }],
    });
    await waitFor(() => diagnostics.length > before);
    expect(diagnostics.at(-1)!.version).toBe(2);
  });

  it('indexes the workspace folder and follows settings changes', async () => {
    const ids = async () => ((await conn.client.sendRequest(WorkspaceSymbolRequest.type, { query: '0' })) ?? []).map((s) => s.name).filter((n) => /^\d\d[A-Z]+\d+$/.test(n));
    await waitFor(async () => (await ids()).length >= 4);
    // Three files on disk, and the open seed (not on disk) from the editor's text.
    expect((await ids()).sort()).toEqual(['00HARARE5461', '00HARARE6677', '08ASTANA2318', '09ANKARA1549']);
    await conn.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { cable: { workspaceSymbols: { maxResults: 1 } } } });
    await waitFor(async () => ((await conn.client.sendRequest(WorkspaceSymbolRequest.type, { query: 'HARARE' })) ?? []).length === 1);
  });

  it('applies rule severities from the settings and re-pushes the diagnostics', async () => {
    const codes = () => diagnostics.filter((d) => d.uri === seedUri).at(-1)!.diagnostics.map((d) => d.code);
    await waitFor(() => codes().includes('CBL401'));
    const before = diagnostics.length;
    await conn.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { cable: { rules: { CBL401: 'off' } } } });
    await waitFor(() => diagnostics.length > before && !codes().includes('CBL401'));
    expect(codes().length).toBeGreaterThan(0);
    await conn.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { cable: {} } });
    await waitFor(() => codes().includes('CBL401'));
  });

  it('offers quick fixes and runs "Fix all problems" through workspace/applyEdit', async () => {
    const current = diagnostics.filter((d) => d.uri === seedUri).at(-1)!.diagnostics;
    const actions = await conn.client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: seedUri },
      range: current[0]!.range,
      context: { diagnostics: current },
    });
    expect(actions?.length).toBeGreaterThan(0);
    const edits: ApplyWorkspaceEditParams[] = [];
    const disposable = conn.client.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
      edits.push(p);
      return { applied: true };
    });
    const result = (await conn.client.sendRequest(ExecuteCommandRequest.type, { command: 'cable.fixAll', arguments: [seedUri] })) as { applied: boolean; edits: number };
    disposable.dispose();
    expect(result.applied).toBe(true);
    expect(result.edits).toBeGreaterThan(0);
    expect(Object.keys(edits[0]!.edit.changes!)).toEqual([seedUri]);
  });

  it('survives binary junk and requests on unknown documents', async () => {
    await conn.client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: 'file:///ws/junk.cable', languageId: 'cable', version: 1, text: '\u0000\u0007\uFFFD RUEH #/ (S'.repeat(5000) },
    });
    const symbols = await conn.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: 'file:///ws/junk.cable' } });
    expect(Array.isArray(symbols)).toBe(true);
    expect(await conn.client.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///nowhere.cable' }, position: { line: 0, character: 0 } })).toBeNull();
    expect(await conn.client.sendRequest(HoverRequest.type, { textDocument: { uri: seedUri }, position: { line: 9999, character: 9999 } })).toBeNull();
  });
});

describe.skipIf(!HAS_SEED)('the server over a real connection (pull diagnostics)', () => {
  it('serves textDocument/diagnostic and pushes nothing to a client that pulls', async () => {
    const conn = connectInProcess({ diagnosticsDelayMs: 0 });
    const pushed: PublishDiagnosticsParams[] = [];
    conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => {
      pushed.push(p);
    });
    const result = (await initialize(conn.client, pullCapable)) as { capabilities: Record<string, unknown> };
    expect(result.capabilities['diagnosticProvider']).toMatchObject({ interFileDependencies: false });
    const uri = 'file:///pull/seed.cable';
    await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text: readFileSync(SEED, 'utf8') } });
    const report = await conn.client.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    expect(report.kind).toBe('full');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pushed).toEqual([]);
    conn.dispose();
  });

  it("links each diagnostic to its rule's page only for a client that shows such links (codeDescriptionSupport)", async () => {
    const linksOf = async (capabilities: ClientCapabilities) => {
      const conn = connectInProcess({ diagnosticsDelayMs: 0 });
      const pushed: PublishDiagnosticsParams[] = [];
      conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => {
        pushed.push(p);
      });
      await initialize(conn.client, capabilities);
      const uri = 'file:///links/seed.cable';
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text: readFileSync(SEED, 'utf8') } });
      await waitFor(() => pushed.length > 0);
      conn.dispose();
      const diagnostics = pushed.at(-1)!.diagnostics;
      expect(diagnostics.length).toBeGreaterThan(0);
      return diagnostics.map((d) => d.codeDescription?.href);
    };
    const shown = await linksOf({ textDocument: { publishDiagnostics: { codeDescriptionSupport: true } } });
    expect(shown.every((href) => typeof href === 'string' && /rules\.md#cbl\d+-/.test(href))).toBe(true);
    expect(await linksOf({ textDocument: { publishDiagnostics: {} } })).toEqual(shown.map(() => undefined));
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

describe.skipIf(!HAS_SEED)("the client's folding rangeLimit", () => {
  it('is honoured: VS Code asks for at most 5,000, and the server sends no more than the client takes', async () => {
    const conn = connectInProcess({ diagnosticsDelayMs: 0 });
    try {
      await initialize(conn.client, { textDocument: { foldingRange: { rangeLimit: 3 } }, workspace: { configuration: true } });
      const uri = 'file:///ws/limited.cable';
      await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text: readFileSync(SEED, 'utf8') } });
      const folds = await conn.client.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
      // The three VS Code would keep of the whole answer: the first by line of those nested in nothing.
      expect(folds?.map((f) => [f.startLine, f.endLine])).toEqual([
        [0, 6],
        [7, 8],
        [10, 31],
      ]);
    } finally {
      conn.dispose();
    }
  });
});

describe.skipIf(!HAS_SEED)('a client that keeps so many diagnostics per file (VS Code: 1,000)', () => {
  const open = async (capabilities: ClientCapabilities) => {
    const conn = connectInProcess({ diagnosticsDelayMs: 0 });
    const pushed: PublishDiagnosticsParams[] = [];
    conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
    conn.client.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({})));
    conn.client.onRequest(RegistrationRequest.type, () => undefined);
    await conn.client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities, initializationOptions: { maxDiagnosticsPerFile: 3 } });
    await conn.client.sendNotification(InitializedNotification.type, {});
    const uri = 'file:///ws/kept.cable';
    await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text: readFileSync(SEED, 'utf8') } });
    return { conn, pushed, uri };
  };
  const check = (items: ReadonlyArray<{ severity?: number; message: unknown }>) => {
    expect(items).toHaveLength(3);
    // The seed's warnings come before its hints and information; the note takes the last place.
    expect(items.slice(0, 2).every((d) => d.severity === 2)).toBe(true);
    expect(String(items[2]!.message)).toMatch(/^Not showing \d+ further problems: the editor keeps 3 per file/);
  };

  it('is sent only those (pushed), chosen as VS Code chooses, with a note of the rest', async () => {
    const { conn, pushed, uri } = await open(pushOnly);
    try {
      for (let i = 0; i < 100 && !pushed.some((p) => p.uri === uri); i++) await new Promise((r) => setTimeout(r, 50));
      check(pushed.find((p) => p.uri === uri)!.diagnostics);
    } finally {
      conn.dispose();
    }
  });

  it('is answered only those (pulled)', async () => {
    const { conn, uri } = await open(pullCapable);
    try {
      const report = await conn.client.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      check((report as { items: Array<{ severity?: number; message: unknown }> }).items);
    } finally {
      conn.dispose();
    }
  });
});

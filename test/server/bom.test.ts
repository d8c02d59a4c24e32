/**
 * A text sent with a BOM: LSP counts positions in UTF-16 code units of the text as the client has
 * it, the BOM being line 0's first character, while the model leaves it out of the lines. Every
 * position on line 0 the server sends counts it, every one it receives is read so, and nothing
 * else moves. (VS Code, Neovim and Emacs strip a file's BOM before sending: this is a client that
 * does not, or a file whose BOM was doubled.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  InlayHintRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ReferencesRequest,
  SemanticTokensRequest,
  type CodeAction,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type Position,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { SAMPLES } from '../service/helpers';
import { createLanguageService } from '../../server/src/service';
import { SLICED_LINES } from '../../server/src/service/modelCache';
import { connectInProcess, initializeClient, samplesExport, waitFor } from './connection';

const BOM = '\ufeff';
const sample = readFileSync(join(SAMPLES, '08ASTANA2318.cable'), 'utf8').split('\n');
/**
 * A cable that starts at its banner, damaged on line 0 (`SCTION`): a diagnostic with a quick fix,
 * the banner's symbol, its hover and its colour there; and a character lost in paragraph 1.
 */
const BANNER = sample.slice(33, 80).join('\n').replace('UNCLAS SECTION', 'UNCLAS SCTION').replace('but unclassified', 'but unclass\ufffdified');
/** A cable that starts at its routing, line 0 `VZCZCXRO7869 RUEHXX` and a control character: two tokens to hover side by side, a diagnostic past them. */
const ROUTING = [`${sample[10]} RUEHXX\u0007`, ...sample.slice(11, 80)].join('\n');

/** `value` with every position on line 0 one character further: what the text with a BOM should be answered, from the answer without it. */
function plusBom<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => {
    const p = v as Position | null;
    return p && typeof p === 'object' && p.line === 0 && typeof p.character === 'number' ? { ...p, character: p.character + 1 } : v;
  }) as T;
}

/** Semantic tokens of the text with a BOM, from those without: only the first token's start, when it is on line 0, is counted from the line's start. */
function tokensPlusBom(data: number[]): number[] {
  const out = data.slice();
  if (out.length >= 5 && out[0] === 0) out[1]!++;
  return out;
}

function flatSymbols(symbols: DocumentSymbol[] | null): unknown[] {
  const out: unknown[] = [];
  const walk = (list: DocumentSymbol[]) => list.forEach((s) => (out.push({ name: s.name, range: s.range, selectionRange: s.selectionRange }), walk(s.children ?? [])));
  walk(symbols ?? []);
  return out;
}

let conn: ReturnType<typeof connectInProcess>;
let pushed: PublishDiagnosticsParams[];
let logs: string[];
let uris = 0;

beforeEach(async () => {
  conn = connectInProcess({ diagnosticsDelayMs: 0 });
  pushed = [];
  logs = [];
  conn.client.onNotification(PublishDiagnosticsNotification.type, (p) => void pushed.push(p));
  conn.client.onNotification(LogMessageNotification.type, (p) => void logs.push(p.message));
  await initializeClient(conn.client, { capabilities: { workspace: { configuration: true } } });
});
afterEach(() => {
  // A handler that threw answers its fallback and says so in the log: no request may have.
  expect(logs.filter((l) => /failed/.test(l))).toEqual([]);
  conn.dispose();
});

async function open(text: string): Promise<string> {
  const uri = `file:///bom/doc-${++uris}.cable`;
  await conn.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
  return uri;
}

/** The diagnostics the server pushed for this version. */
async function published(uri: string, version: number): Promise<Diagnostic[]> {
  await waitFor(() => pushed.some((p) => p.uri === uri && p.version === version));
  return pushed.filter((p) => p.uri === uri && p.version === version).at(-1)!.diagnostics;
}

const hoverAt = (uri: string, line: number, character: number) => conn.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } }) as Promise<Hover | null>;

/** What the server answers with positions for the document: diagnostics, outline, hovers on line 0 (at `line0`, in the document's own characters) and on line 5, colours, inlay hints, links, folding. */
async function answers(uri: string, version: number, line0: number[], lines: number) {
  const textDocument = { uri };
  const hovers: (Hover | null)[] = [];
  for (const c of line0) hovers.push(await hoverAt(uri, 0, c));
  return {
    diagnostics: await published(uri, version),
    symbols: flatSymbols((await conn.client.sendRequest(DocumentSymbolRequest.type, { textDocument })) as DocumentSymbol[] | null),
    hovers,
    later: await hoverAt(uri, 5, 2),
    tokens: (await conn.client.sendRequest(SemanticTokensRequest.type, { textDocument }))?.data ?? [],
    hints: await conn.client.sendRequest(InlayHintRequest.type, { textDocument, range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } } }),
    links: await conn.client.sendRequest(DocumentLinkRequest.type, { textDocument }),
    folding: await conn.client.sendRequest(FoldingRangeRequest.type, { textDocument }),
  };
}

/** The answers for `text` (which may start with a BOM), and those for the same text without its BOM, moved on line 0 where it has one. */
async function answersAndExpected(uri: string, version: number, text: string) {
  const bom = text.startsWith(BOM);
  const plain = bom ? text.slice(1) : text;
  const length = text.split(/\r\n|\r|\n/)[0]!.length;
  const lines = text.split(/\r\n|\r|\n/).length;
  const at = Array.from({ length: length + 1 }, (_, c) => c);
  const got = await answers(uri, version, at, lines);
  const ref = await open(plain);
  // The same characters of the text: a BOM-counted position is one more on line 0 (and before the BOM is its first character's place).
  const want = await answers(ref, 1, bom ? at.map((c) => Math.max(0, c - 1)) : at, lines);
  await conn.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: ref } });
  return { got, want: bom ? { ...plusBom(want), tokens: tokensPlusBom(want.tokens) } : want, plain: want };
}

describe('a document sent with a BOM', () => {
  it('has its diagnostic, hover, symbol and colour on line 0 counted with the BOM, and the rest as without it', async () => {
    const withBom = await open(BOM + BANNER);
    const without = await open(BANNER);
    const diagnostics = await published(withBom, 1);
    const plainDiagnostics = await published(without, 1);
    // The damaged banner: from the banner's first character (the BOM is character 0) to its end.
    const banner = diagnostics.find((d) => d.code === 'CBL153')!;
    expect(banner.range).toEqual({ start: { line: 0, character: 1 }, end: { line: 0, character: 1 + BANNER.split('\n')[0]!.trimEnd().length } });
    expect(plainDiagnostics.find((d) => d.code === 'CBL153')!.range.start).toEqual({ line: 0, character: 0 });
    // One less on line 0 without the BOM, the same elsewhere (none of the others is on line 0).
    expect(diagnostics).toEqual(plusBom(plainDiagnostics));
    expect(diagnostics.filter((d) => d.range.start.line > 0)).toEqual(plainDiagnostics.filter((d) => d.range.start.line > 0));
    expect(diagnostics.filter((d) => d.range.start.line > 0).length).toBeGreaterThan(0);

    // The banner's symbol: its selection is the classification word, `UNCLAS`, at characters 1-7.
    const symbols = flatSymbols((await conn.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: withBom } })) as DocumentSymbol[]) as { name: string; selectionRange: unknown }[];
    expect(symbols.find((s) => s.name.startsWith('UNCLAS SECTION'))!.selectionRange).toEqual({ start: { line: 0, character: 1 }, end: { line: 0, character: 7 } });
    const plainSymbols = flatSymbols((await conn.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: without } })) as DocumentSymbol[]);
    expect(symbols).toEqual(plusBom(plainSymbols));

    // `UNCLAS` is characters 1-6 with the BOM: hovered at its last letter, the banner word answers.
    const hover = await hoverAt(withBom, 0, 6);
    const plainHover = await hoverAt(without, 0, 5);
    expect(hover?.range).toEqual({ start: { line: 0, character: 1 }, end: { line: 0, character: 7 } });
    expect(hover?.contents).toEqual(plainHover?.contents);

    // The banner's colour starts at character 1; the tokens after it are counted from it or their own line.
    const tokens = (await conn.client.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: withBom } }))!.data;
    const plainTokens = (await conn.client.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: without } }))!.data;
    expect(tokens.slice(0, 2)).toEqual([0, 1]);
    expect(tokens).toEqual(tokensPlusBom(plainTokens));
    expect(tokens.slice(2)).toEqual(plainTokens.slice(2));
  });

  it('reads a hover asked at a BOM-counted position: the token under it, not the one a character on', async () => {
    const withBom = await open(BOM + ROUTING);
    const line0 = (BOM + ROUTING).split('\n')[0]!;
    // `VZCZC` is characters 1-5 and `XRO7869` 6-12 with the BOM.
    const vzczc = await hoverAt(withBom, 0, line0.indexOf('VZCZC') + 4);
    const xro = await hoverAt(withBom, 0, line0.indexOf('XRO7869'));
    expect(vzczc?.range).toEqual({ start: { line: 0, character: 1 }, end: { line: 0, character: 6 } });
    expect(xro?.range).toEqual({ start: { line: 0, character: 6 }, end: { line: 0, character: 13 } });
    const control = (await published(withBom, 1)).find((d) => d.code === 'CBL403')!;
    expect(control.range.start).toEqual({ line: 0, character: line0.indexOf('\u0007') });
  });

  it('answers everything with positions as for the text without its BOM, moved one character on line 0', async () => {
    for (const text of [BANNER, ROUTING, BANNER.replace(/\n/g, '\r\n')]) {
      const uri = await open(BOM + text);
      const { got, want, plain } = await answersAndExpected(uri, 1, BOM + text);
      expect(got).toEqual(want);
      // Line 0 has something to move.
      expect(JSON.stringify(plain)).not.toEqual(JSON.stringify(want));
    }
  });

  it('reads a code action request and answers its quick fix with the BOM counted', async () => {
    const uri = await open(BOM + BANNER);
    const banner = (await published(uri, 1)).find((d) => d.code === 'CBL153')!;
    const actions = (await conn.client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: banner.range, context: { diagnostics: [banner], only: ['quickfix'] } })) as CodeAction[];
    const fix = actions.find((a) => a.kind === 'quickfix' && a.isPreferred)!;
    expect(fix.diagnostics).toEqual([banner]);
    // `SCTION` is characters 8-14 with the BOM.
    const at = (BOM + BANNER).indexOf('SCTION');
    expect(fix.edit!.changes![uri]).toEqual([{ range: { start: { line: 0, character: at }, end: { line: 0, character: at + 6 } }, newText: 'SECTION' }]);
    // Applied to the text as the client has it, the banner reads right and the BOM stays.
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'cable', 1, BOM + BANNER), fix.edit!.changes![uri]!);
    expect(fixed.split('\n')[0]).toBe(BOM + BANNER.split('\n')[0]!.replace('SCTION', 'SECTION'));
    // Fix All's edits are made on the text as the client has it (codeActions/byCable.ts): not moved again.
    const all = (await conn.client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: banner.range, context: { diagnostics: [], only: ['source.fixAll'] } })) as CodeAction[];
    const edits = all.find((a) => a.kind === 'source.fixAll.cable')!.edit!.changes![uri]!;
    expect(TextDocument.applyEdits(TextDocument.create(uri, 'cable', 1, BOM + BANNER), edits).split('\n')[0]).toBe(BOM + BANNER.split('\n')[0]!.replace('SCTION', 'SECTION'));
  });

  it('does not fail on a BOM alone, a BOM before an empty line 0, or a BOM between line ends', async () => {
    // A doubled BOM (the editor strips one, sends the other): the second is text, line 0's second character.
    for (const text of [BOM, `${BOM}\n${BANNER}`, `${BOM}\r\n\r${ROUTING}`, `${BOM}${BOM}${BANNER}`]) {
      const uri = await open(text);
      if (text.startsWith(BOM + BOM)) {
        const got = await answers(uri, 1, [0, 1, 2, 3, 7], 50);
        expect(got.symbols.length).toBeGreaterThan(0);
      } else {
        const { got, want } = await answersAndExpected(uri, 1, text);
        expect(got, JSON.stringify(text.slice(0, 12))).toEqual(want);
      }
      const textDocument = { uri };
      for (const position of [
        { line: 0, character: 0 },
        { line: 0, character: 1 },
        { line: 0, character: 5 },
        { line: 1, character: 0 },
      ]) {
        await conn.client.sendRequest(CompletionRequest.type, { textDocument, position });
        await conn.client.sendRequest(DefinitionRequest.type, { textDocument, position });
        await conn.client.sendRequest(ReferencesRequest.type, { textDocument, position, context: { includeDeclaration: true } });
      }
      await conn.client.sendRequest(CodeActionRequest.type, { textDocument, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, context: { diagnostics: [] } });
    }
  });
});

describe('edits on line 0 of a document with a BOM', () => {
  it('keep its positions right: typed before the BOM, right after it, at the end of the line, the BOM deleted and typed again', async () => {
    const text = BOM + BANNER;
    const uri = await open(text);
    let doc = TextDocument.create(uri, 'cable', 1, text);
    const line0 = () => doc.getText().split('\n')[0]!;
    const zero = { line: 0, character: 0 };
    const one = { line: 0, character: 1 };
    const steps: { what: string; change: () => TextDocumentContentChangeEvent; bom: boolean }[] = [
      { what: 'typed before the BOM', change: () => ({ range: { start: zero, end: zero }, text: 'Q' }), bom: false },
      { what: 'that deleted', change: () => ({ range: { start: zero, end: one }, text: '' }), bom: true },
      { what: 'typed right after the BOM', change: () => ({ range: { start: one, end: one }, text: 'Z' }), bom: true },
      { what: 'that deleted', change: () => ({ range: { start: one, end: { line: 0, character: 2 } }, text: '' }), bom: true },
      { what: 'typed in the banner (`SCTION` mended)', change: () => ({ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } }, text: 'E' }), bom: true },
      { what: 'typed at the end of line 0', change: () => ({ range: { start: { line: 0, character: line0().length }, end: { line: 0, character: line0().length } }, text: ' X' }), bom: true },
      { what: 'that deleted', change: () => ({ range: { start: { line: 0, character: line0().length - 2 }, end: { line: 0, character: line0().length } }, text: '' }), bom: true },
      { what: 'the BOM deleted', change: () => ({ range: { start: zero, end: one }, text: '' }), bom: false },
      { what: 'the BOM typed again', change: () => ({ range: { start: zero, end: zero }, text: BOM }), bom: true },
      { what: 'a line break typed after the banner word', change: () => ({ range: { start: { line: 0, character: 7 }, end: { line: 0, character: 8 } }, text: '\n' }), bom: true },
      { what: 'that joined again', change: () => ({ range: { start: { line: 0, character: 7 }, end: { line: 1, character: 0 } }, text: ' ' }), bom: true },
    ];
    let version = 1;
    for (const step of steps) {
      const change = step.change();
      version++;
      doc = TextDocument.update(doc, [change], version);
      await conn.client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
      expect(doc.getText().startsWith(BOM), step.what).toBe(step.bom);
      const { got, want } = await answersAndExpected(uri, version, doc.getText());
      expect(got, step.what).toEqual(want);
    }
    // Back where it began, the banner fixed by the steps: the diagnostic is gone, the symbol and hover count the BOM.
    expect(doc.getText()).toBe(BOM + BANNER.replace('SCTION', 'SECTION'));
    const last = await published(uri, version);
    expect(last.find((d) => d.code === 'CBL153')).toBeUndefined();
    expect((await hoverAt(uri, 0, 6))?.range).toEqual({ start: { line: 0, character: 1 }, end: { line: 0, character: 7 } });
  });
});

describe('a long first analysis of a document with a BOM', () => {
  it('pushes the diagnostics of the cables read so far with the BOM counted, as the complete set has them', async () => {
    const partial = connectInProcess({ diagnosticsDelayMs: 0, partialDiagnosticsMs: 60 });
    const early: PublishDiagnosticsParams[] = [];
    partial.client.onNotification(PublishDiagnosticsNotification.type, (p) => void early.push(p));
    try {
      await initializeClient(partial.client);
      const uri = 'file:///bom/long.cable';
      const text = `${BOM}${BANNER}\n\n${samplesExport(SLICED_LINES * 16)}`;
      const never = { isCancellationRequested: false };
      const expected = createLanguageService().computeDiagnostics(TextDocument.create(uri, 'cable', 1, text), never);
      expect(expected[0]!.range.start).toEqual({ line: 0, character: 1 });
      await partial.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text } });
      await waitFor(() => early.length > 0 && early.at(-1)!.diagnostics.length === expected.length);
      const soFar = early.slice(0, -1).filter((p) => p.diagnostics.length > 0);
      expect(soFar.length).toBeGreaterThan(0);
      for (const p of soFar) expect(JSON.parse(JSON.stringify(p.diagnostics))).toEqual(JSON.parse(JSON.stringify(expected.slice(0, p.diagnostics.length))));
      expect(JSON.parse(JSON.stringify(early.at(-1)!.diagnostics))).toEqual(JSON.parse(JSON.stringify(expected)));
    } finally {
      partial.dispose();
    }
  });
});

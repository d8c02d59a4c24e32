#!/usr/bin/env node
// The floor under the server's figures (scripts/bench.mjs): a language server that only keeps the
// text, as vscode-languageserver's own TextDocuments does, and answers nothing. Whatever it takes
// to answer a request just after a large `didOpen`, and whatever memory it peaks at, is the cost
// of receiving one JSON-RPC message that carries the whole text, which no analysis can go under.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } = require('vscode-languageserver/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, hoverProvider: true, completionProvider: {}, foldingRangeProvider: true, documentSymbolProvider: true },
}));
// The line offsets are what any server computes first: a position in a request means nothing without them.
const publish = (document) => {
  document.positionAt(document.getText().length);
  connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [] });
};
documents.onDidChangeContent((e) => publish(e.document));
connection.onHover(() => null);
connection.onCompletion(() => []);
connection.onFoldingRanges(() => []);
connection.onDocumentSymbol(() => []);
documents.listen(connection);
connection.listen();

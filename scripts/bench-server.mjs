// Benchmarks the language service: hover, outline and workspace-symbol latencies (median and
// 99th percentile) on the corpus and on a 5 MB file of concatenated cables, next to a baseline
// measured in the same run (the bare parse of the same text), so the ratios travel between
// machines. Also times hover and outline through the real server (dist/server.js over stdio).
// Run: npm run bench:server   (needs ../shared/corpus, or CABLE_CORPUS=DIR)
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.env.CABLE_CORPUS ?? join(root, '..', 'shared', 'corpus');
if (!existsSync(corpus)) {
  console.error(`bench-server: no corpus at ${corpus} (set CABLE_CORPUS)`);
  process.exit(2);
}

// The service is TypeScript; bundle it (with the parser) into one module for this run.
const out = join(mkdtempSync(join(tmpdir(), 'cable-bench-')), 'service.cjs');
await build({
  stdin: {
    contents: `export { createLanguageService } from './server/src/service';
               export { NodeFileSystem } from './server/src/service/workspace/nodeFileSystem';
               export { parseCable } from './server/src/parser';
               export { TextDocument } from 'vscode-languageserver-textdocument';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: out,
  logLevel: 'warning',
});
const require = createRequire(import.meta.url);
const { createLanguageService, NodeFileSystem, parseCable, TextDocument } = require(out);

const token = { isCancellationRequested: false };
const now = () => Number(process.hrtime.bigint()) / 1e6;
function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median: q(0.5), p99: q(0.99) };
}
const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
function row(label, samples, baseline) {
  const st = stats(samples);
  const ratio = baseline ? `  (${(st.median / baseline).toFixed(2)}× parse)` : '';
  console.log(`  ${label.padEnd(44)} n=${String(st.n).padStart(6)}  median ${fmt(st.median).padStart(10)}  p99 ${fmt(st.p99).padStart(10)}${ratio}`);
  return st;
}

/** Places worth hovering: routing indicators, the DTG, markings, TAGS codes, page markers. */
function hoverPositions(model) {
  const pos = [];
  for (const c of model.cables) {
    const r = c.routing;
    for (const d of r?.delivery ?? []) for (const i of d.indicators.slice(0, 3)) pos.push(i.range.start);
    if (r?.de?.julianDay) pos.push(r.de.julianDay.range.start);
    if (r?.dtg) pos.push(r.dtg.range.start);
    for (const a of (r?.addressees ?? []).slice(0, 3)) if (a.routingIndicator) pos.push(a.routingIndicator.range.start);
    for (const t of c.tags?.codes ?? []) pos.push(t.range.start);
    for (const p of c.body.paragraphs.slice(0, 5)) if (p.marking) pos.push(p.marking.range.start);
    for (const m of c.body.pageMarkers) pos.push(m.range.start);
  }
  return pos;
}

const files = readdirSync(corpus).filter((f) => f.endsWith('.cable')).sort();
const texts = files.map((f) => readFileSync(join(corpus, f), 'utf8'));

function benchDocs(title, docs, extra = () => {}) {
  console.log(`\n${title}`);
  const parse = [];
  for (const d of docs) {
    const t0 = now();
    parseCable(d.getText());
    parse.push(now() - t0);
  }
  const base = row('baseline: bare parse (parseCable)', parse).median;
  const svc = createLanguageService();
  const outlineCold = [];
  const outlineWarm = [];
  const hover = [];
  for (const d of docs) {
    let t0 = now();
    svc.getDocumentSymbols(d, token); // parses: a new version
    outlineCold.push(now() - t0);
    t0 = now();
    svc.getDocumentSymbols(d, token); // same version: the model is cached
    outlineWarm.push(now() - t0);
    for (const p of hoverPositions(svc.getModel(d))) {
      t0 = now();
      svc.getHover(d, p, token);
      hover.push(now() - t0);
    }
  }
  row('outline, new version (parse + symbols)', outlineCold, base);
  row('outline, same version (cached model)', outlineWarm, base);
  row('hover (cached model)', hover, base);
  extra(svc, base);
}

console.log(`Cable Text language-service benchmark — ${files.length} corpus cables, Node ${process.version}`);
benchDocs(
  'Corpus: one document per cable',
  texts.map((t, i) => TextDocument.create(pathToFileURL(join(corpus, files[i])).toString(), 'cable', 1, t)),
);

// A 5 MB export: the corpus concatenated (and repeated) until it reaches 5 MB.
const parts = [];
let size = 0;
for (let i = 0; size < 5 * 1024 * 1024; i++) {
  const t = texts[i % texts.length];
  parts.push(t);
  size += Buffer.byteLength(t);
}
const big = parts.join('\n');
const bigFile = join(dirname(out), 'export-5mb.cable');
writeFileSync(bigFile, big);
const bigDocs = Array.from({ length: 5 }, (_, v) => TextDocument.create(pathToFileURL(bigFile).toString(), 'cable', v + 1, big));
benchDocs(`One ${(Buffer.byteLength(big) / 1048576).toFixed(1)} MB file of ${parts.length} concatenated cables (5 versions)`, bigDocs);

// Workspace symbols: index the corpus folder from disk, then query.
console.log('\nWorkspace symbols over the corpus folder');
const ws = createLanguageService({ fileSystem: new NodeFileSystem() });
let t0 = now();
await ws.setWorkspaceFolders([pathToFileURL(corpus).toString()]);
const indexMs = now() - t0;
const parseAll = texts.reduce((sum, t) => {
  const s = now();
  parseCable(t);
  return sum + now() - s;
}, 0);
console.log(`  index ${ws.indexStats().parsed} files from disk: ${fmt(indexMs)} (bare parse of the same files: ${fmt(parseAll)}, ${(indexMs / parseAll).toFixed(2)}×)`);
const queries = ['', 'astana', '08ASTANA2318', 'madrid', 'nazarbayev', 'iran nuclear', '09st', 'visit', 'x', 'oil'];
const wsTimes = [];
for (let round = 0; round < 30; round++) {
  for (const q of queries) {
    t0 = now();
    ws.getWorkspaceSymbols(q, token);
    wsTimes.push(now() - t0);
  }
}
const seedParse = stats(texts.map((t) => {
  const s = now();
  parseCable(t);
  return now() - s;
})).median;
row('workspace/symbol query', wsTimes, seedParse);

// Through the real server over stdio: what an editor waits for, JSON-RPC included.
const serverJs = join(root, 'dist', 'server.js');
if (existsSync(serverJs)) {
  console.log('\nThrough dist/server.js over stdio (JSON-RPC round trip included)');
  const proto = require(require.resolve('vscode-languageserver-protocol/node', { paths: [root] }));
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.on('error', () => {}); // the server may close its end first at shutdown
  const conn = proto.createProtocolConnection(new proto.StreamMessageReader(child.stdout), new proto.StreamMessageWriter(child.stdin));
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onNotification('textDocument/publishDiagnostics', () => {});
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } }, workspaceFolders: null });
  conn.sendNotification('initialized', {});
  const seedPath = join(root, 'samples', '08ASTANA2318.cable');
  const cases = [
    [existsSync(seedPath) ? 'the seed (samples/08ASTANA2318.cable)' : files[0], readFileSync(existsSync(seedPath) ? seedPath : join(corpus, files[0]), 'utf8'), 20],
    ['the 5 MB export', big, 2],
  ];
  for (const [label, text, rounds] of cases) {
    const uri = `file:///bench/${label.replace(/\W+/g, '_')}.cable`;
    conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'cable', version: 1, text } });
    const positions = hoverPositions(parseCable(text)).slice(0, 400);
    const rpcHover = [];
    const rpcOutline = [];
    t0 = now();
    await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    const first = now() - t0;
    for (let round = 0; round < rounds; round++) {
      for (const position of positions) {
        t0 = now();
        await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
        rpcHover.push(now() - t0);
      }
      t0 = now();
      await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
      rpcOutline.push(now() - t0);
    }
    const base = stats([...Array(rounds === 20 ? 50 : 3)].map(() => {
      const s = now();
      parseCable(text);
      return now() - s;
    })).median;
    console.log(`  ${label}: bare parse ${fmt(base)}; first documentSymbol after didOpen (parse included) ${fmt(first)}`);
    row('hover over LSP', rpcHover, base);
    row('documentSymbol over LSP (cached model)', rpcOutline, base);
  }
  await conn.sendRequest('shutdown');
  conn.dispose();
  child.kill();
} else {
  console.log('\n(dist/server.js not built: skipping the round trips; npm run build)');
}

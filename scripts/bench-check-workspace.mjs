// Check Workspace's check of a closed file over 20 MB, through the real server (dist/server.js
// over stdio): `cable/checkFile {uri, publish: false}`, as client/src/workspaceCommands.ts sends
// it, with a hover on a small open document every 10 ms meanwhile. Prints, per turn, the check's
// time, what it found and answered, the hovers' waits and the server's peak memory.
// Run: npm run build && node scripts/bench-check-workspace.mjs [--mb 200] [--turns 2] [FILE]
// (without FILE: the corpus, ../shared/corpus or CABLE_CORPUS=DIR, else the samples, end to end
// until the export is that many MB, in a temporary folder).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { takeOption } from './options.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');

const args = process.argv.slice(2);
const mb = Number(takeOption(args, '--mb', 200));
const turns = Number(takeOption(args, '--turns', 2));
const server = join(root, 'dist', 'server.js');
if (!existsSync(server)) {
  console.error('bench-check-workspace: no dist/server.js (run npm run build)');
  process.exit(2);
}
const corpusDir = process.env.CABLE_CORPUS ?? join(root, '..', 'shared', 'corpus');
const source = existsSync(corpusDir) ? corpusDir : join(root, 'samples');
const cables = readdirSync(source)
  .filter((f) => f.endsWith('.cable'))
  .sort();

let made;
let file = args[0];
if (!file) {
  made = mkdtempSync(join(tmpdir(), 'cable-bench-ws-'));
  file = join(made, 'export.cable');
  const one = Buffer.concat(cables.flatMap((f) => [readFileSync(join(source, f)), Buffer.from('\n\n')]));
  const fd = openSync(file, 'w');
  try {
    for (let written = 0; written < mb * 1024 * 1024; ) written += writeSync(fd, one);
  } finally {
    closeSync(fd);
  }
}

const small = readFileSync(join(source, cables[Math.min(5, cables.length - 1)]), 'utf8');
const proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
const uri = pathToFileURL(file).toString();
let published = 0;
conn.onRequest(() => null);
conn.onNotification((method, p) => {
  if (method === 'textDocument/publishDiagnostics' && p.uri === uri) published++;
});
conn.listen();
// As the extension initializes it: VS Code keeps 1,000 diagnostics per file.
await conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, initializationOptions: { maxDiagnosticsPerFile: 1000 } });
conn.sendNotification('initialized', {});
conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///bench/open.cable', languageId: 'cable', version: 1, text: small } });
const hover = () => conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///bench/open.cable' }, position: { line: 3, character: 2 } });
await hover();
const status = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))[1]) >> 10;

console.log(`${file}: ${(statSync(file).size / 1048576).toFixed(0)} MB; server at ${status('VmRSS')} MB before`);
try {
  for (let turn = 1; turn <= turns; turn++) {
    let done = false;
    const t0 = performance.now();
    const check = conn.sendRequest('cable/checkFile', { uri, publish: false }).then((r) => {
      done = true;
      return r;
    });
    const waits = [];
    while (!done) {
      const h = performance.now();
      await hover();
      waits.push(performance.now() - h);
      await new Promise((r) => setTimeout(r, 10));
    }
    const r = await check;
    if (r.error) throw new Error(r.error);
    const seconds = (performance.now() - t0) / 1000;
    waits.sort((a, b) => a - b);
    const q = (p) => waits[Math.min(waits.length - 1, Math.floor(p * waits.length))].toFixed(1);
    console.log(
      `turn ${turn}: checked in ${seconds.toFixed(1)} s, ${r.cables} cables, ${r.problems} problems (${r.hints} hints), ${r.diagnostics.length} answered in ${(JSON.stringify(r).length / 1024).toFixed(0)} KB, ${published} published; ` +
        `hovers meanwhile ${waits.length}: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, longest ${waits.at(-1).toFixed(1)} ms; server peak ${status('VmHWM')} MB`,
    );
  }
  console.log(`server at ${status('VmRSS')} MB after`);
} finally {
  proc.kill();
  if (made) rmSync(made, { recursive: true, force: true });
}
process.exit(0);

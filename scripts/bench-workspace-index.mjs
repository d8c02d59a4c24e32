// The workspace index over a folder, through the real server (dist/server.js over stdio), nothing
// open: a workspace-symbol request every 50 ms while it indexes. Prints, per turn, the index's own
// log line ("N files parsed in T ms"), the server's peak memory (VmRSS sampled every 20 ms) and how
// long the requests waited. A folder holding a large export shows whether a file is read whole.
// Run: npm run build && node scripts/bench-workspace-index.mjs [--turns 2] [--server dist/server.js] FOLDER
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { takeOption } from './options.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');

const args = process.argv.slice(2);
const turns = Number(takeOption(args, '--turns', 2));
const server = resolve(takeOption(args, '--server', join(root, 'dist', 'server.js')));
const folder = args[0] && resolve(args[0]);
if (!folder || !existsSync(folder)) {
  console.error('usage: node scripts/bench-workspace-index.mjs [--turns 2] [--server dist/server.js] FOLDER');
  process.exit(2);
}
if (!existsSync(server)) {
  console.error(`bench-workspace-index: no ${server} (run npm run build)`);
  process.exit(2);
}

async function turn() {
  const proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))[1]) >> 10;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20);
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  let done = '';
  conn.onRequest(() => null);
  conn.onNotification('window/logMessage', (p) => {
    if (/files parsed in/.test(p.message)) done = p.message;
  });
  conn.onNotification(() => undefined);
  conn.listen();
  const uri = pathToFileURL(folder).href;
  const t0 = Date.now();
  await conn.sendRequest('initialize', { processId: null, rootUri: uri, workspaceFolders: [{ uri, name: 'ws' }], capabilities: {} });
  conn.sendNotification('initialized', {});
  const waits = [];
  while (!done) {
    const s = Date.now();
    await conn.sendRequest('workspace/symbol', { query: 'MADRID' });
    waits.push(Date.now() - s);
    await new Promise((r) => setTimeout(r, 50));
  }
  const ended = Date.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, rss());
  proc.kill();
  waits.sort((a, b) => a - b);
  const at = (q) => waits[Math.min(waits.length - 1, Math.floor(q * waits.length))];
  console.log(`${done} | told at ${ended} ms | peak ${peak} MB | ${waits.length} workspace-symbol requests: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, longest ${waits.at(-1)} ms`);
}

console.log(`workspace index of ${folder} through ${server}, ${turns} turn(s)`);
for (let i = 0; i < turns; i++) await turn();
process.exit(0);

#!/usr/bin/env node
// Writes a synthetic cables.csv in the 2011 release's style (every field quoted, \" and \' escapes,
// rows spanning many lines) from the shared corpus, for measuring `cable import` at the size of
// the real file (251,287 rows, ~1.7 GB). The corpus's cables are used over and over; each row gets
// a reference ID of its own (the post's, with a new serial) so that every row makes a file.
//
//   node scripts/gen-synthetic-csv.mjs [ROWS=250000] [FOLDER=a new temporary folder]
//
// Prints the file's path and size. Delete the folder when done.
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = resolve(here, '../../shared/corpus');
const rows = Number(process.argv[2] ?? 250000);
if (!Number.isInteger(rows) || rows < 1) {
  console.error('usage: node scripts/gen-synthetic-csv.mjs [ROWS] [FOLDER]');
  process.exit(2);
}
const folder = process.argv[3] ?? mkdtempSync(join(tmpdir(), 'cable-synthetic-'));
const file = join(folder, 'cables.csv');

const TWO_WORD = ['UNCLASSIFIED//FOR OFFICIAL USE ONLY', 'TOP SECRET//NOFORN', 'TOP SECRET'];

/** A corpus file as the fields of a row: created, ID, origin, classification, header, text. */
function toFields(name, text) {
  const id = name.replace(/\.cable$/, '');
  if (!text.startsWith('Reference ID')) {
    return { id, created: '1/1/2000 0:00', origin: '', classification: 'UNCLASSIFIED', header: '', text };
  }
  const lines = text.split('\n');
  const w = lines[1].split(' ');
  const [y, m, d] = w[1].split('-').map(Number);
  const [hh, mm] = w[2].split(':');
  const rest = w.slice(5).join(' ');
  const cls = TWO_WORD.find((c) => rest.startsWith(c + ' ') || rest === c) ?? w[5];
  const origin = rest.slice(cls.length).trim();
  const after = lines.slice(3).join('\n');
  const blank = after.indexOf('\n\n');
  return {
    id,
    created: `${m}/${d}/${y} ${Number(hh)}:${mm}`,
    origin,
    classification: cls,
    header: blank >= 0 ? after.slice(0, blank) : '',
    text: blank >= 0 ? after.slice(blank + 1) : after,
  };
}

const q = (v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/'/g, "\\'")}"`;

const names = readdirSync(corpus).filter((f) => f.endsWith('.cable')).sort();
const cables = names.map((f) => toFields(f, readFileSync(join(corpus, f), 'utf8')));
const out = createWriteStream(file);
const started = Date.now();
for (let i = 0; i < rows; i++) {
  const c = cables[i % cables.length];
  const m = /^(\d\d[A-Z]+)\d+$/.exec(c.id);
  const id = m ? `${m[1]}${100000 + i}` : `${c.id}X${i}`;
  const line = [String(i + 1), c.created, id, c.origin, c.classification, '', c.header, c.text].map(q).join(',') + '\n';
  if (!out.write(line)) await new Promise((r) => out.once('drain', r));
}
await new Promise((r) => out.end(r));
const size = statSync(file).size;
console.log(`${file}: ${rows.toLocaleString('en-US')} rows, ${(size / 1e6).toFixed(1)} MB (${((Date.now() - started) / 1000).toFixed(1)} s)`);

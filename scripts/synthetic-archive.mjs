#!/usr/bin/env node
// Writes a synthetic archive of N cables (default 250,000, about 2.5 GB, the size of the whole
// WikiLeaks release of 251,287) from the shared corpus, for measuring `cable check` at archive scale.
// The 1,007 corpus cables are used over and over; each copy gets a reference ID of its own (the
// post's, with a new serial, written into the table, the banner, the page markers and the DE line
// alike, so that the copy stays as consistent as its original) and the files are laid out by year
// and month as `cable import --layout year-month` writes an archive: 2008/11/08ASTANA100123.cable.
//
//   node scripts/synthetic-archive.mjs [N=250000] [FOLDER=a new temporary folder]
//
// Prints the folder, the number of files and their size. Delete the folder when done
// (scripts/bench-archive.mjs does so itself).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const CORPUS = process.env.CABLE_CORPUS ?? resolve(here, '../../shared/corpus');

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The corpus as templates: each cable's text and what a copy must rewrite in it. */
export function loadTemplates(corpus = CORPUS) {
  return readdirSync(corpus)
    .filter((f) => f.endsWith('.cable'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(corpus, f), 'utf8');
      const id = f.replace(/\.cable$/, '');
      const m = /^(\d\d)([A-Z]+)(\d+)$/.exec(id);
      const created = /^\S+ (\d{4})-(\d\d)-\d\d \d\d:\d\d/m.exec(text);
      const yy = m ? Number(m[1]) : undefined;
      const year = created ? created[1] : yy !== undefined ? String(yy >= 60 ? 1900 + yy : 2000 + yy) : 'unknown';
      const month = created ? created[2] : 'unknown';
      if (!m) return { text, id, year, month };
      const [, y2, post, serial] = m;
      // The serial as the banner (POST 002318), the page markers (POST 00002318) and the DE line
      // (#2318) write it: zero-padded to any width after the post's name or a #.
      const serialRe = new RegExp(`(\\b${escape(post)} |#)0*${serial}\\b`, 'g');
      return { text, id, y2, post, serial, serialRe, year, month };
    });
}

/** Copy number `i` of a template: its file's path under the archive and its text. */
export function makeCopy(t, i) {
  if (!t.post) {
    const name = `${t.id}-${i}`;
    return { path: `${t.year}/${t.month}/${name}.cable`, text: t.text };
  }
  // 100000 + i: six digits as real serials have, one per copy, so every ID is unique.
  const serial = String(100000 + i);
  const id = `${t.y2}${t.post}${serial}`;
  const text = t.text.split(t.id).join(id).replace(t.serialRe, (all, before) => {
    const width = all.length - before.length;
    return before + serial.padStart(width, '0');
  });
  return { path: `${t.year}/${t.month}/${id}.cable`, text };
}

/** Writes `n` cables under `folder`; returns the number of files and bytes written. */
export function writeArchive(n, folder, { onProgress } = {}) {
  const templates = loadTemplates();
  if (templates.length === 0) throw new Error(`no .cable files in ${CORPUS}`);
  const made = new Set();
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const c = makeCopy(templates[i % templates.length], i);
    const file = join(folder, c.path);
    const dir = dirname(file);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(file, c.text);
    bytes += Buffer.byteLength(c.text);
    if (onProgress && i % 10000 === 9999) onProgress(i + 1);
  }
  return { files: n, bytes, folders: made.size };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const n = Number(process.argv[2] ?? 250000);
  if (!Number.isInteger(n) || n < 1) {
    console.error('usage: node scripts/synthetic-archive.mjs [N] [FOLDER]');
    process.exit(2);
  }
  const folder = process.argv[3] ? resolve(process.argv[3]) : mkdtempSync(join(tmpdir(), 'cable-archive-'));
  const started = Date.now();
  const tty = process.stderr.isTTY;
  const r = writeArchive(n, folder, { onProgress: tty ? (k) => process.stderr.write(`\r${k.toLocaleString("en-US")} files`) : undefined });
  if (tty && n >= 10000) process.stderr.write('\r\x1b[K');
  const s = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${folder}: ${r.files.toLocaleString('en-US')} cables in ${r.folders} folders, ${(r.bytes / 1e6).toFixed(1)} MB (${s} s)`);
}

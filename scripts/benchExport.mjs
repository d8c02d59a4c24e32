/**
 * The export the benches measure (issue 9), written once: corpus cables in turn, a blank line
 * between, until a size; its lines decoded one by one as the server's reader decodes a large
 * didOpen; and a process's peak memory as the bench reads it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const MB = 1024 * 1024;

/** The corpus's cables, in file-name order. */
export function corpusTexts(corpus) {
  return readdirSync(corpus)
    .filter((f) => f.endsWith('.cable'))
    .sort()
    .map((f) => readFileSync(join(corpus, f), 'utf8'));
}

/** The cables of an export of `mb` megabytes: `texts` in turn until then. Joined by '\n\n', they are the export. */
export function exportParts(texts, mb) {
  const parts = [];
  for (let i = 0, n = 0; n < mb * MB; i++) {
    const t = texts[i % texts.length];
    parts.push(t);
    n += Buffer.byteLength(t) + 2;
  }
  return parts;
}

/** The lines of a file's bytes, each decoded on its own, as the server's reader decodes a large didOpen (own strings, not slices of one text). */
export function decodeLinesOf(buf) {
  const lines = [];
  let s = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) {
    lines.push(buf.toString('utf8', s, i));
    s = i + 1;
  }
  lines.push(buf.toString('utf8', s));
  return lines;
}

/** A process's peak resident memory so far, in bytes (0 where /proc is not there). */
export function peakOf(pid) {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCable } from '../../server/src/parser';
import { splitReferenceId } from '../../server/src/parser/header';

const made: string[] = [];

/** A fresh folder under the system's temporary folder; removeTempDirs() deletes them all. */
export function tempDir(tag: string): string {
  const d = mkdtempSync(join(tmpdir(), `cable-import-${tag}-`));
  made.push(d);
  return d;
}

export function removeTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Every file under a folder, relative paths, sorted. */
export function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

/** A field in the 2011 style: quoted, `\"` and `\'`, backslashes doubled. */
export function strictField(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/'/g, "\\'")}"`;
}

export interface CsvCable {
  id: string;
  /** What the imported file must hold after its table: the corpus file's header and text. */
  afterTable: string;
  row: string[];
}

/**
 * A corpus file as a cables.csv row, the way the 2011 release has it: the table's values in the
 * metadata fields, the header (up to the first blank line) in field 7 and the rest, starting with
 * the line break of that blank line, in field 8. A body-only file (no table) gets its ID from the
 * file name and a date from the ID's year, and an empty header field.
 */
export function corpusToRow(file: string, text: string, n: number): CsvCable {
  const id = file.replace(/\.cable$/, '');
  const table = parseCable(text).cables[0]?.table;
  if (text.startsWith('Reference ID') && table?.created?.iso) {
    const lines = text.split('\n');
    const rest = lines.slice(3).join('\n');
    const blank = rest.indexOf('\n\n');
    const header = blank >= 0 ? rest.slice(0, blank) : '';
    const body = blank >= 0 ? rest.slice(blank + 1) : rest;
    const iso = table.created.iso;
    const created = `${Number(iso.slice(5, 7))}/${Number(iso.slice(8, 10))}/${iso.slice(0, 4)} ${Number(iso.slice(11, 13))}:${iso.slice(14, 16)}`;
    return { id, afterTable: rest, row: [String(n), created, table.referenceId!.text, table.origin?.text ?? '', table.classification!.text, '', header, body] };
  }
  const year = splitReferenceId(id)?.year ?? 2000;
  return { id, afterTable: text, row: [String(n), `1/1/${year} 0:00`, id, '', 'UNCLASSIFIED', '', '', text] };
}

export function csvOf(rows: readonly string[][]): string {
  return rows.map((r) => r.map(strictField).join(',') + '\n').join('');
}

export function readUtf8(p: string): string {
  return readFileSync(p, 'utf8');
}

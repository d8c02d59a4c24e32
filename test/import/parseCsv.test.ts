/**
 * `cable parse --format csv` holds the same values as `cable parse` (JSON): both outputs of the
 * built CLI over the samples and the corpus, the CSV read back with an RFC 4180 reader written
 * here, each cell compared with the JSON value it stands for.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, HAVE_SHARED, SHARED_MISSING } from '../parser/helpers';

if (!HAVE_SHARED) console.warn(`parseCsv.test.ts: ${SHARED_MISSING}`);

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');

function cable(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** RFC 4180: records end with CRLF, quoted fields may hold commas, quotes (doubled) and line breaks. */
function readRfc4180(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      const m = /[,\r]/.exec(text.slice(i));
      const end = m ? i + m.index : text.length;
      value = text.slice(i, end);
      i = end;
    }
    row.push(value);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`bad character after a field at ${i}`);
  }
  if (row.length) throw new Error('the last record has no CRLF');
  return rows;
}

type Json = Record<string, any>;

/** What each CSV column must hold, read from the JSON independently of the CLI's code. */
function expectedCells(file: Json, cable: Json, index: number): Record<string, string> {
  const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return {
    file: file.file,
    cable: String(index),
    referenceId: s(cable.referenceId),
    origin: s(cable.origin),
    classification: s(cable.classification),
    dtg: s(cable.dtg?.iso),
    dtgText: s(cable.dtg?.text),
    precedence: s(cable.dtg?.precedence),
    originator: s(cable.originator),
    subject: s(cable.subject),
    signature: s(cable.signature),
    banner: s(cable.banner?.classification),
    classifiedBy: s(cable.classifiedBy?.by),
    classificationReasons: (cable.classifiedBy?.reasons ?? []).join('|'),
    declassify: s(cable.declassify),
    summary: s(cable.summary),
    tags: cable.tags.join('|'),
    tagPersons: cable.tagPersons.join('|'),
    references: cable.references.map((r: Json) => r.text).join('|'),
    referenceIds: cable.references.flatMap((r: Json) => r.cables.map((x: Json) => x.id)).filter(Boolean).join('|'),
    addressees: cable.addressees.map((a: Json) => `${a.kind} ${[a.routingIndicator, a.name].filter(Boolean).join('/')}`).join('|'),
    exclusions: cable.exclusions.map((x: Json) => [x.routingIndicator, x.name].filter(Boolean).join('/')).join('|'),
    paragraphs: String(cable.paragraphs.length),
    pageBreaks: String(cable.pageBreaks.length),
    problems: String(cable.problems.length),
  };
}

function compare(paths: string[]): number {
  const json = cable('parse', ...paths);
  const csv = cable('parse', '--format', 'csv', ...paths);
  expect(json.code).toBe(0);
  expect(csv.code).toBe(0);
  const files: Json[] = json.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const [header, ...rows] = readRfc4180(csv.stdout);
  const want: Record<string, string>[] = [];
  for (const f of files) {
    const cables: Json[] = f.cables ?? (f.cableCount > 0 ? [f] : []);
    cables.forEach((c, i) => want.push(expectedCells(f, c, i + 1)));
  }
  expect(header).toEqual(Object.keys(want[0]!));
  expect(rows.length).toBe(want.length);
  rows.forEach((r, i) => expect(Object.fromEntries(header!.map((h, k) => [h, r[k]])), `${want[i]!.file} #${want[i]!.cable}`).toEqual(want[i]));
  return rows.length;
}

describe('cable parse --format csv', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build (npm test does)');
  });

  it('holds the same values as the JSON on the samples (an export gives a row per cable)', () => {
    expect(compare(['samples/'])).toBe(8);
  });

  it.skipIf(!HAVE_SHARED)('holds the same values as the JSON on the whole corpus', () => {
    const n = compare([CORPUS]);
    expect(n).toBeGreaterThanOrEqual(1007);
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and chooses columns with --fields', () => {
    const r = cable('parse', '--format', 'csv', '--fields', 'referenceId,subject,tags', 'samples/08ASTANA2318.cable');
    expect(r.stdout).toBe('referenceId,subject,tags\r\n08ASTANA2318,"PRESIDENT NAZARBAYEV CALLS FOR GREATER INTERNATIONAL ROLE, CRITICIZES OSCE",PREL|PGOV|PHUM|ECON|KDEM|OSCE|KZ\r\n');
    expect(cable('parse', '--format', 'csv', '--fields', 'referenceId,nope', 'samples/').code).toBe(2);
    expect(cable('parse', '--fields', 'referenceId', 'samples/').code).toBe(2);
  });
});

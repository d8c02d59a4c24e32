/**
 * `cable import` against the shared samples and the corpus: the 60-row cables-sample.csv and the
 * 20 raw site pages must give the corpus files' header and text byte for byte, and the whole
 * corpus written as a cables.csv (by corpusToRow) must come back unchanged.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runImport, type ImportProblem } from '../../server/src/import/run';
import { parseCable } from '../../server/src/parser';
import { CORPUS, HAVE_SHARED, SHARED, SHARED_MISSING } from '../parser/helpers';
import { corpusToRow, csvOf, listFiles, readUtf8, removeTempDirs, tempDir } from './helpers';

const FORMATS = join(SHARED, 'formats');
const HAVE_FORMATS = HAVE_SHARED && existsSync(join(FORMATS, 'cables-sample.csv')) && existsSync(join(FORMATS, 'html'));
if (!HAVE_FORMATS) console.warn(`import.test.ts: ${SHARED_MISSING} (or ../shared/formats is missing)`);

/** Everything after the table's two lines and the blank line. */
const afterTable = (text: string) => text.split('\n').slice(3).join('\n');

function facts(text: string) {
  const c = parseCable(text).cables[0];
  return {
    referenceId: c?.table?.referenceId?.text,
    classification: c?.table?.classification?.text,
    origin: c?.table?.origin?.text,
    dtg: c?.routing?.dtg?.iso,
  };
}

afterAll(removeTempDirs);

describe.skipIf(!HAVE_FORMATS)('cable import on ../shared/formats', () => {
  it('imports cables-sample.csv: 60 files with the corpus header and text, and the same parse', async () => {
    const out = tempDir('sample');
    const problems: ImportProblem[] = [];
    const s = await runImport({ sources: [join(FORMATS, 'cables-sample.csv')], out, layout: 'flat', force: false, onProblem: (p) => problems.push(p) });
    expect(problems).toEqual([]);
    expect(s.written).toBe(60);
    const files = listFiles(out);
    expect(files).toHaveLength(60);
    for (const f of files) {
      const mine = readUtf8(join(out, f));
      const theirs = readUtf8(join(CORPUS, f));
      expect(afterTable(mine), f).toBe(afterTable(theirs));
      expect(facts(mine), f).toEqual(facts(theirs));
      expect(facts(mine).dtg, f).toBeTruthy();
      // The table: the corpus's values, but for the released date, which cables.csv does not have.
      const drop = (l: string) => l.split(' ').filter((_, i) => i !== 3 && i !== 4).join(' ');
      expect(drop(mine.split('\n')[1]!), f).toBe(drop(theirs.split('\n')[1]!));
      expect(mine.split('\n')[1]!.split(' ').slice(3, 5).join(' ')).toBe('2011-08-30 01:44');
    }
  });

  it('writes the same files with the writer thread as with the pool of asynchronous writes', async () => {
    const a = tempDir('writer-async');
    const t = tempDir('writer-thread');
    const sa = await runImport({ sources: [join(FORMATS, 'cables-sample.csv')], out: a, layout: 'year', force: false, writer: 'async' });
    const st = await runImport({ sources: [join(FORMATS, 'cables-sample.csv')], out: t, layout: 'year', force: false, writer: 'thread' });
    expect([sa.written, st.written]).toEqual([60, 60]);
    expect(listFiles(t)).toEqual(listFiles(a));
    for (const f of listFiles(a)) expect(readUtf8(join(t, f)), f).toBe(readUtf8(join(a, f)));
    const again = await runImport({ sources: [join(FORMATS, 'cables-sample.csv')], out: t, layout: 'year', force: false, writer: 'thread' });
    expect(again.unchanged).toBe(60);
  });

  it('imports the site pages: 20 files equal to the corpus conversions', async () => {
    const out = tempDir('html');
    const s = await runImport({ sources: [join(FORMATS, 'html')], out, layout: 'year-month', force: false });
    expect(s.written).toBe(20);
    expect(s.skippedTotal).toBe(0);
    const files = listFiles(out);
    expect(files).toHaveLength(20);
    for (const f of files) {
      // The layout is the site's own: cable/YYYY/MM/<ID>.html → YYYY/MM/<ID>.cable.
      expect(existsSync(join(FORMATS, 'html/cable', f.replace(/\.cable$/, '.html'))), f).toBe(true);
      const id = f.split('/').pop()!;
      const mine = readUtf8(join(out, f));
      const theirs = readUtf8(join(CORPUS, id));
      const ws = (t: string) => t.split('\n').slice(0, 2).map((l) => l.replace(/\s+/g, ' ').trim());
      expect(ws(mine), f).toEqual(ws(theirs));
      expect(afterTable(mine), f).toBe(afterTable(theirs));
    }
  });

  it('round trip: the 1,007 corpus cables → a cables.csv → cable import → the same texts', async () => {
    const names = readdirSync(CORPUS).filter((f) => f.endsWith('.cable')).sort();
    expect(names.length).toBeGreaterThanOrEqual(1007);
    const cables = names.map((f, i) => corpusToRow(f, readUtf8(join(CORPUS, f)), i + 1));
    const dir = tempDir('roundtrip');
    const csv = join(dir, 'cables.csv');
    writeFileSync(csv, csvOf(cables.map((c) => c.row)));
    const out = join(dir, 'out');
    const problems: ImportProblem[] = [];
    const s = await runImport({ sources: [csv], out, layout: 'year', force: false, onProblem: (p) => problems.push(p) });
    expect(problems.filter((p) => p.severity === 'skip')).toEqual([]);
    expect(s.written).toBe(names.length);
    let same = 0;
    for (const c of cables) {
      const year = c.row[1]!.split(' ')[0]!.split('/')[2];
      const mine = readUtf8(join(out, year!, `${c.id}.cable`));
      if (afterTable(mine) === c.afterTable) same++;
      else expect(afterTable(mine), c.id).toBe(c.afterTable);
    }
    console.log(`import round trip: ${same}/${cables.length} cables came back byte for byte`);
    expect(same).toBe(names.length);
    // A second run finds every file already there and writes nothing.
    const again = await runImport({ sources: [csv], out, layout: 'year', force: false });
    expect({ written: again.written, unchanged: again.unchanged }).toEqual({ written: 0, unchanged: names.length });
  });
});

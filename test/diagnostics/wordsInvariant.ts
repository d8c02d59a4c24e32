/**
 * The words invariant of `cable fix`, checked from outside the rules: after every fix, the multiset
 * of the text's words equals the original's
 *   minus the words of page-marker lines (as the parser found them in the original), and of an old
 *     page header's classification lines or word (`PageMarker.classification`),
 *   minus the words of lines that are known web-page text (data/pageText.ts, tested line by line
 *     here, not by asking the rule what it removed) and wordless lines among them,
 *   with split words joined (two removed words, one added word that is their concatenation),
 *   glued words split (one removed word, two added words that concatenate to it),
 *   damaged banners rewritten as the parser read them (their lines only),
 *   words with punctuation the 2011 rendering damaged restored as the parser read them,
 *   and cables.csv rows rewritten as cables (the table's words for the row's metadata, the header
 *   and text fields' words with their escapes undone).
 * Any other removal or addition is a failure naming the file and the words.
 */
import { pageTextForm } from '../../server/src/data/pageText';
import { CABLES_CSV_RELEASED, REFERENCES_LABEL, TABLE_HEADER } from '../../server/src/data/archive';
import { parseCable, unescapeField } from '../../server/src/parser';
import { fixText, type FixResult } from '../../server/src/service/codeActions/fixAll';

export interface WordsReport {
  failures: string[];
  result: FixResult;
  /** Lines of the original removed, by what explained them. */
  removedLines: { pageMarker: number; webText: number; blank: number };
  joins: number;
  splits: number;
  bannerRepairs: number;
  /** Words whose damaged punctuation (`Syria,s`, `&banning8`) was restored. */
  damageRepairs: number;
  csvRows: number;
}

const WORD = /[^\s\u00a0]+/g;
const wordsOf = (s: string): string[] => s.match(WORD) ?? [];

class Bag {
  private m = new Map<string, number>();
  add(w: string, k = 1): void {
    this.m.set(w, (this.m.get(w) ?? 0) + k);
  }
  take(w: string): boolean {
    const k = this.m.get(w) ?? 0;
    if (k <= 0) return false;
    if (k === 1) this.m.delete(w);
    else this.m.set(w, k - 1);
    return true;
  }
  has(w: string): boolean {
    return (this.m.get(w) ?? 0) > 0;
  }
  entries(): string[] {
    return [...this.m].flatMap(([w, k]) => Array<string>(k).fill(w));
  }
}

function stripBom(t: string): string {
  return t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
}

export function checkWordsInvariant(name: string, text: string, fixed: FixResult = fixText(text)): WordsReport {
  const report: WordsReport = { failures: [], result: fixed, removedLines: { pageMarker: 0, webText: 0, blank: 0 }, joins: 0, splits: 0, bannerRepairs: 0, damageRepairs: 0, csvRows: 0 };
  const doc = parseCable(stripBom(text));
  // The multiset difference, both ways.
  const removed = new Bag();
  const added = new Bag();
  {
    const b = new Bag();
    for (const w of wordsOf(stripBom(text))) b.add(w);
    for (const w of wordsOf(stripBom(fixed.text))) if (!b.take(w)) added.add(w);
    for (const w of b.entries()) removed.add(w);
  }

  // What may go: page-marker text, known page-text lines and wordless lines, damaged banner lines.
  const mayGo = new Bag();
  const markerLines = new Set<number>();
  for (const c of doc.cables) {
    for (const m of c.body.pageMarkers) {
      if (m.kind === 'missing-section') continue;
      for (let l = m.range.start.line; l <= m.range.end.line; l++) {
        const line = doc.lines[l]!;
        const from = l === m.range.start.line ? m.range.start.character : 0;
        const to = l === m.range.end.line ? m.range.end.character : line.length;
        for (const w of wordsOf(line.slice(from, to))) mayGo.add(w);
        markerLines.add(l);
      }
      // An old page header's classification lines (` CONFIDENTIAL`, ` CONFIDENTIAL PTQ1865`) or the
      // word glued to the text line above: the parser found them as the page's, with the header.
      for (const t of m.classification ?? []) {
        for (const w of wordsOf(t.text)) mayGo.add(w);
        const line = doc.lines[t.range.start.line]!;
        if (line.trim() === t.text) markerLines.add(t.range.start.line);
      }
    }
  }
  const mayCome = new Bag();
  for (const c of doc.cables) {
    const b = c.banner;
    if (!b?.damage && !b?.gluedAt) continue;
    report.bannerRepairs++;
    const line = doc.lines[b.range.start.line]!;
    for (const w of wordsOf(line)) mayGo.add(w);
    let repaired = line;
    for (const d of [...(b.damage ?? [])].sort((x, y) => y.range.start.character - x.range.start.character)) {
      repaired = repaired.slice(0, d.range.start.character) + d.repaired + repaired.slice(d.range.end.character);
    }
    if (b.gluedAt) {
      const shift = repaired.length - line.length;
      repaired = repaired.slice(0, b.gluedAt.character + shift) + ' ' + repaired.slice(b.gluedAt.character + shift);
    }
    for (const w of wordsOf(repaired)) mayCome.add(w);
  }
  // Punctuation the 2011 rendering damaged (`Kazakhstan,s`, `&Russia` … `neighbor.8`): each word
  // holding damage may go, and come back with the marks the parser says it stood for.
  for (const c of doc.cables) {
    const byWord = new Map<string, { line: number; start: number; end: number; edits: NonNullable<typeof c.body.damage> }>();
    for (const d of c.body.damage ?? []) {
      const line = doc.lines[d.range.start.line]!;
      let a = d.range.start.character;
      while (a > 0 && !/[\s\u00a0]/.test(line[a - 1]!)) a--;
      let b = d.range.end.character;
      while (b < line.length && !/[\s\u00a0]/.test(line[b]!)) b++;
      const key = `${d.range.start.line}:${a}`;
      const w = byWord.get(key) ?? { line: d.range.start.line, start: a, end: b, edits: [] };
      w.edits.push(d);
      byWord.set(key, w);
    }
    for (const w of byWord.values()) {
      const word = doc.lines[w.line]!.slice(w.start, w.end);
      let repaired = word;
      for (const d of [...w.edits].sort((x, y) => y.range.start.character - x.range.start.character)) {
        const at = d.range.start.character - w.start;
        repaired = repaired.slice(0, at) + d.repaired + repaired.slice(at + d.text.length);
      }
      mayGo.add(word);
      mayCome.add(repaired);
      report.damageRepairs++;
    }
  }
  // A cables.csv row rewritten as a cable: the row's words may go; the table's, and the header's
  // and text's with their escapes undone, may come.
  for (const c of doc.cables) {
    const row = c.csvRow;
    if (!row) continue;
    report.csvRows++;
    for (let l = row.range.start.line; l <= row.range.end.line; l++) for (const w of wordsOf(doc.lines[l]!)) mayGo.add(w);
    const t = c.table;
    const created = t?.created?.iso ? `${t.created.iso.slice(0, 10)} ${t.created.iso.slice(11, 16)}` : '';
    for (const w of wordsOf(`${TABLE_HEADER} ${t?.referenceId?.text ?? ''} ${created} ${CABLES_CSV_RELEASED} ${t?.classification?.text ?? ''} ${t?.origin?.text ?? ''} ${REFERENCES_LABEL}`)) mayCome.add(w);
    const fieldText = (f: typeof row.header) => doc.lines.slice(f.start.line, f.end.line + 1).map((line, i, all) => line.slice(i === 0 ? f.start.character : 0, i === all.length - 1 ? f.end.character : undefined)).join('\n');
    for (const f of [row.header, row.text]) for (const w of wordsOf(unescapeField(fieldText(f), row.style))) mayCome.add(w);
    // The references field is one list of IDs; a pasted row may be hard-wrapped inside it.
    const refs = unescapeField(fieldText(row.fields[5]!), row.style).replace(/\s+/g, '');
    if (refs) mayCome.add(refs);
  }
  const pageLines = new Set<number>();
  doc.lines.forEach((line, l) => {
    if (markerLines.has(l)) return;
    const outside = doc.outside.some((o) => o.range.start.line <= l && l <= o.range.end.line);
    if (!outside) return;
    if (pageTextForm(line) || (wordsOf(line).length > 0 && !/[\p{L}\p{N}]/u.test(line))) {
      for (const w of wordsOf(line)) mayGo.add(w);
      pageLines.add(l);
    }
  });

  // Joins: an added word that two removed words make. Splits: a removed word two added words make.
  for (const w of added.entries()) {
    if (mayCome.take(w)) {
      added.take(w);
      continue;
    }
    const removedWords = removed.entries();
    const half = removedWords.find((a) => w.startsWith(a) && a.length < w.length && removed.has(w.slice(a.length)) && (w.slice(a.length) !== a || removedWords.filter((x) => x === a).length > 1));
    if (half !== undefined) {
      removed.take(half);
      removed.take(w.slice(half.length));
      added.take(w);
      report.joins++;
    }
  }
  for (const r of removed.entries()) {
    const addedWords = added.entries();
    const a = addedWords.find((x) => r.startsWith(x) && x.length < r.length && added.has(r.slice(x.length)));
    if (a !== undefined) {
      added.take(a);
      added.take(r.slice(a.length));
      removed.take(r);
      report.splits++;
    }
  }
  const unexplained = removed.entries().filter((w) => !mayGo.take(w));
  const unexpected = added.entries();
  if (unexplained.length) report.failures.push(`${name}: removed words no rule may remove: ${unexplained.slice(0, 40).join(' ')}${unexplained.length > 40 ? ` … (${unexplained.length})` : ''}`);
  if (unexpected.length) report.failures.push(`${name}: words added: ${unexpected.slice(0, 40).join(' ')}`);

  // Lines of the original gone from the result, counted by kind (a line is gone when its words went).
  const originalLines = doc.lines;
  const kept = new Bag();
  for (const l of stripBom(fixed.text).split(/\r?\n/)) kept.add(l);
  originalLines.forEach((line, l) => {
    if (kept.take(line)) return;
    if (markerLines.has(l)) report.removedLines.pageMarker++;
    else if (pageLines.has(l)) report.removedLines.webText++;
    else if (!wordsOf(line).length) report.removedLines.blank++;
  });
  return report;
}

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { createLanguageService } from '../../server/src/service';
import { LineDocument } from '../../server/src/service/textDocument';
import { parseLines, type DocumentParse } from '../../server/src/parser/parser';
import { composeEdits, reparse, shiftLines, type LineEdit, type ReparseStats } from '../../server/src/parser/incremental';
import { splitLines } from '../../server/src/parser/text';
import { CORPUS, HAVE_SHARED, SAMPLES, corpusFiles } from './helpers';
import { rng } from '../random';

// Texts that make and unmake cable boundaries, and ordinary typing.
const BOUNDARY_TEXTS = [
  'VZCZCXRO4321\n',
  'Reference ID Created Released Classification Origin\n09ANKARA1549 2009-11-03 13:37 2011-08-30 01:44 CONFIDENTIAL Embassy Ankara\n\n',
  'VZCZCXRO4321\nOO RUEHAK\nDE RUEHAK #1234/01 3061337\n',
  'VZCZC',
  'Reference ID Created Released Classification Origin\n',
  '08ANKARA1234 2008-07-02 11:25 2011-08-30 01:44 CONFIDENTIAL Embassy Ankara\n',
  'C O N F I D E N T I A L SECTION 01 OF 02 ANKARA 001234 \n',
  'S E C R E T STATE 012345\n',
  'P 021125Z JUL 08\nFM AMEMBASSY ANKARA\n',
  'SUBJECT: A NEW SUBJECT\n',
  '1. (C) A new paragraph.\n',
  '\n\n',
  '\n',
  'x',
  ' ',
  'E.O. 12958: DECL: 07/02/2018\nTAGS: PREL, TU\n',
  'SIGNED\n',
  '???',
];

const read = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.cable'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8').replace(/\r\n?/g, '\n'));

const samples = read(SAMPLES);
const corpus = HAVE_SHARED ? corpusFiles().map((f) => readFileSync(join(CORPUS, f), 'utf8').replace(/\r\n?/g, '\n')) : samples;

interface Edit {
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  text: string;
}

/** A random edit of `lines`: typing, deleting characters, lines or a stretch, or text that starts or ends a cable. */
function randomEdit(lines: string[], r: () => number): Edit {
  const line = Math.floor(r() * lines.length);
  const character = Math.floor(r() * (lines[line].length + 1));
  const kind = r();
  if (kind < 0.3) {
    // At a line's start half the time, where a table, `VZCZC` or a banner starts a cable.
    const at = r() < 0.5 ? 0 : character;
    return { line, character: at, endLine: line, endCharacter: at, text: BOUNDARY_TEXTS[Math.floor(r() * BOUNDARY_TEXTS.length)] };
  }
  if (kind < 0.4) {
    // Delete or break a line that starts a cable.
    const starts = lines.flatMap((t, l) => (/^(?:Reference ID|VZCZC)/.test(t) ? [l] : []));
    if (starts.length) {
      const l = starts[Math.floor(r() * starts.length)];
      return r() < 0.5 ? { line: l, character: 0, endLine: l + 1 < lines.length ? l + 1 : l, endCharacter: 0, text: '' } : { line: l, character: 2, endLine: l, endCharacter: 3, text: '' };
    }
  }
  if (kind < 0.5) {
    // Delete a few characters, perhaps across the line end.
    let endLine = line;
    let endCharacter = character + 1 + Math.floor(r() * 6);
    while (endCharacter > lines[endLine].length && endLine + 1 < lines.length) {
      endCharacter -= lines[endLine].length + 1;
      endLine++;
    }
    return { line, character, endLine, endCharacter: Math.min(endCharacter, lines[endLine].length), text: '' };
  }
  if (kind < 0.65) {
    // Delete whole lines.
    const endLine = Math.min(lines.length - 1, line + 1 + Math.floor(r() * 4));
    return { line, character: 0, endLine, endCharacter: 0, text: '' };
  }
  if (kind < 0.75) {
    // Delete a stretch: a boundary between cables may go with it.
    const endLine = Math.min(lines.length - 1, line + Math.floor(r() * 60));
    return { line, character, endLine, endCharacter: Math.floor(r() * (lines[endLine].length + 1)), text: r() < 0.5 ? '' : 'x\n' };
  }
  if (kind < 0.85) {
    // Copy a line elsewhere (`VZCZC…`, a banner, a table row of another cable are lines like any).
    const src = lines[Math.floor(r() * lines.length)];
    return { line, character: 0, endLine: line, endCharacter: 0, text: `${src}\n` };
  }
  // Type a character.
  return { line, character, endLine: line, endCharacter: character, text: String.fromCharCode(65 + Math.floor(r() * 26)) };
}

/** Applies the edit to the lines in place, as the server's document does, and says which lines changed. */
function apply(lines: string[], e: Edit): LineEdit {
  const before = lines[e.line].slice(0, e.character);
  const after = lines[e.endLine].slice(e.endCharacter);
  const inserted = (before + e.text + after).split('\n');
  lines.splice(e.line, e.endLine - e.line + 1, ...inserted);
  return { from: e.line, oldTo: e.endLine, newTo: e.line + inserted.length - 1 };
}

/** The models compared as plain data: what a consumer can read. */
const plain = (p: DocumentParse) => JSON.parse(JSON.stringify(p.doc));

function run(seed: number, text: string, edits: number, batch = 1): { parsed: number; kept: number; boundaries: number } {
  const r = rng(seed);
  const lines = splitLines(text).lines;
  let prev = parseLines(lines, '\n', false);
  let parsed = 0;
  let kept = 0;
  let boundaries = 0;
  for (let n = 0; n < edits; n++) {
    const count = prev.doc.cables.length;
    // Several edits between two parses, as a burst of typing arrives before the debounce ends.
    let edit: LineEdit | undefined;
    for (let b = 0; b < batch; b++) {
      const e = apply(lines, randomEdit(lines, r));
      edit = edit ? composeEdits(edit, e) : e;
    }
    const stats = {} as ReparseStats;
    prev = reparse(prev, lines, '\n', false, edit!, stats);
    parsed += stats.parsed;
    kept += stats.kept;
    if (prev.doc.cables.length !== count) boundaries++;
    const fresh = parseLines(lines.slice(), '\n', false);
    expect(plain(prev), `seed ${seed}, edit ${n}`).toEqual(plain(fresh));
    expect(prev.steps.map((s) => [s.from, s.start, s.to, s.next]), `seed ${seed}, edit ${n}: steps`).toEqual(fresh.steps.map((s) => [s.from, s.start, s.to, s.next]));
  }
  return { parsed, kept, boundaries };
}

/** A multi-cable export: corpus cables one after another, as the bench and researchers' exports make them. */
function exportOf(from: number, count: number, sep = '\n\n'): string {
  const parts = [];
  for (let i = 0; i < count; i++) parts.push(corpus[(from + i) % corpus.length]);
  return parts.join(sep);
}

describe('incremental parse: random edits give the model a parse of the final text gives', () => {
  it('on multi-cable exports (edits that make and unmake cables among them)', () => {
    let parsed = 0;
    let kept = 0;
    let boundaries = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const s = run(seed, exportOf(seed * 37, 10), 20);
      parsed += s.parsed;
      kept += s.kept;
      boundaries += s.boundaries;
    }
    // Some edits did make or unmake cables (the test below does so on purpose).
    expect(boundaries).toBeGreaterThan(0);
    // The point of it: most steps are kept, not parsed again.
    expect(kept).toBeGreaterThan(parsed * 2);
  });

  it('on bursts of edits composed into one', () => {
    for (let seed = 100; seed <= 103; seed++) run(seed, exportOf(seed * 11, 8), 12, 5);
  });

  it('on single corpus cables and the samples (web-page text around, CSV rows, printouts)', () => {
    const texts = [...samples, ...corpus.filter((_, i) => i % 97 === 0)];
    texts.forEach((t, i) => run(1000 + i, t + '\n' + t, 12));
  });

  it('with web-page text before, between and after the cables', () => {
    const page = 'Home | Cables | About\nShare this on Twitter\n\n';
    run(7, page + exportOf(3, 5, '\n\nComments (0)\nLeave a reply\n\n') + '\n\n' + page, 40);
  });
});

describe('incremental parse: what it keeps', () => {
  it('a character typed inside a cable re-reads a few cables and shifts nothing', () => {
    const lines = splitLines(exportOf(0, 40)).lines;
    const prev = parseLines(lines, '\n', false);
    const before = prev.doc.cables.map((c) => c);
    const cables = prev.doc.cables.length;
    expect(cables).toBeGreaterThan(10);
    const mid = prev.doc.cables[cables >> 1].range.start.line + 5;
    lines[mid] = `${lines[mid]}x`;
    const stats = {} as ReparseStats;
    const next = reparse(prev, lines, '\n', false, { from: mid, oldTo: mid, newTo: mid }, stats);
    expect(stats.whole).toBe(false);
    expect(stats.parsed).toBeLessThanOrEqual(5);
    expect(stats.shifted).toBe(0);
    // Cables far from the edit are the very objects of the previous parse.
    expect(next.doc.cables[0]).toBe(before[0]);
    expect(next.doc.cables[cables - 1]).toBe(before[cables - 1]);
  });

  it('a table put in the middle of a cable splits it in two, and taking it out joins them again', () => {
    const lines = splitLines(exportOf(0, 12)).lines;
    let prev = parseLines(lines, '\n', false);
    const count = prev.doc.cables.length;
    const c = prev.doc.cables[count >> 1];
    // A paragraph line halfway through the cable.
    let at = Math.floor((c.range.start.line + c.range.end.line) / 2);
    while (lines[at].trim() !== '' && at < c.range.end.line) at++;
    const table = ['Reference ID Created Released Classification Origin', '09ANKARA1549 2009-11-03 13:37 2011-08-30 01:44 CONFIDENTIAL Embassy Ankara', ''];
    lines.splice(at + 1, 0, ...table);
    const stats = {} as ReparseStats;
    prev = reparse(prev, lines, '\n', false, { from: at + 1, oldTo: at, newTo: at + 3 }, stats);
    expect(stats.whole).toBe(false);
    expect(prev.doc.cables.length).toBe(count + 1);
    expect(plain(prev)).toEqual(plain(parseLines(lines.slice(), '\n', false)));
    lines.splice(at + 1, 3);
    prev = reparse(prev, lines, '\n', false, { from: at + 1, oldTo: at + 3, newTo: at }, stats);
    expect(prev.doc.cables.length).toBe(count);
    expect(plain(prev)).toEqual(plain(parseLines(lines.slice(), '\n', false)));
  });

  it('a binary file and a file without any cable are parsed whole', () => {
    const lines = splitLines(`${'hello world\n'.repeat(100)}`).lines;
    const prev = parseLines(lines, '\n', false);
    lines[50] = 'VZCZCXRO1234';
    const stats = {} as ReparseStats;
    const next = reparse(prev, lines, '\n', false, { from: 50, oldTo: 50, newTo: 50 }, stats);
    expect(stats.whole).toBe(true);
    expect(next.doc.cables.length).toBeGreaterThan(0);
    const bin = splitLines(exportOf(0, 3)).lines;
    const p2 = parseLines(bin, '\n', false);
    bin[2] = '\0\0\0\0';
    const s2 = {} as ReparseStats;
    expect(reparse(p2, bin, '\n', false, { from: 2, oldTo: 2, newTo: 2 }, s2).doc.binary).toBe(true);
  });

  it('shiftLines moves an object hung from two places once', () => {
    const pos = { line: 3, character: 1 };
    const range = { start: pos, end: pos };
    const model = { a: { range }, b: [{ range }], marker: { startLine: 2, endLine: 4, joinBefore: 1, page: 7 }, again: [pos] };
    shiftLines(model, 10);
    expect(pos).toEqual({ line: 13, character: 1 });
    expect(model.marker).toEqual({ startLine: 12, endLine: 14, joinBefore: 11, page: 7 });
  });
});

describe('incremental analysis in the language service: symbols and diagnostics as from scratch', () => {
  it('after random edits sent as LSP changes (per-cable diagnostics kept and shifted)', () => {
    const kinds: string[] = [];
    const service = createLanguageService({ onParse: (e) => kinds.push(e.kind) });
    const never = { isCancellationRequested: false };
    for (let seed = 200; seed < 203; seed++) {
      const r = rng(seed);
      const text = exportOf(seed * 13, 10);
      const doc = LineDocument.create(`file:///export-${seed}.cable`, 'cable', 1, text);
      // Asked once so the next versions have a model and diagnostics to start from.
      service.computeDiagnostics(doc, never);
      for (let v = 2; v <= 12; v++) {
        const e = randomEdit(doc.lines, r);
        doc.update([{ range: { start: { line: e.line, character: e.character }, end: { line: e.endLine, character: e.endCharacter } }, text: e.text }], v);
        const fresh = createLanguageService();
        const again = TextDocument.create(doc.uri, 'cable', v, doc.getText());
        expect(json(service.computeDiagnostics(doc, never)), `seed ${seed} v${v}: diagnostics`).toEqual(json(fresh.computeDiagnostics(again, never)));
        expect(json(service.getDocumentSymbols(doc, never)), `seed ${seed} v${v}: symbols`).toEqual(json(fresh.getDocumentSymbols(again, never)));
      }
    }
    expect(kinds.filter((k) => k === 'incremental').length).toBeGreaterThan(20);
  });
});

const json = (x: unknown) => JSON.parse(JSON.stringify(x));

/**
 * The incremental analysis leaves the objects of the cables after an edit where they were and
 * moves only its steps' bounds (their diagnostics are kept per step and moved by the bounds); the
 * model is settled when something reads it, or in slices after the diagnostics. Whatever is read
 * in between, and however many versions pass without a read, the model, the symbols and the
 * diagnostics are those of the final text parsed from scratch.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { createLanguageService } from '../../server/src/service';
import { ModelCache } from '../../server/src/service/modelCache';
import { CableDiagnosticsProvider } from '../../server/src/service/diagnostics/provider';
import { parseRuleSettings } from '../../server/src/service/diagnostics/settings';
import { LineDocument } from '../../server/src/service/textDocument';
import { parseCable } from '../../server/src/parser';
import { lagOf } from '../../server/src/parser/incremental';
import { parseLines } from '../../server/src/parser/parser';
import { splitLines } from '../../server/src/parser/text';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Message } from 'vscode-languageserver/node';
import { encode } from '../../server/src/slicedWriter';
import { rng } from '../random';
import { SAMPLES } from './helpers';

const texts = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.cable'))
  .sort()
  .map((f) => readFileSync(join(SAMPLES, f), 'utf8').replace(/\r\n?/g, '\n'));

/** Web-page text between cables: a step of its own before the next cable, its fixes reaching over blank lines. */
const PAGE = `Home | Cables | About\n${Array.from({ length: 30 }, (_, i) => `Share this on Twitter ${i}`).join('\n')}`;

function exportOf(from: number, count: number, sep = '\n\n'): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(texts[(from + i) % texts.length]);
  return parts.join(sep);
}

// Line breaks and deleted lines move every later cable; the others start or end cables.
const INSERTS = ['\n', '\n\n\n', 'x', 'VZCZCXRO4321\n', 'Reference ID Created Released Classification Origin\n09ANKARA1549 2009-11-03 13:37 2011-08-30 01:44 CONFIDENTIAL Embassy Ankara\n\n', 'SUBJECT: A NEW SUBJECT\n', '1. (C) A new paragraph.\n', '???', 'Home | Cables | About\n'];

type Change = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string };

function randomChange(lines: string[], r: () => number): Change {
  const line = Math.floor(r() * lines.length);
  const character = r() < 0.5 ? 0 : Math.floor(r() * (lines[line].length + 1));
  const kind = r();
  if (kind < 0.25) {
    // Whole lines removed: the cables after move up.
    const end = Math.min(lines.length - 1, line + 1 + Math.floor(r() * 5));
    return { range: { start: { line, character: 0 }, end: { line: end, character: 0 } }, text: '' };
  }
  const text = INSERTS[Math.floor(r() * INSERTS.length)];
  return { range: { start: { line, character }, end: { line, character } }, text };
}

const json = (x: unknown) => JSON.parse(JSON.stringify(x));
/** A publish's diagnostics as the stdio writer encodes the message, read back. */
async function published(diagnostics: Diagnostic[]): Promise<unknown> {
  const bytes = await encode({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///x', diagnostics } } as Message);
  return JSON.parse(Buffer.concat(bytes).toString('utf8')).params.diagnostics;
}
const never = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };

/** Every diagnostic's quick fixes: the fixes kept with the problems, as the editor gets them. */
function quickFixes(service: ReturnType<typeof createLanguageService>, doc: LineDocument | TextDocument): unknown {
  const diagnostics = service.computeDiagnostics(doc, never);
  const all = { start: { line: 0, character: 0 }, end: { line: 1 << 30, character: 0 } };
  return json(service.getCodeActions(doc, all, { diagnostics, only: ['quickfix'] }, never));
}

function fromScratch(uri: string, version: number, text: string) {
  const fresh = createLanguageService();
  const doc = TextDocument.create(uri, 'cable', version, text);
  return { diagnostics: json(fresh.computeDiagnostics(doc, never)), symbols: json(fresh.getDocumentSymbols(doc, never)), model: json(fresh.getModel(doc)), fixes: quickFixes(fresh, doc) };
}

describe('lazily moved lines: reads between edits see the final text', () => {
  it('random edits, with the diagnostics, the model, the symbols or nothing read between them', async () => {
    let lagged = 0;
    for (let seed = 300; seed < 309; seed++) {
      const r = rng(seed);
      const service = createLanguageService();
      const text = seed % 2 ? exportOf(seed, 12) : `${exportOf(seed, 10, `\n\n${PAGE}\n\n`)}\n\n${PAGE}\n`;
      // Some in CRLF: a line break typed as LF makes the line ends mixed, which fixes write.
      // Some with a BOM, which line 0's characters count in what goes out (web-page text there has a problem on it).
      const bom = seed % 4 === 1 ? `\ufeff${PAGE}\n\n` : '';
      const doc = LineDocument.create(`file:///lazy-${seed}.cable`, 'cable', 1, bom + (seed % 3 ? text : text.replace(/\n/g, '\r\n')));
      service.computeDiagnostics(doc, never);
      // Publishes not yet written: a message may wait behind another while the next versions move its problems in place.
      const unsent: Array<{ v: number; message: Diagnostic[]; expected: unknown }> = [];
      for (let v = 2; v <= 16; v++) {
        doc.update([randomChange(doc.lines, r)], v);
        const read = r();
        if (read < 0.2) continue; // a version nobody asked about: the next parse starts from the one before
        const diagnostics = json(service.computeDiagnostics(doc, never));
        const expected = fromScratch(doc.uri, v, doc.getText());
        expect(diagnostics, `seed ${seed} v${v}: diagnostics`).toEqual(expected.diagnostics);
        unsent.push({ v, message: (await service.diagnose(doc, never, true))!, expected: expected.diagnostics });
        if (r() < 0.6) {
          // Written as the stdio writer writes them (from the steps' JSON), or read as any other writer reads them.
          for (const m of unsent.splice(0)) expect(m.v % 2 ? await published(m.message) : json(m.message), `seed ${seed} v${v}: message of v${m.v}`).toEqual(m.expected);
        }
        if (read < 0.5) continue; // diagnostics only: the model stays unsettled into the next version
        if (read < 0.7) {
          await service.settle(doc);
        } else {
          expect(json(service.getDocumentSymbols(doc, never)), `seed ${seed} v${v}: symbols`).toEqual(expected.symbols);
        }
        expect(json(service.getModel(doc)), `seed ${seed} v${v}: model`).toEqual(expected.model);
      }
      const expected = fromScratch(doc.uri, doc.version, doc.getText());
      expect(json(service.computeDiagnostics(doc, never)), `seed ${seed}: final diagnostics`).toEqual(expected.diagnostics);
      for (const m of unsent.splice(0)) expect(await published(m.message), `seed ${seed}: message of v${m.v}`).toEqual(m.expected);
      expect(await published((await service.diagnose(doc, never, true))!), `seed ${seed}: final message`).toEqual(expected.diagnostics);
      // The fixes too: kept ones are moved with their step, and those that write a line end follow the document's.
      expect(quickFixes(service, doc), `seed ${seed}: fixes`).toEqual(expected.fixes);
      expect(json(service.getModel(doc)), `seed ${seed}: final model`).toEqual(expected.model);
      lagged++;
    }
    expect(lagged).toBe(9);
  });

  it('a line break leaves the later cables unmoved until read; the diagnostics are moved all the same', () => {
    const cache = new ModelCache();
    const settings = parseRuleSettings(undefined).settings;
    const provider = new CableDiagnosticsProvider(cache, { ruleSettings: () => settings });
    const doc = LineDocument.create('file:///break.cable', 'cable', 1, exportOf(0, 10));
    const before = provider.problems(doc, never).map((p) => p.range.start.line);
    const cables = cache.get(doc).cables;
    const last = cables[cables.length - 1];
    const lastLine = last.range.start.line;
    const at = cables[1].range.start.line + 3;
    doc.update([{ range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, text: '\n\n' }], 2);
    const after = provider.problems(doc, never).map((p) => p.range.start.line);
    // Every problem past the edit is two lines down, the rest where it was.
    expect(after.length).toBe(before.length);
    expect(after).toEqual(before.map((l) => (l >= at ? l + 2 : l)));
    // The cable object is the one kept from version 1, not yet moved.
    const steps = cache.steps(doc)!.steps;
    const lastStep = steps.find((s) => s.cable === last)!;
    expect(lagOf(lastStep)).toBe(2);
    expect(last.range.start.line).toBe(lastLine);
    // Reading the model moves it.
    expect(cache.get(doc).cables[cables.length - 1]).toBe(last);
    expect(last.range.start.line).toBe(lastLine + 2);
    expect(lagOf(lastStep)).toBe(0);
    expect(json(cache.get(doc))).toEqual(json(parseCable(doc.getText())));
  });

  it('no object of the model hangs from two steps (the lines of each step are moved on their own)', () => {
    const lines = splitLines(texts.join('\n\n') + '\n\nHome | Cables | About\n').lines;
    const { steps } = parseLines(lines, '\n', false);
    expect(steps.length).toBeGreaterThan(texts.length);
    const owner = new Map<object, number>();
    const shared: string[] = [];
    steps.forEach((step, i) => {
      const stack: unknown[] = [step.cable, step.outside, step.problems];
      const seen = new Set<object>();
      while (stack.length) {
        const x = stack.pop();
        if (x === null || typeof x !== 'object' || seen.has(x)) continue;
        seen.add(x);
        const o = owner.get(x);
        if (o !== undefined && o !== i) shared.push(`steps ${o} and ${i}: ${JSON.stringify(x).slice(0, 80)}`);
        owner.set(x, i);
        for (const v of Object.values(x)) stack.push(v);
      }
    });
    expect(shared).toEqual([]);
    expect(owner.size).toBeGreaterThan(1000);
  });

  it('kept fixes that write a line end follow the document when its line ends change', () => {
    const service = createLanguageService();
    const doc = LineDocument.create('file:///crlf.cable', 'cable', 1, exportOf(0, 6).replace(/\n/g, '\r\n'));
    expect(JSON.stringify(quickFixes(service, doc))).toContain('\\r\\n');
    // An LF typed at the end: every cable is kept, and the file's line ends are now mixed.
    const last = doc.lines.length - 1;
    doc.update([{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, text: 'x\n' }], 2);
    const expected = fromScratch(doc.uri, 2, doc.getText());
    expect(json(service.computeDiagnostics(doc, never))).toEqual(expected.diagnostics);
    expect(quickFixes(service, doc)).toEqual(expected.fixes);
  });

  it('a settle cut short by the next version leaves its lag to the next parse', async () => {
    const cache = new ModelCache();
    const doc = LineDocument.create('file:///cut.cable', 'cable', 1, exportOf(3, 12));
    cache.get(doc);
    doc.update([{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '\n' }], 2);
    expect(cache.steps(doc)!.steps.some((s) => lagOf(s) !== 0)).toBe(true);
    // Slices of no time: one group of steps moved, then the event loop, then the version is gone.
    const settling = cache.settle(doc, 0);
    doc.update([{ range: { start: { line: 9, character: 0 }, end: { line: 10, character: 0 } }, text: '' }], 3);
    await settling;
    cache.steps(doc);
    doc.update([{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '\n\n\n' }], 4);
    expect(json(cache.get(doc))).toEqual(json(parseCable(doc.getText())));
  });
});

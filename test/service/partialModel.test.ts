/**
 * The model a request gets during the sliced first parse of a large document (ModelCache.partial)
 * is assembled step by step: the steps read since the last request are added to what was
 * assembled before. At every point it must be the document assembleDocument makes of the same
 * steps at once, problems that came out of order (sorted, stably) included.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import type { CableDocument, ParseProblem } from '../../server/src/parser/model';
import { appendSteps, assembleDocument, cableSteps, firstCableStart, startAssembly, type ParseStep } from '../../server/src/parser/parser';
import { ModelCache, SLICED_LINES } from '../../server/src/service/modelCache';
import { LineDocument } from '../../server/src/service/textDocument';
import { rng } from '../random';
import { SAMPLES } from './helpers';

const texts = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.cable'))
  .sort()
  .map((f) => readFileSync(join(SAMPLES, f), 'utf8').replace(/\r\n?/g, '\n'));

function exportOf(lineCount: number): string {
  const parts: string[] = [];
  let lines = 0;
  for (let i = 0; lines < lineCount; i++) {
    const t = texts[i % texts.length];
    parts.push(t);
    lines += t.split('\n').length + 1;
  }
  // Web-page text after the last cable: the last step has outside text and no cable.
  return parts.join('\n\n') + '\n\nPrinted from the archive on 2011-09-01.\n';
}

const stepsOf = (lines: string[]) => [...cableSteps(lines, firstCableStart(lines).start)];
const json = (x: unknown) => JSON.parse(JSON.stringify(x));

/** The document's lists as the objects they hold, by the same identity on both sides. */
function shape(doc: CableDocument, ids: Map<object, number>) {
  const id = (x: object) => {
    if (!ids.has(x)) ids.set(x, ids.size);
    return ids.get(x);
  };
  return { cables: doc.cables.map(id), outside: doc.outside.map(id), problems: doc.problems.map(id) };
}

describe('a document assembled step by step', () => {
  it('is at every point the one assembled at once, problems out of order and at the same place included', () => {
    const lines = exportOf(3000).split('\n');
    const steps = stepsOf(lines);
    expect(steps.length).toBeGreaterThan(20);
    const random = rng(9);
    // Problems a step reports off its own lines (what the sort in assembleDocument is for): some
    // before everything read so far, some ahead of the steps after it (a list in order from one
    // step to the next can then still need the sort, because of one further back), some on the
    // same place as another's, so that only a stable sort of the whole list keeps the order the
    // steps gave them.
    const made: ParseProblem[] = [];
    for (let i = 3; i < steps.length; i += 1 + Math.floor(random() * 6)) {
      const at = steps[Math.floor(random() * i)].from;
      const p = { code: `off-${i}`, message: `off its lines (${i})`, severity: 'warning', range: { start: { line: at, character: 0 }, end: { line: at, character: 1 } } } as unknown as ParseProblem;
      made.push(p);
      steps[i].problems = [p, ...steps[i].problems];
      // And one ahead of the steps that follow, at the end of another step's list.
      const j = Math.floor(random() * i);
      const ahead = steps[Math.min(steps.length - 1, j + 2 + Math.floor(random() * 10))].from;
      const q = { code: `ahead-${j}`, message: `ahead of its lines (${j})`, severity: 'warning', range: { start: { line: ahead, character: 0 }, end: { line: ahead, character: 1 } } } as unknown as ParseProblem;
      made.push(q);
      steps[j].problems = [...steps[j].problems, q];
    }
    for (let turn = 0; turn < 5; turn++) {
      const assembly = startAssembly(lines, '\n', false);
      let n = 0;
      while (n < steps.length) {
        const next = Math.min(steps.length, n + 1 + Math.floor(random() * 8));
        appendSteps(assembly, steps.slice(0, next), n);
        n = next;
        const ids = new Map<object, number>();
        expect(shape(assembly.doc, ids)).toEqual(shape(assembleDocument(lines, '\n', false, steps.slice(0, n)), ids));
      }
      // Appending nothing leaves it as it is.
      const ids = new Map<object, number>();
      const before = shape(assembly.doc, ids);
      appendSteps(assembly, steps, steps.length);
      expect(shape(assembly.doc, ids)).toEqual(before);
    }
    // The made-up problems did come out of order: the sort was needed.
    const whole = assembleDocument(lines, '\n', false, steps);
    const unsorted = steps.flatMap((s) => s.problems);
    expect(whole.problems).not.toEqual(unsorted);
    expect(whole.problems.filter((p) => made.includes(p))).toHaveLength(made.length);
  });
});

describe('the model of a sliced first parse, request by request', () => {
  const never = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };

  it('is the document of the steps read so far, and the whole parse at the end', async () => {
    const text = exportOf(SLICED_LINES * 2);
    const cache = new ModelCache({ background: true });
    const doc = LineDocument.create('file:///partial.cable', 'cable', 1, text);
    const steps: ParseStep[] = stepsOf(doc.lines);
    // Slices of no time: a yield after every cable.
    const running = cache.analyse(doc, never, 0);
    let seen = 0;
    let asked = 0;
    const handed = new Map<CableDocument, number>();
    for (let turn = 0; !cache.ready(doc); turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      // Asked at some turns only: each answer adds several steps to the one before.
      if (turn % 3 !== 0 || cache.ready(doc)) continue;
      const model = cache.get(doc);
      // Every step but the last (the text after the last cable) reads one cable.
      const n = model.cables.length;
      expect(json(model)).toEqual(json(assembleDocument(doc.lines, doc.eol, doc.bom, steps.slice(0, n))));
      expect(n).toBeGreaterThanOrEqual(seen);
      // What features keep by model (the workspace index's summary) holds for one state of it only.
      expect(handed.get(model) ?? n).toBe(n);
      handed.set(model, n);
      seen = n;
      asked++;
    }
    expect(await running).toBe(true);
    expect(asked).toBeGreaterThan(10);
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(steps.length - 1);
    const whole = cache.get(doc);
    expect(json(whole)).toEqual(json(parseCable(text)));
    expect(handed.has(whole)).toBe(false);
    expect(handed.size).toBeGreaterThan(5);
  });
});

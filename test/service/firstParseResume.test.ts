/**
 * An edit during the sliced first parse of a large document: the next version's parse keeps the
 * cables already read before the edit and goes on from there, rather than reading the export
 * again from its first line; the model is the one a parse of the final text gives.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { ModelCache, SLICED_LINES, type ParseEvent } from '../../server/src/service/modelCache';
import { LineDocument } from '../../server/src/service/textDocument';
import { rng } from '../random';
import { SAMPLES } from './helpers';

const texts = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.cable'))
  .sort()
  .map((f) => readFileSync(join(SAMPLES, f), 'utf8').replace(/\r\n?/g, '\n'));

/** The samples over and over: more lines than a parse at once. */
function bigExport(): string {
  const parts: string[] = [];
  let lines = 0;
  for (let i = 0; lines < SLICED_LINES * 3; i++) {
    const t = texts[i % texts.length];
    parts.push(t);
    lines += t.split('\n').length + 1;
  }
  return parts.join('\n\n');
}

const never = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};
const json = (x: unknown) => JSON.parse(JSON.stringify(x));
const insert = (doc: LineDocument, line: number, text: string, version: number) => doc.update([{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text }], version);

function setup() {
  const parses: ParseEvent[] = [];
  const cache = new ModelCache({ background: true, onParse: (e) => void parses.push(e) });
  const doc = LineDocument.create('file:///big.cable', 'cable', 1, bigExport());
  return { parses, cache, doc };
}

describe('an edit during the first parse of a large document', () => {
  it('keeps the cables read before the edit (the old parse noticed it first)', async () => {
    const { parses, cache, doc } = setup();
    // Slices of no time: a yield after every cable.
    const first = cache.analyse(doc, never, 0);
    await turns(20);
    const read = cache.get(doc).cables.length;
    expect(read).toBeGreaterThan(3);
    insert(doc, doc.lines.length - 10, 'x', 2);
    expect(await first).toBe(false);
    expect(await cache.analyse(doc, never, 0)).toBe(true);
    expect(parses.map((p) => p.version)).toEqual([2]);
    expect(parses[0].stats?.kept).toBeGreaterThanOrEqual(read - 1);
    expect(json(cache.get(doc))).toEqual(json(parseCable(doc.getText())));
  });

  it('keeps them when the next version starts before the old parse noticed', async () => {
    const { parses, cache, doc } = setup();
    const first = cache.analyse(doc, never, 0);
    await turns(20);
    insert(doc, doc.lines.length - 10, '\n\n', 2);
    const second = cache.analyse(doc, never, 0);
    expect(await first).toBe(false);
    expect(await second).toBe(true);
    expect(parses[0].stats?.kept).toBeGreaterThan(3);
    expect(json(cache.get(doc))).toEqual(json(parseCable(doc.getText())));
  });

  it('reads again from the start when the edit is before what was read', async () => {
    const { parses, cache, doc } = setup();
    const first = cache.analyse(doc, never, 0);
    await turns(20);
    insert(doc, 3, 'VZCZCXRO4321\n', 2);
    await first;
    expect(await cache.analyse(doc, never, 0)).toBe(true);
    expect(parses[0].stats).toBeUndefined();
    expect(json(cache.get(doc))).toEqual(json(parseCable(doc.getText())));
  });

  it('random edits at random moments of a first parse give the model of the final text', async () => {
    for (let seed = 40; seed < 44; seed++) {
      const r = rng(seed);
      const { cache, doc } = setup();
      let version = 1;
      let running = cache.analyse(doc, never, 0);
      for (let n = 0; n < 4; n++) {
        await turns(1 + Math.floor(r() * 30));
        const line = Math.floor(r() * doc.lines.length);
        insert(doc, line, ['x', '\n', 'VZCZCXRO4321\n', 'Reference ID Created Released Classification Origin\n'][Math.floor(r() * 4)], ++version);
        // Sometimes the next parse starts at once, sometimes after the old one stopped.
        if (r() < 0.5) await running;
        running = cache.analyse(doc, never, 0);
      }
      expect(await running, `seed ${seed}`).toBe(true);
      expect(json(cache.get(doc)), `seed ${seed}`).toEqual(json(parseCable(doc.getText())));
    }
  });

  it('a cable started in long text between cables that was already read past', async () => {
    // 400 lines of web-page text after each of the first cables: a cable's step ends before it,
    // and its scan for the next cable read past it, before the edit puts a cable in the middle.
    const junk = `Home | Cables | About\n${Array.from({ length: 400 }, (_, i) => `Share this on Twitter ${i}`).join('\n')}`;
    const parts: string[] = [];
    for (let i = 0; i < 12; i++) parts.push(texts[i % texts.length], junk);
    const cache = new ModelCache({ background: true });
    const doc = LineDocument.create('file:///gaps.cable', 'cable', 1, `${parts.join('\n\n')}\n\n${bigExport()}`);
    const first = cache.analyse(doc, never, 0);
    await turns(8);
    const read = cache.get(doc).cables;
    expect(read.length).toBeGreaterThan(2);
    // In the page text after the second-to-last cable read: before the cable the loop found next.
    insert(doc, read[read.length - 2].range.end.line + 300, 'VZCZCXRO4321\nOO RUEHAK\nDE RUEHAK #1234/01 3061337\nZNY CCCCC ZZH\nO 021125Z JUL 08\nFM AMEMBASSY ANKARA\nTO SECSTATE WASHDC IMMEDIATE 1234\nBT\nC O N F I D E N T I A L ANKARA 001234\n\nSUBJECT: A CABLE IN THE PAGE TEXT\n\n1. (C) Its text.\n\nJONES\n\n', 2);
    await first;
    expect(await cache.analyse(doc, never, 0)).toBe(true);
    expect(json(cache.get(doc))).toEqual(json(parseCable(doc.getText())));
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRange, moveRange, NumberSpan, parseCable, Span, TextSpan } from '../../server/src/parser';
import { parseReferenceId } from '../../server/src/parser/header';
import { shiftLines } from '../../server/src/parser/incremental';
import { detached } from '../../server/src/service/ranges';
import { CORPUS, HAVE_SHARED, SAMPLES, corpusFiles } from './helpers';

describe('Span: the model range of four numbers', () => {
  it('reads and serialises as the LSP range with its bounds', () => {
    const s = new Span(3, 4, 5, 6);
    expect(s.start).toStrictEqual({ line: 3, character: 4 });
    expect(s.end).toStrictEqual({ line: 5, character: 6 });
    expect(JSON.stringify({ range: s })).toBe('{"range":{"start":{"line":3,"character":4},"end":{"line":5,"character":6}}}');
    // test/setup.ts's equality: a Span equals the plain range of the same bounds, and only that one.
    expect(s).toEqual({ start: { line: 3, character: 4 }, end: { line: 5, character: 6 } });
    expect(s).not.toEqual({ start: { line: 3, character: 4 }, end: { line: 5, character: 7 } });
    expect(s).not.toEqual(new Span(3, 4, 6, 6));
  });

  it('is copied as a Span of its own and moved in place', () => {
    const s = new Span(1, 2, 1, 9);
    const c = copyRange(s);
    expect(c).toBeInstanceOf(Span);
    expect(c).not.toBe(s);
    moveRange(c, 4);
    expect(c).toEqual({ start: { line: 5, character: 2 }, end: { line: 5, character: 9 } });
    expect(s).toEqual({ start: { line: 1, character: 2 }, end: { line: 1, character: 9 } });
    const fromPlain = copyRange({ start: { line: 7, character: 0 }, end: { line: 8, character: 1 } });
    expect(fromPlain).toBeInstanceOf(Span);
    expect(fromPlain.toJSON()).toStrictEqual({ start: { line: 7, character: 0 }, end: { line: 8, character: 1 } });
    // A plain range's positions may be another range's too: it is not moved behind their back.
    expect(() => moveRange({ start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, 1)).toThrow(TypeError);
  });

  it("is moved once by the incremental parse's walk, however often the model reaches it", () => {
    const s = new Span(3, 1, 4, 2);
    const model = { a: { range: s }, b: [{ range: s }, s] };
    shiftLines(model, 10);
    expect(s.toJSON()).toStrictEqual({ start: { line: 13, character: 1 }, end: { line: 14, character: 2 } });
  });

  it('is detached (for an answer) as a copy that serialises alike', () => {
    const s = new Span(2, 0, 2, 5);
    const answer = { items: [{ range: s, label: 'x' }] };
    const copy = detached(answer);
    expect(copy.items[0].range).not.toBe(s);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(answer));
  });

  // Memory: a range built as an object literal costs three objects where a Span is one, and a
  // literal kept in the model would also not be moved by code that moves Spans. Every range the
  // parser keeps is a Span.
  it('is the form of every range in the model', () => {
    const texts = readdirSync(SAMPLES).map((f) => readFileSync(join(SAMPLES, f), 'utf8'));
    if (HAVE_SHARED) texts.push(...corpusFiles().filter((_, i) => i % 5 === 0).map((f) => readFileSync(join(CORPUS, f), 'utf8')));
    let spans = 0;
    const plain: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (!v || typeof v !== 'object') return;
      if (v instanceof Span) {
        spans++;
        return;
      }
      if (Array.isArray(v)) return v.forEach((x) => walk(x, `${path}[]`));
      const o = v as Record<string, unknown>;
      if (typeof o.start === 'object' && typeof o.end === 'object') plain.push(path);
      for (const k of Object.keys(o)) walk(o[k], `${path}.${k}`);
    };
    for (const t of texts) walk(parseCable(t), '$');
    expect(spans).toBeGreaterThan(1000);
    expect([...new Set(plain)]).toEqual([]);
  });
});

describe('TextSpan: a plain token of one object', () => {
  it('reads and serialises as { text, range }, a number token as { text, value, range }', () => {
    const t = new TextSpan('ROME', 4, 10, 4, 14);
    expect(t.range).toBeInstanceOf(Span);
    expect(t.range.toJSON()).toStrictEqual({ start: { line: 4, character: 10 }, end: { line: 4, character: 14 } });
    expect(JSON.stringify({ label: t })).toBe('{"label":{"text":"ROME","range":{"start":{"line":4,"character":10},"end":{"line":4,"character":14}}}}');
    const n = new NumberSpan('#2318', 2318, 1, 3, 1, 8);
    expect(JSON.stringify(n)).toBe('{"text":"#2318","value":2318,"range":{"start":{"line":1,"character":3},"end":{"line":1,"character":8}}}');
    // test/setup.ts's equality: a token equals the plain token it reads as, and only that one.
    expect(t).toEqual({ text: 'ROME', range: { start: { line: 4, character: 10 }, end: { line: 4, character: 14 } } });
    expect(t).not.toEqual({ text: 'ROMA', range: { start: { line: 4, character: 10 }, end: { line: 4, character: 14 } } });
    expect(t).not.toEqual({ start: { line: 4, character: 10 }, end: { line: 4, character: 14 } });
    expect(n).toMatchObject({ text: '#2318', value: 2318 });
    expect(n).not.toEqual({ text: '#2318', value: 2317, range: n.range });
  });

  it('gives a range of its reader\'s own: moving it does not move the token', () => {
    const t = new TextSpan('ROME', 4, 10, 4, 14);
    const r = t.range;
    moveRange(r, 3);
    expect(r.start.line).toBe(7);
    expect(t.range.start.line).toBe(4);
    expect(t.range).not.toBe(t.range);
  });

  it('is moved once by the walk, and detached whole (text, value and bounds)', () => {
    const t = new TextSpan('ROME', 4, 10, 4, 14);
    const n = new NumberSpan('03', 3, 5, 0, 5, 2);
    shiftLines({ a: t, b: [t, { tok: t }], c: n }, 2);
    expect(t.range.toJSON()).toStrictEqual({ start: { line: 6, character: 10 }, end: { line: 6, character: 14 } });
    expect(n.range.start.line).toBe(7);
    const answer = { items: [{ label: t, number: n }] };
    const copy = detached(answer);
    expect(copy.items[0].label).toBeInstanceOf(TextSpan);
    expect(copy.items[0].label).not.toBe(t);
    expect(copy.items[0].number).toBeInstanceOf(NumberSpan);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(answer));
  });

  // The workspace index keeps a reference ID's range for a cable an edit did not touch, and counts
  // on the incremental parse moving it in place: a read and an unread ID both hold a Span.
  it('is not the form of a reference ID, read or not: its range is the model\'s own', () => {
    for (const id of ['08ASTANA2318', 'NOT-AN-ID']) {
      const ref = parseReferenceId(4, { text: id, start: 0, end: id.length });
      expect(ref).not.toBeInstanceOf(TextSpan);
      expect(ref.range).toBeInstanceOf(Span);
      expect(ref.range).toBe(ref.range);
      shiftLines({ ref }, 3);
      expect(ref.range.start.line).toBe(7);
    }
  });

  it('is the form of the model\'s plain tokens, in a corpus cable', () => {
    const model = parseCable(readFileSync(join(SAMPLES, readdirSync(SAMPLES).filter((f) => f.endsWith('.cable'))[0]), 'utf8'));
    let tokens = 0;
    let literal = 0;
    const walk = (v: unknown): void => {
      if (!v || typeof v !== 'object' || v instanceof Span) return;
      if (v instanceof TextSpan) return void tokens++;
      if (Array.isArray(v)) return v.forEach(walk);
      const o = v as Record<string, unknown>;
      // A literal of exactly a text and a range is what TextSpan replaces.
      const keys = Object.keys(o);
      if (keys.length === 2 && keys.includes('text') && keys.includes('range') && o.range instanceof Span && o.range.start.line === o.range.end.line) literal++;
      for (const k of keys) walk(o[k]);
    };
    walk(model);
    expect(tokens).toBeGreaterThan(50);
    expect(literal).toBe(0);
  });
});

/**
 * splitExport (server/src/split.ts): the parts end to end are the file byte for byte, every cut is
 * at a cable's first line, each part keeps within both limits unless one cable alone is over one.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { cableStartsOf, partLines, partNames, splitExport, startsOfModel, type SplitPlan } from '../../server/src/split';
import { CORPUS, HAVE_SHARED, SAMPLES } from '../parser/helpers';

const samples = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.cable') && !f.startsWith('export'))
  .sort()
  .map((f) => readFileSync(join(SAMPLES, f), 'utf8'));

function plan(text: string | Buffer, limits: { maxBytes?: number; maxLines?: number }) {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const model = parseCable(bytes.toString('utf8'));
  // cable split reads the starts step by step without the model: they are the model's cables.
  const starts = cableStartsOf(bytes.toString('utf8'));
  expect(starts).toEqual(startsOfModel(model));
  return { bytes, model, plan: splitExport(bytes, starts, limits) };
}

/** What must hold of any split: the bytes, the cut points, the limits, the counts. */
function expectSound(bytes: Buffer, model: ReturnType<typeof parseCable>, p: SplitPlan): void {
  expect(Buffer.concat(p.parts.map((x) => bytes.subarray(x.start, x.end))).equals(bytes)).toBe(true);
  const cableStarts = new Set(model.cables.map((c) => c.range.start.line));
  for (let i = 0; i < p.parts.length; i++) {
    const part = p.parts[i]!;
    if (i > 0) {
      expect(part.start).toBe(p.parts[i - 1]!.end);
      expect(cableStarts.has(part.startLine)).toBe(true);
    }
    if (!part.over) {
      expect(part.end - part.start).toBeLessThanOrEqual(p.maxBytes);
      expect(partLines(p, part)).toBeLessThanOrEqual(p.maxLines);
    }
    // Each part parses to the cables it is said to hold.
    expect(parseCable(bytes.subarray(part.start, part.end).toString('utf8')).cables.length).toBe(part.cables);
  }
  expect(p.parts.reduce((s, x) => s + x.cables, 0)).toBe(model.cables.length);
  expect(p.parts.reduce((s, x) => s + partLines(p, x), 0)).toBe(p.lines);
}

describe('splitExport', () => {
  const exportText = samples.join('\n\n');

  it('cuts an export of the samples at every cable with a limit of one byte, each cable alone and said to be over', () => {
    const { bytes, model, plan: p } = plan(exportText, { maxBytes: 1 });
    expect(model.cables.length).toBe(samples.length);
    expect(p.parts.length).toBe(samples.length);
    expect(p.parts.every((x) => x.over === 'bytes' && x.cables === 1)).toBe(true);
    expectSound(bytes, model, p);
  });

  it('packs cables into parts under the limits, by bytes and by lines', () => {
    const bySize = plan(exportText, { maxBytes: Math.ceil(Buffer.byteLength(exportText) / 2) });
    expect(bySize.plan.parts.length).toBeGreaterThanOrEqual(2);
    expect(bySize.plan.parts.length).toBeLessThan(samples.length);
    expectSound(bySize.bytes, bySize.model, bySize.plan);
    const byLines = plan(exportText, { maxLines: 400 });
    expect(byLines.plan.parts.length).toBeGreaterThanOrEqual(2);
    expect(byLines.plan.parts.every((x) => !x.over)).toBe(true);
    expectSound(byLines.bytes, byLines.model, byLines.plan);
  });

  it('keeps a file within the limits as one part', () => {
    const { plan: p, bytes } = plan(exportText, {});
    expect(p.parts).toEqual([expect.objectContaining({ start: 0, end: bytes.length, cables: samples.length })]);
  });

  it('keeps CRLF, a BOM, a last line without a line end and lone CRs', () => {
    const crlf = '\ufeff' + exportText.replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    const a = plan(crlf, { maxLines: 300 });
    expect(a.plan.parts.length).toBeGreaterThan(1);
    expect(a.bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expectSound(a.bytes, a.model, a.plan);
    const mixed = samples.map((s, i) => (i % 2 ? s.replace(/\n/g, '\r') : s)).join('\r\n\n');
    const b = plan(mixed, { maxBytes: 1 });
    expectSound(b.bytes, b.model, b.plan);
    expect(b.plan.parts.length).toBe(b.model.cables.length);
  });

  it('keeps the text before the first cable and after the last with the first and the last part', () => {
    const text = 'Exported from the archive, 2011\nsearch: TAGS=KNNP\n\n' + exportText + '\n\n-- end of export --\nno newline';
    const { bytes, model, plan: p } = plan(text, { maxBytes: 1 });
    expectSound(bytes, model, p);
    const first = bytes.subarray(p.parts[0]!.start, p.parts[0]!.end).toString('utf8');
    const last = bytes.subarray(p.parts.at(-1)!.start, p.parts.at(-1)!.end).toString('utf8');
    expect(first.startsWith('Exported from the archive')).toBe(true);
    expect(last.endsWith('-- end of export --\nno newline')).toBe(true);
  });

  it('keeps bytes that are not UTF-8 as they were', () => {
    const bytes = Buffer.concat([Buffer.from(samples[0]!), Buffer.from([0xff, 0xfe, 0x80, 0x0a, 0x0a]), Buffer.from(samples[1]!)]);
    const model = parseCable(bytes.toString('utf8'));
    const p = splitExport(bytes, startsOfModel(model), { maxBytes: 1 });
    expect(p.parts.length).toBe(2);
    expectSound(bytes, model, p);
  });

  it('puts a cable larger than the limit in a part alone, between parts that keep to it', () => {
    const big = samples.reduce((a, b) => (b.length > a.length ? b : a));
    const small = samples.filter((s) => s !== big);
    const text = [...small.slice(0, 2), big, ...small.slice(2)].join('\n\n');
    const limit = Buffer.byteLength(big) - 1;
    const { bytes, model, plan: p } = plan(text, { maxBytes: limit });
    expectSound(bytes, model, p);
    const over = p.parts.filter((x) => x.over);
    expect(over).toHaveLength(1);
    expect(over[0]!.cables).toBe(1);
    expect(bytes.subarray(over[0]!.start, over[0]!.end).toString('utf8')).toContain(big.slice(0, 200));
  });

  it('refuses a model of another text', () => {
    expect(() => splitExport(Buffer.from('a\nb\nc'), cableStartsOf('a\nb'), {})).toThrow(/not the same text/);
  });

  it('names the parts so that they sort', () => {
    expect(partNames('/x/Export.CABLE', 2)).toEqual(['Export.part001.cable', 'Export.part002.cable']);
    expect(partNames('e.cable', 1000).at(-1)).toBe('e.part1000.cable');
    expect(partNames('e.cable', 1000)[0]).toBe('e.part0001.cable');
  });

  it.skipIf(!HAVE_SHARED)('round-trips exports of the corpus of various sizes with small limits', () => {
    const corpus = readdirSync(CORPUS)
      .filter((f) => f.endsWith('.cable'))
      .sort()
      .map((f) => readFileSync(join(CORPUS, f)));
    for (const [count, maxBytes, maxLines] of [
      [10, 20_000, 100_000],
      [200, 256 * 1024, 3_000],
      [corpus.length, 1024 * 1024, 20_000],
    ] as const) {
      const bytes = Buffer.concat(corpus.slice(0, count).flatMap((b) => [b, Buffer.from('\n')]));
      const model = parseCable(bytes.toString('utf8'));
      const p = splitExport(bytes, startsOfModel(model), { maxBytes, maxLines });
      expect(p.parts.length).toBeGreaterThan(1);
      expect(Buffer.concat(p.parts.map((x) => bytes.subarray(x.start, x.end))).equals(bytes)).toBe(true);
      const starts = new Set(model.cables.map((c) => c.range.start.line));
      for (const part of p.parts.slice(1)) expect(starts.has(part.startLine)).toBe(true);
      for (const part of p.parts) if (!part.over) expect(part.end - part.start).toBeLessThanOrEqual(maxBytes);
      expect(p.parts.reduce((s, x) => s + x.cables, 0)).toBe(model.cables.length);
    }
  });
});

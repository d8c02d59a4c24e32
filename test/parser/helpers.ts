import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { parseCable, type Cable, type CableDocument, type Range } from '../../server/src/parser';

export const SHARED = resolve(__dirname, '../../../shared');
export const CORPUS = join(SHARED, 'corpus');
export const SEED = join(SHARED, 'seed/000_cdd151ddbff82ab0.txt');
export const SAMPLES = resolve(__dirname, '../../samples');
export const HAVE_SHARED = existsSync(CORPUS) && existsSync(SEED);
export const SHARED_MISSING = `../shared (the corpus and the seed) is not beside this checkout: the suites that read it are skipped`;

export function corpusFiles(): string[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.cable'))
    .sort();
}

export function readCorpus(name: string): string {
  return readFileSync(join(CORPUS, name), 'utf8');
}

/**
 * The samples' texts and the corpus's (the samples again without ../shared), in name order, each
 * without a BOM and with `\n` ends: what the Fix All tests join into exports of their own.
 */
export function plainTexts(): { samples: string[]; corpus: string[] } {
  const read = (dir: string, names: string[]) => names.map((f) => readFileSync(join(dir, f), 'utf8').replace(/^\ufeff/, '').replace(/\r\n?/g, '\n'));
  const samples = read(
    SAMPLES,
    readdirSync(SAMPLES)
      .filter((f) => f.endsWith('.cable'))
      .sort(),
  );
  return { samples, corpus: HAVE_SHARED ? read(CORPUS, corpusFiles()) : samples };
}

/** Every `{text, range}` in the model, wherever it stands, with the path that reaches it. */
export function* tokensOf(value: unknown, path = '$'): Generator<{ path: string; text: string; range: Range }> {
  if (!value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* tokensOf(value[i], `${path}[${i}]`);
    return;
  }
  const o = value as Record<string, unknown>;
  // A subject's and a REF entry's `text` is their content without the label their range includes.
  const labelled = Array.isArray(o.parts) || typeof o.label === 'string';
  if (typeof o.text === 'string' && isRange(o.range) && !labelled) yield { path, text: o.text, range: o.range };
  for (const [k, v] of Object.entries(o)) if (k !== 'lines') yield* tokensOf(v, `${path}.${k}`);
}

/** Every range in the model. */
export function* rangesOf(value: unknown, path = '$'): Generator<{ path: string; range: Range }> {
  if (!value || typeof value !== 'object') return;
  if (isRange(value)) {
    yield { path, range: value };
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* rangesOf(value[i], `${path}[${i}]`);
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (k !== 'lines') yield* rangesOf(v, `${path}.${k}`);
}

function isRange(v: unknown): v is Range {
  const r = v as Range;
  return !!r && typeof r === 'object' && !!r.start && !!r.end && typeof r.start.line === 'number' && typeof r.end.character === 'number';
}

/** Problems with the ranges of a model: outside the document, reversed, or a token whose text is not what its range covers. */
export function rangeProblems(doc: CableDocument): string[] {
  const out: string[] = [];
  const { lines } = doc;
  for (const { path, range } of rangesOf(doc)) {
    const { start, end } = range;
    const inside = (p: { line: number; character: number }) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
    if (!inside(start) || !inside(end)) out.push(`${path}: ${JSON.stringify(range)} lies outside the document`);
    else if (start.line > end.line || (start.line === end.line && start.character > end.character)) out.push(`${path}: ${JSON.stringify(range)} ends before it starts`);
  }
  for (const { path, text, range } of tokensOf(doc)) {
    if (range.start.line !== range.end.line) continue;
    const actual = lines[range.start.line]?.slice(range.start.character, range.end.character);
    if (actual !== text) out.push(`${path}: text ${JSON.stringify(text)} but its range covers ${JSON.stringify(actual)}`);
  }
  return out;
}

/** The first cable of a text. */
export function firstCable(text: string): Cable {
  return parseCable(text).cables[0]!;
}

/** The first cable of a corpus file. */
export function corpusCable(name: string): Cable {
  return firstCable(readCorpus(name));
}

/** The corpus cable with `from` (which must occur in it) written as `to`: a real cable given a quirk the corpus lacks. */
export function altered(name: string, from: string, to: string): string {
  const text = readCorpus(name);
  expect(text.includes(from), `${name} holds ${JSON.stringify(from)}`).toBe(true);
  return text.replace(from, to);
}

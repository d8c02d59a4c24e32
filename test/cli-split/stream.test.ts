/**
 * `cable split` reads the file as a stream (CableStartScanner, server/src/split.ts): chunks of any
 * size, a window of lines at a time. It must find what the whole text's parse finds (the same
 * lines, the same cable starts, at the right bytes) and plan the same parts, for every kind of
 * line end, a BOM, bytes that are not UTF-8 and characters cut between two chunks, while the
 * window holds a part of the file only.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CableStartScanner, cableStartsOf, cableStartsOfFile, planSplit, splitExport } from '../../server/src/split';
import { CORPUS, HAVE_SHARED, SAMPLES } from '../parser/helpers';
import { READ_PAST_THEIR_END } from '../streamFixtures';

const samples = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.cable'))
  .sort()
  .map((f) => readFileSync(join(SAMPLES, f), 'utf8'));

/** The samples, `times` over, with text before and after. */
function exportOf(times: number, eol = '\n'): string {
  const parts: string[] = ['Exported from the archive, 2011 — søk: TAGS=KNNP', ''];
  for (let i = 0; i < times; i++) parts.push(...samples);
  parts.push('-- end of export --');
  return parts.join('\n\n').replace(/\r?\n/g, eol);
}

function scan(bytes: Buffer, chunk: number, windowLines: number) {
  const scanner = new CableStartScanner(windowLines);
  for (let at = 0; at < bytes.length; at += chunk) scanner.push(bytes.subarray(at, Math.min(bytes.length, at + chunk)));
  return { ...scanner.end(), peak: scanner.peakWindowLines };
}

/** The stream's reading against the whole text's, and the same plan of parts. */
function expectSame(bytes: Buffer, chunk: number, windowLines: number, limits = { maxBytes: 20_000 }) {
  const whole = cableStartsOf(bytes.toString('utf8'));
  const got = scan(bytes, chunk, windowLines);
  expect({ lines: got.lines, starts: got.starts, binary: !!got.binary }).toEqual({ lines: whole.lines, starts: whole.starts, binary: !!whole.binary });
  expect(got.bytes).toBe(bytes.length);
  if (!whole.binary) expect(planSplit(got, limits)).toEqual(splitExport(bytes, whole, limits));
  return got;
}

describe('the cable starts of a file read as a stream', () => {
  const big = Buffer.from(exportOf(12), 'utf8');

  it('are the whole text’s, whatever the chunks, and the window holds a part of the file', () => {
    const lines = cableStartsOf(big.toString('utf8')).lines;
    expect(lines).toBeGreaterThan(10_000);
    for (const [chunk, windowLines] of [
      [1 << 20, 20_000],
      [4096, 50],
      [777, 500],
      [3, 2000],
    ] as const) {
      const got = expectSame(big, chunk, windowLines);
      expect(got.starts.length).toBeGreaterThan(60);
      // Small windows: a part of the file at a time (a cable longer than the window makes it grow).
      if (windowLines < 1000) expect(got.peak).toBeLessThan(lines / 2);
    }
  });

  it('are the whole text’s where a cable’s parse reads past its end, wherever a window ends', () => {
    // After the 2,000 lines the stream reads before its first turn; twice, the second after a cable.
    const bytes = Buffer.from('\n'.repeat(2000) + READ_PAST_THEIR_END + '\n\n' + READ_PAST_THEIR_END + '\n', 'utf8');
    const whole = cableStartsOf(bytes.toString('utf8'));
    // One cable each, where a window cut before the printout's routing block reads three.
    expect(whole.starts).toEqual([2000, 2001 + READ_PAST_THEIR_END.split('\n').length]);
    const lineEnds: number[] = [];
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lineEnds.push(i + 1);
    // The first chunk ends on each line of the groups in turn, and a window of one line takes a
    // turn of the loop right there: every step it trusts from that window is handed over.
    for (const at of lineEnds.slice(2000)) {
      const scanner = new CableStartScanner(1);
      scanner.push(bytes.subarray(0, at));
      scanner.push(bytes.subarray(at));
      expect(scanner.end().starts, `window ending at byte ${at}`).toEqual(whole.starts);
    }
  });

  it('keep CRLF, a BOM, lone CRs, a last line without a line end, and a line end cut between chunks', () => {
    const crlf = Buffer.from('\ufeff' + exportOf(3, '\r\n').replace(/\r\n$/, ''), 'utf8');
    const mixed = Buffer.from(samples.map((s, i) => (i % 2 ? s.replace(/\n/g, '\r') : s.replace(/\n/g, '\r\n'))).join('\r\n\n') + '\r', 'utf8');
    for (const bytes of [crlf, mixed]) for (const chunk of [1, 2, 5, 4096]) expectSame(bytes, chunk, 300, { maxBytes: 1 });
  });

  it('keeps bytes that are not UTF-8 and characters cut between chunks as the whole text decodes them', () => {
    const bad = Buffer.concat([
      Buffer.from(samples[0]!),
      Buffer.from([0xff, 0xfe, 0x80, 0x0a, 0xe2, 0x82, 0x0a, 0xf0, 0x9f, 0x0d, 0x0a, 0xc3, 0x0d, 0x0a]),
      Buffer.from('Ünïcödé — “quoted” 🙂\n'),
      Buffer.from(samples[1]!),
    ]);
    for (const chunk of [1, 2, 3, 5, 64]) {
      const got = expectSame(bad, chunk, 100, { maxBytes: 1 });
      expect(got.starts.length).toBe(2);
    }
  });

  it('say binary as the whole text does, and read an empty or cable-less file', () => {
    const controls = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? 10 : 1 + (i % 6))));
    expect(expectSame(controls, 100, 50).binary).toBe(true);
    expectSame(Buffer.from('just a note\nno cable here\n'), 4, 50);
    expect(expectSame(Buffer.alloc(0), 4, 50).lines).toBe(1);
  });

  it('read from a file in chunks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cable-stream-'));
    try {
      const file = join(dir, 'export.cable');
      writeFileSync(file, big);
      const handle = await open(file);
      try {
        const got = await cableStartsOfFile(handle, { chunkBytes: 1000, windowLines: 300 });
        expect(got?.starts).toEqual(cableStartsOf(big.toString('utf8')).starts);
      } finally {
        await handle.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!HAVE_SHARED)('are the whole text’s over the corpus as one export', () => {
    const corpus = readdirSync(CORPUS)
      .filter((f) => f.endsWith('.cable'))
      .sort()
      .map((f) => readFileSync(join(CORPUS, f)));
    const bytes = Buffer.concat(corpus.flatMap((b) => [b, Buffer.from('\n\n')]));
    const got = expectSame(bytes, 65536, 2000, { maxBytes: 1 << 20 });
    expect(got.starts.length).toBeGreaterThan(1000);
  });
});

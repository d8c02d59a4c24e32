/**
 * The body lets a line go as no caption line on its first characters (mayBeCaptionLine) before the
 * caption reader's call (issue 9). The shortcut must let through every line parseCaptionLine reads
 * as captions: the corpus's lines, and lines built at its edges (punctuation before a caption, a
 * letter beyond ASCII that upper-cases into one, mixed case, `-` bullets, `E F T O`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAPTIONS } from '../../server/src/data/vocabulary';
import { mayBeCaptionLine, parseCaptionLine } from '../../server/src/parser/subject';
import { firstNonSpace } from '../../server/src/parser/text';
import { rng } from '../random';
import { CORPUS, HAVE_SHARED, SAMPLES, corpusFiles } from './helpers';

/** The lines the shortcut wrongly lets go: those parseCaptionLine reads as captions. */
function missed(lines: Iterable<string>): { missed: string[]; captions: number; letGo: number; all: number } {
  const out: string[] = [];
  let captions = 0;
  let letGo = 0;
  let all = 0;
  for (const t of lines) {
    if (firstNonSpace(t) === t.length) continue;
    all++;
    const may = mayBeCaptionLine(t, firstNonSpace(t));
    if (!may) letGo++;
    if (parseCaptionLine(0, t)) {
      captions++;
      if (!may) out.push(t);
    }
  }
  return { missed: out, captions, letGo, all };
}

function* fileLines(dir: string, names: string[]): Generator<string> {
  for (const f of names) yield* readFileSync(join(dir, f), 'utf8').split(/\r\n|\r|\n/);
}

describe('mayBeCaptionLine', () => {
  it.skipIf(!HAVE_SHARED)('lets through every caption line of the corpus, and lets go most of its lines', () => {
    const r = missed(fileLines(CORPUS, corpusFiles()));
    expect(r.missed).toEqual([]);
    expect(r.captions).toBeGreaterThan(500);
    expect(r.letGo / r.all).toBeGreaterThan(0.8);
  });

  it('lets through every caption line of the samples', () => {
    const names = readdirSync(SAMPLES).filter((f) => f.endsWith('.cable'));
    const r = missed(fileLines(SAMPLES, names));
    expect(r.missed).toEqual([]);
    expect(r.captions).toBeGreaterThan(0);
  });

  it('lets through caption lines at the edges of its test', () => {
    const lines = [
      'SIPDIS',
      '  NOFORN',
      '\u00a0EXDIS',
      '\tLIMDIS SIPDIS',
      '(SIPDIS)',
      '((SIPDIS))',
      '"(NOFORN)"',
      '(éEXDIS)',
      '"NOFORN"',
      '¶SIPDIS',
      '¶(SIPDIS)',
      '¶¶NOFORN',
      '¶-NOFORN',
      '•SIPDIS',
      '*NODIS*',
      '.STADIS',
      '-- CHEROKEE',
      '- NOFORN',
      '--',
      'E F T O',
      'E. F. T. O.',
      'E-F-T-O',
      'SiPdIs',
      'NoFoRn',
      'ſIPDIS',
      'SıPDIS',
      'LıMDIS',
      'NOFORN.',
      'SENSITIVE BUT UNCLASSIFIED',
      'CORRECTED COPY',
      'FOR OFFICIAL USE ONLY',
      'C O R R E C T E D',
      'é SIPDIS',
      'ÉSIPDIS',
    ];
    const r = missed(lines);
    expect(r.missed).toEqual([]);
    // Enough of them are captions that a shortcut rejecting one of these forms fails here.
    expect(r.captions).toBeGreaterThan(20);
  });

  it('lets through every caption line of random lines built from captions, punctuation and spaces', () => {
    const random = rng(91);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const words = [...CAPTIONS.flatMap((c) => c.text.split(' ')), 'E', 'F', 'T', 'O', '-', '--', 'SAID', 'the', '1.', '¶2.', '(C)'];
    const marks = ['', '', '', '(', ')', '.', ',', '"', '¶', '*', '-', '/', 'é', '1', '((', '"(', '(é'];
    const spaces = [' ', ' ', '  ', '\t', '\u00a0', '\u2007'];
    // A letter turned into one beyond ASCII that upper-cases into it, or into lower case.
    const vary = (w: string) => {
      const i = Math.floor(random() * w.length);
      const r = random();
      if (r < 0.1 && w[i] === 'I') return `${w.slice(0, i)}ı${w.slice(i + 1)}`;
      if (r < 0.2 && w[i] === 'S') return `${w.slice(0, i)}ſ${w.slice(i + 1)}`;
      if (r < 0.35) return `${w.slice(0, i)}${w[i].toLowerCase()}${w.slice(i + 1)}`;
      return w;
    };
    const lines: string[] = [];
    for (let n = 0; n < 40000; n++) {
      let t = random() < 0.3 ? pick(spaces) : '';
      for (let k = 1 + Math.floor(random() * 4); k > 0; k--) t += `${pick(marks)}${vary(pick(words))}${pick(marks)}${k > 1 ? pick(spaces) : ''}`;
      lines.push(t);
    }
    const r = missed(lines);
    expect(r.missed).toEqual([]);
    expect(r.captions).toBeGreaterThan(1000);
  });
});

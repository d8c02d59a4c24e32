/** Paragraph markings against the cable's classification, paragraph numbering, and summary/comment blocks. */
import { LEVEL_NAME, LEVEL_RANK, type Cable } from '../../../parser';
import { defineRule, parserFindingRule } from '../rule';
import { cableLevel, textLevel } from './levels';

export const markingAboveClassification = defineRule({
  code: 'CBL201',
  name: 'marking-above-classification',
  severity: 'error',
  group: 'paragraphs',
  fixable: false,
  docs: {
    summary: 'A paragraph is marked above the cable\'s classification.',
    description: 'A paragraph cannot be more classified than the cable that carries it: an `(S)` paragraph in a CONFIDENTIAL cable means the banner or the marking is wrong, and either is a handling error.',
    bad: 'C O N F I D E N T I A L MADRID 001131\n…\n2. (S) The minister said …',
    good: 'C O N F I D E N T I A L MADRID 001131\n…\n2. (C) The minister said …',
  },
  scope: 'cable',
  check(cable, ctx) {
    const stated = textLevel(cable);
    if (!stated) return;
    for (const p of cable.body.paragraphs) {
      const m = p.marking;
      if (m?.valid && m.level && LEVEL_RANK[m.level] > LEVEL_RANK[stated]) {
        ctx.report(m.range, `Paragraph marking ${m.text} (${LEVEL_NAME[m.level]}) is above the cable's classification ${LEVEL_NAME[stated]}`);
      }
    }
  },
});

export const markingMalformed = defineRule({
  code: 'CBL202',
  name: 'marking-malformed',
  severity: 'warning',
  group: 'paragraphs',
  fixable: false,
  docs: {
    summary: 'A paragraph marking is malformed (`(C`, `(X)`).',
    description: 'Markings are a level (U, SBU, C, S, TS) with optional caveats in parentheses: `(C)`, `(S/NF)`, `(S/REL USA, KWT)`.',
    bad: '2. (C The minister said …',
    good: '2. (C) The minister said …',
  },
  scope: 'cable',
  check(cable, ctx) {
    // The parser reads `(X)`, `(C` and `(S/)` as markings it could not make sense of (valid: false).
    // Only after a paragraph number is it surely a marking: at the start of an unnumbered line
    // `(D).` is a wrapped classification reason and `(MD) program…` prose (08MADRID685, 07PARIS2743).
    for (const p of cable.body.paragraphs) {
      const m = p.marking;
      if (m && !m.valid && p.number) ctx.report(m.range, `Paragraph marking ${m.text} is not a classification marking (U, SBU, C, S, TS, with caveats after a slash)`);
    }
  },
});

export const markingMissing = defineRule({
  code: 'CBL203',
  name: 'marking-missing',
  severity: 'information',
  group: 'paragraphs',
  fixable: false,
  docs: {
    summary: 'A numbered paragraph without a marking in a classified cable.',
    description: 'Classified cables mark each paragraph. Older cables and some posts do not, so this is information.',
    bad: 'C O N F I D E N T I A L MADRID 001131\n…\n2. The minister said …',
    good: 'C O N F I D E N T I A L MADRID 001131\n…\n2. (C) The minister said …',
  },
  scope: 'cable',
  check(cable, ctx) {
    const level = cableLevel(cable);
    if (!level || LEVEL_RANK[level] === 0) return;
    for (const p of cable.body.paragraphs) {
      if (!p.marking && p.number) ctx.report(p.number.range, `Paragraph ${p.number.value} has no classification marking in a ${LEVEL_NAME[level]} cable`);
    }
  },
});

function inQuote(cable: Cable): (line: number) => boolean {
  const quotes = cable.body.blocks.filter((b) => b.kind === 'quote');
  return (line) => quotes.some((q) => q.range.start.line <= line && line <= q.range.end.line);
}

export const paragraphNumbering = defineRule({
  code: 'CBL204',
  name: 'paragraph-numbering',
  severity: 'information',
  group: 'paragraphs',
  fixable: false,
  docs: {
    summary: 'Paragraph numbers skip, repeat or go backwards.',
    description: 'Real cables do this (03THEHAGUE2163 has two paragraph 1s; 06CARACAS958 goes 5, 6, 5, 6; quoted texts restart at 1), so it is information: worth a look, not a defect of the rendering.',
    bad: '1. (U) …\n2. (U) …\n4. (U) …',
    good: '1. (U) …\n2. (U) …\n3. (U) …',
  },
  scope: 'cable',
  check(cable, ctx) {
    const quoted = inQuote(cable);
    let prev: { n: number; quoted: boolean } | undefined;
    for (const p of cable.body.paragraphs) {
      if (!p.number) continue;
      const n = p.number.value;
      const q = quoted(p.startLine);
      // A quoted document (`Begin text:` … `End text.`) numbers its own paragraphs from 1.
      const restart = q !== prev?.quoted || (q && n === 1);
      if (prev && !restart && n !== prev.n + 1) {
        const what = n === prev.n ? 'repeats' : n < prev.n ? 'goes back after' : 'skips after';
        ctx.report(p.number.range, `Paragraph number ${n} ${what} ${prev.n}`);
      }
      prev = { n, quoted: q };
    }
  },
});

export const blockUnclosed = parserFindingRule({
  code: 'CBL210',
  name: 'block-unclosed',
  severity: 'information',
  group: 'paragraphs',
  fixable: false,
  docs: {
    summary: 'A SUMMARY or a quoted text is opened and never closed.',
    description: 'A summary opens with `SUMMARY:` and closes with `END SUMMARY`; a quoted document opens with `BEGIN TEXT` and closes with `END TEXT`. Without the close the reader cannot tell where the summary or the quotation stops. A comment left open is not reported: most cables end with a closing `Comment:` paragraph that runs to the end of the text, and no `END COMMENT` (164 in the corpus).',
    bad: '2. (C) SUMMARY: The minister …\n3. (C) On Monday …',
    good: '2. (C) SUMMARY: The minister … END SUMMARY.\n3. (C) On Monday …',
  },
  finding: 'block-unclosed',
  // A comment that runs to the end of the text is how most cables close (164 of the corpus): the
  // text simply ends. Only a summary or a quoted text left open is a lost close.
  skip: (_doc, p) => p.data.kind === 'comment',
});

export const blockUnopened = parserFindingRule({
  code: 'CBL211',
  name: 'block-unopened',
  severity: 'information',
  group: 'paragraphs',
  fixable: false,
  docs: {
    summary: 'An END SUMMARY or END COMMENT with no opening.',
    description: 'A close without its opening usually means the opening was lost or mistyped; real cables also open with forms no reader expects (`Ambassador\'s Comment:`), so this is information.',
    bad: '2. (C) The minister … END SUMMARY.',
    good: '2. (C) SUMMARY: The minister … END SUMMARY.',
  },
  finding: 'block-unopened',
});

export const PARAGRAPH_RULES = [markingAboveClassification, markingMalformed, markingMissing, paragraphNumbering, blockUnclosed, blockUnopened] as const;

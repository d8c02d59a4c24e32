/** Paragraph markings against the cable's classification, and paragraph numbering. */
import { LEVEL_NAME, LEVEL_RANK, type Cable } from '../../../parser';
import { cableLevel, textLevel, type RuleContext } from '../context';

export function checkParagraphs(ctx: RuleContext, cable: Cable): void {
  const level = cableLevel(cable);
  const stated = textLevel(cable);
  const quotes = cable.body.blocks.filter((b) => b.kind === 'quote');
  const inQuote = (line: number) => quotes.some((q) => q.range.start.line <= line && line <= q.range.end.line);

  let prev: { n: number; quoted: boolean } | undefined;
  for (const p of cable.body.paragraphs) {
    const m = p.marking;
    if (m?.valid && m.level && stated && LEVEL_RANK[m.level] > LEVEL_RANK[stated]) {
      ctx.report('marking-above-classification', m.range,
        `Paragraph marking ${m.text} (${LEVEL_NAME[m.level]}) is above the cable's classification ${LEVEL_NAME[stated]}`);
    }
    if (!m && p.number && level && LEVEL_RANK[level] > 0) {
      ctx.report('marking-missing', p.number.range,
        `Paragraph ${p.number.value} has no classification marking in a ${LEVEL_NAME[level]} cable`);
    }
    if (p.number) {
      const n = p.number.value;
      const quoted = inQuote(p.startLine);
      // A quoted document (`Begin text:` … `End text.`) numbers its own paragraphs from 1.
      const restart = quoted !== prev?.quoted || (quoted && n === 1);
      if (prev && !restart && n !== prev.n + 1) {
        const what = n === prev.n ? 'repeats' : n < prev.n ? 'goes back after' : 'skips after';
        ctx.report('paragraph-numbering', p.number.range, `Paragraph number ${n} ${what} ${prev.n}`);
      }
      prev = { n, quoted };
    }
  }
}

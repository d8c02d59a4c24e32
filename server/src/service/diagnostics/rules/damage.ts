/**
 * Punctuation the 2011 rendering damaged in transmission. The parser finds each damaged character
 * (Body.damage) and what it stood for; this rule reports them and restores them, one apostrophe or
 * one quotation (its two marks together) at a time.
 */
import type { TextDamage } from '../../../parser';
import { defineRule } from '../rule';

export const transmissionDamage = defineRule({
  code: 'CBL407',
  name: 'transmission-damage',
  severity: 'warning',
  group: 'text',
  fixable: true,
  docs: {
    summary: 'An apostrophe turned into a comma (`Syria,s`), quotation marks into `&` … `8` (`&banning8`).',
    description:
      'The 2011 rendering of the archive damaged punctuation it could not carry: an apostrophe became a comma (`Syria,s`, `don,t`, `Ba,athists`) and quotation marks became `&` and `8` (`&banning8`). The fix puts the marks back, curly when the cable has curly marks elsewhere. Real commas are left alone: a comma followed by a space (`Syria, s` does not occur), one after a lone letter (`1.4 b,d`, the classification reasons) or before a word a missing space would leave (`Iraq,and`); `&` inside a word (`R&D`) and an `8` after a digit (`F/A-18`) or a single letter (`G8`) are not quotation marks, and an `&` with no closing `8` in its paragraph is not reported.',
    bad: 'Spain,s foreign minister called the plan &unacceptable8 and said he didn,t expect progress.',
    good: 'Spain\'s foreign minister called the plan "unacceptable" and said he didn\'t expect progress.',
  },
  scope: 'cable',
  check(cable, ctx) {
    const damage = cable.body.damage ?? [];
    for (let i = 0; i < damage.length; i++) {
      const d = damage[i]!;
      if (d.kind === 'apostrophe') {
        ctx.report(d.range, `"${d.text}" stands for an apostrophe (transmission damage)`, { title: `Restore the apostrophe (${d.repaired})`, edits: [{ range: d.range, newText: d.repaired }] });
      } else if (d.kind === 'open-quote') {
        const close = closing(damage, i);
        if (!close) continue;
        ctx.report(
          { start: d.range.start, end: close.range.end },
          `"&" … "8" stand for quotation marks (transmission damage)`,
          { title: `Restore the quotation marks (${d.repaired}…${close.repaired})`, edits: [{ range: d.range, newText: d.repaired }, { range: close.range, newText: close.repaired }] },
        );
      }
    }
  },
});

/** The closing mark the parser paired with the opening at `i`: the next entry that closes. */
function closing(damage: TextDamage[], i: number): TextDamage | undefined {
  for (let j = i + 1; j < damage.length; j++) {
    if (damage[j]!.kind === 'close-quote') return damage[j];
    if (damage[j]!.kind === 'open-quote') return undefined;
  }
  return undefined;
}

export const DAMAGE_RULES = [transmissionDamage] as const;

/**
 * Two rules of issue 10 on real cables: transmission-damage (the 2011 rendering's apostrophes
 * turned into commas, quotation marks into & … 8) and banner-above-text (a banner raised above
 * everything else the cable states, in a cable with no table). Over the corpus: what the first
 * finds and that it leaves real commas alone; how many planted raised banners the second reports,
 * and how many clean cables it reports once their table is taken away.
 */
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { fixText } from '../../server/src/service/codeActions/fixAll';
import { checkDocument } from '../../server/src/service/diagnostics/engine';
import { HAVE_SHARED, SHARED_MISSING, corpusFiles, readCorpus } from '../parser/helpers';

if (!HAVE_SHARED) console.log(SHARED_MISSING);

const problemsOf = (text: string, rule: string) => checkDocument(parseCable(text)).filter((p) => p.rule.name === rule);

describe.skipIf(!HAVE_SHARED)('transmission-damage on real cables', () => {
  it('09BRASILIA952: Brazil,s → Brazil\'s, reported at the comma', () => {
    const text = readCorpus('09BRASILIA952.cable');
    const line = text.split('\n').findIndex((l) => l.includes('Brazil,s Air Force'));
    const at = text.split('\n')[line]!.indexOf('Brazil,s Air Force') + 'Brazil'.length;
    expect(problemsOf(text, 'transmission-damage').some((p) => p.range.start.line === line && p.range.start.character === at)).toBe(true);
    expect(fixText(text).text).toContain("Brazil's Air Force");
  });

  it('05ANKARA7215: &guest8 → "guest"; 09RIYADH447 (curly marks elsewhere): don,t → don’t', () => {
    expect(fixText(readCorpus('05ANKARA7215.cable')).text).toContain('only felt like a "guest" in AKP');
    expect(fixText(readCorpus('09RIYADH447.cable')).text).toContain('“I don’t trust this man,”');
  });

  it('04ANKARA348: the classification reasons (b,d) are real commas, left alone', () => {
    const text = readCorpus('04ANKARA348.cable');
    expect(text).toContain('1.5 (b,d)');
    expect(fixText(text).text).toContain('1.5 (b,d)');
  });

  it('over the corpus: finds the damage, never after a lone letter or before a space, never inside R&D', () => {
    let apostrophes = 0;
    let quotes = 0;
    let cables = 0;
    for (const f of corpusFiles()) {
      const doc = parseCable(readCorpus(f));
      for (const c of doc.cables) {
        const damage = c.body.damage ?? [];
        if (damage.length) cables++;
        for (const d of damage) {
          const line = doc.lines[d.range.start.line]!;
          const i = d.range.start.character;
          if (d.kind === 'apostrophe') {
            apostrophes++;
            expect(line[i + 1], `${f}: ${line}`).toMatch(/\p{L}/u);
            const head = /\p{L}+$/u.exec(line.slice(0, i))![0];
            expect(head.length > 1 || head === 'I', `${f}: ${head}`).toBe(true);
          } else if (d.kind === 'open-quote') {
            quotes++;
            expect(i === 0 || /[\s([—-]/.test(line[i - 1]!), `${f}: ${line}`).toBe(true);
          } else {
            expect(line[i - 1], `${f}: ${line}`).not.toMatch(/\d/);
          }
        }
      }
    }
    console.log(`transmission damage over the corpus: ${apostrophes} apostrophes, ${quotes} quotations, in ${cables} cables`);
    expect(apostrophes).toBeGreaterThan(1000);
    expect(quotes).toBeGreaterThan(150);
  });
});

describe.skipIf(!HAVE_SHARED)('banner-above-text on real cables', () => {
  /** The cable with its table blanked out (no table to disagree with the banner), and its banner line raised to SECRET. */
  function variants(text: string) {
    const doc = parseCable(text);
    const c = doc.cables[0];
    if (!c?.table || !c.banner) return undefined;
    const lines = doc.lines.slice();
    for (let l = c.table.range.start.line; l <= c.table.range.end.line; l++) lines[l] = '';
    const noTable = lines.join('\n');
    if (c.banner.classification.level !== 'C') return { noTable };
    const b = c.banner.classification.range;
    const bl = lines[b.start.line]!;
    lines[b.start.line] = bl.slice(0, b.start.character) + (c.banner.classification.letterSpaced ? 'S E C R E T' : 'SECRET') + bl.slice(b.end.character);
    return { noTable, raised: lines.join('\n') };
  }

  it('00HARARE6677 without its table, the banner raised to S E C R E T over paragraphs all (C): reported', () => {
    const v = variants(readCorpus('00HARARE6677.cable'))!;
    const found = problemsOf(v.raised!, 'banner-above-text');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('go no higher than CONFIDENTIAL');
    expect(problemsOf(v.noTable, 'banner-above-text')).toEqual([]);
  });

  it('over the corpus: at least 95% of planted raised banners reported, at most 0.5% of clean tableless cables', () => {
    let planted = 0;
    let caught = 0;
    let clean = 0;
    let falseReports = 0;
    for (const f of corpusFiles()) {
      const v = variants(readCorpus(f));
      if (!v) continue;
      clean++;
      if (problemsOf(v.noTable, 'banner-above-text').length) falseReports++;
      if (!v.raised) continue;
      planted++;
      if (problemsOf(v.raised, 'banner-above-text').length) caught++;
    }
    console.log(`banner-above-text: ${caught}/${planted} planted raised banners reported; ${falseReports}/${clean} clean cables without their table reported`);
    expect(caught / planted).toBeGreaterThanOrEqual(0.95);
    expect(falseReports / clean).toBeLessThanOrEqual(0.005);
  });
});

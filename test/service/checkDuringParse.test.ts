/**
 * A check that starts while the first parse of a large document is still reading it (a code action
 * asked during the analysis reads the problems of the cables read so far) must not keep those
 * problems as the version's: when the parse ends before the check does, the next check would
 * otherwise be answered from them, and the published diagnostics would miss every cable read after.
 * Slices of 0 ms (a yield at every pause) make the order of events certain, without timing.
 */
import { describe, expect, it } from 'vitest';
import { CableDiagnosticsProvider } from '../../server/src/service/diagnostics/provider';
import { parseRuleSettings } from '../../server/src/service/diagnostics/settings';
import { ModelCache, SLICED_LINES } from '../../server/src/service/modelCache';
import { LineDocument } from '../../server/src/service/textDocument';
import { CLEAN, replaceLine } from '../diagnostics/fixture';
import { NOT_CANCELLED } from './helpers';

/**
 * The clean cable with a damaged TAGS line (a rule of the cable) and its banner glued to the last
 * addressee (a rule of the document, which reads the parse's problems of every cable at once).
 */
const DAMAGED = replaceLine(
  replaceLine(replaceLine(CLEAN, 'TAGS: PREL PGOV ECON KZ', 'TAGS: PREL PGOVECON KZ'), 'RUEHKO/AMEMBASSY TOKYO 0950', 'RUEHKO/AMEMBASSY TOKYO 0950C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318'),
  'C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ',
  [],
);

describe('a check during the first parse', () => {
  it('is not kept as the version’s problems when the parse ends first', async () => {
    const one = DAMAGED.split('\n').length + 1;
    const count = Math.ceil((SLICED_LINES * 2) / one);
    const text = Array.from({ length: count }, () => DAMAGED).join('\n\n');
    const settings = parseRuleSettings(undefined).settings;

    const expected = new CableDiagnosticsProvider(new ModelCache(), { ruleSettings: () => settings }).problems(
      LineDocument.create('file:///whole.cable', 'cable', 1, text),
      NOT_CANCELLED,
    );
    expect(expected.filter((p) => p.rule.name === 'routing-glued-to-banner')).toHaveLength(count);
    expect(expected.length).toBeGreaterThanOrEqual(count * 2);

    const cache = new ModelCache({ background: true });
    const diagnostics = new CableDiagnosticsProvider(cache, { ruleSettings: () => settings });
    const doc = LineDocument.create('file:///during.cable', 'cable', 1, text);
    const running = cache.analyse(doc, NOT_CANCELLED, 0);
    // Wait until half the cables are read: the check of those outlasts the parse of the rest.
    while (!cache.ready(doc) && (cache.readSoFar(doc)?.steps.length ?? 0) < count / 2) await new Promise((resolve) => setImmediate(resolve));
    expect(cache.ready(doc)).toBe(false);
    const early = diagnostics.problemsInSlices(doc, NOT_CANCELLED, 0);
    expect(await running).toBe(true);
    const soFar = await early;
    // The check did read a model the parse had not finished (else this test shows nothing).
    expect(soFar!.length).toBeLessThan(expected.length);
    expect(cache.ready(doc)).toBe(true);

    const after = await diagnostics.problemsInSlices(doc, NOT_CANCELLED, 0);
    expect(after!.map((p) => [p.rule.code, p.range.start.line])).toEqual(expected.map((p) => [p.rule.code, p.range.start.line]));
  });
});

/**
 * No fix creates a new problem (issue 12): every fix offered on the seed and on every corpus cable
 * is applied alone, the text checked again, and the problems after must be those before minus the
 * ones fixed. A problem is compared by rule and message (its place moves when lines go), so a new
 * problem, or an old one that now says something else, fails with the file and the fix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { applyEdits } from '../../server/src/service/codeActions/edits';
import { checkDocument } from '../../server/src/service/diagnostics/engine';
import type { CableProblem } from '../../server/src/service/diagnostics/types';
import { CLEAN, replaceLine } from './fixture';

const ROOT = path.resolve(__dirname, '..', '..');
const SHARED = path.resolve(ROOT, '..', 'shared');
const CORPUS = path.join(SHARED, 'corpus');
const haveShared = fs.existsSync(CORPUS);
if (!haveShared) console.log(`fixesCreateNothing: ${CORPUS} not found — the corpus run is skipped`);

const key = (p: CableProblem) => `${p.rule.name}: ${p.message}`;

/** For each fix in the text: what it made appear that was not there before, if anything. */
function newProblemsPerFix(name: string, text: string): { fixes: number; failures: string[] } {
  const before = checkDocument(parseCable(text));
  const failures: string[] = [];
  let fixes = 0;
  for (const p of before) {
    if (!p.fix) continue;
    fixes++;
    const after = checkDocument(parseCable(applyEdits(text, p.fix.edits).text));
    const pool = new Map<string, number>();
    for (const q of before) pool.set(key(q), (pool.get(key(q)) ?? 0) + 1);
    const appeared = after.filter((q) => {
      const k = pool.get(key(q)) ?? 0;
      if (k > 0) {
        pool.set(key(q), k - 1);
        return false;
      }
      return true;
    });
    if (appeared.length) failures.push(`${name}: "${p.fix.title}" (${p.rule.name} at line ${p.range.start.line + 1}) made ${appeared.map((q) => `[${key(q)}]`).join(', ')}`);
  }
  return { fixes, failures };
}

describe('no fix creates a new problem', () => {
  it('on fixtures of every fixable rule', () => {
    const texts = [
      CLEAN,
      'Leave a Reply\n\nAdvertisements\n' + CLEAN,
      replaceLine(CLEAN, 'TAGS: PREL PGOV ECON KZ', 'TAGS: PREL PGOV ECONEFIN KZ'),
      replaceLine(CLEAN, 'C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', 'CC O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318SIPDIS'),
      replaceLine(CLEAN, 'policy, saying that "Russia has always been and remains Kazakhstan\'s ', ['policy, saying that "Russia has always been and rema', "ins Kazakhstan's "]),
    ];
    const r = texts.map((t, i) => newProblemsPerFix(`fixture ${i}`, t));
    expect(r.flatMap((x) => x.failures)).toEqual([]);
    expect(r.reduce((a, x) => a + x.fixes, 0)).toBeGreaterThanOrEqual(6);
  });

  it.skipIf(!haveShared)('on the seed and every corpus cable', () => {
    const files = [path.join(ROOT, 'samples', '08ASTANA2318.cable'), ...fs.readdirSync(CORPUS).sort().map((f) => path.join(CORPUS, f))];
    let fixes = 0;
    const failures: string[] = [];
    for (const f of files) {
      const r = newProblemsPerFix(path.basename(f), fs.readFileSync(f, 'utf8'));
      fixes += r.fixes;
      failures.push(...r.failures);
    }
    console.log(`no new problems: ${files.length} files, ${fixes} fixes applied one at a time, ${failures.length} created a problem`);
    expect(failures).toEqual([]);
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acp127Elements, classificationMarkings, routingIndicators, tagCategories, tags } from '../../server/src/data';
import { ROOT, SHARED } from './helpers';

describe('reference tables', () => {
  it('knows routing indicators, with the shared gateways marked', () => {
    expect(routingIndicators.get('RUEHTA')?.names.map((n) => n.name)).toEqual(expect.arrayContaining(['AMEMBASSY ASTANA', 'AMEMBASSY ALMATY']));
    expect(routingIndicators.get('RHMFIUU')?.shared).toBe(true);
    expect(routingIndicators.get('RUEHC')?.shared).toBe(true);
    expect(routingIndicators.get('RUEHAG')?.shared).toBe(false);
  });

  it('knows TAGS with their kind, categories, ACP 127 elements and markings', () => {
    expect(tags.get('PREL')?.meanings[0]).toMatchObject({ meaning: 'Political Affairs--External Political Relations', unverified: false });
    expect(tags.get('KZ')?.meanings[0]).toMatchObject({ meaning: 'Kazakhstan', kind: 'geo', unverified: true });
    expect(tagCategories.get('E')?.category).toBe('Economic Affairs');
    expect(acp127Elements.map((e) => e.element)).toContain('Break');
    expect(classificationMarkings.some((m) => m.marking === '(SBU)')).toBe(true);
  });
});

describe.skipIf(!existsSync(join(SHARED, 'data')))('the generated tables', () => {
  it('are what scripts/gen-data.mjs makes from ../shared/data today', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cable-data-')), 'tables.generated.ts');
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-data.mjs'), join(SHARED, 'data'), out]);
    const fresh = readFileSync(out, 'utf8').replace(/^\/\/ Sources:.*$/m, '');
    const committed = readFileSync(join(ROOT, 'server', 'src', 'data', 'tables.generated.ts'), 'utf8').replace(/^\/\/ Sources:.*$/m, '');
    expect(fresh === committed, 'run `node scripts/gen-data.mjs` and commit the result').toBe(true);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../server/src/service/diagnostics/catalogue';
import { parseRuleSettings, resolveSeverity } from '../../server/src/service/diagnostics/settings';
import { renderRulesDoc, rulesSettingSchema } from '../../scripts/eval/rulesDoc';

const ROOT = path.resolve(__dirname, '..', '..');

describe('the rule catalogue', () => {
  it('has unique, well-formed codes and names', () => {
    expect(new Set(RULES.map((r) => r.code)).size).toBe(RULES.length);
    expect(new Set(RULES.map((r) => r.name)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.code).toMatch(/^CBL\d{3}$/);
      expect(r.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      if (r.name !== 'malformed') expect(r.bad).not.toBe(r.good);
    }
  });

  it('is what docs/rules.md says (regenerate with node scripts/gen-rules-doc.mjs)', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8');
    expect(doc).toBe(renderRulesDoc());
    // Examples of control characters are shown as control pictures: the file stays text.
    expect(doc).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/);
    expect(doc).toContain('the minister\u2407 said');
  });

  it('is what the cable.rules setting in package.json offers', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.contributes.configuration.properties['cable.rules']).toEqual(rulesSettingSchema());
  });
});

describe('rule settings', () => {
  it('reads names, codes and severities, and reports what it cannot use', () => {
    const r = parseRuleSettings({ 'split-word': 'error', cbl204: 'off', 'no-such-rule': 'warning', 'page-marker': 'loud', 'tags-glued': 'info' });
    expect(r.settings).toEqual({ 'split-word': 'error', 'paragraph-numbering': 'off', 'tags-glued': 'information' });
    expect(r.errors).toHaveLength(2);
    expect(parseRuleSettings('nonsense').errors).toHaveLength(1);
    expect(parseRuleSettings(undefined)).toEqual({ settings: {}, errors: [] });
  });

  it('falls back to the default severity', () => {
    const rule = RULES.find((r) => r.name === 'split-word')!;
    expect(resolveSeverity(rule)).toBe('warning');
    expect(resolveSeverity(rule, { CBL303: 'hint' })).toBe('hint');
    expect(resolveSeverity(rule, { 'split-word': 'off', CBL303: 'hint' })).toBe('off');
  });
});

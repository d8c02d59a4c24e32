/**
 * Per-rule severities. The VS Code setting `cable.rules` and the CLI's `.cablerc.json`
 * (`{ "rules": { … } }`) use the same object: keys are rule names (`split-word`) or codes
 * (`CBL303`), values `off | hint | information | warning | error` (`info` is accepted for
 * `information`, as ESLint users type it).
 */
import { RULES_BY_CODE, RULES_BY_NAME, SEVERITY_SETTINGS, type RuleDef, type SeveritySetting } from './catalogue';

export type RuleSettings = Readonly<Record<string, SeveritySetting>>;

export function resolveSeverity(rule: RuleDef, settings?: RuleSettings): SeveritySetting {
  if (settings) {
    const byName = settings[rule.name];
    if (byName !== undefined) return byName;
    const byCode = settings[rule.code];
    if (byCode !== undefined) return byCode;
  }
  return rule.severity;
}

export interface ParsedRuleSettings {
  settings: Record<string, SeveritySetting>;
  /** One line per key or value that could not be used; the rest still applies. */
  errors: string[];
}

/** Reads a `rules` object from settings or a config file; never throws on bad input. */
export function parseRuleSettings(raw: unknown): ParsedRuleSettings {
  const settings: Record<string, SeveritySetting> = {};
  const errors: string[] = [];
  if (raw === undefined || raw === null) return { settings, errors };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push('"rules" must be an object mapping rule names to severities');
    return { settings, errors };
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const rule = RULES_BY_NAME.get(key) ?? RULES_BY_CODE.get(key.toUpperCase());
    if (!rule) {
      errors.push(`unknown rule "${key}"`);
      continue;
    }
    const v = typeof value === 'string' ? normaliseSeverity(value) : undefined;
    if (!v) {
      errors.push(`rule "${key}": severity must be one of ${SEVERITY_SETTINGS.join(', ')}, not ${JSON.stringify(value)}`);
      continue;
    }
    settings[rule.name] = v;
  }
  return { settings, errors };
}

function normaliseSeverity(s: string): SeveritySetting | undefined {
  const v = s.trim().toLowerCase();
  if (v === 'info') return 'information';
  if (v === 'warn') return 'warning';
  return (SEVERITY_SETTINGS as readonly string[]).includes(v) ? (v as SeveritySetting) : undefined;
}

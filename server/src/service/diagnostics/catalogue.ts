/**
 * The rule catalogue: every rule Cable Text checks, each defined once in its family's file under
 * rules/ (code, name, severity, group, documentation, check and fix together). A rule's code
 * (`CBL101`) and name (`dtg-invalid`) are stable — settings, the CLI config file and docs/rules.md
 * all key on them — so never renumber or rename a rule; retire it.
 *
 * docs/rules.md and the `cable.rules` setting are generated from this list
 * (`npm run docs:rules`), and a test fails when they disagree.
 */
import type { ParseProblemKind } from '../../parser';
import { defineRule, type RuleDef, type RuleDefinition } from './rule';
import { BANNER_RULES } from './rules/banner';
import { CROSS_CHECK_RULES } from './rules/crossCheck';
import { CSV_ROW_RULES } from './rules/csvRow';
import { DAMAGE_RULES } from './rules/damage';
import { JOIN_RULES } from './rules/joins';
import { PARAGRAPH_RULES } from './rules/paragraphs';
import { ROUTING_RULES } from './rules/routing';
import { SUBJECT_BLOCK_RULES } from './rules/subjectBlock';
import { TABLE_RULES } from './rules/table';
import { TEXT_RULES } from './rules/text';

export { SEVERITY_SETTINGS, type RuleGroup, type Severity, type SeveritySetting } from './rule';

const FAMILIES = [...TABLE_RULES, ...ROUTING_RULES, ...BANNER_RULES, ...CROSS_CHECK_RULES, ...SUBJECT_BLOCK_RULES, ...PARAGRAPH_RULES, ...JOIN_RULES, ...TEXT_RULES, ...DAMAGE_RULES, ...CSV_ROW_RULES] as const;

/** The parser's findings some rule reports; the catch-all below takes any other. */
const CLAIMED = new Set<ParseProblemKind>(FAMILIES.flatMap((r: RuleDefinition) => (r.finding ? [r.finding] : [])));

export const malformed = defineRule({
  code: 'CBL099',
  name: 'malformed',
  severity: 'warning',
  group: 'text',
  fixable: false,
  docs: {
    summary: 'Something the parser found malformed that no other rule covers.',
    description: 'A catch-all so no problem the parser reports is dropped; the message says what it is.',
    bad: '(varies)',
    good: '(varies)',
  },
  scope: 'document',
  check(doc, ctx) {
    for (const p of doc.problems) if (!CLAIMED.has(p.kind) && p.kind !== 'internal-error') ctx.report(p.range, p.message);
  },
});

/**
 * A bug in Cable Text, never a defect of the cable: a rule that threw, or the parser's last-resort
 * catch. The engine reports rule failures under this rule (the stack goes to the log).
 */
export const internalError = defineRule({
  code: 'CBL001',
  name: 'internal-error',
  severity: 'error',
  group: 'internal',
  fixable: false,
  docs: {
    summary: 'Cable Text failed on this file: an internal error, not a problem of the cable.',
    description: 'The parser or a rule threw while reading this file. The other rules still ran. The message names the part that failed; the stack is in the log (the Cable Text output channel, or stderr for the CLI). Please report it with the file.',
    bad: '(a bug in Cable Text)',
    good: '(no internal error)',
  },
  scope: 'document',
  check(doc, ctx) {
    for (const p of doc.problems) if (p.kind === 'internal-error') ctx.report(p.range, p.message);
  },
});

export const ALL_RULES = [...FAMILIES, malformed, internalError] as const;

/** Every rule's name, as a type: settings keys and tests are checked against it. */
export type RuleName = (typeof ALL_RULES)[number]['name'];

export type { RuleDef } from './rule';

export const RULES: readonly RuleDef[] = ALL_RULES.map((r: RuleDefinition) => ({ ...r, ...r.docs }));
export const RULES_BY_NAME: ReadonlyMap<string, RuleDef> = new Map(RULES.map((r) => [r.name, r]));
export const RULES_BY_CODE: ReadonlyMap<string, RuleDef> = new Map(RULES.map((r) => [r.code, r]));

/** The rule's section in docs/rules.md, as its heading's anchor (`cbl303-split-word`). */
export function ruleAnchor(rule: { code: string; name: string }): string {
  return `${rule.code.toLowerCase()}-${rule.name}`;
}

/**
 * Runs every rule over a parsed document and returns the problems with their severities in force
 * and their fixes. Pure: no LSP, no I/O. A rule that throws is reported as what it is, an
 * internal error of Cable Text (its stack goes to `onRuleError`), and the other rules still run.
 */
import type { CableDocument, Range } from '../../parser';
import { internalError, RULES, type RuleDef } from './catalogue';
import type { RuleContext } from './rule';
import { resolveSeverity, type RuleSettings } from './settings';
import type { CableProblem, Fix } from './types';

export interface CheckOptions {
  settings?: RuleSettings;
  /** Checked between cables; when it turns true the result so far is returned. */
  isCancelled?: () => boolean;
  /** A rule's failure (a bug, never bad input), with its stack for the log. */
  onRuleError?: (rule: string, error: unknown) => void;
}

export function checkDocument(doc: CableDocument, options: CheckOptions = {}): CableProblem[] {
  const problems: CableProblem[] = [];
  const active = RULES.flatMap((rule) => {
    const severity = resolveSeverity(rule, options.settings);
    return severity === 'off' ? [] : [{ rule, severity }];
  });
  const contextFor = (rule: RuleDef, severity: CableProblem['severity']): RuleContext<boolean> => ({
    doc,
    report(range: Range, message: string, fix?: Fix) {
      problems.push({ rule, severity, range, message, ...(fix && fix.edits.length ? { fix } : {}) });
    },
  });
  const failed = (rule: RuleDef, where: Range, error: unknown) => {
    options.onRuleError?.(rule.name, error);
    const severity = resolveSeverity(internalError as RuleDef, options.settings);
    if (severity === 'off') return;
    const why = error instanceof Error ? error.message : String(error);
    problems.push({ rule: RULES.find((r) => r.name === internalError.name)!, severity, range: where, message: `Internal error in rule ${rule.name} (${rule.code}): ${why}. The other rules still ran; please report it.` });
  };
  const top: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

  if (doc.binary) {
    // Nothing was read: only the rule that says so applies.
    for (const { rule, severity } of active) if (rule.name === 'not-text' && rule.scope === 'document') rule.check(doc, contextFor(rule, severity));
    return problems;
  }
  for (const { rule, severity } of active) {
    if (rule.scope !== 'document') continue;
    try {
      rule.check(doc, contextFor(rule, severity));
    } catch (e) {
      failed(rule, top, e);
    }
  }
  const perCable = active.filter((a) => a.rule.scope === 'cable');
  for (const cable of doc.cables) {
    if (options.isCancelled?.()) break;
    for (const { rule, severity } of perCable) {
      if (rule.scope !== 'cable') continue;
      try {
        rule.check(cable, contextFor(rule, severity));
      } catch (e) {
        failed(rule, { start: cable.range.start, end: cable.range.start }, e);
      }
    }
  }
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.code.localeCompare(b.rule.code));
  return problems;
}

/**
 * Runs every rule over a parsed document and returns the problems with their severities in force
 * and their fixes. Pure: no LSP, no I/O, no throwing — a rule that fails on a model it did not
 * expect is skipped for that cable, so one odd cable never hides the other diagnostics.
 */
import type { CableDocument, Range } from '../../parser';
import { RULES_BY_NAME } from './catalogue';
import type { RuleContext } from './context';
import { checkHeader } from './rules/header';
import { checkJoins } from './rules/joins';
import { checkParagraphs } from './rules/paragraphs';
import { checkOutside, checkParseProblems } from './rules/problems';
import { resolveSeverity, type RuleSettings } from './settings';
import type { CableProblem, Fix } from './types';

export interface CheckOptions {
  settings?: RuleSettings;
  /** Checked between cables; when it turns true the result so far is returned. */
  isCancelled?: () => boolean;
  /** Rule failures (a bug, never bad input) go here; default: ignored. */
  onRuleError?: (rule: string, error: unknown) => void;
}

export function checkDocument(doc: CableDocument, options: CheckOptions = {}): CableProblem[] {
  const problems: CableProblem[] = [];
  const enabled = (name: string) => {
    const rule = RULES_BY_NAME.get(name);
    return !!rule && resolveSeverity(rule, options.settings) !== 'off';
  };
  const ctx: RuleContext = {
    doc,
    enabled,
    report(name: string, range: Range, message: string, fix?: Fix) {
      const rule = RULES_BY_NAME.get(name) ?? RULES_BY_NAME.get('malformed')!;
      const severity = resolveSeverity(rule, options.settings);
      if (severity === 'off') return;
      problems.push({ rule, severity, range, message, ...(fix && rule.fixable ? { fix } : {}) });
    },
  };
  const guard = (what: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      options.onRuleError?.(what, e);
    }
  };
  if (doc.binary) {
    const end = { line: 0, character: Math.min(doc.lines[0]?.length ?? 0, 1) };
    ctx.report('not-text', { start: { line: 0, character: 0 }, end }, 'This file is not text (binary data): Cable Text reads nothing in it');
    return problems;
  }
  guard('parse-problems', () => checkParseProblems(ctx));
  guard('web-page-text', () => checkOutside(ctx));
  for (const cable of doc.cables) {
    if (options.isCancelled?.()) break;
    guard('header', () => checkHeader(ctx, cable));
    guard('paragraphs', () => checkParagraphs(ctx, cable));
    guard('joins', () => checkJoins(ctx, cable));
  }
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.code.localeCompare(b.rule.code));
  return problems;
}

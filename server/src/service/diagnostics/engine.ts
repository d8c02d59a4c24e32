/**
 * Runs every rule over a parsed document and returns the problems with their severities in force
 * and their fixes. Pure: no LSP, no I/O. A rule that throws is reported as what it is, an
 * internal error of Cable Text (its stack goes to `onRuleError`), and the other rules still run.
 */
import type { Cable, CableDocument, Range } from '../../parser';
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

/** A rule in force with the severity the settings give it. */
export interface ActiveRule {
  rule: RuleDef;
  severity: CableProblem['severity'];
}

export function activeRules(settings?: RuleSettings): ActiveRule[] {
  return RULES.flatMap((rule) => {
    const severity = resolveSeverity(rule, settings);
    return severity === 'off' ? [] : [{ rule, severity }];
  });
}

/**
 * The context the rules run over one document or cable are given, one after the other: it reports
 * for the rule whose check runs (set before each call). Checks are synchronous and keep no context,
 * so one object serves them all: a context and its closure for each rule, cable by cable, were a
 * quarter of what the first check of a 50 MB export allocated (25 of 98 MB).
 */
class Reporter implements RuleContext<boolean> {
  rule!: RuleDef;
  severity!: CableProblem['severity'];

  constructor(
    readonly doc: CableDocument,
    readonly problems: CableProblem[],
  ) {}

  // A field, not a method: a rule may take `report` out of its context (`const { report } = ctx`)
  // and call it alone. One closure a document or cable, where there was one a rule.
  readonly report = (range: Range, message: string, fix?: Fix): void => {
    this.problems.push({ rule: this.rule, severity: this.severity, range, message, ...(fix && fix.edits.length ? { fix } : {}) });
  };
}

function failed(problems: CableProblem[], options: CheckOptions, rule: RuleDef, where: Range, error: unknown): void {
  options.onRuleError?.(rule.name, error);
  const severity = resolveSeverity(internalError as RuleDef, options.settings);
  if (severity === 'off') return;
  const why = error instanceof Error ? error.message : String(error);
  problems.push({ rule: RULES.find((r) => r.name === internalError.name)!, severity, range: where, message: `Internal error in rule ${rule.name} (${rule.code}): ${why}. The other rules still ran; please report it.` });
}

/** The problems the document-scope rules find (for a binary file, only that it is not text). */
export function checkDocumentScope(doc: CableDocument, active: readonly ActiveRule[], options: CheckOptions = {}): CableProblem[] {
  const problems: CableProblem[] = [];
  const ctx = new Reporter(doc, problems);
  for (let i = 0; i < active.length; i++) {
    const { rule, severity } = active[i];
    if (rule.scope !== 'document') continue;
    // Nothing was read of a binary file: only the rule that says so applies.
    if (doc.binary && rule.name !== 'not-text') continue;
    ctx.rule = rule;
    ctx.severity = severity;
    try {
      rule.check(doc, ctx);
    } catch (e) {
      failed(problems, options, rule, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, e);
    }
  }
  return problems;
}

/**
 * The problems the cable-scope rules find in one cable. They read the cable and the lines it
 * stands on (a fix may look one line around): a cable the incremental parse kept keeps them.
 */
export function checkCableScope(doc: CableDocument, cable: Cable, active: readonly ActiveRule[], options: CheckOptions = {}): CableProblem[] {
  const problems: CableProblem[] = [];
  const ctx = new Reporter(doc, problems);
  for (let i = 0; i < active.length; i++) {
    const { rule, severity } = active[i];
    if (rule.scope !== 'cable') continue;
    ctx.rule = rule;
    ctx.severity = severity;
    try {
      rule.check(cable, ctx);
    } catch (e) {
      failed(problems, options, rule, { start: cable.range.start, end: cable.range.start }, e);
    }
  }
  return problems;
}

export function byPosition(a: CableProblem, b: CableProblem): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.code.localeCompare(b.rule.code);
}

export function checkDocument(doc: CableDocument, options: CheckOptions = {}): CableProblem[] {
  const active = activeRules(options.settings);
  const problems = checkDocumentScope(doc, active, options);
  if (!doc.binary) {
    for (const cable of doc.cables) {
      if (options.isCancelled?.()) break;
      for (const p of checkCableScope(doc, cable, active, options)) problems.push(p);
    }
  }
  problems.sort(byPosition);
  return problems;
}

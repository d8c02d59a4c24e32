/**
 * A rule is one definition: its code and name, default severity, group, documentation, the check
 * that finds its problems in the parser's model, and whether it carries fixes — beside the check
 * that builds them. `defineRule` keeps the name a literal type, so the catalogue's `RuleName`
 * union is derived from the definitions themselves and a misspelt name does not compile.
 *
 * A check reports only for its own rule: the context it is given is bound to it. Rules read the
 * model; they never re-parse the text.
 */
import type { Cable, CableDocument, ParseProblem, ParseProblemKind, Range } from '../../parser';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  /** Non-overlapping edits, in document order. */
  edits: TextEdit[];
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'hint', 'information', 'warning', 'error'];

export type RuleGroup = 'table' | 'routing' | 'banner' | 'subject' | 'paragraphs' | 'joins' | 'text' | 'internal';

export interface RuleDocs {
  /** One line: what the rule finds. */
  summary: string;
  /** Why it matters and what real cables do; a paragraph of docs/rules.md. */
  description: string;
  bad: string;
  good: string;
}

/** What a check is given: the model, and a way to report problems of its own rule. */
export interface RuleContext<Fixable extends boolean = boolean> {
  readonly doc: CableDocument;
  report(range: Range, message: string, ...fix: Fixable extends true ? [fix?: Fix] : []): void;
}

interface RuleBase<Name extends string, Fixable extends boolean> {
  code: string;
  name: Name;
  severity: Severity;
  group: RuleGroup;
  docs: RuleDocs;
  /** True when the rule's problems carry a fix (built beside the check, in the rule's file). */
  fixable: Fixable;
  /**
   * How an editor should show the problem besides its severity: `unnecessary` fades the text
   * (LSP DiagnosticTag.Unnecessary) instead of squiggling it.
   */
  tags?: readonly 'unnecessary'[];
  /** The parser's finding this rule reports, when it is one (see parserFindingRule). */
  finding?: ParseProblemKind;
}

export type RuleDefinition<Name extends string = string, Fixable extends boolean = boolean> = RuleBase<Name, Fixable> &
  (
    | { scope: 'cable'; check(cable: Cable, ctx: RuleContext<Fixable>): void }
    | { scope: 'document'; check(doc: CableDocument, ctx: RuleContext<Fixable>): void }
  );

export function defineRule<const Name extends string, const Fixable extends boolean>(def: RuleDefinition<Name, Fixable>): RuleDefinition<Name, Fixable> {
  return def;
}

/**
 * A rule whose problems the parser observes while reading (a DTG field out of range, a malformed
 * DE line): the rule names the parser's finding and reports it with the parser's message, which
 * already names the values.
 */
export function parserFindingRule<const Name extends string, K extends ParseProblemKind>(
  def: RuleBase<Name, false> & { finding: K; skip?: (doc: CableDocument, problem: Extract<ParseProblem, { kind: K }>) => boolean },
): RuleDefinition<Name, false> {
  const { finding, skip, ...rest } = def;
  return {
    ...rest,
    finding,
    scope: 'document',
    check(doc, ctx) {
      for (const p of doc.problems) {
        if (p.kind !== finding) continue;
        const found = p as Extract<ParseProblem, { kind: K }>;
        if (!skip?.(doc, found)) ctx.report(found.range, found.message);
      }
    },
  };
}

/** A rule with its documentation's fields at the top, as docs, settings and the CLI read it. */
export type RuleDef = RuleDefinition & RuleDocs;

/**
 * What the rules produce, in the model's coordinates (0-based, LSP-compatible) and free of LSP
 * types, so the CLI, the eval script and the language server share one result.
 */
import type { Range } from '../../parser';
import type { Fix, RuleDef, Severity } from './rule';

export type { Fix, TextEdit } from './rule';

export interface CableProblem {
  rule: RuleDef;
  /** The severity in force after settings (never `off`: those are dropped). */
  severity: Severity;
  range: Range;
  message: string;
  fix?: Fix;
}

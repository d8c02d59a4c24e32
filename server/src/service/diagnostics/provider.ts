/**
 * Diagnostics as one more provider of the language service: it reads the cached model through the
 * same ITextDocument and CancellationToken as every other provider, runs the rule engine, and
 * answers LSP Diagnostics. The problems of a document version (with their fixes) are kept with its
 * model in the ModelCache, so the code actions asking for the same version do not recompute, and
 * a closed document's problems go with its model.
 */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import type { CancellationToken } from '../cancellation';
import type { ModelCache } from '../modelCache';
import type { ITextDocument } from '../textDocument';
import type { RuleDef, Severity } from './catalogue';
import { checkDocument } from './engine';
import type { RuleSettings } from './settings';
import type { CableProblem } from './types';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticsProviderOptions {
  /** The rule severities in force (`cable.rules`); a new object means new settings. */
  ruleSettings(): RuleSettings;
  /** Where a rule's documentation is (the server knows where docs/rules.md was installed). */
  ruleDocs?: (rule: RuleDef) => string | undefined;
  /** A rule's failure with its stack: the server's output channel. */
  log?: (message: string) => void;
}

export class CableDiagnosticsProvider {
  constructor(
    private readonly cache: ModelCache,
    private readonly options: DiagnosticsProviderOptions,
  ) {}

  /** The problems, with their fixes, of this version of the document. A cancelled run returns [] and keeps nothing. */
  problems(document: ITextDocument, token: CancellationToken): CableProblem[] {
    const settings = this.options.ruleSettings();
    const hit = this.cache.derived<CableProblem[]>(document, 'diagnostics', settings);
    if (hit) return hit;
    const model = this.cache.get(document);
    if (token.isCancellationRequested) return [];
    let cancelled = false;
    const problems = checkDocument(model, {
      settings,
      isCancelled: () => (cancelled ||= token.isCancellationRequested),
      onRuleError: (rule, error) => this.options.log?.(`rule ${rule} failed on ${document.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    });
    if (cancelled) return [];
    this.cache.setDerived(document, 'diagnostics', settings, problems);
    return problems;
  }

  provideDiagnostics(document: ITextDocument, token: CancellationToken): Diagnostic[] {
    return this.problems(document, token).map((p) => this.toDiagnostic(p));
  }

  toDiagnostic(p: CableProblem): Diagnostic {
    const href = this.options.ruleDocs?.(p.rule);
    const d: Diagnostic = {
      range: p.range,
      severity: LSP_SEVERITY[p.severity],
      code: p.rule.code,
      source: 'cable',
      message: p.message,
      data: { rule: p.rule.name, fixable: !!p.fix },
    };
    if (href) d.codeDescription = { href };
    if (p.rule.tags?.includes('unnecessary')) d.tags = [DiagnosticTag.Unnecessary];
    return d;
  }
}

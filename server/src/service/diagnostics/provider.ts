/**
 * Diagnostics as one more provider of the language service: it reads the cached model through the
 * same ITextDocument and CancellationToken as every other provider, runs the rule engine, and
 * answers LSP Diagnostics. The problems of a document version (with their fixes) are kept with its
 * model in the ModelCache, so the code actions asking for the same version do not recompute, and
 * a closed document's problems go with its model.
 *
 * Each cable's problems are also kept with the cable object itself: the incremental parse keeps
 * the cables an edit did not touch (shifting their lines), so the next version re-runs the cable
 * rules only on the cables parsed again, and shifts the kept problems by as many lines as their
 * cable moved. The document-scope rules run again on every version.
 */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import type { Cable, CableDocument } from '../../parser';
import { shiftLines } from '../../parser/incremental';
import type { CancellationToken } from '../cancellation';
import { yieldToEventLoop, type ModelCache } from '../modelCache';
import type { ITextDocument } from '../textDocument';
import type { RuleDef, Severity } from './catalogue';
import { activeRules, byPosition, checkCableScope, checkDocumentScope, type ActiveRule } from './engine';
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

/** A cable's problems, computed under `stamp` (the settings) when the cable started at line `base`. */
interface CableEntry {
  stamp: RuleSettings;
  base: number;
  problems: CableProblem[];
}

export class CableDiagnosticsProvider {
  private readonly perCable = new WeakMap<Cable, CableEntry>();
  private readonly lsp = new WeakMap<CableProblem, Diagnostic>();

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
    const run = this.run(document, model, settings, token);
    let r = run.next();
    while (!r.done) r = run.next();
    return r.value ?? [];
  }

  /**
   * The same, in slices of about `sliceMs` between cables, yielding to the event loop (the first
   * check of a large export). Undefined when the version was replaced or `token` cancelled.
   */
  async problemsInSlices(document: ITextDocument, token: CancellationToken, sliceMs = 15): Promise<CableProblem[] | undefined> {
    const settings = this.options.ruleSettings();
    const hit = this.cache.derived<CableProblem[]>(document, 'diagnostics', settings);
    if (hit) return hit;
    const version = document.version;
    const model = this.cache.get(document);
    const run = this.run(document, model, settings, token);
    let t0 = Date.now();
    for (let r = run.next(); ; r = run.next()) {
      if (r.done) return r.value;
      if (Date.now() - t0 >= sliceMs) {
        await yieldToEventLoop();
        if (token.isCancellationRequested || document.version !== version) return undefined;
        t0 = Date.now();
      }
    }
  }

  /** The check, pausing (yield) after each cable. */
  private *run(document: ITextDocument, model: CableDocument, settings: RuleSettings, token: CancellationToken): Generator<void, CableProblem[] | undefined> {
    if (token.isCancellationRequested) return undefined;
    const active = activeRules(settings);
    const options = {
      settings,
      onRuleError: (rule: string, error: unknown) => this.options.log?.(`rule ${rule} failed on ${document.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    };
    // Rule by rule, as cable by cable: one document rule reads every problem of a large export.
    const problems: CableProblem[] = [];
    for (const a of active) {
      if (a.rule.scope !== 'document') continue;
      for (const p of checkDocumentScope(model, [a], options)) problems.push(p);
      yield;
    }
    if (!model.binary) {
      for (const cable of model.cables) {
        if (token.isCancellationRequested) return undefined;
        for (const p of this.cableProblems(model, cable, settings, active, options)) problems.push(p);
        yield;
      }
    }
    if (token.isCancellationRequested) return undefined;
    problems.sort(byPosition);
    this.cache.setDerived(document, 'diagnostics', settings, problems);
    return problems;
  }

  private cableProblems(model: CableDocument, cable: Cable, settings: RuleSettings, active: readonly ActiveRule[], options: Parameters<typeof checkCableScope>[3]): CableProblem[] {
    const kept = this.perCable.get(cable);
    const line = cable.range.start.line;
    if (kept && kept.stamp === settings) {
      if (kept.base !== line) {
        shiftLines(kept.problems.map((p) => [p.range, p.fix]), line - kept.base);
        kept.base = line;
      }
      return kept.problems;
    }
    // Kept apart from the model: a problem's range may be the model's own object, which the
    // incremental parse shifts in place, and each must move once.
    const problems = checkCableScope(model, cable, active, options).map(detach);
    this.perCable.set(cable, { stamp: settings, base: line, problems });
    return problems;
  }

  provideDiagnostics(document: ITextDocument, token: CancellationToken): Diagnostic[] {
    return this.problems(document, token).map((p) => this.toDiagnostic(p));
  }

  toDiagnostic(p: CableProblem): Diagnostic {
    const cached = this.lsp.get(p);
    if (cached) return cached;
    const href = this.options.ruleDocs?.(p.rule);
    const d: Diagnostic = {
      // The problem's own range object: when a kept cable's problems move, so does this.
      range: p.range,
      severity: LSP_SEVERITY[p.severity],
      code: p.rule.code,
      source: 'cable',
      message: p.message,
      data: { rule: p.rule.name, fixable: !!p.fix },
    };
    if (href) d.codeDescription = { href };
    if (p.rule.tags?.includes('unnecessary')) d.tags = [DiagnosticTag.Unnecessary];
    this.lsp.set(p, d);
    return d;
  }
}

/** A copy of the problem whose positions and fix are its own (the rule stays shared). */
function detach(p: CableProblem): CableProblem {
  const copy = JSON.parse(JSON.stringify({ ...p, rule: undefined })) as CableProblem;
  copy.rule = p.rule;
  return copy;
}

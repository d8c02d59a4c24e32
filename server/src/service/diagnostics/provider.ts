/**
 * Diagnostics as one more provider of the language service: it reads the cached model through the
 * same ITextDocument and CancellationToken as every other provider, runs the rule engine, and
 * answers LSP Diagnostics. The problems of a document version (with their fixes) are kept with its
 * model in the ModelCache, so the code actions asking for the same version do not recompute, and
 * a closed document's problems go with its model.
 *
 * A document kept as lines is checked step by step of its parse (parser.ts: the text before a
 * cable, the cable, the problems of their lines), and each step's problems, in order, are kept
 * with the step object: the incremental parse keeps the steps an edit did not touch, so the next
 * version checks only the steps parsed again, moves the kept problems by as many lines as their
 * step moved (its bounds say; its own objects may not have moved yet, see ModelCache.settle),
 * and puts the lists one after the other, which is the order a sort would give. The document-
 * scope rules read the parser's problems and the outside text one by one, so they run per step
 * too. Other documents (a TextDocument, a binary file, a file without cable) are checked whole.
 */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import { moveRange, type CableDocument } from '../../parser';
import { lagOf, settleSteps } from '../../parser/incremental';
import type { ParseStep } from '../../parser/parser';
import type { CancellationToken } from '../cancellation';
import type { ModelCache } from '../modelCache';
import { runInSlices, runToEnd } from '../slices';
import { copyRange, detached } from '../ranges';
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

/** A step's problems in order, computed under `stamp` (the settings) and `eol` when the step started at line `base`. */
interface StepEntry {
  stamp: RuleSettings;
  eol: CableDocument['eol'];
  base: number;
  problems: CableProblem[];
}

export class CableDiagnosticsProvider {
  private readonly perStep = new WeakMap<ParseStep, StepEntry>();
  private readonly lsp = new WeakMap<CableProblem, Diagnostic>();
  /**
   * A diagnostic's `data` and `codeDescription` are the same for every problem of a rule: one
   * object each, shared. The 60,928 problems of a 200 MB export held a link string and two objects
   * each, about 170 bytes, some 10 MB. Nothing changes them; a message's copies serialise them alike.
   */
  private readonly shared = new Map<string, object>();

  constructor(
    private readonly cache: ModelCache,
    private readonly options: DiagnosticsProviderOptions,
  ) {}

  /** The problems, with their fixes, of this version of the document. A cancelled run returns [] and keeps nothing. */
  problems(document: ITextDocument, token: CancellationToken): CableProblem[] {
    const settings = this.options.ruleSettings();
    const hit = this.cache.derived<CableProblem[]>(document, 'diagnostics', settings);
    if (hit) return hit;
    return runToEnd(this.run(document, settings, token)) ?? [];
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
    const done = await runInSlices(this.run(document, settings, token), sliceMs, () => token.isCancellationRequested || document.version !== version);
    return done?.value;
  }

  /** The check, pausing (yield) after each cable. */
  private *run(document: ITextDocument, settings: RuleSettings, token: CancellationToken): Generator<void, CableProblem[] | undefined> {
    if (token.isCancellationRequested) return undefined;
    const active = activeRules(settings);
    const options = this.checkOptions(settings, document.uri);
    const parsed = this.cache.steps(document);
    let problems: CableProblem[];
    if (parsed) {
      const r = yield* this.checkSteps(parsed.doc, parsed.steps, true, settings, active, options, token);
      if (!r) return undefined;
      problems = r;
    } else {
      const model = this.cache.get(document);
      // Rule by rule, as cable by cable: one document rule reads every problem of a large export.
      problems = [];
      for (const a of active) {
        if (a.rule.scope !== 'document') continue;
        for (const p of checkDocumentScope(model, [a], options)) problems.push(p);
        yield;
      }
      if (!model.binary) {
        for (const cable of model.cables) {
          if (token.isCancellationRequested) return undefined;
          for (const p of checkCableScope(model, cable, active, options)) problems.push(p);
          yield;
        }
      }
      problems.sort(byPosition);
    }
    if (token.isCancellationRequested) return undefined;
    this.cache.setDerived(document, 'diagnostics', settings, problems);
    return problems;
  }

  /**
   * The steps' problems in order, pausing after each. `complete`: the steps are the whole parse,
   * whose last step (the text after the last cable) is checked every time: a fix of web-page text
   * at the end of the file reaches back over the blank lines before it.
   */
  private *checkSteps(doc: CableDocument, steps: readonly ParseStep[], complete: boolean, settings: RuleSettings, active: readonly ActiveRule[], options: Parameters<typeof checkCableScope>[3], token: CancellationToken): Generator<void, CableProblem[] | undefined> {
    const lists: CableProblem[][] = [];
    let total = 0;
    for (let i = 0; i < steps.length; i++) {
      if (token.isCancellationRequested) return undefined;
      const list = this.stepProblems(doc, steps[i], complete && i === steps.length - 1, settings, active, options);
      lists.push(list);
      total += list.length;
      yield;
    }
    const problems = new Array<CableProblem>(total);
    let n = 0;
    let sorted = true;
    let last: CableProblem | undefined;
    for (const list of lists) {
      if (list.length === 0) continue;
      if (last && byPosition(last, list[0]) > 0) sorted = false;
      for (const p of list) problems[n++] = p;
      last = list[list.length - 1];
    }
    // A step's problems lie on its own lines; should some not, the whole list is put in order.
    if (!sorted) problems.sort(byPosition);
    return problems;
  }

  /**
   * During a sliced first parse: the problems of the cables read so far, in slices like
   * problemsInSlices, kept per step as the final check's are, so that check finds them done.
   * Undefined when no first parse of this version is running, or it was replaced or cancelled.
   */
  async problemsSoFar(document: ITextDocument, token: CancellationToken, sliceMs = 15): Promise<{ problems: CableProblem[]; cables: number } | undefined> {
    const read = this.cache.readSoFar(document);
    if (!read) return undefined;
    const version = document.version;
    const settings = this.options.ruleSettings();
    const options = this.checkOptions(settings, document.uri);
    const run = this.checkSteps(read.doc, read.steps, false, settings, activeRules(settings), options, token);
    const done = await runInSlices(run, sliceMs, () => token.isCancellationRequested || document.version !== version || settings !== this.options.ruleSettings());
    const problems = done?.value;
    return problems && { problems, cables: read.steps.reduce((n, s) => n + (s.cable ? 1 : 0), 0) };
  }

  /** One step's problems in order: kept ones moved to the step's line, or found by the rules. */
  private stepProblems(doc: CableDocument, step: ParseStep, last: boolean, settings: RuleSettings, active: readonly ActiveRule[], options: Parameters<typeof checkCableScope>[3]): CableProblem[] {
    const kept = this.perStep.get(step);
    if (kept && kept.stamp === settings && kept.eol === doc.eol && !last) {
      if (kept.base !== step.from) {
        moveProblems(kept.problems, step.from - kept.base);
        kept.base = step.from;
      }
      return kept.problems;
    }
    // The rules read the step's own objects: they must be on their lines.
    if (lagOf(step) !== 0) settleSteps([step]);
    const problems = checkStep(doc, step, active, options);
    this.perStep.set(step, { stamp: settings, eol: doc.eol, base: step.from, problems });
    return problems;
  }

  /**
   * The diagnostics of one step of a file read as a stream (largeFiles.ts: the file is never held
   * whole), on the lines of the window it was read from: `file` gives the whole file's line ends
   * and BOM. The check of the whole file finds the same problems in this step. Nothing is kept.
   */
  stepDiagnostics(uri: string, step: ParseStep, lines: string[], file: Pick<CableDocument, 'eol' | 'bom'>): Diagnostic[] {
    const settings = this.options.ruleSettings();
    return checkStep({ lines, eol: file.eol, bom: file.bom }, step, activeRules(settings), this.checkOptions(settings, uri)).map((p) => this.toDiagnostic(p));
  }

  private checkOptions(settings: RuleSettings, uri: string): Parameters<typeof checkCableScope>[3] {
    return {
      settings,
      onRuleError: (rule: string, error: unknown) => this.options.log?.(`rule ${rule} failed on ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    };
  }

  provideDiagnostics(document: ITextDocument, token: CancellationToken): Diagnostic[] {
    return this.problems(document, token).map((p) => this.toDiagnostic(p));
  }

  toDiagnostic(p: CableProblem): Diagnostic {
    const cached = this.lsp.get(p);
    if (cached) return cached;
    const href = this.options.ruleDocs?.(p.rule);
    const fixable = !!p.fix;
    const d: Diagnostic = {
      // The problem's own range object: when a kept cable's problems move, so does this (a
      // message carries copies: forMessage).
      range: p.range,
      severity: LSP_SEVERITY[p.severity],
      code: p.rule.code,
      source: 'cable',
      message: p.message,
      data: this.share(`data ${p.rule.name} ${fixable}`, () => ({ rule: p.rule.name, fixable })),
    };
    if (href) d.codeDescription = this.share(`link ${href}`, () => ({ href }));
    if (p.rule.tags?.includes('unnecessary')) d.tags = [DiagnosticTag.Unnecessary];
    this.lsp.set(p, d);
    return d;
  }

  private share<T extends object>(key: string, make: () => T): T {
    let v = this.shared.get(key) as T | undefined;
    if (v === undefined) this.shared.set(key, (v = make()));
    return v;
  }
}

/** One step's problems in order, found by the rules on a document of that step alone (its lines are the file's, or its window's). */
function checkStep(doc: Pick<CableDocument, 'lines' | 'eol' | 'bom'>, step: ParseStep, active: readonly ActiveRule[], options: Parameters<typeof checkCableScope>[3]): CableProblem[] {
  const view: CableDocument = { cables: step.cable ? [step.cable] : [], outside: step.outside, problems: step.problems, lines: doc.lines, eol: doc.eol, bom: doc.bom, binary: false };
  const found = checkDocumentScope(view, active, options);
  if (step.cable) for (const p of checkCableScope(view, step.cable, active, options)) found.push(p);
  // Kept apart from the model: a problem's range may be the model's own object, which the
  // incremental parse moves in place, and each must move once.
  return found.map(detach).sort(byPosition);
}

/** A copy of the problem whose positions and fix are its own (the rule stays shared): no object of it is the model's or another problem's. */
function detach(p: CableProblem): CableProblem {
  const copy: CableProblem = { ...p, range: copyRange(p.range) };
  if (p.fix) copy.fix = { ...p.fix, edits: p.fix.edits.map((e) => ({ ...e, range: copyRange(e.range) })) };
  return copy;
}

/** Moves detached problems (each range its own Span) by `delta` lines. */
function moveProblems(problems: readonly CableProblem[], delta: number): void {
  for (const p of problems) {
    moveRange(p.range, delta);
    if (p.fix) for (const e of p.fix.edits) moveRange(e.range, delta);
  }
}

/**
 * Diagnostics for a message (a publish, a pull's answer): each a copy with its own range. The
 * kept steps' problems, and the diagnostics made of them, move in place when the next version
 * shifts their step (moving copies instead would cost a 200 MB export's line break about 60,000
 * objects); a message may wait in the writer's queue behind a 15 MB one, and must go out with
 * its own version's lines. Costs the message (VS Code keeps 1,000), not the file.
 */
export function forMessage(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const out = new Array<Diagnostic>(diagnostics.length);
  for (let i = 0; i < diagnostics.length; i++) out[i] = new MessageDiagnostic(diagnostics[i]) as unknown as Diagnostic;
  return out;
}

/**
 * A message's copy of a diagnostic, which knows the diagnostic it copies (a private field: JSON
 * and comparisons do not see it). Only the range of that one ever changes (toDiagnostic makes it
 * once per problem, and the problem's range moves in place), so the stdio writer encodes the rest
 * once and reuses it from version to version (slicedWriter.ts): a line break in a 200 MB export
 * sends its 60,000 problems again, most of them a line lower.
 */
class MessageDiagnostic {
  readonly #from: Diagnostic;
  constructor(d: Diagnostic) {
    // Assigned in the diagnostic's order, the range first (its JSON is the diagnostic's).
    Object.assign(this, d);
    (this as unknown as Diagnostic).range = copyRange(d.range);
    this.#from = d;
  }

  static from(x: unknown): Diagnostic | undefined {
    return x instanceof MessageDiagnostic ? x.#from : undefined;
  }
}

/** The diagnostic a message's diagnostic (forMessage) copies; undefined for anything else. */
export function copiedFrom(x: unknown): Diagnostic | undefined {
  return MessageDiagnostic.from(x);
}

/** Code actions for a message: their edits' ranges copied, for the same reason (a quick fix's edits are its problem's, moved in place). */
export function codeActionsForMessage<T>(actions: T): T {
  return detached(actions);
}

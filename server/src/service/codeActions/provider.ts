/**
 * Code actions as a provider of the language service, beside diagnostics: for each Cable
 * diagnostic that has a fix, the quick fix for that problem (`quickfix`, preferred) and, when the
 * file has more than one problem of that rule, "Fix all … problems in this file"; when
 * `context.only` asks for `source.fixAll` (as `editor.codeActionsOnSave` does), the one
 * `source.fixAll.cable` action that applies every fix, as `cable fix` does. Every action carries
 * its WorkspaceEdit, so no resolve step is needed.
 */
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import type { CancellationToken } from '../cancellation';
import { codeActionsForMessage, type CableDiagnosticsProvider } from '../diagnostics/provider';
import type { RuleSettings } from '../diagnostics/settings';
import type { CableProblem } from '../diagnostics/types';
import type { ModelCache } from '../modelCache';
import type { ParseStep } from '../../parser/parser';
import { runInSlices, runToEnd } from '../slices';
import { LineDocument, type ITextDocument } from '../textDocument';
import { fixAllByCableInSteps, linesOfText, type LinesToFix } from './byCable';
import { comparePos } from './edits';
import { fixText, nonOverlappingFixes } from './fixAll';
import { editsBetween } from './lineDiff';

export const FIX_ALL_KIND = 'source.fixAll.cable';
export const CODE_ACTION_KINDS = ['quickfix', FIX_ALL_KIND];
export const FIX_ALL_COMMAND = 'cable.fixAll';

const sameRange = (a: Range, b: Range) => comparePos(a.start, b.start) === 0 && comparePos(a.end, b.end) === 0;

function wantsKind(only: readonly string[] | undefined, kind: string): boolean {
  // `only: ['source.fixAll']` asks for every fixAll kind; `only: ['quickfix']` for quick fixes.
  return !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
}

export class CableCodeActionsProvider {
  constructor(
    private readonly diagnostics: CableDiagnosticsProvider,
    private readonly ruleSettings: () => RuleSettings,
    /** The parses the diagnostics were found on: with it, a document kept as lines is fixed cable by cable. */
    private readonly cache?: ModelCache,
  ) {}

  provideCodeActions(document: ITextDocument, _range: Range, context: { diagnostics: Diagnostic[]; only?: string[] }, token: CancellationToken): CodeAction[] {
    const problems = this.diagnostics.problems(document, token);
    if (token.isCancellationRequested) return [];
    const actions = this.quickFixes(document, context, problems);
    if (wantsFixAll(context.only)) {
      const edits = this.fixAllEdits(document, problems);
      if (edits.length > 0) actions.push(fixAllAction(document.uri, edits));
    }
    return actions;
  }

  /**
   * provideCodeActions as the server runs it: the diagnostics, when not yet found, and Fix All
   * (`source.fixAll`) run in slices of about `sliceMs` (fixAllEditsInSlices). Undefined when
   * abandoned (`token` cancelled, the document changed, the rule settings changed).
   */
  async provideCodeActionsInSlices(document: ITextDocument, _range: Range, context: { diagnostics: Diagnostic[]; only?: string[] }, token: CancellationToken, sliceMs: number, onPause?: (work: number) => void): Promise<CodeAction[] | undefined> {
    const stale = this.staleAfter(document, token);
    const problems = await this.diagnostics.problemsInSlices(document, token, sliceMs);
    if (!problems || stale()) return undefined;
    const actions = this.quickFixes(document, context, problems);
    if (wantsFixAll(context.only)) {
      const edits = await this.fixAllEditsInSlices(document, problems, sliceMs, stale, onPause);
      if (!edits) return undefined;
      if (edits.length > 0) actions.push(fixAllAction(document.uri, edits));
    }
    return actions;
  }

  /**
   * provideFixAllEdits as the server runs it. A 200 MB export's Fix All is seconds of work: it runs
   * in slices of about `sliceMs`, yielding to the event loop between them (as the first analysis
   * does, modelCache.ts `analyse`), so that hovers, completion and folding are answered meanwhile.
   * Between slices it stops, and answers undefined, when `token` is cancelled or the document (or
   * the rule settings) changed: its edits would be for a text that is gone. `onPause` hears each
   * yield and how many pieces of work (cables read, runs of lines copied) were done so far.
   */
  async provideFixAllEditsInSlices(document: ITextDocument, token: CancellationToken, sliceMs: number, onPause?: (work: number) => void): Promise<TextEdit[] | undefined> {
    const stale = this.staleAfter(document, token);
    const problems = await this.diagnostics.problemsInSlices(document, token, sliceMs);
    if (!problems || stale()) return undefined;
    return this.fixAllEditsInSlices(document, problems, sliceMs, stale, onPause);
  }

  /** Whether work begun now on `document` is of no use any more. */
  private staleAfter(document: ITextDocument, token: CancellationToken): () => boolean {
    const version = document.version;
    const settings = this.ruleSettings();
    return () => token.isCancellationRequested || document.version !== version || this.ruleSettings() !== settings;
  }

  private quickFixes(document: ITextDocument, context: { diagnostics: Diagnostic[]; only?: string[] }, problems: CableProblem[]): CodeAction[] {
    const uri = document.uri;
    const actions: CodeAction[] = [];
    if (wantsKind(context.only, 'quickfix')) {
      const offeredAll = new Set<string>();
      for (const d of context.diagnostics) {
        if (d.source !== 'cable') continue;
        const p = problems.find((x) => x.rule.code === d.code && sameRange(x.range, d.range) && x.fix);
        if (!p?.fix) continue;
        actions.push({ title: p.fix.title, kind: 'quickfix', diagnostics: [d], isPreferred: true, edit: { changes: { [uri]: p.fix.edits } } });
        const same = problems.filter((x) => x.rule === p.rule && x.fix);
        if (same.length > 1 && !offeredAll.has(p.rule.name)) {
          offeredAll.add(p.rule.name);
          actions.push({
            title: `Fix all ${p.rule.name} problems in this file (${same.length})`,
            kind: 'quickfix',
            diagnostics: [d],
            edit: { changes: { [uri]: nonOverlappingFixes(same).edits } },
          });
        }
      }
    }
    return actions;
  }

  /** Every fix in the document as minimal edits (one per changed run of lines): "Cable: Fix All Problems". */
  provideFixAllEdits(document: ITextDocument, token: CancellationToken): TextEdit[] {
    const problems = this.diagnostics.problems(document, token);
    if (token.isCancellationRequested) return [];
    return this.fixAllEdits(document, problems);
  }

  private fixAllEdits(document: ITextDocument, problems: CableProblem[]): TextEdit[] {
    if (!problems.some((p) => p.fix)) return [];
    const settings = this.ruleSettings();
    return runToEnd(this.fixAllInSteps(document, problems, settings)) ?? fixWhole(document, settings);
  }

  /** fixAllEdits in slices; undefined when `stale` says so at a pause. */
  private async fixAllEditsInSlices(document: ITextDocument, problems: CableProblem[], sliceMs: number, stale: () => boolean, onPause?: (work: number) => void): Promise<TextEdit[] | undefined> {
    if (!problems.some((p) => p.fix)) return [];
    const settings = this.ruleSettings();
    const run = await runInSlices(this.fixAllInSteps(document, problems, settings), sliceMs, stale, onPause);
    if (!run) return undefined;
    // A document of 64 lines or fewer is fixed whole, at once: a few milliseconds.
    return run.value ?? fixWhole(document, settings);
  }

  /**
   * Fix All by cable (byCable.ts), pausing between its pieces; undefined for a small document. The
   * problems are this version's (the diagnostics, per step of its parse): only the cables with a
   * fixable problem are read and fixed again, and a document kept as lines is never joined. Where
   * the parse was whole (no table, routing block or banner anywhere; no cable) or is not kept (a
   * text not kept as lines: Fix All in Workspace's closed files), each pass reads the whole text,
   * a cable at a time.
   */
  private *fixAllInSteps(document: ITextDocument, problems: CableProblem[], settings: RuleSettings): Generator<void, TextEdit[] | undefined> {
    let src: LinesToFix;
    let steps: readonly ParseStep[] | undefined;
    if (document instanceof LineDocument) {
      src = document;
      steps = this.cache?.steps(document)?.steps;
    } else src = yield* linesOfText(document.getText());
    return yield* fixAllByCableInSteps(src, steps, problems, settings);
  }
}

function fixWhole(document: ITextDocument, settings: RuleSettings): TextEdit[] {
  const text = document.getText();
  const fixed = fixText(text, settings);
  return fixed.changed ? editsBetween(text, fixed.text) : [];
}

/**
 * Code actions for a message. A quick fix's edits are its problem's, which an edit moves in place,
 * and a large answer is encoded over several turns (slicedWriter.ts): they are copied
 * (codeActionsForMessage). Fix All's are made for this answer (byCable.ts, lineDiff.ts) and go as
 * they are: copying the 42,000 of a 200 MB export was a turn of 14-48 ms.
 */
export function actionsForMessage(actions: CodeAction[]): CodeAction[] {
  return actions.map((a) => (a.kind === FIX_ALL_KIND ? a : codeActionsForMessage(a)));
}

function wantsFixAll(only: readonly string[] | undefined): boolean {
  return !!only && wantsKind(only, FIX_ALL_KIND) && only.some((o) => o.startsWith('source'));
}

function fixAllAction(uri: string, edits: TextEdit[]): CodeAction {
  return { title: 'Fix all Cable problems', kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits } } };
}

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
import type { CableDiagnosticsProvider } from '../diagnostics/provider';
import type { RuleSettings } from '../diagnostics/settings';
import type { CableProblem } from '../diagnostics/types';
import type { ModelCache } from '../modelCache';
import { LineDocument, type ITextDocument } from '../textDocument';
import { fixAllByCable } from './byCable';
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
    if (context.only && wantsKind(context.only, FIX_ALL_KIND) && context.only.some((o) => o.startsWith('source'))) {
      const edits = this.fixAllEdits(document, problems);
      if (edits.length > 0) actions.push({ title: 'Fix all Cable problems', kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits } } });
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
    // The problems are this version's (the diagnostics, per step of its parse): only the cables
    // with a fixable problem are read and fixed again, and the text is never joined (byCable.ts).
    const parsed = document instanceof LineDocument ? this.cache?.steps(document) : undefined;
    if (parsed) {
      const edits = fixAllByCable(document as LineDocument, parsed.steps, problems, settings);
      if (edits) return edits;
    }
    const text = document.getText();
    const fixed = fixText(text, settings);
    return fixed.changed ? editsBetween(text, fixed.text) : [];
  }
}

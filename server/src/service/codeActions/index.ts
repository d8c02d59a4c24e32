/**
 * Code actions for the language server — the API to wire in server.ts.
 *
 *   import { getCodeActions, getFixAllEdits, CODE_ACTION_KINDS, FIX_ALL_COMMAND } from './service/codeActions';
 *   capabilities.codeActionProvider = { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: false };
 *   connection.onCodeAction((p) => getCodeActions(documents.get(p.textDocument.uri), p.range, p.context, { settings }, token));
 *
 * - Returns, for each Cable diagnostic in `context.diagnostics` that has a fix: the quick fix for
 *   that problem (`quickfix`, `isPreferred`), and, when the file has more than one problem of that
 *   rule, "Fix all … problems in this file" (`quickfix`). When `context.only` asks for
 *   `source.fixAll` (or `source.fixAll.cable`, as `editor.codeActionsOnSave` does), the single
 *   `source.fixAll.cable` action that applies every fix.
 * - The command "Cable: Fix all problems" (`cable.fixAll`, contributed by the client) should call
 *   `getFixAllEdits(document, { settings })` and send them with `workspace/applyEdit`. The edits
 *   are minimal (one per changed run of lines), the same result as `cable fix`.
 * - Every action carries a `WorkspaceEdit` (`changes`), so no resolve step is needed.
 */
import { comparePos } from './edits';
import { editsBetween } from './lineDiff';
import { fixText, nonOverlappingFixes } from './fixAll';
import { computeProblems, type CableTextDocument, type CancellationTokenLike, type DiagnosticsOptions } from '../diagnostics';
import type { Range } from '../../parser';
import type { CableProblem, TextEdit } from '../diagnostics/types';

export { fixText, nonOverlappingFixes, type FixResult } from './fixAll';
export { applyEdits, stripBom } from './edits';
export { editsBetween, diffLines, splitKeepingEol } from './lineDiff';

export const FIX_ALL_KIND = 'source.fixAll.cable';
export const CODE_ACTION_KINDS = ['quickfix', FIX_ALL_KIND];
export const FIX_ALL_COMMAND = 'cable.fixAll';

/** The parts of an LSP Diagnostic this module reads (vscode-languageserver's type fits). */
export interface DiagnosticLike {
  range: Range;
  code?: string | number;
  source?: string;
  message: string;
}

export interface CodeActionContextLike {
  diagnostics: DiagnosticLike[];
  only?: string[];
}

export interface LspCodeAction {
  title: string;
  kind: string;
  diagnostics?: DiagnosticLike[];
  isPreferred?: boolean;
  edit: { changes: { [uri: string]: TextEdit[] } };
}

const sameRange = (a: Range, b: Range) => comparePos(a.start, b.start) === 0 && comparePos(a.end, b.end) === 0;

function wantsKind(only: string[] | undefined, kind: string): boolean {
  // `only: ['source.fixAll']` asks for every fixAll kind; `only: ['quickfix']` for quick fixes.
  return !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
}

export function getCodeActions(
  document: CableTextDocument,
  _range: Range,
  context: CodeActionContextLike,
  options: DiagnosticsOptions = {},
  token?: CancellationTokenLike,
): LspCodeAction[] {
  const actions: LspCodeAction[] = [];
  const problems = computeProblems(document, options, token);
  if (token?.isCancellationRequested) return [];
  const uri = document.uri;

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
    const edits = fixAllEdits(document, problems, options);
    if (edits.length > 0) actions.push({ title: 'Fix all Cable problems', kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits } } });
  }
  return actions;
}

function fixAllEdits(document: CableTextDocument, problems: CableProblem[], options: DiagnosticsOptions): TextEdit[] {
  if (!problems.some((p) => p.fix)) return [];
  const text = document.getText();
  const fixed = fixText(text, options.settings);
  return fixed.changed ? editsBetween(text, fixed.text) : [];
}

/** Every fix in the document, as minimal edits: for the "Cable: Fix all problems" command. */
export function getFixAllEdits(document: CableTextDocument, options: DiagnosticsOptions = {}, token?: CancellationTokenLike): TextEdit[] {
  const problems = computeProblems(document, options, token);
  if (token?.isCancellationRequested) return [];
  return fixAllEdits(document, problems, options);
}

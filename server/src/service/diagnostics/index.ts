/**
 * Diagnostics for the language server — the API to wire in server.ts.
 *
 *   import { getDiagnostics } from './service/diagnostics';
 *   const diagnostics = getDiagnostics(document, { settings, model }, token);
 *
 * - `document`: anything with `uri`, `version` and `getText()` (a vscode-languageserver-textdocument
 *   TextDocument fits). `model`: pass the document's parsed CableDocument if the server already has
 *   one for this version (parse once per version); otherwise it is parsed here.
 * - `settings`: the `cable.rules` configuration object (`{ "split-word": "error", "CBL204": "off" }`),
 *   read with `parseRuleSettings` (same format as the CLI's `.cablerc.json`); omitted = defaults.
 * - Returns LSP `Diagnostic`s with `source: 'cable'`, `code` (`CBL303`), `codeDescription.href` to
 *   docs/rules.md and `data: { rule, fixable }`. Use the same array for pushed diagnostics
 *   (`connection.sendDiagnostics`) and pull diagnostics (`textDocument/diagnostic`, a full report).
 *   A cancelled token returns what was computed so far (possibly empty); don't publish that.
 *
 * The result for the last version of each document is cached, so the code actions asking for the
 * same version do not recompute.
 */
import { parseCable, type CableDocument } from '../../parser';
import { ruleDocUrl, type Severity } from './catalogue';
import { checkDocument } from './engine';
import type { RuleSettings } from './settings';
import type { CableProblem } from './types';

export { RULES, RULES_BY_CODE, RULES_BY_NAME, type RuleDef, type Severity, type SeveritySetting } from './catalogue';
export { parseRuleSettings, resolveSeverity, defaultSettings, type RuleSettings } from './settings';
export { checkDocument } from './engine';
export type { CableProblem, Fix, TextEdit } from './types';

/** The shape of vscode-languageserver's CancellationToken; structural so the service needs no connection. */
export interface CancellationTokenLike {
  readonly isCancellationRequested: boolean;
}

export interface CableTextDocument {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

/** LSP DiagnosticSeverity numbers. */
export const LSP_SEVERITY: Record<Severity, 1 | 2 | 3 | 4> = { error: 1, warning: 2, information: 3, hint: 4 };

export interface LspDiagnostic {
  range: CableProblem['range'];
  severity: 1 | 2 | 3 | 4;
  code: string;
  codeDescription: { href: string };
  source: 'cable';
  message: string;
  data: { rule: string; fixable: boolean };
}

export interface DiagnosticsOptions {
  settings?: RuleSettings;
  model?: CableDocument;
}

interface CacheEntry {
  version: number;
  text: string;
  settings?: RuleSettings;
  model: CableDocument;
  problems: CableProblem[];
}
const cache = new Map<string, CacheEntry>();
const CACHE_LIMIT = 64;

/** The problems (with fixes) for this version of the document; cached per uri and version. */
export function computeProblems(document: CableTextDocument, options: DiagnosticsOptions = {}, token?: CancellationTokenLike): CableProblem[] {
  const hit = cache.get(document.uri);
  if (hit && hit.version === document.version && hit.settings === options.settings) return hit.problems;
  const text = document.getText();
  if (hit && hit.text === text && hit.settings === options.settings) return hit.problems;
  const model = options.model ?? parseCable(text);
  if (token?.isCancellationRequested) return [];
  let cancelled = false;
  const problems = checkDocument(model, {
    settings: options.settings,
    isCancelled: () => (cancelled = cancelled || !!token?.isCancellationRequested),
  });
  if (!cancelled) {
    cache.delete(document.uri);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(document.uri, { version: document.version, text, settings: options.settings, model, problems });
  }
  return problems;
}

export function toLspDiagnostic(p: CableProblem): LspDiagnostic {
  return {
    range: p.range,
    severity: LSP_SEVERITY[p.severity],
    code: p.rule.code,
    codeDescription: { href: ruleDocUrl(p.rule) },
    source: 'cable',
    message: p.message,
    data: { rule: p.rule.name, fixable: !!p.fix },
  };
}

export function getDiagnostics(document: CableTextDocument, options: DiagnosticsOptions = {}, token?: CancellationTokenLike): LspDiagnostic[] {
  return computeProblems(document, options, token).map(toLspDiagnostic);
}

/** Forget a closed document. */
export function forgetDocument(uri: string): void {
  cache.delete(uri);
}

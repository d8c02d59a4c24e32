/**
 * `cable check` output formats: `stylish` (grouped by file, for people, as ESLint's default),
 * `compact` (one problem a line, `file:line:col:` as compilers print, which editors and terminals
 * make clickable), `json` for scripts, `sarif` (2.1.0) for code-scanning tools and `github`
 * (workflow commands, shown as annotations on a pull request).
 */
import { RULES, type Severity } from '../service/diagnostics/catalogue';
import { ruleDocLink } from './ruleDocs';
import type { JsonDiagnostic } from './checkFile';
import { colors, plural, type Colors } from './io';

export const FORMATS = ['stylish', 'compact', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface Tally {
  error: number;
  warning: number;
  information: number;
  hint: number;
  fixable: number;
  /** Files with at least one problem. */
  files: number;
}

export function tally(diags: readonly JsonDiagnostic[]): Tally {
  const t: Tally = { error: 0, warning: 0, information: 0, hint: 0, fixable: 0, files: 0 };
  const files = new Set<string>();
  for (const d of diags) {
    t[d.severity]++;
    if (d.fixable) t.fixable++;
    files.add(d.file);
  }
  t.files = files.size;
  return t;
}

/** "1 error, 2 warnings, 1 hint": errors and warnings always, the quieter levels when present. */
function severityCounts(t: Tally, all = false): string {
  const parts = [plural(t.error, 'error'), plural(t.warning, 'warning')];
  if (all || t.information) parts.push(`${t.information} information`);
  if (all || t.hint) parts.push(plural(t.hint, 'hint'));
  return parts.join(', ');
}

interface FormatContext {
  /** Files checked (for the summary line). */
  checked: number;
  version: string;
  color: boolean;
}

function formatCompact(diags: readonly JsonDiagnostic[], ctx: FormatContext): string {
  const c = colors(ctx.color);
  const out: string[] = [];
  for (const d of diags) {
    out.push(`${d.file}:${d.line}:${d.column}: ${paintSeverity(c, d.severity)} ${d.code} ${d.message} ${c.dim(`[${d.rule}${d.fixable ? ', fixable' : ''}]`)}`);
  }
  const t = tally(diags);
  out.push(
    `${plural(diags.length, 'problem')} (${severityCounts(t, true)}) in ${t.files} of ${plural(ctx.checked, 'file')}` +
      (t.fixable > 0 ? `; ${t.fixable} fixable with \`cable fix\`` : ''),
  );
  return out.join('\n') + '\n';
}

function paintSeverity(c: Colors, s: Severity, text: string = s): string {
  return s === 'error' ? c.red(text) : s === 'warning' ? c.yellow(text) : s === 'information' ? c.blue(text) : c.dim(text);
}

/** As ESLint's stylish: a heading per file, aligned columns, a summary with a cross or a tick. */
function formatStylish(diags: readonly JsonDiagnostic[], ctx: FormatContext): string {
  const c = colors(ctx.color);
  const t = tally(diags);
  if (diags.length === 0) return `${c.green('✔')} No problems in ${plural(ctx.checked, 'file')}.\n`;
  const byFile = new Map<string, JsonDiagnostic[]>();
  for (const d of diags) {
    let list = byFile.get(d.file);
    if (!list) byFile.set(d.file, (list = []));
    list.push(d);
  }
  const out: string[] = [''];
  for (const [file, list] of byFile) {
    out.push(c.underline(file));
    const where = list.map((d) => `${d.line}:${d.column}`);
    const wWhere = Math.max(...where.map((w) => w.length));
    const wSev = Math.max(...list.map((d) => d.severity.length));
    const wMsg = Math.max(...list.map((d) => d.message.length));
    list.forEach((d, i) => {
      const rule = `${d.rule} ${d.code}${d.fixable ? ' (fixable)' : ''}`;
      out.push(
        `  ${c.dim(where[i]!.padEnd(wWhere))}  ${paintSeverity(c, d.severity, d.severity.padEnd(wSev))}  ${d.message.padEnd(wMsg)}  ${c.dim(rule)}`,
      );
    });
    out.push('');
  }
  const mark = t.error > 0 ? c.red : t.warning > 0 ? c.yellow : (s: string) => s;
  out.push(c.bold(mark(`✖ ${plural(diags.length, 'problem')} (${severityCounts(t)}) in ${t.files} of ${plural(ctx.checked, 'file')}`)));
  if (t.fixable > 0) out.push(c.dim(`  ${plural(t.fixable, 'problem')} fixable with \`cable fix\` (\`cable fix --dry-run\` shows the changes)`));
  out.push('');
  return out.join('\n');
}

function formatJson(diags: readonly JsonDiagnostic[]): string {
  // One diagnostic per line: still one JSON value, and greppable.
  return diags.length === 0 ? '[]\n' : '[\n' + diags.map((d) => JSON.stringify(d)).join(',\n') + '\n]\n';
}

const GITHUB_LEVEL = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' } as const;

/** Workflow-command escaping: the message (`data`) and, stricter, the properties. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions workflow commands: each problem becomes an annotation on the file and line. */
export function formatGithub(diags: readonly JsonDiagnostic[]): string {
  return diags
    .map((d) => {
      const props = [
        `file=${escapeProperty(d.file.split('\\').join('/'))}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeProperty(`${d.code} ${d.rule}${d.fixable ? ' (fixable with cable fix)' : ''}`)}`,
      ].join(',');
      return `::${GITHUB_LEVEL[d.severity]} ${props}::${escapeData(d.message)}\n`;
    })
    .join('');
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

function formatSarif(diags: readonly JsonDiagnostic[], version: string): string {
  const index = new Map(RULES.map((r, i) => [r.code, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cable',
            version,
            rules: RULES.map((r) => ({
              id: r.code,
              name: r.name,
              shortDescription: { text: r.summary },
              fullDescription: { text: r.description },
              helpUri: ruleDocLink(r),
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
            })),
          },
        },
        // LSP and SARIF's default both count columns in UTF-16 code units.
        columnKind: 'utf16CodeUnits',
        results: diags.map((d) => ({
          ruleId: d.code,
          ruleIndex: index.get(d.code) ?? -1,
          level: SARIF_LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.file.split('\\').join('/') },
                region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
              },
            },
          ],
          properties: { rule: d.rule, fixable: d.fixable },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

export function formatDiagnostics(format: Format, diags: readonly JsonDiagnostic[], ctx: FormatContext): string {
  switch (format) {
    case 'json':
      return formatJson(diags);
    case 'sarif':
      return formatSarif(diags, ctx.version);
    case 'github':
      return formatGithub(diags);
    case 'compact':
      return formatCompact(diags, ctx);
    default:
      return formatStylish(diags, ctx);
  }
}

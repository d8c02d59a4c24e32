/**
 * `cable check` output formats: `stylish` (grouped by file, for people, as ESLint's default),
 * `compact` (one problem a line, `file:line:col:` as compilers print, which editors and terminals
 * make clickable), `json` for scripts, `sarif` (2.1.0) for code-scanning tools and `github`
 * (workflow commands, shown as annotations on a pull request).
 *
 * A run's output is written as its files are checked (report.ts), so each format is given here in
 * three pieces, the only place its text is made: a file's part (`formatFile`, made where the file
 * was checked, usually a worker thread), what goes before a file's part (`formatBefore`: an opening
 * bracket, a comma) and the ending with the summary (`formatEnd`, from counters).
 */
import { RULES, type Severity } from '../service/diagnostics/catalogue';
import { ruleDocLink } from './ruleDocs';
import type { JsonDiagnostic } from './checkFile';
import { colors, plural, type Colors } from './io';

export const FORMATS = ['stylish', 'compact', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** Problems by level, then fixable ones: what a summary and the exit code need of a file or a run. */
export type Counts = [error: number, warning: number, information: number, hint: number, fixable: number];
export const LEVEL: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** What a run's summary says. */
export interface RunTotals {
  /** Files checked. */
  checked: number;
  /** Files with at least one problem shown. */
  filesWithProblems: number;
  totals: Counts;
}

/** "1 error, 2 warnings, 1 hint": errors and warnings always, the quieter levels when present. */
function severityCounts(t: Counts, all: boolean): string {
  const parts = [plural(t[0], 'error'), plural(t[1], 'warning')];
  if (all || t[2]) parts.push(`${t[2]} information`);
  if (all || t[3]) parts.push(plural(t[3], 'hint'));
  return parts.join(', ');
}

function paintSeverity(c: Colors, s: Severity, text: string = s): string {
  return s === 'error' ? c.red(text) : s === 'warning' ? c.yellow(text) : s === 'information' ? c.blue(text) : c.dim(text);
}

function compactFile(diags: readonly JsonDiagnostic[], c: Colors): string {
  let out = '';
  for (const d of diags) {
    out += `${d.file}:${d.line}:${d.column}: ${paintSeverity(c, d.severity)} ${d.code} ${d.message} ${c.dim(`[${d.rule}${d.fixable ? ', fixable' : ''}]`)}\n`;
  }
  return out;
}

/** As ESLint's stylish: a heading per file, columns aligned within the file, a blank line after. */
function stylishFile(diags: readonly JsonDiagnostic[], c: Colors): string {
  const out: string[] = [c.underline(diags[0]!.file)];
  const where = diags.map((d) => `${d.line}:${d.column}`);
  const wWhere = Math.max(...where.map((w) => w.length));
  const wSev = Math.max(...diags.map((d) => d.severity.length));
  const wMsg = Math.max(...diags.map((d) => d.message.length));
  diags.forEach((d, i) => {
    const rule = `${d.rule} ${d.code}${d.fixable ? ' (fixable)' : ''}`;
    out.push(`  ${c.dim(where[i]!.padEnd(wWhere))}  ${paintSeverity(c, d.severity, d.severity.padEnd(wSev))}  ${d.message.padEnd(wMsg)}  ${c.dim(rule)}`);
  });
  return out.join('\n') + '\n\n';
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
let ruleIndex: Map<string, number> | undefined;

/** One SARIF result as it stands in `runs[0].results` of the indented document (8 spaces in). */
function sarifResult(d: JsonDiagnostic): string {
  ruleIndex ??= new Map(RULES.map((r, i) => [r.code, i]));
  const result = {
    ruleId: d.code,
    ruleIndex: ruleIndex.get(d.code) ?? -1,
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
  };
  return '        ' + JSON.stringify(result, null, 2).replace(/\n/g, '\n        ');
}

/** The SARIF document with no results, cut where the results go: `[head, tail]`. */
function sarifEnds(version: string): [string, string] {
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
        results: [],
      },
    ],
  };
  const empty = JSON.stringify(sarif, null, 2) + '\n';
  const at = empty.indexOf('"results": []') + '"results": ['.length;
  return [empty.slice(0, at), empty.slice(at)];
}

/** A file's part of the output: '' for a file with nothing to show. */
export function formatFile(format: Format, diags: readonly JsonDiagnostic[], color: boolean): string {
  if (diags.length === 0) return '';
  switch (format) {
    case 'json':
      // One diagnostic per line: still one JSON value, and greppable.
      return diags.map((d) => JSON.stringify(d)).join(',\n');
    case 'sarif':
      return diags.map(sarifResult).join(',\n');
    case 'github':
      return formatGithub(diags);
    case 'compact':
      return compactFile(diags, colors(color));
    default:
      return stylishFile(diags, colors(color));
  }
}

/** What goes before a file's part: the opening before the first, a separator between others. */
export function formatBefore(format: Format, first: boolean, version: string): string {
  switch (format) {
    case 'json':
      return first ? '[\n' : ',\n';
    case 'sarif':
      return first ? `${sarifEnds(version)[0]}\n` : ',\n';
    case 'stylish':
      return first ? '\n' : '';
    default:
      return '';
  }
}

/** The ending and the summary of a run; `started` when a file's part was written. */
export function formatEnd(format: Format, run: RunTotals, started: boolean, color: boolean, version: string): string {
  const t = run.totals;
  const problems = t[0] + t[1] + t[2] + t[3];
  const files = plural(run.checked, 'file');
  switch (format) {
    case 'json':
      return started ? '\n]\n' : '[]\n';
    case 'sarif': {
      const [head, tail] = sarifEnds(version);
      return started ? `\n      ${tail}` : `${head}${tail}`;
    }
    case 'github':
      return '';
    case 'compact':
      return (
        `${plural(problems, 'problem')} (${severityCounts(t, true)}) in ${run.filesWithProblems} of ${files}` +
        (t[4] > 0 ? `; ${t[4]} fixable with \`cable fix\`` : '') +
        '\n'
      );
    default: {
      const c = colors(color);
      if (problems === 0) return `${c.green('✔')} No problems in ${files}.\n`;
      const mark = t[0] > 0 ? c.red : t[1] > 0 ? c.yellow : (s: string) => s;
      let s = c.bold(mark(`✖ ${plural(problems, 'problem')} (${severityCounts(t, false)}) in ${run.filesWithProblems} of ${files}`)) + '\n';
      if (t[4] > 0) s += c.dim(`  ${plural(t[4], 'problem')} fixable with \`cable fix\` (\`cable fix --dry-run\` shows the changes)`) + '\n';
      return s;
    }
  }
}

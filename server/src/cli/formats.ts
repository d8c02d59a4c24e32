/** `cable check` output formats: text for people, JSON for scripts, SARIF 2.1.0 for code-scanning tools. */
import { RULES, ruleDocUrl } from '../service/diagnostics/catalogue';
import type { JsonDiagnostic } from './checkFile';

export type Format = 'text' | 'json' | 'sarif';

export function formatText(diags: readonly JsonDiagnostic[], filesChecked: number): string {
  const out: string[] = [];
  for (const d of diags) {
    out.push(`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message} [${d.rule}${d.fixable ? ', fixable' : ''}]`);
  }
  const by = (s: string) => diags.filter((d) => d.severity === s).length;
  const fixable = diags.filter((d) => d.fixable).length;
  const files = new Set(diags.map((d) => d.file)).size;
  out.push(
    `${diags.length} problem${diags.length === 1 ? '' : 's'} (${by('error')} errors, ${by('warning')} warnings, ${by('information')} information, ${by('hint')} hints) ` +
      `in ${files} of ${filesChecked} file${filesChecked === 1 ? '' : 's'}` +
      (fixable > 0 ? `; ${fixable} fixable with \`cable fix\`` : ''),
  );
  return out.join('\n') + '\n';
}

export function formatJson(diags: readonly JsonDiagnostic[]): string {
  // One diagnostic per line: still one JSON value, and greppable.
  return diags.length === 0 ? '[]\n' : '[\n' + diags.map((d) => JSON.stringify(d)).join(',\n') + '\n]\n';
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

export function formatSarif(diags: readonly JsonDiagnostic[], version: string): string {
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
              helpUri: ruleDocUrl(r),
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

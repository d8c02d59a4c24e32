/**
 * What an editor keeps of a file's diagnostics, chosen on this side. VS Code's extension host keeps
 * 1,000 per file: it walks the list once per severity (errors, then warnings, information, hints),
 * in the order sent, until it has 1,000, and adds a warning "Not showing N further errors and
 * warnings" at the last one kept. A 50 MB export has about 15,000 problems: sending them all costs a
 * 4 MB message on every edit, and the extension host (shared with every other extension) decodes
 * and converts each one only to drop all but 1,000. The VS Code client therefore says how many it
 * keeps (initializationOptions `maxDiagnosticsPerFile`); the server makes the same choice and sends
 * only those, with a note of its own where VS Code would put its own. Other clients say nothing and
 * get every problem.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';

const SEVERITIES = [DiagnosticSeverity.Error, DiagnosticSeverity.Warning, DiagnosticSeverity.Information, DiagnosticSeverity.Hint];

/**
 * At most `max` diagnostics of `all` (sorted by position), as VS Code would show them: the note
 * takes the last place, so the editor finds nothing more to cut. `all` itself when it fits.
 */
export function capDiagnostics(all: readonly Diagnostic[], max: number | undefined): Diagnostic[] {
  if (max === undefined || all.length <= max) return all as Diagnostic[];
  const keep = Math.max(0, max - 1);
  const kept: Diagnostic[] = [];
  pick: for (const severity of SEVERITIES) {
    for (const d of all) {
      if (kept.length >= keep) break pick;
      // LSP leaves a missing severity to the client; VS Code's client reads it as an error.
      if ((d.severity ?? DiagnosticSeverity.Error) === severity) kept.push(d);
    }
  }
  const hidden = all.length - kept.length;
  const at = kept[kept.length - 1]?.range ?? all[0]!.range;
  kept.push({
    range: at,
    severity: DiagnosticSeverity.Warning,
    source: 'cable',
    message: `Not showing ${hidden.toLocaleString('en-US')} further problems: the editor keeps ${max.toLocaleString('en-US')} per file (errors first); "cable check" on the file lists every one.`,
  });
  return kept;
}

/** The number of diagnostics per file a client keeps, from its initializationOptions; undefined: all. */
export function maxDiagnosticsPerFile(options: unknown): number | undefined {
  const n = options !== null && typeof options === 'object' ? (options as Record<string, unknown>)['maxDiagnosticsPerFile'] : undefined;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : undefined;
}

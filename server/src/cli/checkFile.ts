/** Checking one file: the unit of work `cable check` gives to each worker thread. */
import { parseCable } from '../parser';
import { checkDocument } from '../service/diagnostics/engine';
import type { RuleSettings } from '../service/diagnostics/settings';
import type { Severity } from '../service/diagnostics/catalogue';
import { stripBom } from '../service/codeActions/edits';
import { DEFAULT_MAX_FILE_SIZE, formatSize, readText, type ReadOptions } from './files';

/** One diagnostic as `cable check --format json` prints it: 1-based lines and columns. */
export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  rule: string;
  message: string;
  fixable: boolean;
}

export interface FileResult {
  file: string;
  diagnostics: JsonDiagnostic[];
  /** A file that could not be checked: unreadable, not a regular file, too large (exit code 2). */
  error?: string;
}

export function checkText(file: string, input: string, settings?: RuleSettings): JsonDiagnostic[] {
  // Editors hide the BOM and count from the first real character; so does the model.
  const { text } = stripBom(input);
  const problems = checkDocument(parseCable(text), { settings });
  return problems.map((p) => ({
    file,
    line: p.range.start.line + 1,
    column: p.range.start.character + 1,
    endLine: p.range.end.line + 1,
    endColumn: p.range.end.character + 1,
    severity: p.severity,
    code: p.rule.code,
    rule: p.rule.name,
    message: p.message,
    fixable: !!p.fix,
  }));
}

export function checkFile(file: string, settings?: RuleSettings, read: ReadOptions = {}): FileResult {
  // A binary file is read all the same: the rules report it as the not-text error it is.
  const r = readText(file, { ...read, allowBinary: true });
  if (!r.ok) return { file, diagnostics: [], error: r.error };
  try {
    return { file, diagnostics: checkText(file, r.text, settings) };
  } catch (e) {
    // The parser and rules never throw on bad input; if one does, that is our bug, reported per file.
    return { file, diagnostics: [], error: `internal error: ${(e as Error)?.stack ?? String(e)}` };
  }
}

/** Checks text that did not come from a file (standard input), under the same size limit. */
export function checkBuffer(file: string, bytes: Buffer, settings?: RuleSettings, read: ReadOptions = {}): FileResult {
  const max = read.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (bytes.length > max) return { file, diagnostics: [], error: `too large (${formatSize(bytes.length)}, over the --max-file-size limit of ${formatSize(max)})` };
  try {
    return { file, diagnostics: checkText(file, bytes.toString('utf8'), settings) };
  } catch (e) {
    return { file, diagnostics: [], error: `internal error: ${(e as Error)?.stack ?? String(e)}` };
  }
}

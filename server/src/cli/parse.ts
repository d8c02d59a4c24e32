/**
 * `cable parse [--pretty] PATH...`: one JSON object per file on one line (JSON Lines), so a corpus
 * can be piped into jq or loaded line by line. A file that cannot be read is named on stderr and
 * the others are still done (exit 2); a file that is not text is skipped with a message. Its
 * options are declared in program.ts.
 */
import { parseCable } from '../parser';
import { DEFAULT_MAX_FILE_SIZE, formatSize, readText } from './files';
import { gatherInputs, type InputOptions } from './inputs';
import type { CliIo } from './io';
import { CSV_FIELDS, csvHeader, csvRows } from './parseCsv';
import { summarize } from './summary';

interface ParseOptions extends InputOptions {
  pretty?: boolean;
  /** `csv`: one row per cable (parseCsv.ts) instead of a JSON object per file. */
  format?: 'json' | 'csv';
  fields?: string[];
  maxFileSize?: number;
}

export async function parseCommand(paths: readonly string[], opts: ParseOptions, io: CliIo): Promise<number> {
  const csv = opts.format === 'csv';
  if (!csv && opts.fields) {
    io.stderr('cable parse: --fields chooses the columns of --format csv\n');
    return 2;
  }
  if (csv && opts.pretty) {
    io.stderr('cable parse: --pretty indents JSON; it does not go with --format csv\n');
    return 2;
  }
  const inputs = await gatherInputs('parse', paths, { ...opts, rules: false }, io);
  if (typeof inputs === 'number') return inputs;
  const fields = opts.fields ?? CSV_FIELDS;
  if (csv) io.stdout(csvHeader(fields));
  let code = 0;
  const emit = (file: string, text: string) => {
    const doc = parseCable(text);
    if (doc.binary) {
      io.stderr(`cable parse: ${file}: not a text file (skipped)\n`);
      return;
    }
    const summary = summarize(file, doc);
    if (csv) io.stdout(csvRows(summary, fields));
    else io.stdout(`${opts.pretty ? JSON.stringify(summary, null, 2) : JSON.stringify(summary)}\n`);
  };
  // One file at a time, as the walk finds them.
  for (const file of inputs.files) {
    const read = readText(file, { maxFileSize: opts.maxFileSize });
    if (!read.ok) {
      io.stderr(`cable parse: ${file}: ${read.error}\n`);
      if (!read.binary) code = 2;
      continue;
    }
    emit(file, read.text);
  }
  if (inputs.stdin) {
    const { name, bytes } = inputs.stdin;
    const max = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    if (bytes.length > max) {
      io.stderr(`cable parse: ${name}: too large (${formatSize(bytes.length)}, over the --max-file-size limit of ${formatSize(max)})\n`);
      code = 2;
    } else emit(name, bytes.toString('utf8'));
  }
  return inputs.pathError() ? 2 : code;
}


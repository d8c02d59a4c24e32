/**
 * `cable parse [--pretty] PATH...`: one JSON object per file on one line (JSON Lines), so a corpus
 * can be piped into jq or loaded line by line. A file that cannot be read is named on stderr and
 * the others are still done (exit 2); a file that is not text is skipped with a message.
 */
import { parseCable } from '../parser';
import type { CliIo } from './check';
import { expandPaths, readText } from './files';
import { summarize } from './summary';

export const PARSE_USAGE = `Usage: cable parse [--pretty] PATH...

Parses .cable files (folders are searched recursively) and prints one JSON object per file, one
per line: referenceId, origin, classification, dtg, originator, addressees, tags, subject,
references, paragraphs, sections, pageBreaks, signature, banner and the parser's problems.
Line numbers are 1-based.
  --pretty   indent the JSON (one object per file, no longer one per line)
Exit code: 0 done, 2 a usage error or a file that could not be read.
`;

export function runParse(argv: readonly string[], io: CliIo): number {
  let pretty = false;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--pretty') pretty = true;
    else if (a === '-h' || a === '--help') {
      io.stdout(PARSE_USAGE);
      return 0;
    } else if (a === '--') {
      paths.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') {
      io.stderr(`cable parse: unknown option ${a}\n${PARSE_USAGE}`);
      return 2;
    } else paths.push(a);
  }
  if (!paths.length) {
    io.stderr(`cable parse: no PATH given\n${PARSE_USAGE}`);
    return 2;
  }
  const { files, errors } = expandPaths(paths);
  let code = 0;
  for (const e of errors) {
    io.stderr(`cable parse: ${e}\n`);
    code = 2;
  }
  for (const file of files) {
    const read = readText(file);
    if (!read.ok) {
      io.stderr(`cable parse: ${file}: ${read.error}\n`);
      if (!read.binary) code = 2;
      continue;
    }
    const doc = parseCable(read.text);
    if (doc.binary) {
      io.stderr(`cable parse: ${file}: not a text file (skipped)\n`);
      continue;
    }
    const summary = summarize(file, doc);
    io.stdout(`${pretty ? JSON.stringify(summary, null, 2) : JSON.stringify(summary)}\n`);
  }
  return code;
}

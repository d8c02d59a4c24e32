/**
 * `cable fix [--dry-run] [--config FILE] PATH...`: applies every fix (the same as
 * `source.fixAll.cable` in the editor), writing each changed file atomically and keeping its line
 * endings and BOM; `--dry-run` prints a unified diff instead and writes nothing.
 *
 * Exit codes: 0 done (or nothing to do); 2 a usage error or a file that could not be read or
 * written (the other files are still done).
 */
import { fixText } from '../service/codeActions/fixAll';
import { processIo, startCommand, type CliIo } from './check';
import * as path from 'node:path';
import { encodeFixed } from './bytes';
import { readText, reason } from './files';
import { resetLeftoverSweep, writeFixed } from './write';
import { unifiedDiff } from './unifiedDiff';

export const FIX_USAGE = `Usage: cable fix [--dry-run] [--config FILE] PATH...

Applies every available fix to .cable files (folders are searched recursively): removes page
markers and web-page text, joins split words and paragraphs, … Each file is written atomically
and keeps its line endings and BOM.
  --dry-run, -n  print a unified diff of the changes instead of writing them
  --config FILE  rule severities; a rule set to "off" is not fixed
`;

export async function runFix(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  resetLeftoverSweep();
  const start = startCommand('fix', FIX_USAGE, argv, { dryRun: true }, io);
  if (typeof start === 'number') return start;
  const { args, files } = start;
  let failed = start.pathError;

  let changedFiles = 0;
  let fixes = 0;
  let remaining = 0;
  for (const file of files) {
    const r = readText(file, { maxFileSize: args.maxFileSize });
    if (!r.ok) {
      if (!r.binary) failed = true;
      io.stderr(`cable fix: ${file}: ${r.error}\n`);
      continue;
    }
    let result;
    try {
      result = fixText(r.text, start.settingsFor(file));
    } catch (e) {
      failed = true;
      io.stderr(`cable fix: ${file}: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      continue;
    }
    remaining += result.remaining;
    if (!result.changed) continue;
    changedFiles++;
    const n = Object.values(result.applied).reduce((a, b) => a + b, 0);
    fixes += n;
    if (args.dryRun) {
      io.stdout(unifiedDiff(file, r.text, result.text));
      continue;
    }
    const bytes = encodeFixed(r.bytes, r.text, result.text);
    if (!bytes.ok) {
      failed = true;
      io.stderr(`cable fix: ${file}: ${bytes.error}\n`);
      continue;
    }
    let outcome;
    try {
      outcome = writeFixed(file, bytes.bytes);
    } catch (e) {
      failed = true;
      io.stderr(`cable fix: ${file}: cannot write: ${reason(e)}\n`);
      continue;
    }
    for (const l of outcome.leftovers) io.stderr(`cable fix: removed ${l}, left by an interrupted run\n`);
    const detail = Object.entries(result.applied).map(([rule, k]) => `${rule} ×${k}`).join(', ');
    const via = path.resolve(outcome.written) !== path.resolve(file) ? ` (the link's target ${outcome.written})` : '';
    io.stderr(`fixed ${file}${via}: ${detail}\n`);
  }
  io.stderr(
    `${args.dryRun ? 'would fix' : 'fixed'} ${fixes} problem${fixes === 1 ? '' : 's'} in ${changedFiles} of ${files.length} file${files.length === 1 ? '' : 's'}` +
      (remaining > 0 ? `; ${remaining} fixable problem${remaining === 1 ? '' : 's'} left (fixes that conflict)` : '') +
      '\n',
  );
  return failed ? 2 : 0;
}

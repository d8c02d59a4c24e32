/**
 * Clean-corpus figures: per rule, how many diagnostics and in how many cables, over the real
 * cables of ../shared/corpus. `--samples N` prints N examples per rule (the line and the
 * message) to read by hand; `--rule NAME` restricts the samples to one rule.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText, type JsonDiagnostic } from '../../server/src/cli/checkFile';
import { RULES } from '../../server/src/service/diagnostics/catalogue';

export async function main(argv: string[]): Promise<number> {
  let samples = 0;
  let only: string | undefined;
  let dir = path.resolve('..', 'shared', 'corpus');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--samples') samples = Number(argv[++i]);
    else if (argv[i] === '--rule') only = argv[++i];
    else dir = path.resolve(argv[i]!);
  }
  if (!fs.existsSync(dir)) {
    console.log(`rule-stats: ${dir} not found (the corpus lives in ../shared/corpus); nothing to count`);
    return 0;
  }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cable')).sort();
  const count = new Map<string, number>();
  const cables = new Map<string, Set<string>>();
  const examples = new Map<string, Array<{ d: JsonDiagnostic; line: string }>>();
  const t0 = Date.now();
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const lines = text.split(/\r\n|\n|\r/);
    for (const d of checkText(f, text)) {
      count.set(d.rule, (count.get(d.rule) ?? 0) + 1);
      if (!cables.has(d.rule)) cables.set(d.rule, new Set());
      cables.get(d.rule)!.add(f);
      const ex = examples.get(d.rule) ?? [];
      if (ex.length < 1000) ex.push({ d, line: lines[d.line - 1] ?? '' });
      examples.set(d.rule, ex);
    }
  }
  const ms = Date.now() - t0;
  console.log(`Clean corpus: ${files.length} cables in ${dir} (${ms} ms)\n`);
  console.log(pad('code', 7) + pad('rule', 34) + pad('severity', 12) + pad('diagnostics', 12) + 'cables');
  let total = 0;
  for (const r of RULES) {
    const n = count.get(r.name) ?? 0;
    total += n;
    if (n === 0) continue;
    console.log(pad(r.code, 7) + pad(r.name, 34) + pad(r.severity, 12) + pad(String(n), 12) + String(cables.get(r.name)?.size ?? 0));
  }
  const bySev = (s: string) => RULES.filter((r) => r.severity === s).reduce((a, r) => a + (count.get(r.name) ?? 0), 0);
  console.log(`\n${total} diagnostics: ${bySev('error')} errors, ${bySev('warning')} warnings, ${bySev('information')} information, ${bySev('hint')} hints`);
  const silent = RULES.filter((r) => !count.get(r.name)).map((r) => r.name);
  console.log(`Rules silent on the clean corpus: ${silent.join(', ')}`);

  if (samples > 0) {
    for (const r of RULES) {
      if (only && r.name !== only) continue;
      const ex = examples.get(r.name);
      if (!ex) continue;
      console.log(`\n== ${r.code} ${r.name} (${ex.length}${ex.length === 1000 ? '+' : ''})`);
      // Spread the samples over the corpus rather than taking the first cables.
      const step = Math.max(1, Math.floor(ex.length / samples));
      for (let i = 0; i < ex.length && i / step < samples; i += step) {
        const { d, line } = ex[i]!;
        console.log(`  ${d.file}:${d.line}:${d.column} ${d.message}\n      | ${line.slice(0, 160)}`);
      }
    }
  }
  return 0;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length);
}

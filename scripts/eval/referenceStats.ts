/**
 * REF figures over ../shared/corpus (issue 10): how many entries name cables and how many cables
 * they name, how many are typed as another kind of reference (dates, IIRs, FAM sections…), and
 * how many of the untyped rest look like a post + serial (`WORD 1234`) whose word is not in the
 * gazetteer — a post the gazetteer lacks, or a reference it rightly refuses; printed to be read. `--samples N` prints N
 * entries of each kind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCable, refCableId, type RefEntry } from '../../server/src/parser';
import { cableYear } from '../../server/src/service/cableYear';

/** An upper-case word of three letters or more followed by a serial, as a cable reference is written. */
const POST_SERIAL = /\b([A-Z]{3,})\s+#?0*(\d{1,7})\b/g;
const NOT_POSTS = new Set(['REF', 'REFS', 'REFTEL', 'PARA', 'PARAS', 'AND', 'THE', 'SEE', 'NO', 'IIR', 'FAM', 'FAH', 'DTG', 'SEPTEL', 'NUMBER', 'MSG', 'OF', 'ON']);
const MONTH = /^(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)/;

export async function main(argv: string[]): Promise<number> {
  let samples = 5;
  let dir = path.resolve('..', 'shared', 'corpus');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--samples') samples = Number(argv[++i]);
    else dir = path.resolve(argv[i]!);
  }
  if (!fs.existsSync(dir)) {
    console.log(`reference-stats: ${dir} not found (the corpus lives in ../shared/corpus); nothing to count`);
    return 0;
  }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cable')).sort();
  const ids = new Set(files.map((f) => f.replace(/\.cable$/, '')));
  const byKind = new Map<string, Array<{ file: string; entry: RefEntry }>>();
  let cablesWithRefs = 0;
  let entries = 0;
  let cableRefs = 0;
  let resolved = 0;
  let inCorpus = 0;
  const outside: Array<{ file: string; word: string; text: string }> = [];
  const resolvedSamples: string[] = [];
  for (const f of files) {
    const doc = parseCable(fs.readFileSync(path.join(dir, f), 'utf8'));
    for (const cable of doc.cables) {
      const list = cable.refs?.entries ?? [];
      if (list.length) cablesWithRefs++;
      const own = cableYear(cable, f);
      for (const entry of list) {
        entries++;
        const k = byKind.get(entry.kind) ?? [];
        k.push({ file: f, entry });
        byKind.set(entry.kind, k);
        for (const c of entry.cables) {
          cableRefs++;
          const id = refCableId(c, own);
          if (id) {
            resolved++;
            if (ids.has(id)) inCorpus++;
            if (resolvedSamples.length < 400) resolvedSamples.push(`${f}: ${entry.label}. ${entry.text.slice(0, 70)} → ${id}`);
          }
        }
        if (entry.kind !== 'other') continue;
        for (const m of entry.text.matchAll(POST_SERIAL)) {
          if (NOT_POSTS.has(m[1]!) || MONTH.test(m[1]!)) continue;
          outside.push({ file: f, word: m[1]!, text: entry.text.slice(0, 90) });
        }
      }
    }
  }
  const pick = <T>(xs: T[], n: number): T[] => (xs.length <= n ? xs : Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]!));
  console.log(`${files.length} files, ${cablesWithRefs} cables with a REF block, ${entries} REF entries`);
  console.log(`cable references: ${cableRefs} in ${byKind.get('cable')?.length ?? 0} entries; ${resolved} resolved to a canonical ID, ${inCorpus} of them to a cable of this corpus`);
  const typed = [...byKind].filter(([k]) => k !== 'cable').sort((a, b) => b[1].length - a[1].length);
  console.log(`typed otherwise: ${typed.reduce((s, [, v]) => s + v.length, 0)} entries (${typed.map(([k, v]) => `${k} ${v.length}`).join(', ')})`);
  console.log(`post + serial written with a word outside the gazetteer: ${outside.length}`);
  for (const o of outside.slice(0, 40)) console.log(`  ${o.file}: ${o.word} — ${o.text}`);
  if (samples > 0) {
    console.log(`\nsample of cable references (${samples}):`);
    for (const s of pick(resolvedSamples, samples)) console.log(`  ${s}`);
    for (const [k, v] of typed) {
      console.log(`sample typed ${k}:`);
      for (const { file, entry } of pick(v, samples)) console.log(`  ${file}: ${entry.label}. ${entry.text.slice(0, 90)}`);
    }
  }
  return 0;
}

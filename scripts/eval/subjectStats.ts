/**
 * Subject-block figures over ../shared/corpus (issue 10): how many cables have TAGS, a subject,
 * TAGS persons and a Classified By found by the parser, each beside a criterion written here with
 * plain regular expressions over the lines before the first numbered paragraph (not the parser's
 * code): a TAGS label in any of its spellings (`TAGS`, `TAG`, `TAS:`, `TABS:`, `TGS:`, `AGS:`,
 * `TAGES:`) and a `SUBJECT`/`SUBJ`/`UBJECT` label. The files where the two disagree are listed to
 * be read by hand.
 *
 * Then a planted fault: in the first TAGS line of each file, every two neighbouring codes of four
 * capitals (and a four-letter code beside a two-letter one) are run together, one pair per run
 * (`TAGS: NATO, PREL` → `TAGS: NATOPREL`), and the glued-tags rule must report that line. The pairs
 * are found in the text with a regular expression, not by the parser.
 *   node scripts/subject-stats.mjs [--samples N] [DIR]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../server/src/cli/checkFile';
import { parseCable } from '../../server/src/parser';

const TAGS_TEXT = /(?:^|\s)(?:TAGS?|TAS|TABS|TGS|AGS|TAGES)\s*[:;,]?\s+[A-Z]{2}/i;
const SUBJECT_TEXT = /(?:^|\s)S?UBJ(?:ECT)?\s*:|^\s*SUBJ(?:ECT)?\b/i;

function headerLines(lines: string[]): string[] {
  const out: string[] = [];
  for (const t of lines) {
    if (/^\s*¶?\d{1,2}\.\s*\(\w{1,4}\)/.test(t) || /^\s*¶?1\.\s+\S/.test(t)) break;
    out.push(t);
    if (out.length > 150) break;
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  let samples = 20;
  let dir = path.resolve('..', 'shared', 'corpus');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--samples') samples = Number(argv[++i]);
    else dir = path.resolve(argv[i]!);
  }
  if (!fs.existsSync(dir)) {
    console.log(`subject-stats: ${dir} not found (the corpus lives in ../shared/corpus); nothing to count`);
    return 0;
  }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cable')).sort();
  let cables = 0;
  let withTags = 0;
  let withSubject = 0;
  let withPersons = 0;
  let persons = 0;
  let codes = 0;
  let withClassifiedBy = 0;
  let withReasons = 0;
  let withSignature = 0;
  let tagsText = 0;
  let subjectText = 0;
  const tagsMissed: string[] = [];
  const subjectMissed: string[] = [];
  const personSamples: string[] = [];
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const doc = parseCable(text);
    const head = headerLines(doc.lines);
    const hasTagsText = head.some((t) => TAGS_TEXT.test(t));
    const hasSubjectText = head.some((t) => SUBJECT_TEXT.test(t));
    if (hasTagsText) tagsText++;
    if (hasSubjectText) subjectText++;
    let fileTags = false;
    let fileSubject = false;
    for (const c of doc.cables) {
      cables++;
      if (c.tags) {
        withTags++;
        fileTags = true;
        codes += c.tags.codes.length;
        const ps = (c.tags as { persons?: Array<{ text: string }> }).persons ?? [];
        if (ps.length) {
          withPersons++;
          persons += ps.length;
          if (personSamples.length < 200) personSamples.push(`${f}: ${ps.map((p) => p.text).join(' | ')}`);
        }
      }
      if (c.subject?.text) {
        withSubject++;
        fileSubject = true;
      }
      if (c.classifiedBy) withClassifiedBy++;
      if (c.classifiedBy?.reasons.some((r) => r.letter)) withReasons++;
      if (c.body.signature) withSignature++;
    }
    if (hasTagsText && !fileTags) tagsMissed.push(`${f}: ${head.find((t) => TAGS_TEXT.test(t))!.trim().slice(0, 90)}`);
    if (hasSubjectText && !fileSubject) subjectMissed.push(`${f}: ${head.find((t) => SUBJECT_TEXT.test(t))!.trim().slice(0, 90)}`);
  }
  const glued = { tried: 0, found: 0, tried42: 0, found42: 0, missed: [] as string[], clean: [] as string[] };
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const lines = text.split('\n');
    const head = headerLines(lines);
    const l = head.findIndex((t) => /^\s*TAGS?\s*[:;,]?\s+[A-Z]{2}/.test(t));
    for (const d of checkText(f, text)) if (d.rule === 'tags-glued') glued.clean.push(`${f}:${d.line}: ${d.message}`);
    if (l < 0) continue;
    const line = lines[l]!;
    const m = /^\s*TAGS?\s*[:;,]?\s+/.exec(line)!;
    const codes = [...line.slice(m[0].length).matchAll(/[A-Z]+/g)].map((x) => ({ text: x[0], at: m[0].length + x.index! }));
    for (let k = 0; k + 1 < codes.length; k++) {
      const a = codes[k]!;
      const b = codes[k + 1]!;
      if (!/^[ ,;]+$/.test(line.slice(a.at + a.text.length, b.at))) continue;
      const four = a.text.length === 4 && b.text.length === 4;
      const fourTwo = (a.text.length === 4 && b.text.length === 2) || (a.text.length === 2 && b.text.length === 4);
      if (!four && !fourTwo) continue;
      const out = lines.slice();
      out[l] = line.slice(0, a.at + a.text.length) + line.slice(b.at);
      const hit = checkText(f, out.join('\n')).some((d) => d.rule === 'tags-glued' && d.line === l + 1);
      if (four) {
        glued.tried++;
        if (hit) glued.found++;
        else glued.missed.push(`${f}: ${a.text}${b.text}`);
      } else {
        glued.tried42++;
        if (hit) glued.found42++;
      }
    }
  }
  console.log(`${files.length} files, ${cables} cables`);
  console.log(`TAGS found: ${withTags} cables (${codes} codes); a TAGS label in the text of ${tagsText} files, ${tagsMissed.length} of them without TAGS found`);
  console.log(`TAGS persons: ${persons} in ${withPersons} cables`);
  console.log(`subject found: ${withSubject} cables; a subject label in the text of ${subjectText} files, ${subjectMissed.length} of them without a subject found`);
  console.log(`Classified By found: ${withClassifiedBy} cables, ${withReasons} with reason letters; signature: ${withSignature} cables`);
  console.log(`planted glued TAGS (four + four capitals): ${glued.found}/${glued.tried} reported; four + two: ${glued.found42}/${glued.tried42}`);
  console.log(`glued-TAGS reports on the corpus as it is: ${glued.clean.length}`);
  for (const s of glued.clean) console.log(`  ${s}`);
  if (samples > 0) {
    console.log(`\nplanted glued TAGS not reported (${Math.min(samples, glued.missed.length)} of ${glued.missed.length}):`);
    for (const s of glued.missed.slice(0, samples)) console.log(`  ${s}`);
    console.log(`\nTAGS label in the text, none found (${Math.min(samples, tagsMissed.length)} of ${tagsMissed.length}):`);
    for (const s of tagsMissed.slice(0, samples)) console.log(`  ${s}`);
    console.log(`subject label in the text, none found (${Math.min(samples, subjectMissed.length)} of ${subjectMissed.length}):`);
    for (const s of subjectMissed.slice(0, samples)) console.log(`  ${s}`);
    console.log(`TAGS persons (${Math.min(samples, personSamples.length)} of ${personSamples.length}):`);
    for (const s of personSamples.slice(0, samples)) console.log(`  ${s}`);
  }
  return 0;
}

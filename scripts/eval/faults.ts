/**
 * Fault-injection evaluation (`npm run eval`). For each kind of fault: take corpus cables where
 * the fault can be placed, inject it at a known line, check the damaged text, and measure
 *   recall — the share of injections the expected rule reports at that line;
 *   other  — diagnostics the injection caused elsewhere (new ones, not in the clean cable's
 *            result, once the clean result's lines are shifted by the lines the injection added).
 * Placement uses the parsed model of the clean cable (the DE token, a paragraph's lines, …), and
 * a deterministic random generator, so a run is repeatable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText, type JsonDiagnostic } from '../../server/src/cli/checkFile';
import { parseCable, type Cable, type CableDocument, type Range } from '../../server/src/parser';
import { isWord } from '../../server/src/service/diagnostics/words';
import { tags as knownTags } from '../../server/src/data';
import { rng } from '../../test/random';

interface Injection {
  text: string;
  /** 0-based line where the fault is, in the damaged text. */
  line: number;
  /** Lines inserted (positive) at `at` in the damaged text relative to the clean one. */
  shift?: { at: number; by: number };
}

interface Fault {
  name: string;
  rule: string;
  inject(doc: CableDocument, cable: Cable, lines: string[], rnd: () => number): Injection | undefined;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const join = (lines: string[]) => lines.join('\n');
const pick = <T>(xs: readonly T[], rnd: () => number): T | undefined => (xs.length ? xs[Math.floor(rnd() * xs.length)] : undefined);
const replaceAt = (line: string, start: number, end: number, s: string) => line.slice(0, start) + s + line.slice(end);

/** The marker of page 2 a rendering would insert in this cable, or none when it already has markers. */
function pageTwoMarker(cable: Cable): string | undefined {
  if (cable.body.pageMarkers.length > 0) return undefined;
  const post = cable.banner?.post?.text ?? cable.table?.referenceId?.post;
  const serial = cable.table?.referenceId?.serial ?? cable.banner?.serial?.value;
  if (!post || serial === undefined) return undefined;
  const total = Math.max(2, cable.banner?.section?.total.value ?? 2);
  return `${post} ${pad(serial, 8)}  002 OF ${pad(total, 3)}`;
}

/** The fault: `text` in place of the single-line range `r`, reported at that line. */
function substitute(lines: string[], r: Range, text: string): { text: string; line: number } {
  const out = lines.slice();
  out[r.start.line] = replaceAt(out[r.start.line]!, r.start.character, r.end.character, text);
  return { text: join(out), line: r.start.line };
}

function textParagraphs(cable: Cable, lines: string[]) {
  return cable.body.paragraphs.filter((p) => p.endLine < lines.length && p.number);
}

const FAULTS: Fault[] = [
  {
    name: 'split word',
    rule: 'split-word',
    inject(_doc, cable, lines, rnd) {
      // A word of the text cut in two at a line break, head on one line, tail opening the next.
      const candidates: Array<{ line: number; start: number; word: string }> = [];
      for (const p of textParagraphs(cable, lines)) {
        for (let l = p.startLine; l <= p.endLine; l++) {
          const re = /(?<=\s)([a-z]{6,14})(?=[\s,.;:])/g;
          let m: RegExpExecArray | null;
          while ((m = re.exec(lines[l]!)) !== null) if (isWord(m[1]!)) candidates.push({ line: l, start: m.index, word: m[1]! });
        }
      }
      const c = pick(candidates, rnd);
      if (!c) return undefined;
      const cuts = [];
      for (let k = 2; k <= c.word.length - 2; k++) if (!(isWord(c.word.slice(0, k)) && isWord(c.word.slice(k)))) cuts.push(k);
      const k = pick(cuts, rnd);
      if (k === undefined) return undefined;
      const out = lines.slice();
      const line = lines[c.line]!;
      out.splice(c.line, 1, line.slice(0, c.start + k), line.slice(c.start + k));
      return { text: join(out), line: c.line, shift: { at: c.line + 1, by: 1 } };
    },
  },
  {
    name: 'marker moved into a paragraph',
    rule: 'page-marker-in-paragraph',
    inject(_doc, cable, lines, rnd) {
      const marker = pageTwoMarker(cable);
      if (!marker) return undefined;
      // Inside a paragraph: between two of its wrapped lines, or at a space in the middle of an
      // unwrapped one (the 2010 rendering puts a paragraph on one line).
      const spots: Array<{ line: number; cut?: number }> = [];
      for (const p of textParagraphs(cable, lines)) {
        // Mid-sentence: the next line goes on in lower case (a line opening `¶18.` or a heading
        // would start something new, and a marker there is rightly between paragraphs).
        for (let l = p.startLine; l < p.endLine; l++) if (lines[l]!.trim() && /^[a-z]/.test(lines[l + 1]!)) spots.push({ line: l });
        if (p.startLine === p.endLine && lines[p.startLine]!.length > 200) {
          const t = lines[p.startLine]!;
          const sp = t.indexOf(' ', Math.floor(t.length / 2));
          if (sp > 0 && /[a-z]/.test(t[sp + 1] ?? '')) spots.push({ line: p.startLine, cut: sp });
        }
      }
      const s = pick(spots, rnd);
      if (!s) return undefined;
      const out = lines.slice();
      if (s.cut === undefined) {
        out.splice(s.line + 1, 0, ' ', marker, ' ', ' ');
      } else {
        const t = lines[s.line]!;
        out.splice(s.line, 1, t.slice(0, s.cut), ' ', marker, ' ', ' ', t.slice(s.cut + 1));
      }
      return { text: join(out), line: s.line + 2, shift: { at: s.line + 1, by: s.cut === undefined ? 4 : 5 } };
    },
  },
  {
    name: 'corrupted DTG',
    rule: 'dtg-invalid',
    inject(_doc, cable, lines, rnd) {
      const dtg = cable.routing?.dtg;
      if (!dtg?.iso) return undefined;
      const r = dtg.dayTime.range;
      const t = dtg.dayTime.text;
      const field = Math.floor(rnd() * 3);
      const bad = field === 0 ? '3' + String(2 + Math.floor(rnd() * 8)) + t.slice(2) : field === 1 ? t.slice(0, 2) + '2' + String(5 + Math.floor(rnd() * 5)) + t.slice(4) : t.slice(0, 4) + String(6 + Math.floor(rnd() * 4)) + t[5] + t.slice(6);
      return substitute(lines, r, bad);
    },
  },
  {
    name: 'DE day off by one',
    rule: 'de-dtg-mismatch',
    inject(_doc, cable, lines, rnd) {
      const de = cable.routing?.de;
      if (!de?.julianDay || !cable.routing?.dtg?.iso) return undefined;
      const d = de.julianDay.value;
      const nd = d <= 1 ? d + 1 : d >= 365 ? d - 1 : d + (rnd() < 0.5 ? -1 : 1);
      const r = de.julianDay.range;
      return substitute(lines, r, pad(nd, 3));
    },
  },
  {
    name: 'DE serial mistyped',
    rule: 'de-serial-mismatch',
    inject(_doc, cable, lines) {
      const de = cable.routing?.de;
      if (!de?.serial || cable.table?.referenceId?.serial === undefined) return undefined;
      const digits = de.serial.text.slice(1);
      const last = digits[digits.length - 1]!;
      const bad = '#' + digits.slice(0, -1) + String((Number(last) + 3) % 10);
      const r = de.serial.range;
      return substitute(lines, r, bad);
    },
  },
  {
    name: 'wrong security letter',
    rule: 'security-classification-mismatch',
    inject(_doc, cable, lines) {
      const sec = cable.routing?.security;
      if (!sec?.letters || sec.keyword.text !== 'ZNY') return undefined;
      const now = sec.letters.text[0];
      const to = now === 'C' ? 'S' : now === 'S' ? 'C' : undefined;
      if (!to) return undefined;
      const r = sec.letters.range;
      return substitute(lines, r, to.repeat(5));
    },
  },
  {
    name: 'marking above the banner',
    rule: 'marking-above-classification',
    inject(_doc, cable, lines, rnd) {
      const level = cable.banner?.classification.level;
      if (!level) return undefined;
      const above = level === 'U' ? '(C)' : level === 'C' ? '(S)' : level === 'S' ? '(TS)' : undefined;
      if (!above) return undefined;
      const p = pick(cable.body.paragraphs.filter((x) => x.marking?.valid), rnd);
      if (!p?.marking) return undefined;
      const r = p.marking.range;
      return substitute(lines, r, above);
    },
  },
  {
    name: 'dropped END SUMMARY',
    rule: 'block-unclosed',
    inject(_doc, cable, lines) {
      const b = cable.body.blocks.find((x) => x.kind === 'summary' && x.close);
      if (!b?.close) return undefined;
      const r = b.close.range;
      if (r.start.line !== r.end.line) return undefined;
      const out = lines.slice();
      out[r.start.line] = replaceAt(out[r.start.line]!, r.start.character, r.end.character, '');
      return { text: join(out), line: b.open.range.start.line };
    },
  },
  {
    name: 'banner serial mistyped',
    rule: 'banner-serial-mismatch',
    inject(_doc, cable, lines) {
      const s = cable.banner?.serial;
      if (!s || cable.table?.referenceId?.serial === undefined) return undefined;
      const t = s.text;
      const bad = t.slice(0, -1) + String((Number(t[t.length - 1]) + 7) % 10);
      const r = s.range;
      return substitute(lines, r, bad);
    },
  },
  {
    name: 'delivery precedence changed',
    rule: 'precedence-mismatch',
    inject(_doc, cable, lines) {
      const d = cable.routing?.delivery.find((x) => x.precedence?.code)?.precedence;
      if (!d?.code || !cable.routing?.dtg?.precedence?.code) return undefined;
      const to = d.code === 'R' ? 'PP' : 'RR';
      const r = d.range;
      return substitute(lines, r, to);
    },
  },
  {
    name: 'TAGS glued',
    rule: 'tags-glued',
    inject(_doc, cable, lines) {
      const codes = cable.tags?.codes ?? [];
      for (let i = 0; i + 1 < codes.length; i++) {
        const a = codes[i]!;
        const b = codes[i + 1]!;
        if (a.range.start.line !== b.range.start.line) continue;
        if (!/^[A-Z]{4}$/.test(a.text) || !/^[A-Z]{4}$/.test(b.text) || !knownTags.has(a.text) || !knownTags.has(b.text)) continue;
        const out = lines.slice();
        out[a.range.start.line] = replaceAt(out[a.range.start.line]!, a.range.end.character, b.range.start.character, '');
        return { text: join(out), line: a.range.start.line };
      }
      return undefined;
    },
  },
  {
    name: 'characters lost',
    rule: 'lost-characters',
    inject(_doc, cable, lines, rnd) {
      const spots: Array<{ line: number; at: number }> = [];
      for (const p of textParagraphs(cable, lines)) {
        for (let l = p.startLine; l <= p.endLine; l++) {
          const i = lines[l]!.search(/[a-z]'s\b/);
          if (i >= 0) spots.push({ line: l, at: i + 1 });
        }
      }
      const s = pick(spots, rnd);
      if (!s) return undefined;
      const out = lines.slice();
      out[s.line] = replaceAt(out[s.line]!, s.at, s.at + 1, '???');
      return { text: join(out), line: s.line };
    },
  },
  {
    name: 'last paragraph number skips',
    rule: 'paragraph-numbering',
    inject(_doc, cable, lines) {
      const numbered = cable.body.paragraphs.filter((p) => p.number);
      if (numbered.length < 3) return undefined;
      const last = numbered[numbered.length - 1]!;
      const prev = numbered[numbered.length - 2]!;
      if (last.number!.value !== prev.number!.value + 1) return undefined;
      const r = last.number!.range;
      return substitute(lines, r, String(last.number!.value + 2));
    },
  },
  {
    name: 'marker between paragraphs',
    rule: 'page-marker',
    inject(_doc, cable, lines, rnd) {
      const marker = pageTwoMarker(cable);
      if (!marker) return undefined;
      const ps = textParagraphs(cable, lines);
      // Before a numbered paragraph that follows a blank line.
      const spots = ps.filter((p, i) => i > 0 && p.startLine > 0 && !lines[p.startLine - 1]!.trim()).map((p) => p.startLine);
      const at = pick(spots, rnd);
      if (at === undefined) return undefined;
      const out = lines.slice();
      out.splice(at, 0, marker, ' ', ' ');
      return { text: join(out), line: at, shift: { at, by: 3 } };
    },
  },
  {
    name: 'ZNY changed to ZNR',
    rule: 'security-circuit-mismatch',
    inject(_doc, cable, lines) {
      const sec = cable.routing?.security;
      if (!sec?.letters?.level || sec.letters.level === 'U' || sec.keyword.text !== 'ZNY') return undefined;
      const r = sec.keyword.range;
      return substitute(lines, r, 'ZNR');
    },
  },
  {
    name: 'banner classification changed',
    rule: 'banner-classification-mismatch',
    inject(_doc, cable, lines) {
      const b = cable.banner?.classification;
      const t = cable.table?.classification?.level;
      if (!b?.level || !t || b.level !== t || b.range.start.line !== b.range.end.line) return undefined;
      // Raised, so no paragraph marking ends up above it (that would be a second, rightful finding).
      const to = b.level === 'U' ? 'CONFIDENTIAL' : b.level === 'C' ? 'S E C R E T' : undefined;
      if (!to) return undefined;
      const r = b.range;
      return substitute(lines, r, to);
    },
  },
  {
    name: 'DTG without Z',
    rule: 'dtg-missing-zulu',
    inject(_doc, cable, lines) {
      const dtg = cable.routing?.dtg;
      if (!dtg?.iso || !dtg.dayTime.text.endsWith('Z')) return undefined;
      const r = dtg.dayTime.range;
      const out = lines.slice();
      out[r.start.line] = replaceAt(out[r.start.line]!, r.end.character - 1, r.end.character, '');
      return { text: join(out), line: r.start.line };
    },
  },
  {
    name: 'routing glued to banner',
    rule: 'routing-glued-to-banner',
    inject(_doc, cable, lines) {
      const b = cable.banner;
      const last = cable.routing?.addressees[cable.routing.addressees.length - 1];
      if (!b || !last || b.range.start.character !== 0) return undefined;
      const lastLine = last.range.end.line;
      for (let l = lastLine + 1; l < b.range.start.line; l++) if (lines[l]!.trim()) return undefined;
      const out = lines.slice();
      out.splice(lastLine, b.range.start.line - lastLine + 1, lines[lastLine]!.trimEnd() + lines[b.range.start.line]!);
      return { text: join(out), line: lastLine, shift: { at: lastLine, by: lastLine - b.range.start.line } };
    },
  },
  {
    name: 'web-page text pasted before',
    rule: 'web-page-text',
    inject(doc, cable, lines) {
      if (doc.cables[0] !== cable || doc.outside.length > 0) return undefined;
      const page = ['Leave a Reply', '', 'Fill in your details below or click an icon to log in:', ''];
      return { text: join([...page, ...lines]), line: 0, shift: { at: 0, by: page.length } };
    },
  },
];


const key = (d: JsonDiagnostic, line = d.line) => `${d.rule}@${line}`;

export interface EvalRow {
  fault: string;
  rule: string;
  injected: number;
  found: number;
  recall: number;
  other: number;
  otherRules: Record<string, number>;
}

export function evaluate(dir: string, max: number, seed: number, log: (s: string) => void = () => undefined): EvalRow[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cable')).sort();
  const rows: EvalRow[] = FAULTS.map((f) => ({ fault: f.name, rule: f.rule, injected: 0, found: 0, recall: 0, other: 0, otherRules: {} }));
  const misses = new Map<string, string[]>();
  const rnd = rng(seed);
  // Visit the cables in a shuffled order so `--max` samples the whole corpus.
  const order = files.map((f) => ({ f, k: rnd() })).sort((a, b) => a.k - b.k).map((x) => x.f);
  for (const f of order) {
    if (rows.every((r) => r.injected >= max)) break;
    const text = fs.readFileSync(path.join(dir, f), 'utf8').replace(/\r\n?/g, '\n');
    const lines = text.split('\n');
    const doc = parseCable(text);
    const cable = doc.cables[0];
    if (!cable) continue;
    let baseline: JsonDiagnostic[] | undefined;
    FAULTS.forEach((fault, i) => {
      const row = rows[i]!;
      if (row.injected >= max) return;
      const inj = fault.inject(doc, cable, lines, rnd);
      if (!inj) return;
      baseline ??= checkText(f, text);
      row.injected++;
      const after = checkText(f, inj.text);
      const hit = after.some((d) => d.rule === fault.rule && d.line - 1 <= inj.line && inj.line <= d.endLine - 1);
      if (hit) row.found++;
      else misses.set(fault.name, [...(misses.get(fault.name) ?? []), `${f}:${inj.line + 1}`]);
      // New diagnostics other than the expected one: compare with the clean result, shifted.
      const before = new Map<string, number>();
      for (const d of baseline) {
        const line = inj.shift && d.line - 1 >= inj.shift.at ? d.line + inj.shift.by : d.line;
        before.set(key(d, line), (before.get(key(d, line)) ?? 0) + 1);
      }
      for (const d of after) {
        if (d.rule === fault.rule && d.line - 1 <= inj.line && inj.line <= d.endLine - 1) continue;
        // A split (a word broken, a page marker put inside a line) moves the rest of its line, and
        // what was found there, down by the lines put in: the same rule up to six lines above
        // counts as the clean cable's (the diagnostic moved with its text, nothing new).
        const k = [0, 1, 2, 3, 4, 5, 6].map((up) => key(d, d.line - up)).find((c) => (before.get(c) ?? 0) > 0) ?? key(d);
        const n = before.get(k) ?? 0;
        if (n > 0) before.set(k, n - 1);
        else {
          row.other++;
          row.otherRules[d.rule] = (row.otherRules[d.rule] ?? 0) + 1;
        }
      }
    });
  }
  for (const r of rows) r.recall = r.injected ? r.found / r.injected : 0;
  for (const [fault, where] of misses) log(`missed ${fault}: ${where.slice(0, 5).join(', ')}${where.length > 5 ? ` … (${where.length})` : ''}`);
  return rows;
}

export async function main(argv: string[]): Promise<number> {
  let max = 200;
  let seed = 1;
  let dir = path.resolve('..', 'shared', 'corpus');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--max') max = Number(argv[++i]);
    else if (argv[i] === '--seed') seed = Number(argv[++i]);
    else if (argv[i] === '--all') max = Infinity;
    else dir = path.resolve(argv[i]!);
  }
  if (!fs.existsSync(dir)) {
    console.log(`eval: ${dir} not found (the corpus lives in ../shared/corpus); nothing to evaluate`);
    return 0;
  }
  const t0 = Date.now();
  const rows = evaluate(dir, max, seed, (s) => console.log(s));
  console.log(`\nFault injection over ${dir} (up to ${max} cables per fault, seed ${seed}, ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  const w = [30, 34, 9, 7, 8, 7];
  const cell = (s: string, i: number) => (s.length >= w[i]! ? s + ' ' : s + ' '.repeat(w[i]! - s.length));
  console.log(['fault', 'rule', 'injected', 'found', 'recall', 'other'].map(cell).join('') + 'other rules');
  let worst = 1;
  let others = 0;
  for (const r of rows) {
    worst = Math.min(worst, r.injected ? r.recall : 1);
    others += r.other;
    const detail = Object.entries(r.otherRules).map(([k, v]) => `${k} ${v}`).join(', ');
    console.log([r.fault, r.rule, String(r.injected), String(r.found), r.recall.toFixed(3), String(r.other)].map(cell).join('') + detail);
  }
  console.log(`\nlowest recall ${worst.toFixed(3)} (aim ≥ 0.98); ${others} diagnostics caused elsewhere (aim 0)`);
  return 0;
}

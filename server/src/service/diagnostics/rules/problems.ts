/**
 * The parser's own findings (ParseProblem records) mapped to rules, and the web-page text around
 * the cable. The parser's message already names the values; the rule gives it a code and a
 * severity.
 */
import type { CableDocument, OutsideLine, OutsideText, ParseProblem, ParseProblemKind } from '../../../parser';
import { isBlank } from '../../codeActions/edits';
import type { RuleContext } from '../context';
import type { Fix } from '../types';

const KIND_TO_RULE: Record<ParseProblemKind, string> = {
  'table-reference-id': 'table-reference-id',
  'table-date': 'table-date',
  'table-classification': 'table-classification',
  'dtg-field': 'dtg-invalid',
  'dtg-missing-zulu': 'dtg-missing-zulu',
  'de-malformed': 'de-malformed',
  'de-field': 'de-field-invalid',
  'security-malformed': 'security-malformed',
  'routing-indicator-malformed': 'routing-indicator-malformed',
  'addressee-malformed': 'addressee-malformed',
  'routing-glued-to-banner': 'routing-glued-to-banner',
  'eo-malformed': 'eo-malformed',
  'eo-date': 'eo-date-invalid',
  'marking-malformed': 'marking-malformed',
  'block-unclosed': 'block-unclosed',
  'block-unopened': 'block-unopened',
  'lost-characters': 'lost-characters',
  'control-characters': 'control-characters',
  'missing-section': 'missing-section',
};

export function ruleForProblem(p: ParseProblem): string {
  return (KIND_TO_RULE as Record<string, string | undefined>)[p.kind] ?? 'malformed';
}

/** The text a problem's range covers on its first line. */
function textAt(doc: CableDocument, p: ParseProblem): string {
  const line = doc.lines[p.range.start.line] ?? '';
  const end = p.range.end.line === p.range.start.line ? p.range.end.character : line.length;
  return line.slice(p.range.start.character, end);
}

export function checkParseProblems(ctx: RuleContext): void {
  for (const p of ctx.doc.problems) {
    const rule = ruleForProblem(p);
    // `ZEN/AMEMBASSY BELMOPAN`: ZEN is the ACP 127 sign for an addressee served by other means,
    // not a routing indicator gone wrong (08STATE103511 has ten of them).
    if (rule === 'routing-indicator-malformed' && textAt(ctx.doc, p).trim() === 'ZEN') continue;
    // A heading line (`COMMENT` over dashes) opens a section of the cable, which needs no close.
    if (rule === 'block-unclosed' && isHeadingLine(p)) continue;
    ctx.report(rule, p.range, p.message, rule === 'routing-glued-to-banner' ? gluedBannerFix(ctx.doc, p) : undefined);
  }
}

/** The parser marks a block opened by a line of its own (`COMMENT` over dashes) as standalone. */
function isHeadingLine(p: ParseProblem): boolean {
  return p.data?.['kind'] === 'comment' && p.data?.['standalone'] === true;
}

/**
 * `…WASHDCUNCLAS DAMASCUS 000249`: the problem's range starts where the banner starts; a line
 * break there puts it back on its own line.
 */
function gluedBannerFix(doc: CableDocument, p: ParseProblem): Fix | undefined {
  const at = typeof p.data?.bannerStart === 'number' ? { line: p.range.start.line, character: p.data.bannerStart } : p.range.start;
  const line = doc.lines[at.line];
  if (line === undefined || at.character <= 0 || at.character >= line.length) return undefined;
  const eol = doc.eol === '\r\n' ? '\r\n' : '\n';
  return { title: 'Put the banner on its own line', edits: [{ range: { start: at, end: at }, newText: eol }] };
}

/**
 * Text around the cables, judged line by line on the parser's evidence. Runs of known page text
 * (with the wordless lines among them) are web-page text, one problem and one removal per run.
 * Everything else outside the cables stays: text that looks like the cable's (a banner word, a
 * caption, a routing line…) or that is simply unknown is reported, and no fix touches it.
 */
export function checkOutside(ctx: RuleContext): void {
  const doc = ctx.doc;
  for (const o of doc.outside) {
    for (const run of outsideRuns(o)) {
      const first = run.lines[0]!.line;
      const last = run.lines[run.lines.length - 1]!.line;
      const range = { start: { line: first, character: 0 }, end: { line: last, character: doc.lines[last]!.length } };
      const n = last - first + 1;
      const size = `${n} line${n === 1 ? '' : 's'}`;
      if (run.removable) {
        const whats = [...new Set(run.lines.flatMap((l) => (l.kind === 'page' && l.what ? [l.what] : [])))];
        ctx.report('web-page-text', range, `Web-page text ${o.position} the cable (${size}: ${whats.join(', ')}) is not cable text`, pageTextFix(doc, first, last));
      } else {
        const evidence = [...new Set(run.lines.flatMap((l) => (l.kind === 'cable' && l.what ? [l.what] : [])))];
        ctx.report('unplaced-text', range, evidence.length
          ? `Text ${o.position} the cable that looks like cable text (${evidence.join(', ')}; ${size}) could not be placed in it`
          : `Text ${o.position} the cable that is neither the cable's nor known web-page text (${size})`);
      }
    }
  }
}

interface OutsideRun {
  removable: boolean;
  lines: OutsideLine[];
}

/**
 * Consecutive lines of one judgement: page text (with wordless lines between or around it) is
 * removable; cable-like and unknown lines are not. A release notice belongs to the document and
 * is neither. A run of wordless lines alone is nothing to report.
 */
function outsideRuns(o: OutsideText): OutsideRun[] {
  const runs: OutsideRun[] = [];
  let cur: OutsideRun | undefined;
  for (const l of o.lines) {
    if (l.kind === 'notice') {
      cur = undefined;
      continue;
    }
    const removable = l.kind === 'page' || l.kind === 'neutral';
    if (!cur || cur.removable !== removable) runs.push((cur = { removable, lines: [] }));
    cur.lines.push(l);
  }
  return runs.filter((r) => !r.removable || r.lines.some((l) => l.kind === 'page'));
}

/**
 * Deletes the lines of a run of page text and the blank lines after it; at the end of the file,
 * the blank lines before it instead, so the file ends at the cable's last line and its line end.
 */
function pageTextFix(doc: CableDocument, first: number, last: number): Fix {
  const n = doc.lines.length;
  let from = first;
  let to = last;
  while (to + 1 < n && isBlank(doc.lines[to + 1])) to++;
  if (to + 1 >= n) while (from > 0 && isBlank(doc.lines[from - 1])) from--;
  const start = { line: from, character: 0 };
  const end = to + 1 < n ? { line: to + 1, character: 0 } : { line: to, character: doc.lines[to]!.length };
  return { title: 'Remove the web-page text', edits: [{ range: { start, end }, newText: '' }] };
}

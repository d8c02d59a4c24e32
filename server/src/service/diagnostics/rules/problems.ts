/**
 * The parser's own findings (ParseProblem records) mapped to rules, and the web-page text around
 * the cable. The parser's message already names the values; the rule gives it a code and a
 * severity.
 */
import type { CableDocument, OutsideText, ParseProblem, ParseProblemKind } from '../../../parser';
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

export function checkOutside(ctx: RuleContext): void {
  const doc = ctx.doc;
  for (const o of doc.outside) {
    const lines = o.range.end.line - o.range.start.line + 1;
    const fix = outsideFix(doc, o);
    ctx.report('web-page-text', o.range, `Web-page text ${o.position} the cable (${lines} line${lines === 1 ? '' : 's'}) is not cable text`, fix);
  }
}

/** Deletes the web-page text's lines and the blank lines that separated it from the cable. */
function outsideFix(doc: CableDocument, o: OutsideText): Fix | undefined {
  let first = o.range.start.line;
  let last = o.range.end.line;
  // A range ending at character 0 of a line does not take that line.
  if (o.range.end.character === 0 && last > first) last--;
  // The text may only be removed by whole lines: text of the cable on the same line stays.
  if (o.range.start.character > 0 && !isBlank(doc.lines[first]!.slice(0, o.range.start.character))) return undefined;
  if (o.range.end.line === last && o.range.end.character < (doc.lines[last]?.length ?? 0) && !isBlank(doc.lines[last]!.slice(o.range.end.character))) return undefined;
  const n = doc.lines.length;
  if (o.position === 'before') {
    while (last + 1 < n && isBlank(doc.lines[last + 1])) last++;
  } else if (o.position === 'after') {
    // A web page does not end with a signer's surname on a line of its own (`CLINTON`): when the
    // text after the cable does, the cable's end was misjudged (09STATE81957's delegation list),
    // and removing it would lose cable text. Report, but offer no fix.
    let end = last;
    while (end > first && isBlank(doc.lines[end])) end--;
    if (/^[A-Z][A-Z'-]{2,}$/.test((doc.lines[end] ?? '').trim())) return undefined;
    while (first > 0 && isBlank(doc.lines[first - 1])) first--;
    // Trailing blank lines go too, so the file ends at the cable's last line and its line ending.
    while (last + 1 < n && isBlank(doc.lines[last + 1])) last++;
    if (first === 0) return undefined;
  }
  const start = { line: first, character: 0 };
  const end = last + 1 < n ? { line: last + 1, character: 0 } : { line: last, character: doc.lines[last]!.length };
  return { title: 'Remove the web-page text', edits: [{ range: { start, end }, newText: '' }] };
}

/**
 * Text around the cables that the parser could not place, line by line, with the evidence of
 * what each line is. Page text (a site's notes, a blog's comment form, SQL residue, a printout
 * header) is recognised only from what such pages are known to add (data/pageText.ts); a line
 * that carries anything of a cable — a banner word even damaged, a caption, a label, a routing
 * line, a numbered paragraph, a table or CSV row — is cable text the parser could not place.
 * Only the first kind may ever be offered for deletion.
 */
import { isReleaseNotice, pageTextForm } from '../data/pageText';
import { CAPTIONS } from '../data/vocabulary';
import { parsePageMarker, startsParagraph } from './body';
import { isTableHeader } from './header';
import type { OutsideLine } from './model';
import { findLabels, parseBanner } from './subject';
import { isBlank } from './text';

export function classifyOutsideLine(line: number, text: string): OutsideLine | undefined {
  if (isBlank(text)) return undefined;
  if (isReleaseNotice(text)) return { line, kind: 'notice', what: 'a declassification notice' };
  const cable = cableEvidence(line, text);
  if (cable) return { line, kind: 'cable', what: cable };
  const page = pageTextForm(text);
  if (page) return { line, kind: 'page', what: page.what };
  // `.`, `-----`, `* * *`: no words, nothing to lose; removed only with page text around it.
  if (!LETTER_OR_NUMBER.test(text)) return { line, kind: 'neutral' };
  return { line, kind: 'unknown' };
}

// Words and shapes that only a cable carries. Tested anywhere in the line: an export that runs
// fields together (`DESTINATION: VZCZCXRO8657`) still holds the cable's routing header.
const ROUTING = /VZCZC|\bDE R[A-Z]{3,6} #|\bZN[RY] [UECST]{5}\b|^\s*(?:ZZ|OO|PP|RR|OP|PR)\s+R[A-Z]{3,6}\b|^\s*(?:FM|TO|INFO|XMT)\s+(?:R[A-Z]{3,6}\/|AMEMBASSY|AMCONSUL|SECSTATE|USMISSION|USDEL|CIA|DIA|JOINT STAFF)|\b\d{6}Z ?(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC) \d{2}\b/;
const BANNER_WORD = /\b(?:UNCLAS(?:SIFIED)?|NCLAS|CONFIDENTIAL|SECRET)\b|C ?O N F I D E N T I A L|S ?E C R E T|U N C L A S/;
const CAPTION = new RegExp(`\\b(?:${CAPTIONS.filter((c) => c.onBanner && !c.text.includes(' ') && c.text !== 'SENSITIVE').map((c) => c.text).join('|')})\\b`);
const LABEL = /\bE\.? ?O\.? 1\d{4}\b|\b(?:TAGS|SUBJECT|SUBJ|REF|REFTEL):|\bClassified By\b|\bCLASSIFIED BY\b/;
const TABLE_ROW = /^\s*\d{2}[A-Z][A-Z-]+\d{1,6}\s+\d{4}-\d\d-\d\d \d\d:\d\d\b/;
// A cables.csv row in either style: row number, `M/D/YYYY H:MM`, reference ID.
const CSV_ROW = /^\s*"?\d+"?,"?\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d\d"?,"?\d{2}[A-Z]/;

function cableEvidence(line: number, text: string): string | undefined {
  if (CSV_ROW.test(text)) return 'a cables.csv row';
  if (isTableHeader(text) || TABLE_ROW.test(text)) return 'the WikiLeaks table';
  if (ROUTING.test(text)) return 'a routing header';
  if (parseBanner(line, text)?.serial || BANNER_WORD.test(text)) return 'a classification banner';
  if (CAPTION.test(text)) return 'a caption';
  if (LABEL.test(text) || findLabels(line, text).length) return 'a subject-block label';
  if (parsePageMarker(line, text)) return 'a page marker';
  if (startsParagraph(text)) return 'a numbered paragraph';
  return undefined;
}

// Made once: a regular expression written inside a function is a new object at each call.
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

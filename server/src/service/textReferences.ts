import type { Cable, CableDocument, Range } from '../parser';

/**
 * Mentions in a cable's prose of its own paragraphs (`para 5`, `paragraph 5`, `PARAS 3-4`) and of
 * its references (`REF A`, `REFTEL B`, `refs A and C`). This is a feature of the text, not of the
 * cable's structure, so the parser leaves it alone; this is the one place that scans for it.
 */
export interface ParagraphMention {
  /** The whole phrase, `paras 3-4`. */
  range: Range;
  /** Each number as written, with its own range. */
  numbers: Array<{ value: number; range: Range }>;
  /** Every paragraph number the phrase covers (`3-4` → 3, 4; a range is capped at 50). */
  targets: number[];
}

export interface RefMention {
  range: Range;
  letters: Array<{ letter: string; range: Range }>;
  /** Every label the phrase covers (`refs A-C` → A, B, C). */
  labels: string[];
  /** `REFTEL` / `REF` with no letter: the cable's only reference. */
  bare: boolean;
}

export interface TextMentions {
  paragraphs: ParagraphMention[];
  refs: RefMention[];
}

/**
 * By cable object, with the line the cable started at when scanned: an edit above a cable keeps its
 * object and moves its lines in place, and the mentions (not part of the model, so not moved with
 * it) are then scanned again.
 */
const cache = new WeakMap<Cable, { line: number; mentions: TextMentions }>();

export function textMentions(model: CableDocument, cable: Cable): TextMentions {
  const line = cable.range.start.line;
  let hit = cache.get(cable);
  if (!hit || hit.line !== line) {
    hit = { line, mentions: scanCable(model, cable) };
    cache.set(cable, hit);
  }
  return hit.mentions;
}

// Sticky regexes, no nested quantifiers: each match runs in time linear in what it consumes.
const PARA_WORD = /\b(?:paragraphs?|paras?)\b\.?/giy;
const REF_WORD = /\b(?:reftels?|refs?)\b\.?/giy;
const NUMBER = /\d{1,3}\b/y;
const LETTER = /[A-Z]\b/y;
const SEPARATOR = /\s*(?:-|–|,|\band\b|\bthrough\b|\bthru\b|\bto\b|&)\s*/iy;
const SPACE = /\s*/y;

function scanCable(model: CableDocument, cable: Cable): TextMentions {
  const out: TextMentions = { paragraphs: [], refs: [] };
  const body = cable.body.range;
  if (!body) return out;
  const last = Math.min(body.end.line, model.lines.length - 1);
  for (let line = body.start.line; line <= last; line++) {
    const text = model.lines[line] ?? '';
    // A quick filter keeps the scan cheap on lines with neither word.
    const lower = text.toLowerCase();
    if (lower.includes('para')) scanParagraphs(text, line, out.paragraphs);
    if (lower.includes('ref')) scanRefs(text, line, out.refs);
  }
  return out;
}

function match(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

function scanParagraphs(text: string, line: number, out: ParagraphMention[]): void {
  const lower = text.toLowerCase();
  for (let i = lower.indexOf('para'); i >= 0; i = lower.indexOf('para', i + 1)) {
    if (i > 0 && /[A-Za-z]/.test(text[i - 1]!)) continue;
    const word = match(PARA_WORD, text, i);
    if (!word) continue;
    let at = i + word[0].length;
    const numbers: ParagraphMention['numbers'] = [];
    const targets: number[] = [];
    let rangeNext = false;
    for (;;) {
      const space = match(SPACE, text, at);
      const numAt = at + (space ? space[0].length : 0);
      const num = match(NUMBER, text, numAt);
      if (!num) break;
      const value = Number(num[0]);
      numbers.push({ value, range: { start: { line, character: numAt }, end: { line, character: numAt + num[0].length } } });
      const prev = targets[targets.length - 1];
      if (rangeNext && prev !== undefined && value > prev && value - prev <= 50) {
        for (let v = prev + 1; v <= value; v++) targets.push(v);
      } else if (!targets.includes(value)) targets.push(value);
      at = numAt + num[0].length;
      const sep = match(SEPARATOR, text, at);
      if (!sep || !match(NUMBER, text, at + sep[0].length)) break;
      rangeNext = /-|–|through|thru|to/i.test(sep[0]);
      at += sep[0].length;
    }
    if (numbers.length === 0) continue;
    out.push({ range: { start: { line, character: i }, end: numbers[numbers.length - 1]!.range.end }, numbers, targets });
  }
}

function scanRefs(text: string, line: number, out: RefMention[]): void {
  const lower = text.toLowerCase();
  for (let i = lower.indexOf('ref'); i >= 0; i = lower.indexOf('ref', i + 1)) {
    if (i > 0 && /[A-Za-z]/.test(text[i - 1]!)) continue;
    const word = match(REF_WORD, text, i);
    if (!word) continue;
    let at = i + word[0].length;
    const letters: RefMention['letters'] = [];
    const labels: string[] = [];
    let rangeNext = false;
    for (;;) {
      const space = match(SPACE, text, at);
      const letterAt = at + (space ? space[0].length : 0);
      const letter = match(LETTER, text, letterAt);
      // `REF A` but not `ref is…`: a single capital letter standing alone.
      if (!letter || (letters.length === 0 && space && space[0].length === 0)) break;
      letters.push({ letter: letter[0], range: { start: { line, character: letterAt }, end: { line, character: letterAt + 1 } } });
      const prev = labels[labels.length - 1];
      const code = letter[0].charCodeAt(0);
      if (rangeNext && prev !== undefined && code > prev.charCodeAt(0)) {
        for (let c = prev.charCodeAt(0) + 1; c <= code; c++) labels.push(String.fromCharCode(c));
      } else if (!labels.includes(letter[0])) labels.push(letter[0]);
      at = letterAt + 1;
      const sep = match(SEPARATOR, text, at);
      if (!sep || !match(LETTER, text, at + sep[0].length)) break;
      rangeNext = /-|–|through|thru|to/i.test(sep[0]);
      at += sep[0].length;
    }
    const keyword = word[0].replace(/\.$/, '');
    const bare = letters.length === 0 && /^reftel$/i.test(keyword);
    if (letters.length === 0 && !bare) continue;
    const end = letters.length ? letters[letters.length - 1]!.range.end : { line, character: i + keyword.length };
    out.push({ range: { start: { line, character: i }, end }, letters, labels, bare });
  }
}

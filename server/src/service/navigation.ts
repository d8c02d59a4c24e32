import type { Cable, CableDocument, Paragraph, Position, Range, RefEntry } from '../parser';
import { locate } from './locate';
import { cableAtLine, rangeContains } from './ranges';
import { textMentions, type ParagraphMention, type RefMention } from './textReferences';

/**
 * What a navigation request is about. Definitions and references read the same answer, so "what
 * is under the caret" is decided here once, from the model and the text mentions.
 */
export type NavigationSubject =
  | { kind: 'routingIndicator'; cable: Cable; indicator: string; range: Range }
  | { kind: 'paragraph'; cable: Cable; numbers: number[]; range: Range; fromMention: boolean }
  | { kind: 'ref'; cable: Cable; labels: string[]; range: Range; fromMention: boolean; entry?: RefEntry };

export function navigationSubject(model: CableDocument, pos: Position): NavigationSubject | undefined {
  const found = locate(model, pos);
  if (found) {
    const el = found.element;
    if (el.kind === 'routingIndicator') return { kind: 'routingIndicator', cable: found.cable, indicator: el.token.text, range: el.token.range };
    if (el.kind === 'paragraphNumber' && el.paragraph.number) {
      return { kind: 'paragraph', cable: found.cable, numbers: [el.paragraph.number.value], range: el.token.range, fromMention: false };
    }
    if (el.kind === 'refEntry') {
      return { kind: 'ref', cable: found.cable, labels: [el.entry.label], range: el.token.range, fromMention: false, entry: el.entry };
    }
  }
  const cable = cableAtLine(model, pos.line);
  if (!cable) return undefined;
  const mentions = textMentions(model, cable);
  const para = mentionAt(mentions.paragraphs, pos);
  if (para) {
    const num = para.numbers.find((n) => rangeContains(n.range, pos) || samePos(n.range.end, pos));
    return { kind: 'paragraph', cable, numbers: num ? [num.value] : para.targets, range: num?.range ?? para.range, fromMention: true };
  }
  const ref = mentionAt(mentions.refs, pos);
  if (ref) {
    const letter = ref.letters.find((l) => rangeContains(l.range, pos) || samePos(l.range.end, pos));
    const labels = letter ? [letter.letter] : ref.bare ? (cable.refs?.entries.length === 1 ? [cable.refs.entries[0]!.label] : []) : ref.labels;
    return { kind: 'ref', cable, labels, range: letter?.range ?? ref.range, fromMention: true };
  }
  return undefined;
}

function samePos(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

function mentionAt<T extends ParagraphMention | RefMention>(list: readonly T[], pos: Position): T | undefined {
  return list.find((m) => rangeContains(m.range, pos) || samePos(m.range.end, pos));
}

export function paragraphsNumbered(cable: Cable, numbers: readonly number[]): Paragraph[] {
  return cable.body.paragraphs.filter((p) => p.number !== undefined && numbers.includes(p.number.value));
}

export function refEntriesLabelled(cable: Cable, labels: readonly string[]): RefEntry[] {
  return (cable.refs?.entries ?? []).filter((e) => labels.includes(e.label.toUpperCase()));
}

/** Every mention in the text of these paragraph numbers (the number's own range). */
export function paragraphMentionRanges(model: CableDocument, cable: Cable, numbers: readonly number[]): Range[] {
  const out: Range[] = [];
  for (const m of textMentions(model, cable).paragraphs) {
    const direct = m.numbers.filter((n) => numbers.includes(n.value));
    if (direct.length) out.push(...direct.map((n) => n.range));
    // `paras 3-5` mentions 4 without writing it: point at the whole phrase.
    else if (m.targets.some((t) => numbers.includes(t))) out.push(m.range);
  }
  return out;
}

export function refMentionRanges(model: CableDocument, cable: Cable, labels: readonly string[]): Range[] {
  const out: Range[] = [];
  const only = cable.refs?.entries.length === 1 ? cable.refs.entries[0]!.label : undefined;
  for (const m of textMentions(model, cable).refs) {
    const direct = m.letters.filter((l) => labels.includes(l.letter));
    if (direct.length) out.push(...direct.map((l) => l.range));
    // `refs A-D` mentions B without writing it: point at the whole phrase.
    else if (m.labels.some((l) => labels.includes(l))) out.push(m.range);
    if (m.bare && only !== undefined && labels.includes(only)) out.push(m.range);
  }
  return out;
}

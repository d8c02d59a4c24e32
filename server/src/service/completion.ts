import { CompletionItemKind, type CompletionItem, type CompletionList, type Position, type Range } from 'vscode-languageserver-types';
import type { Cable, CableDocument } from '../parser';
import { classificationMarkings, tagCategories, tags } from '../data';
import { CAPTIONS, PRECEDENCE_WORDS } from '../data/vocabulary';
import type { CancellationToken } from './cancellation';
import type { ModelCache } from './modelCache';
import { cableAtLine } from './ranges';
import { indicatorsInCable } from './routingNames';
import { clampPosition, lineSource, type ITextDocument } from './textDocument';

/**
 * Paragraph markings from the reference table (../shared/data), most used first: each row names
 * one or more written forms (`(C/NF) (C//NF) (C/NOFORN)`) and what they mean.
 */
const MARKINGS: ReadonlyArray<readonly [string, string]> = classificationMarkings
  .filter((m) => m.where === 'paragraph marking')
  .map((m) => ({ m, count: Number(/\d+/.exec(m.corpusCount)?.[0] ?? 0) }))
  .sort((a, b) => b.count - a.count)
  .flatMap(({ m }) => (m.marking.match(/\(([^()]+)\)/g) ?? []).map((form) => [form.slice(1, -1), m.meaning.replace(/\s*\(.*\)$/, '')] as const))
  // `(S/REL ...)` stands for the free-form releasability markings: nothing to insert as it is.
  .filter(([form]) => !form.includes('...'));


// Anchored patterns over the text before the caret, one line only.
const MARKING_CONTEXT = /^\s*(?:¶\s*)?\d{1,3}\.\s*\(([A-Z/ ,]*)$/i;
const TAGS_CONTEXT = /^\s*TAGS\b:?[\sA-Z,]*?([A-Z]*)$/i;
const ADDRESSEE_NAME_CONTEXT = /^(?:(?:TO|INFO|XMT)\s+)?(?:[A-Z]{5,7}\/)?[A-Z].*\s([A-Z]*)$/;
const INDICATOR_CONTEXT = /^(?:(?:TO|INFO|XMT|ZZ|OO|PP|RR|DE)\s+(?:[A-Z]{5,7}\s+)*)?([A-Z]*)$/;

/**
 * Completion where a cable has a closed vocabulary: TAGS codes, paragraph markings after `N. (`,
 * captions under the banner, the routing indicators this cable already uses, precedence words.
 */
export class CableCompletionProvider {
  constructor(private readonly cache: ModelCache) {}

  provideCompletionItems(document: ITextDocument, requested: Position, token: CancellationToken): CompletionList {
    const empty: CompletionList = { isIncomplete: false, items: [] };
    // Every range below ends at the caret. A client can ask past a line's end or the document's
    // (a position computed on text it has not sent yet, columns counted in bytes): answer at the
    // nearest real position, so that no edit reaches outside the text.
    // The server's documents keep their lines: offsets would join a 200 MB export on every keystroke.
    const source = lineSource(document);
    const lines = source?.lines;
    const position = source ? clampPosition(source.lines, requested, source.bom) : document.positionAt(document.offsetAt(requested));
    // Every context below is a short header line; a caret deep in a 100,000-character line is
    // in prose, and the patterns are not run over such a line at all.
    if (position.character > 300) return empty;
    // A BOM is line 0's first character in LSP positions; the kept lines leave it out.
    const lineText = lines ? (source.bom && position.line === 0 ? `\ufeff${lines[0]}` : (lines[position.line] ?? '')) : lineAt(document, position.line);
    const before = lineText.slice(0, position.character);
    const after = lineText.slice(position.character);
    // Completion is asked on every space; prose (lower-case letters) has no closed vocabulary,
    // and answering it without the model spares a parse of a large file on each keystroke.
    if (/[a-z]/.test(before) && !MARKING_CONTEXT.test(before) && !/^\s*TAGS\b/i.test(before)) return empty;
    const model = this.cache.get(document);
    if (token.isCancellationRequested) return empty;
    const cable = cableAtLine(model, position.line) ?? nearestCable(model, position.line);

    const marking = MARKING_CONTEXT.exec(before);
    if (marking) {
      const range = wordRange(position, marking[1]!.length);
      const close = after.startsWith(')') ? '' : ')';
      return list(MARKINGS.map(([m, meaning], i) => item(m, CompletionItemKind.EnumMember, meaning, range, m + close, i)));
    }
    const tagsMatch = TAGS_CONTEXT.exec(before);
    if (tagsMatch) {
      const range = wordRange(position, tagsMatch[1]!.length);
      const used = new Set(before.toUpperCase().split(/[\s,:]+/));
      const items: CompletionItem[] = [];
      for (const info of tags.values()) {
        if (used.has(info.code) && info.code !== tagsMatch[1]!.toUpperCase()) continue;
        const category = /^[A-Z]{2}$/.test(info.code) ? 'geographic' : tagCategories.get(info.code[0] ?? '')?.category;
        const it = item(info.code, CompletionItemKind.Value, `${info.meanings[0]?.meaning ?? ''}${category ? ` — ${category}` : ''}`, range, info.code);
        items.push(it);
      }
      return list(items);
    }
    if (!cable) return empty;
    const routing = cable.routing;
    const inRouting = routing && position.line >= routing.range.start.line && position.line <= routing.range.end.line + 1;
    if (inRouting) {
      const indicator = INDICATOR_CONTEXT.exec(before);
      if (indicator && !/^(?:FM)\b/.test(before)) {
        const range = wordRange(position, indicator[1]!.length);
        const items = [...indicatorsInCable(cable)].map(([ri, name]) => item(ri, CompletionItemKind.Reference, name ?? 'routing indicator used in this cable', range, ri));
        if (items.length) return list(items);
      }
      const name = ADDRESSEE_NAME_CONTEXT.exec(before);
      if (name && /^(?:TO|INFO|XMT)\b|\//.test(before)) {
        const range = wordRange(position, name[1]!.length);
        return list(PRECEDENCE_WORDS.filter((p) => p.word !== 'NIACT').map((p, i) => item(p.word, CompletionItemKind.Keyword, p.short, range, p.word, i)));
      }
      return empty;
    }
    if (inCaptionArea(cable, position.line) && /^\s*[A-Z ]*$/i.test(before)) {
      const word = /[A-Z ]*$/i.exec(before)![0].trimStart();
      const range = wordRange(position, word.length);
      const meaning = (c: string, fallback: string) => classificationMarkings.find((m) => m.marking.startsWith(c))?.meaning ?? fallback;
      return list(CAPTIONS.map((c, i) => item(c.text, CompletionItemKind.Constant, meaning(c.text, c.short), range, c.text, i)));
    }
    return empty;
  }
}

/** One line of the document without its line ending, read from the text (no parse). */
function lineAt(document: ITextDocument, line: number): string {
  const start = document.offsetAt({ line, character: 0 });
  const end = document.offsetAt({ line: line + 1, character: 0 });
  return document.getText().slice(start, end).replace(/\r?\n$/, '');
}

function nearestCable(model: CableDocument, line: number): Cable | undefined {
  let best: Cable | undefined;
  for (const c of model.cables) if (c.range.start.line <= line + 1) best = c;
  return best;
}

/** Between the banner and the subject block, where SIPDIS and the other captions go. */
function inCaptionArea(cable: Cable, line: number): boolean {
  const start = cable.banner?.range.end.line;
  if (start === undefined || line <= start) return false;
  const end = cable.eo?.range.start.line ?? cable.tags?.range.start.line ?? cable.subject?.range.start.line ?? cable.body.range?.start.line;
  return end === undefined || line < end;
}

function wordRange(position: Position, length: number): Range {
  return { start: { line: position.line, character: position.character - length }, end: position };
}

function item(label: string, kind: CompletionItemKind, detail: string, range: Range, newText: string, order?: number): CompletionItem {
  const it: CompletionItem = { label, kind, detail, textEdit: { range, newText } };
  if (order !== undefined) it.sortText = String(order).padStart(3, '0');
  return it;
}

function list(items: CompletionItem[]): CompletionList {
  return { isIncomplete: false, items };
}

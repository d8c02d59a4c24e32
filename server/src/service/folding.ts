import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { CableDocument, Range } from '../parser';
import type { CancellationToken } from './cancellation';
import type { ModelCache } from './modelCache';
import type { ITextDocument } from './textDocument';

/**
 * Folding for the parts a reader wants out of the way: the routing block, the subject block, the
 * WikiLeaks table, each section, paragraph, summary and comment, old page headers, and web-page text.
 */
export class CableFoldingProvider {
  constructor(private readonly cache: ModelCache) {}

  provideFoldingRanges(document: ITextDocument, token: CancellationToken): FoldingRange[] {
    const model = this.cache.get(document);
    const ranges: FoldingRange[] = [];
    const add = (range: Range | undefined, kind?: string) => {
      if (!range) return;
      const endLine = lastContentLine(model, range);
      if (endLine <= range.start.line) return;
      const r: FoldingRange = { startLine: range.start.line, endLine };
      if (kind) r.kind = kind;
      ranges.push(r);
    };
    for (const outside of model.outside) add(outside.range, FoldingRangeKind.Region);
    for (const cable of model.cables) {
      if (token.isCancellationRequested) return [];
      add(cable.table?.range);
      add(cable.routing?.range, FoldingRangeKind.Imports);
      add(cable.subjectBlockRange);
      add(cable.refs?.range);
      const body = cable.body;
      const paragraphs = body.paragraphs;
      // A section runs from its header to the last paragraph assigned to it.
      const lastOfSection = new Map<number, Range>();
      for (const p of paragraphs) if (p.section !== undefined) lastOfSection.set(p.section, p.range);
      body.sections.forEach((sec, i) => {
        const end = lastOfSection.get(i);
        add(end ? { start: sec.range.start, end: end.end } : undefined);
      });
      for (const p of paragraphs) add(p.range);
      for (const b of body.blocks) add(b.range, b.kind === 'comment' ? FoldingRangeKind.Comment : undefined);
      // An old page header with its classification lines (and a section's repeated header) folds
      // away like a comment; the line of text glued onto a header stays in view.
      for (const m of body.pageMarkers) {
        if (m.kind !== 'page-header') continue;
        const line = m.range.start.line;
        const first = Math.min(line, ...(m.classification ?? []).filter((t) => t.range.start.line >= m.removal.startLine).map((t) => t.range.start.line));
        const last = m.repeatedHeader ? m.repeatedHeader.endLine : m.gluedText ? line - 1 : Math.max(line, ...(m.classification ?? []).map((t) => t.range.start.line));
        if (last > first) ranges.push({ startLine: first, endLine: last, kind: FoldingRangeKind.Comment });
      }
    }
    return dedupe(ranges);
  }
}

/** The last line of a range that has text: folding to a trailing blank line hides the gap. */
function lastContentLine(model: CableDocument, range: Range): number {
  let end = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  while (end > range.start.line && (model.lines[end] ?? '').trim() === '') end--;
  return end;
}

/** Editors keep one range per start line; keep the largest, as the one a reader means. */
function dedupe(ranges: FoldingRange[]): FoldingRange[] {
  const byStart = new Map<number, FoldingRange>();
  for (const r of ranges) {
    const old = byStart.get(r.startLine);
    if (!old || r.endLine > old.endLine) byStart.set(r.startLine, r);
  }
  return [...byStart.values()].sort((a, b) => a.startLine - b.startLine);
}

import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { CableDocument, Range } from '../parser';
import type { CancellationToken } from './cancellation';
import type { ModelCache } from './modelCache';
import type { ITextDocument } from './textDocument';

/** What a folding answer left out when a limit applied (logged by the service). */
export interface FoldingCap {
  limit: number;
  /** The limit is the client's `rangeLimit`, not the server's own FOLDING_MAX_RANGES. */
  client: boolean;
  cables: number;
  /** Cables 1..parts fold their header parts and sections; 1..paragraphs their paragraphs and blocks too. */
  parts: number;
  paragraphs: number;
}

/**
 * Folding for the parts a reader wants out of the way: the routing block, the subject block, the
 * WikiLeaks table, each section, paragraph, summary and comment, old page headers, and web-page text.
 *
 * A client may take only so many ranges (VS Code's client asks for at most 5,000, its
 * `editor.foldingMaximumRegions`, and drops the rest itself, deepest first). A large export has
 * hundreds of thousands, so they are gathered outermost first, in the order VS Code would keep
 * them, and the walk stops at the limit: the answer costs the limit, not the file. A client that
 * states no limit gets at most FOLDING_MAX_RANGES.
 */
export class CableFoldingProvider {
  constructor(private readonly cache: ModelCache) {}

  provideFoldingRanges(document: ITextDocument, token: CancellationToken, clientLimit?: number): FoldingRange[] {
    return this.foldingRanges(document, token, clientLimit).ranges;
  }

  foldingRanges(document: ITextDocument, token: CancellationToken, clientLimit?: number): { ranges: FoldingRange[]; cap?: FoldingCap } {
    const model = this.cache.get(document);
    const limit = clientLimit ?? FOLDING_MAX_RANGES;
    // Editors keep one range per start line; the largest is the one a reader means. On a tie the
    // first gathered stays: a cable's parts are gathered in the order table, routing, subject,
    // references, sections, paragraphs, blocks, page headers.
    const byStart = new Map<number, FoldingRange>();
    const full = () => byStart.size >= limit;
    const put = (r: FoldingRange) => {
      const old = byStart.get(r.startLine);
      if (old ? r.endLine > old.endLine : !full()) byStart.set(r.startLine, r);
    };
    const add = (range: Range | undefined, kind?: string) => {
      if (!range) return;
      const endLine = lastContentLine(model, range);
      if (endLine <= range.start.line) return;
      const r: FoldingRange = { startLine: range.start.line, endLine };
      if (kind) r.kind = kind;
      put(r);
    };
    const cables = model.cables;
    const finish = (parts: number, paragraphs: number) => {
      const ranges = [...byStart.values()].sort((a, b) => a.startLine - b.startLine);
      return parts < cables.length || paragraphs < cables.length ? { ranges, cap: { limit, client: clientLimit !== undefined, cables: cables.length, parts, paragraphs } } : { ranges };
    };
    for (const outside of model.outside) add(outside.range, FoldingRangeKind.Region);
    // The outermost level: each cable's header parts and sections.
    for (let i = 0; i < cables.length; i++) {
      if (token.isCancellationRequested) return { ranges: [] };
      if (full()) return finish(i, 0);
      const cable = cables[i]!;
      add(cable.table?.range);
      add(cable.routing?.range, FoldingRangeKind.Imports);
      add(cable.subjectBlockRange);
      add(cable.refs?.range);
      const paragraphs = cable.body.paragraphs;
      // A section runs from its header to the last paragraph assigned to it.
      const lastOfSection = new Map<number, Range>();
      for (const p of paragraphs) if (p.section !== undefined) lastOfSection.set(p.section, p.range);
      cable.body.sections.forEach((sec, k) => {
        const end = lastOfSection.get(k);
        add(end ? { start: sec.range.start, end: end.end } : undefined);
      });
    }
    // Then what those hold: paragraphs, summaries and comments, old page headers.
    for (let i = 0; i < cables.length; i++) {
      if (token.isCancellationRequested) return { ranges: [] };
      if (full()) return finish(cables.length, i);
      const body = cables[i]!.body;
      for (const p of body.paragraphs) add(p.range);
      for (const b of body.blocks) add(b.range, b.kind === 'comment' ? FoldingRangeKind.Comment : undefined);
      // An old page header with its classification lines (and a section's repeated header) folds
      // away like a comment; the line of text glued onto a header stays in view.
      for (const m of body.pageMarkers) {
        if (m.kind !== 'page-header') continue;
        const line = m.range.start.line;
        const first = Math.min(line, ...(m.classification ?? []).filter((t) => t.range.start.line >= m.removal.startLine).map((t) => t.range.start.line));
        const last = m.repeatedHeader ? m.repeatedHeader.endLine : m.gluedText ? line - 1 : Math.max(line, ...(m.classification ?? []).map((t) => t.range.start.line));
        if (last > first) put({ startLine: first, endLine: last, kind: FoldingRangeKind.Comment });
      }
    }
    return finish(cables.length, cables.length);
  }
}

/**
 * The ranges sent to a client that states no `rangeLimit`. A 200 MB export has 281,341 (every
 * cable's header parts, sections and paragraphs): 10.9 MB of JSON on each request, and a walk that
 * took 0.4 s by the end of the first analysis, when folding is asked again and again.
 * The outline has the same bound (OUTLINE_MAX_SYMBOLS).
 */
export const FOLDING_MAX_RANGES = 25_000;

/** The last line of a range that has text: folding to a trailing blank line hides the gap. */
function lastContentLine(model: CableDocument, range: Range): number {
  let end = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  while (end > range.start.line && (model.lines[end] ?? '').trim() === '') end--;
  return end;
}

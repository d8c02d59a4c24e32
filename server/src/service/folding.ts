import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { Cable, CableDocument, Range } from '../parser';
import type { CancellationToken } from './cancellation';
import type { ModelCache } from './modelCache';
import type { ITextDocument } from './textDocument';

/** What a folding answer left out when a limit applied (logged by the service). */
export interface FoldingCap {
  limit: number;
  /** The limit is the client's `rangeLimit`, not the server's own FOLDING_MAX_RANGES. */
  client: boolean;
  cables: number;
  /** Ranges nested less deep than this are all in the answer (0: only some of the outermost). */
  depth: number;
  /** Those `depth` deep are in the answer in cables 1..reached (and the text around them). */
  reached: number;
}

/**
 * Folding for the parts a reader wants out of the way: the routing block, the subject block, the
 * WikiLeaks table, each section, paragraph, summary and comment, old page headers, and web-page text.
 *
 * A client may take only so many ranges (VS Code's client asks for at most 5,000, its
 * `editor.foldingMaximumRegions`). VS Code given more keeps them by its own rule (sanitizeRanges in
 * its syntaxRangeProvider.ts): it sorts them by start line, gives each the depth at which it
 * nests, and keeps all of the outermost depths that fit and, of the depth that does not, the
 * first by line. The answer here is that choice made on this side: the ranges are gathered in the
 * order of the text, their depths found as VS Code finds them, and the walk stops once the
 * outermost depth alone fills the limit, since nothing further down the file would be kept; the
 * answer costs the limit, not the file. A large export has hundreds of thousands of ranges. A
 * client that states no limit gets at most FOLDING_MAX_RANGES, chosen alike.
 */
export class CableFoldingProvider {
  /**
   * The last answer for a model, by its list of cables. During a sliced first parse that list
   * grows as cables are read (each state a model of its own: ModelCache.partial) and folding is
   * asked again and again while the reader scrolls; once the outermost ranges fill the limit, the
   * cables read later change nothing, and the answer is kept for them. Another version's model
   * has a list of its own.
   */
  private readonly answers = new WeakMap<readonly Cable[], Answer>();

  constructor(private readonly cache: ModelCache) {}

  provideFoldingRanges(document: ITextDocument, token: CancellationToken, clientLimit?: number): FoldingRange[] {
    return this.foldingRanges(document, token, clientLimit).ranges;
  }

  foldingRanges(document: ITextDocument, token: CancellationToken, clientLimit?: number): { ranges: FoldingRange[]; cap?: FoldingCap } {
    const model = this.cache.get(document);
    const limit = clientLimit ?? FOLDING_MAX_RANGES;
    const client = clientLimit !== undefined;
    const kept = this.answers.get(model.cables);
    const same = kept && kept.cables === model.cables.length && kept.outside === model.outside.length;
    // A final answer that read to the end of the model then says nothing of a cut: made again once more is read, to say so.
    if (kept && kept.limit === limit && kept.client === client && (same || (kept.final && kept.cap))) {
      return { ranges: kept.ranges.slice(), ...(kept.cap ? { cap: { ...kept.cap, cables: model.cables.length } } : {}) };
    }
    const answer = foldingAnswer(model, limit, client, token);
    if (!answer) return { ranges: [] };
    this.answers.set(model.cables, answer);
    return { ranges: answer.ranges.slice(), ...(answer.cap ? { cap: answer.cap } : {}) };
  }
}

interface Answer {
  limit: number;
  client: boolean;
  ranges: FoldingRange[];
  cap?: FoldingCap;
  /** The cables and outside texts the answer read. */
  cables: number;
  outside: number;
  /** The outermost ranges filled the limit: ranges further down (cables read later) are never kept. */
  final: boolean;
}

/** The ranges of `model` a client that takes `limit` keeps; undefined when cancelled. */
function foldingAnswer(model: CableDocument, limit: number, client: boolean, token: CancellationToken): Answer | undefined {
  const cables = model.cables;
  const outside = model.outside;
  const nesting = new Nesting();
  // The text is read a cable at a time, with the outside text before the next cable: the ranges
  // of one such piece all start before the next piece's first line.
  let o = 0;
  let read = 0;
  let lastStart = -1;
  let final = false;
  for (let i = 0; i <= cables.length && !final; i++) {
    if (token.isCancellationRequested) return undefined;
    const until = i + 1 < cables.length ? cables[i + 1]!.range.start.line : Infinity;
    const piece = new Pieces(model);
    for (; o < outside.length && outside[o]!.range.start.line < until; o++) piece.add(outside[o]!.range, -1, FoldingRangeKind.Region);
    if (i < cables.length) piece.addCable(cables[i]!, i);
    const ranges = piece.sorted();
    // The model holds cables and outside text in the order of the text; should a piece not come
    // after the one before, the depths found so far would be wrong: VS Code's sort is made whole.
    if (ranges.length > 0 && ranges[0]!.range.startLine <= lastStart) return unordered(model, limit, client);
    for (const r of ranges) nesting.add(r.range, r.cable);
    if (ranges.length > 0) lastStart = ranges[ranges.length - 1]!.range.startLine;
    read = i + 1;
    // The outermost ranges fill the limit: VS Code would keep the first of them and nothing else.
    if ((nesting.perDepth[0] ?? 0) >= limit) final = true;
  }
  // Stopped with text still unread: the answer is cut there (should that text fold nowhere, it says so all the same).
  const unread = read < cables.length || o < outside.length;
  return { ...nesting.choose(limit, client, cables.length, unread), limit, client, cables: Math.min(read, cables.length), outside: o, final };
}

/** The answer when the model's pieces are out of order: every range, sorted whole, then chosen. */
function unordered(model: CableDocument, limit: number, client: boolean): Answer {
  const all = new Pieces(model);
  for (const o of model.outside) all.add(o.range, -1, FoldingRangeKind.Region);
  model.cables.forEach((c, i) => all.addCable(c, i));
  const nesting = new Nesting();
  for (const r of all.sorted()) nesting.add(r.range, r.cable);
  return { ...nesting.choose(limit, client, model.cables.length, false), limit, client, cables: model.cables.length, outside: model.outside.length, final: false };
}

/** Ranges gathered, one per start line, each with the cable it is in (-1: the text around the cables). */
class Pieces {
  private readonly byStart = new Map<number, { range: FoldingRange; cable: number }>();

  constructor(private readonly model: CableDocument) {}

  add(range: Range | undefined, cable: number, kind?: string): void {
    if (!range) return;
    const endLine = lastContentLine(this.model, range);
    if (endLine <= range.start.line) return;
    const r: FoldingRange = { startLine: range.start.line, endLine };
    if (kind) r.kind = kind;
    this.put(r, cable);
  }

  /**
   * Editors keep one range per start line; the largest is the one a reader means. On a tie the
   * first gathered stays: the outside text, then a cable's parts in the order table, routing,
   * subject, references, sections, paragraphs, blocks, page headers.
   */
  put(r: FoldingRange, cable: number): void {
    const old = this.byStart.get(r.startLine);
    if (!old || r.endLine > old.range.endLine) this.byStart.set(r.startLine, { range: r, cable });
  }

  addCable(cable: Cable, i: number): void {
    this.add(cable.table?.range, i);
    this.add(cable.routing?.range, i, FoldingRangeKind.Imports);
    this.add(cable.subjectBlockRange, i);
    this.add(cable.refs?.range, i);
    const body = cable.body;
    // A section runs from its header to the last paragraph assigned to it.
    const lastOfSection = new Map<number, Range>();
    for (const p of body.paragraphs) if (p.section !== undefined) lastOfSection.set(p.section, p.range);
    body.sections.forEach((sec, k) => {
      const end = lastOfSection.get(k);
      this.add(end ? { start: sec.range.start, end: end.end } : undefined, i);
    });
    for (const p of body.paragraphs) this.add(p.range, i);
    for (const b of body.blocks) this.add(b.range, i, b.kind === 'comment' ? FoldingRangeKind.Comment : undefined);
    // An old page header with its classification lines (and a section's repeated header) folds
    // away like a comment; the line of text glued onto a header stays in view.
    for (const m of body.pageMarkers) {
      if (m.kind !== 'page-header') continue;
      const line = m.range.start.line;
      const first = Math.min(line, ...(m.classification ?? []).filter((t) => t.range.start.line >= m.removal.startLine).map((t) => t.range.start.line));
      const last = m.repeatedHeader ? m.repeatedHeader.endLine : m.gluedText ? line - 1 : Math.max(line, ...(m.classification ?? []).map((t) => t.range.start.line));
      if (last > first) this.put({ startLine: first, endLine: last, kind: FoldingRangeKind.Comment }, i);
    }
  }

  sorted(): { range: FoldingRange; cable: number }[] {
    return [...this.byStart.values()].sort((a, b) => a.range.startLine - b.range.startLine);
  }
}

/** Ranges given in the order of their start lines (one per line), each with its depth as VS Code finds it. */
class Nesting {
  private readonly ranges: FoldingRange[] = [];
  private readonly depths: number[] = [];
  private readonly cables: number[] = [];
  readonly perDepth: number[] = [];
  /** The ranges that enclose `top`, the last range that was not a sibling crossing its own. */
  private readonly open: FoldingRange[] = [];
  private top: FoldingRange | undefined;

  add(r: FoldingRange, cable: number): void {
    const top = this.top;
    // VS Code's sanitizeRanges: a range inside `top` goes one deeper; one after it closes the
    // ranges it is not inside; one that starts inside `top` and ends after it counts as `top`'s
    // sibling and leaves `top` as it is.
    if (!top || r.endLine <= top.endLine || r.startLine > top.endLine) {
      if (top && r.endLine <= top.endLine) this.open.push(top);
      else if (top) {
        let t: FoldingRange | undefined;
        do t = this.open.pop();
        while (t && r.startLine > t.endLine);
        if (t) this.open.push(t);
      }
      this.top = r;
    }
    const depth = this.open.length;
    this.ranges.push(r);
    this.depths.push(depth);
    this.cables.push(cable);
    this.perDepth[depth] = (this.perDepth[depth] ?? 0) + 1;
  }

  /** What VS Code keeps of them: every range when they fit, else the outermost depths that fit whole and the first by line of the next. */
  choose(limit: number, client: boolean, cables: number, unread: boolean): { ranges: FoldingRange[]; cap?: FoldingCap } {
    if (this.ranges.length <= limit && !unread) return { ranges: this.ranges };
    let depth = 0;
    let entries = 0;
    // Text left unread: the outermost ranges alone filled the limit (foldingAnswer), the cut is among them.
    if (!unread) while (depth < this.perDepth.length && entries + (this.perDepth[depth] ?? 0) <= limit) entries += this.perDepth[depth++] ?? 0;
    const ranges: FoldingRange[] = [];
    let reached = 0;
    for (let k = 0; k < this.ranges.length; k++) {
      const d = this.depths[k]!;
      if (d < depth || (d === depth && entries++ < limit)) {
        ranges.push(this.ranges[k]!);
        if (d === depth && this.cables[k]! >= 0) reached = this.cables[k]! + 1;
      }
    }
    return { ranges, cap: { limit, client, cables, depth, reached } };
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

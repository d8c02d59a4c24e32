import { parseCable, type CableDocument } from '../parser';
import { lagOf, reparse, resumeAfter, settleSteps, stepsFrom, type ReparseStats } from '../parser/incremental';
import { appendSteps, firstCableStart, linesLookBinary, cableSteps, parseLines, startAssembly, type Assembly, type DocumentParse, type ParseStep } from '../parser/parser';
import type { CancellationToken } from './cancellation';
import { yieldToEventLoop } from './slices';
import { lineSource, type ITextDocument, type LineSource } from './textDocument';

/**
 * The parser's model, computed once per document version. Every provider asks here, so a hover,
 * an outline and the diagnostics on the same version share one parse. Only the latest version of
 * each document is kept; `maxEntries` bounds memory when many documents are open.
 *
 * A document that keeps its lines (LineDocument, the server's) is parsed incrementally: the next
 * version re-reads only the cables its edits touched (parser/incremental.ts). The first parse of
 * a large one can run in slices (`analyse`), yielding to the event loop between cables, so that
 * requests are answered meanwhile from the cables parsed so far.
 */
interface Entry {
  version: number;
  model: CableDocument;
  /** The steps of the parse, for the next version's incremental parse. */
  parse?: DocumentParse;
  /** What features computed from this version's model (diagnostics), keyed by feature. */
  derived?: Map<string, { stamp: unknown; value: unknown }>;
  /**
   * Steps from `unsettled` on may lag (the incremental parse moved their bounds but not their
   * objects): `model` is read only after `settle`. The diagnostics need only the steps.
   */
  unsettled?: number;
  /**
   * A sliced first parse of this version is running: `model` is what it has read so far, the
   * document of `assembly`, which holds the first `assembled` steps.
   */
  running?: { steps: ParseStep[]; source: LineSource; done: Promise<void>; assembly: Assembly; assembled: number };
}

export interface ParseEvent {
  uri: string;
  version: number;
  /** `whole`: every line read; `incremental`: only the cables the edits touched (stats say how many). */
  kind: 'whole' | 'incremental';
  stats?: ReparseStats;
}

export interface ModelCacheOptions {
  /** A parser of the whole text; when given, every version is parsed whole with it (tests count or slow it). */
  parse?: (text: string) => CableDocument;
  /** Told of every parse, for tests and the log. */
  onParse?: (event: ParseEvent) => void;
  /**
   * The server's mode: a large document without a model is never parsed whole on a request; the
   * request gets an empty model, because the server always has an `analyse` of the version running
   * or scheduled. Off for the CLI and direct callers, which parse at once.
   */
  background?: boolean;
  maxEntries?: number;
}

/** Lines above which the server parses a first version in slices rather than at once (about 250 KB). */
export const SLICED_LINES = 5000;

export class ModelCache {
  private readonly entries = new Map<string, Entry>();
  /**
   * The steps a sliced first parse had finished when an edit replaced its version: the next
   * version's parse keeps those before the edit rather than reading a 200 MB export again from
   * its first line because someone typed while it was read.
   */
  private readonly cutShort = new Map<string, { version: number; source: LineSource; steps: ParseStep[] }>();
  private readonly maxEntries: number;

  constructor(private readonly options: ModelCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 64;
  }

  get(document: ITextDocument): CableDocument {
    const hit = this.entries.get(document.uri);
    if (hit && hit.version === document.version && hit.running) {
      this.touch(document.uri, hit);
      return this.partial(hit);
    }
    const entry = this.current(document);
    return entry ? settled(entry).model : emptyModel(lineSource(document)!);
  }

  /**
   * This version's entry, parsed if need be (its lines maybe not settled); undefined for a large
   * document the server has not analysed yet (see `background`) or while its first parse runs.
   */
  private current(document: ITextDocument): Entry | undefined {
    const hit = this.entries.get(document.uri);
    if (hit && hit.version === document.version) {
      if (hit.running) return undefined;
      this.touch(document.uri, hit);
      return hit;
    }
    const source = this.options.parse ? undefined : lineSource(document);
    if (source && this.options.background && source.lines.length >= SLICED_LINES && !(hit && hit.parse && !hit.running && source.editsSince(hit.version))) {
      // Being analysed (or about to be): nothing to show yet rather than a stall.
      return undefined;
    }
    this.compute(document, source, hit);
    return this.entries.get(document.uri);
  }

  /**
   * This version's steps, as `get` would parse them, without settling the lines of the steps an
   * edit moved: only for readers that take each step's lines from its bounds (the diagnostics),
   * and read of `doc` only what is not a position (its lines, eol). Undefined when the document
   * is not kept as lines, or its model is not made of steps (binary, no cable, parsed whole).
   */
  steps(document: ITextDocument): { doc: CableDocument; steps: readonly ParseStep[] } | undefined {
    const hit = this.current(document);
    if (!hit || !hit.parse || hit.parse.whole || hit.parse.steps.length === 0 || hit.model.binary) return undefined;
    return { doc: hit.model, steps: hit.parse.steps };
  }

  /**
   * During a sliced first parse of this version: the steps read so far but the last (the text after
   * the last cable read may still grow), with the document's lines; undefined otherwise. For the
   * diagnostics of the cables read so far (their problems are those of the finished parse: a step
   * depends only on the lines, which are this version's).
   */
  readSoFar(document: ITextDocument): { doc: CableDocument; steps: readonly ParseStep[] } | undefined {
    const hit = this.entries.get(document.uri);
    if (!hit || hit.version !== document.version || !hit.running) return undefined;
    const r = hit.running;
    return { doc: emptyModel(r.source), steps: r.steps.slice(0, Math.max(0, r.steps.length - 1)) };
  }

  /**
   * Moves the lines an incremental parse left behind, in slices of about `sliceMs` that yield to
   * the event loop (a line break in a 200 MB export moves about half of it: seconds of work, done
   * after its diagnostics are out). A request meanwhile settles the rest at once (`get`). Stops
   * when the version is replaced: the next parse takes the lagging steps over.
   */
  async settle(document: ITextDocument, sliceMs = 15): Promise<void> {
    const version = document.version;
    for (;;) {
      const hit = this.entries.get(document.uri);
      if (!hit || hit.version !== version || document.version !== version || hit.unsettled === undefined || !hit.parse) return;
      const steps = hit.parse.steps;
      const t0 = Date.now();
      let i = hit.unsettled;
      // A few steps at a time: a step is a cable, a fraction of a millisecond.
      while (i < steps.length && Date.now() - t0 < sliceMs) {
        const to = Math.min(steps.length, i + 64);
        settleSteps(steps, i, to);
        i = to;
      }
      hit.unsettled = i < steps.length ? i : undefined;
      if (hit.unsettled === undefined) return;
      await yieldToEventLoop();
    }
  }

  /** True when `get` answers this version from a complete model, without parsing. */
  ready(document: ITextDocument): boolean {
    const hit = this.entries.get(document.uri);
    return !!hit && hit.version === document.version && !hit.running;
  }

  private compute(document: ITextDocument, source: LineSource | undefined, prev: Entry | undefined): CableDocument {
    let parse: DocumentParse | undefined;
    let model: CableDocument;
    let unsettled = Infinity;
    if (!source) {
      model = (this.options.parse ?? safeParse)(document.getText());
      this.options.onParse?.({ uri: document.uri, version: document.version, kind: 'whole' });
    } else {
      const edit = prev?.parse && !prev.running ? source.editsSince(prev.version) : undefined;
      if (edit && prev?.parse && edit.oldTo < edit.from && edit.newTo < edit.from) {
        // A new version with the same text.
        parse = prev.parse;
      } else if (edit && prev?.parse) {
        const stats = {} as ReparseStats;
        try {
          parse = reparse(prev.parse, source.lines, source.eol, source.bom, edit, stats, { lazy: true });
          unsettled = firstLagging(parse.steps);
        } catch {
          parse = safeParseLines(source);
          stats.whole = true;
        }
        this.options.onParse?.({ uri: document.uri, version: document.version, kind: stats.whole ? 'whole' : 'incremental', stats });
      } else {
        parse = safeParseLines(source);
        this.options.onParse?.({ uri: document.uri, version: document.version, kind: 'whole' });
      }
      model = parse.doc;
    }
    if (parse === prev?.parse && prev?.unsettled !== undefined) unsettled = prev.unsettled;
    this.store(document.uri, { version: document.version, model, ...(parse ? { parse } : {}), ...(parse && unsettled < parse.steps.length ? { unsettled } : {}) });
    return model;
  }

  /**
   * Parses this version, in slices of about `sliceMs` when it is large and has no earlier model to
   * start from, yielding to the event loop between them; `progress` hears how far it got (lines).
   * Resolves true once the version is parsed (its lines perhaps not settled: `get` settles them),
   * false when it was replaced (or `token` cancelled) before the end: that work is abandoned.
   */
  async analyse(document: ITextDocument, token: CancellationToken, sliceMs = 15, progress?: (done: number, total: number) => void): Promise<boolean> {
    const version = document.version;
    const hit = this.entries.get(document.uri);
    if (hit && hit.version === version) {
      if (!hit.running) return true;
      await hit.running.done;
      const now = this.entries.get(document.uri);
      return !!now && now.version === version && !now.running;
    }
    const source = this.options.parse ? undefined : lineSource(document);
    const incremental = !!(source && hit?.parse && !hit.running && source.editsSince(hit.version));
    if (!source || incremental || source.lines.length < SLICED_LINES) return (this.compute(document, source, hit), true);
    const lines = source.lines;
    let first: { start: number; fallback: boolean };
    try {
      if (linesLookBinary(lines)) return (this.compute(document, source, undefined), true);
      first = firstCableStart(lines);
    } catch {
      return (this.compute(document, source, undefined), true);
    }
    if (first.start < 0 || first.fallback) return (this.compute(document, source, undefined), true);

    // An earlier version's first parse, running (it stops at its next slice) or cut short.
    const prior = hit?.running ? { version: hit.version, source: hit.running.source, steps: hit.running.steps.slice() } : this.cutShort.get(document.uri);
    this.cutShort.delete(document.uri);
    // The same document object only: a document closed and opened again starts a new edit log.
    const edit = prior && prior.source === source ? source.editsSince(prior.version) : undefined;
    const resumed = prior && edit ? resumeAfter(prior.steps, edit, first.start) : undefined;

    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const entry: Entry = { version, model: emptyModel(source), running: { steps: resumed ? resumed.kept : [], source, done, assembly: startAssembly(lines, source.eol, source.bom), assembled: 0 } };
    this.store(document.uri, entry);
    const steps = entry.running!.steps;
    const stale = () => token.isCancellationRequested || document.version !== version || this.entries.get(document.uri) !== entry;
    try {
      let t0 = Date.now();
      for (const step of resumed ? stepsFrom(lines, resumed.from, resumed.start) : cableSteps(lines, first.start)) {
        steps.push(step);
        if (step.start >= 0 && Date.now() - t0 >= sliceMs) {
          progress?.(step.to, lines.length);
          await yieldToEventLoop();
          if (stale()) {
            if (this.entries.get(document.uri) === entry) this.entries.delete(document.uri);
            // Kept for the next version when an edit replaced this one (a closed document keeps its version).
            if (document.version !== version && !this.entries.has(document.uri)) this.cutShort.set(document.uri, { version, source, steps });
            return false;
          }
          t0 = Date.now();
        }
      }
      // The steps that requests meanwhile had assembled are not assembled again.
      const parse: DocumentParse = { doc: this.partial(entry), steps, whole: false };
      this.store(document.uri, { version, model: parse.doc, parse });
      const kept = resumed ? resumed.kept.length : 0;
      this.options.onParse?.({ uri: document.uri, version, kind: 'whole', ...(resumed ? { stats: { parsed: steps.length - kept, kept, shifted: 0, whole: true } } : {}) });
      return true;
    } catch {
      // A parser bug: the whole parse reports it as an internal error.
      if (this.entries.get(document.uri) === entry) this.entries.delete(document.uri);
      return stale() ? false : (this.compute(document, source, undefined), true);
    } finally {
      finished();
    }
  }

  /**
   * The model of the cables parsed so far, assembled when asked (requests during a sliced parse):
   * the steps read since the last request are added to it. Assembling every step again on each
   * request, as a 200 MB export's folding, hovers and completions ask every few milliseconds, cost
   * 31 ms of each second of the analysis at its start and 105 ms at its end. Its lists grow in
   * place (a reader that pauses while holding a model sees the cables read meanwhile as well),
   * but each state it reaches is a model object of its own: what a feature keeps by model (the
   * workspace index's summary of an open document, asked by a workspace symbol search during the
   * analysis) is never taken for a later state, nor for the complete model.
   */
  private partial(entry: Entry): CableDocument {
    const r = entry.running!;
    if (r.assembled !== r.steps.length) {
      appendSteps(r.assembly, r.steps, r.assembled);
      r.assembled = r.steps.length;
      entry.model = { ...r.assembly.doc };
    }
    return entry.model;
  }

  private touch(uri: string, entry: Entry): void {
    // Re-insert so the map's order is least-recently-used first.
    this.entries.delete(uri);
    this.entries.set(uri, entry);
  }

  private store(uri: string, entry: Entry): void {
    if (!entry.running) this.cutShort.delete(uri);
    this.entries.delete(uri);
    this.entries.set(uri, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /**
   * A result computed from this version's model and kept with it (the diagnostics): valid while
   * the document is at this version and `stamp` (the settings it was computed with) is the same;
   * dropped with the model when the document closes or falls out of the cache.
   */
  derived<T>(document: ITextDocument, key: string, stamp: unknown): T | undefined {
    const entry = this.entries.get(document.uri);
    if (!entry || entry.version !== document.version || entry.running) return undefined;
    const hit = entry.derived?.get(key);
    return hit && hit.stamp === stamp ? (hit.value as T) : undefined;
  }

  setDerived(document: ITextDocument, key: string, stamp: unknown, value: unknown): void {
    const entry = this.entries.get(document.uri);
    if (!entry || entry.version !== document.version || entry.running) return;
    (entry.derived ??= new Map()).set(key, { stamp, value });
  }

  /** The cached model of `uri` at any version, without parsing. */
  peek(uri: string): CableDocument | undefined {
    const entry = this.entries.get(uri);
    return !entry || entry.running ? undefined : settled(entry).model;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.cutShort.delete(uri);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The entry with every step's lines where its bounds say (settles what an incremental parse left). */
function settled(entry: Entry): Entry {
  if (entry.unsettled !== undefined && entry.parse) {
    settleSteps(entry.parse.steps, entry.unsettled);
    entry.unsettled = undefined;
  }
  return entry;
}

/** The first step that lags (steps.length when none does). */
function firstLagging(steps: readonly ParseStep[]): number {
  for (let i = 0; i < steps.length; i++) if (lagOf(steps[i]) !== 0) return i;
  return steps.length;
}

function emptyModel(source: LineSource): CableDocument {
  return { cables: [], outside: [], lines: source.lines, eol: source.eol, bom: source.bom, binary: false, problems: [] };
}

/**
 * The parser promises never to throw; this guard keeps that promise for the server even if a
 * parser bug slips through, answering with an empty model rather than failing every request.
 */
export function safeParse(text: string): CableDocument {
  try {
    return parseCable(text);
  } catch {
    return { cables: [], outside: [], lines: text.split(/\r?\n/), eol: '\n', bom: false, binary: false, problems: [] };
  }
}

/** parseLines with parseCable's promise: a parser bug is reported as an internal error of the model, never thrown. */
function safeParseLines(source: LineSource): DocumentParse {
  try {
    return parseLines(source.lines, source.eol, source.bom);
  } catch {
    // parseCable turns the bug into the model's internal-error problem.
    const text = source.lines.join('\n');
    return { doc: { ...safeParse(text), lines: source.lines, eol: source.eol, bom: source.bom }, steps: [], whole: true };
  }
}

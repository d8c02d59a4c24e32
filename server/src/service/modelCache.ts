import { parseCable, type CableDocument } from '../parser';
import { reparse, type ReparseStats } from '../parser/incremental';
import { assembleDocument, firstCableStart, linesLookBinary, cableSteps, parseLines, type DocumentParse, type ParseStep } from '../parser/parser';
import type { CancellationToken } from './cancellation';
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
  /** A sliced first parse of this version is running: `model` is what it has read so far. */
  running?: { steps: ParseStep[]; source: LineSource; done: Promise<void>; assembled: number };
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
  private readonly maxEntries: number;

  constructor(private readonly options: ModelCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 64;
  }

  get(document: ITextDocument): CableDocument {
    const hit = this.entries.get(document.uri);
    if (hit && hit.version === document.version) {
      this.touch(document.uri, hit);
      if (hit.running) return this.partial(hit);
      return hit.model;
    }
    const source = this.options.parse ? undefined : lineSource(document);
    if (source && this.options.background && source.lines.length >= SLICED_LINES && !(hit && hit.parse && !hit.running && source.editsSince(hit.version))) {
      // Being analysed (or about to be): nothing to show yet rather than a stall.
      return emptyModel(source);
    }
    return this.compute(document, source, hit);
  }

  /** True when `get` answers this version from a complete model, without parsing. */
  ready(document: ITextDocument): boolean {
    const hit = this.entries.get(document.uri);
    return !!hit && hit.version === document.version && !hit.running;
  }

  private compute(document: ITextDocument, source: LineSource | undefined, prev: Entry | undefined): CableDocument {
    let parse: DocumentParse | undefined;
    let model: CableDocument;
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
          parse = reparse(prev.parse, source.lines, source.eol, source.bom, edit, stats);
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
    this.store(document.uri, { version: document.version, model, ...(parse ? { parse } : {}) });
    return model;
  }

  /**
   * Parses this version, in slices of about `sliceMs` when it is large and has no earlier model to
   * start from, yielding to the event loop between them; `progress` hears how far it got (lines).
   * Resolves with the model, or undefined when the version was replaced (or `token` cancelled)
   * before the end: that work is abandoned.
   */
  async analyse(document: ITextDocument, token: CancellationToken, sliceMs = 15, progress?: (done: number, total: number) => void): Promise<CableDocument | undefined> {
    const version = document.version;
    const hit = this.entries.get(document.uri);
    if (hit && hit.version === version) {
      if (!hit.running) return hit.model;
      await hit.running.done;
      const now = this.entries.get(document.uri);
      return now && now.version === version && !now.running ? now.model : undefined;
    }
    const source = this.options.parse ? undefined : lineSource(document);
    const incremental = !!(source && hit?.parse && !hit.running && source.editsSince(hit.version));
    if (!source || incremental || source.lines.length < SLICED_LINES) return this.compute(document, source, hit);
    const lines = source.lines;
    let first: { start: number; fallback: boolean };
    try {
      if (linesLookBinary(lines)) return this.compute(document, source, undefined);
      first = firstCableStart(lines);
    } catch {
      return this.compute(document, source, undefined);
    }
    if (first.start < 0 || first.fallback) return this.compute(document, source, undefined);

    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const entry: Entry = { version, model: emptyModel(source), running: { steps: [], source, done, assembled: -1 } };
    this.store(document.uri, entry);
    const steps = entry.running!.steps;
    const stale = () => token.isCancellationRequested || document.version !== version || this.entries.get(document.uri) !== entry;
    try {
      let t0 = Date.now();
      for (const step of cableSteps(lines, first.start)) {
        steps.push(step);
        if (step.start >= 0 && Date.now() - t0 >= sliceMs) {
          progress?.(step.to, lines.length);
          await yieldToEventLoop();
          if (stale()) {
            if (this.entries.get(document.uri) === entry) this.entries.delete(document.uri);
            return undefined;
          }
          t0 = Date.now();
        }
      }
      const parse: DocumentParse = { doc: assembleDocument(lines, source.eol, source.bom, steps), steps, whole: false };
      this.store(document.uri, { version, model: parse.doc, parse });
      this.options.onParse?.({ uri: document.uri, version, kind: 'whole' });
      return parse.doc;
    } catch {
      // A parser bug: the whole parse reports it as an internal error.
      if (this.entries.get(document.uri) === entry) this.entries.delete(document.uri);
      return stale() ? undefined : this.compute(document, source, undefined);
    } finally {
      finished();
    }
  }

  /** The model of the cables parsed so far, assembled when asked (requests during a sliced parse). */
  private partial(entry: Entry): CableDocument {
    const r = entry.running!;
    if (r.assembled !== r.steps.length) {
      entry.model = assembleDocument(r.source.lines, r.source.eol, r.source.bom, r.steps);
      r.assembled = r.steps.length;
    }
    return entry.model;
  }

  private touch(uri: string, entry: Entry): void {
    // Re-insert so the map's order is least-recently-used first.
    this.entries.delete(uri);
    this.entries.set(uri, entry);
  }

  private store(uri: string, entry: Entry): void {
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
    return entry?.running ? undefined : entry?.model;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Lets the requests and notifications that arrived meanwhile be handled (a timer would wait a millisecond or more). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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

import { parseCable, type CableDocument } from '../parser';
import type { ITextDocument } from './textDocument';

/**
 * The parser's model, computed once per document version. Every provider asks here, so a hover,
 * an outline and the diagnostics on the same version share one parse. Only the latest version of
 * each document is kept; `maxEntries` bounds memory when many documents are open.
 */
interface Entry {
  version: number;
  model: CableDocument;
  /** What features computed from this version's model (diagnostics), keyed by feature. */
  derived?: Map<string, { stamp: unknown; value: unknown }>;
}

export class ModelCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly parse: (text: string) => CableDocument = safeParse,
    private readonly maxEntries = 64,
  ) {}

  get(document: ITextDocument): CableDocument {
    const hit = this.entries.get(document.uri);
    if (hit && hit.version === document.version) {
      // Re-insert so the map's order is least-recently-used first.
      this.entries.delete(document.uri);
      this.entries.set(document.uri, hit);
      return hit.model;
    }
    const model = this.parse(document.getText());
    this.entries.delete(document.uri);
    this.entries.set(document.uri, { version: document.version, model });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return model;
  }

  /**
   * A result computed from this version's model and kept with it (the diagnostics): valid while
   * the document is at this version and `stamp` (the settings it was computed with) is the same;
   * dropped with the model when the document closes or falls out of the cache.
   */
  derived<T>(document: ITextDocument, key: string, stamp: unknown): T | undefined {
    const entry = this.entries.get(document.uri);
    if (!entry || entry.version !== document.version) return undefined;
    const hit = entry.derived?.get(key);
    return hit && hit.stamp === stamp ? (hit.value as T) : undefined;
  }

  setDerived(document: ITextDocument, key: string, stamp: unknown, value: unknown): void {
    const entry = this.entries.get(document.uri);
    if (!entry || entry.version !== document.version) return;
    (entry.derived ??= new Map()).set(key, { stamp, value });
  }

  /** The cached model of `uri` at any version, without parsing. */
  peek(uri: string): CableDocument | undefined {
    return this.entries.get(uri)?.model;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  get size(): number {
    return this.entries.size;
  }
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

/**
 * Where the model's positions and LSP's part. LSP counts a position's character in UTF-16 code
 * units of the text as the client has it; a text the client sent with a BOM has it as line 0's
 * first character. The parser leaves the BOM out of the lines (splitLines, LineDocument's `bom`),
 * so on line 0 of such a text every model character is one less than the client's. The service
 * (index.ts) turns what comes in with fromClient and what goes out with toClient; a document
 * without a BOM pays one test of a flag and no walk over its answers.
 *
 * Texts that never came from the client are not moved: a file the workspace index or the
 * large-file reader read from disk had its BOM stripped, as editors strip it when they open it.
 */
import type { Diagnostic, Position, Range } from 'vscode-languageserver-types';
import { copyRange, Span } from '../parser';
import { lineSource, type ITextDocument } from './textDocument';

/** Whether the text the client sent for `document` starts with a BOM the model leaves out of line 0. */
export function hasBom(document: ITextDocument): boolean {
  const source = lineSource(document);
  // A plain TextDocument's getText is its string (no join).
  return source ? source.bom : document.getText().charCodeAt(0) === 0xfeff;
}

/** A client's position in the model's characters. Before the BOM is the first character's place. */
export function positionFromClient(p: Position, bom: boolean): Position {
  return bom && p.line === 0 ? { line: 0, character: Math.max(0, p.character - 1) } : p;
}

export function rangeFromClient(r: Range, bom: boolean): Range {
  return bom && (r.start.line === 0 || r.end.line === 0) ? { start: positionFromClient(r.start, true), end: positionFromClient(r.end, true) } : r;
}

/** A code action request's context: the client's diagnostics (its copies of ours) in the model's characters. */
export function contextFromClient<C extends { diagnostics: Diagnostic[] }>(context: C, bom: boolean): C {
  if (!bom) return context;
  return { ...context, diagnostics: context.diagnostics.map((d) => (touchesLine0(d.range) ? { ...d, range: rangeFromClient(d.range, true) } : d)) };
}

/** Which documents an answer's positions are in: the one asked about, and any other by URI. */
export interface BomsOf {
  /** The document asked about has a BOM. */
  readonly here: boolean;
  /** Another document the answer points into (a Location's uri, a link's targetUri, a WorkspaceEdit's) has one. */
  at(uri: string): boolean;
}

/**
 * `value` with every position in it on line 0 of a document with a BOM one character further, as
 * a copy: like `detached` (ranges.ts), which it stands for when some document has a BOM, plain
 * data is copied all the way down. Positions are found by their shape (a Span, or an object with a
 * numeric `line` and `character`); whose they are, by the nearest URI above them (`uri`,
 * `textDocument.uri`, `targetUri` for `targetRange` and `targetSelectionRange`, the keys of a
 * WorkspaceEdit's `changes`), else the document asked about.
 */
export function toClient<T>(value: T, boms: BomsOf): T {
  return shifted(value, boms.here, boms);
}

function shifted<T>(value: T, bom: boolean, boms: BomsOf): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Span) return spanToClient(value, bom) as T;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = shifted(value[i], bom, boms);
    return out as T;
  }
  // Another object of the model's own class (a token of one object) goes out as its JSON says.
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function' && Object.getPrototypeOf(value) !== Object.prototype) return shifted(json.call(value) as T, bom, boms);
  const o = value as Record<string, unknown>;
  if (typeof o['line'] === 'number' && typeof o['character'] === 'number') {
    const out: Record<string, unknown> = { ...o };
    if (bom && o['line'] === 0) out['character'] = (o['character'] as number) + 1;
    return out as T;
  }
  const uri = typeof o['uri'] === 'string' ? o['uri'] : typeof (o['textDocument'] as { uri?: unknown } | undefined)?.uri === 'string' ? (o['textDocument'] as { uri: string }).uri : undefined;
  const own = uri === undefined ? bom : boms.at(uri);
  const target = typeof o['targetUri'] === 'string' ? boms.at(o['targetUri']) : own;
  const out: Record<string, unknown> = {};
  for (const key in o) {
    const v = o[key];
    if (key === 'changes' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const changes: Record<string, unknown> = {};
      for (const u in v as Record<string, unknown>) changes[u] = shifted((v as Record<string, unknown>)[u], boms.at(u), boms);
      out[key] = changes;
    } else out[key] = shifted(v, key === 'targetRange' || key === 'targetSelectionRange' ? target : own, boms);
  }
  return out as T;
}

/**
 * The diagnostics of a document with a BOM as the client counts them: those on line 0 copied with
 * their range moved (the others are the same objects: a large export's are shared from version to
 * version, see diagnostics/provider.ts forMessage).
 */
export function diagnosticsToClient(diagnostics: Diagnostic[], bom: boolean): Diagnostic[] {
  if (!bom) return diagnostics;
  let out: Diagnostic[] | undefined;
  for (let i = 0; i < diagnostics.length; i++) {
    const d = diagnostics[i]!;
    if (!touchesLine0(d.range)) continue;
    out ??= diagnostics.slice();
    // Spread keeps the keys' order, the range first (the stdio writer reads it so).
    out[i] = { ...d, range: spanToClient(d.range, true) };
  }
  return out ?? diagnostics;
}

/**
 * Semantic tokens (LSP's relative encoding) of a document with a BOM: only the first token's start
 * is counted from the line's start when it is on line 0; the tokens after it on that line are
 * counted from it, and those of later lines from their own line's start.
 */
export function semanticTokensToClient(tokens: { data: number[] }, bom: boolean): { data: number[] } {
  if (bom && tokens.data.length >= 5 && tokens.data[0] === 0) tokens.data[1]++;
  return tokens;
}

/** A copy of `r`, its ends on line 0 one character further when `bom`. */
function spanToClient(r: Range, bom: boolean): Span {
  const s = copyRange(r);
  if (bom) {
    if (s.startLine === 0) s.startCharacter++;
    if (s.endLine === 0) s.endCharacter++;
  }
  return s;
}

function touchesLine0(r: Range): boolean {
  // A Span's start and end are made when read: its fields are read instead (a 200 MB export has 60,000 problems).
  if (r instanceof Span) return r.startLine === 0 || r.endLine === 0;
  return r.start.line === 0 || r.end.line === 0;
}

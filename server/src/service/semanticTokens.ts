import type { CableDocument, Range, Token } from '../parser';
import type { CancellationToken } from './cancellation';
import type { ModelCache } from './modelCache';
import type { ITextDocument } from './textDocument';

/**
 * Semantic tokens from the model. The TextMate grammar sees one line at a time and must guess
 * where the parser knows: a one-word section header ("Turkey") that it takes for a signature, a
 * signature it cannot tell from a header word, an all-caps body line that looks like a heading,
 * page markers in odd places, web-page text between the cables. Once the server has parsed, these
 * tokens give those spans the colours of what they are.
 *
 * Only standard token types and modifiers, so that every theme colours them without configuration;
 * package.json (`semanticTokenScopes`) maps them, for cables, to the grammar's own scopes, so a
 * theme without semantic colours shows the same colours as the grammar where the two agree.
 */
export const TOKEN_TYPES = ['namespace', 'label', 'number', 'keyword', 'comment', 'variable', 'macro'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'readonly', 'documentation'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export const SEMANTIC_TOKENS_LEGEND = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/**
 * What each kind of span is, as a (type, modifiers) pair:
 * - section header: `namespace` + `declaration` (a heading that opens a part of the text)
 * - signature: `label` + `declaration`
 * - paragraph number: `number`; paragraph marking: `keyword`
 * - page marker (and old page header, lost-section notice): `comment`
 * - web-page text around the cables: `comment` + `documentation`
 * - routing indicator (delivery lines, DE station, TO/INFO/XMT): `variable` + `readonly`
 * - classification banner and captions: `macro` (a control line, not text)
 */
export interface CableSemanticToken {
  line: number;
  character: number;
  length: number;
  type: TokenType;
  modifiers: TokenModifier[];
}

export class CableSemanticTokensProvider {
  constructor(private readonly cache: ModelCache) {}

  /** The tokens in LSP's relative encoding (`SemanticTokens.data`). */
  provideSemanticTokens(document: ITextDocument, token: CancellationToken): { data: number[] } {
    const tokens = semanticTokens(this.cache.get(document), token);
    return { data: encode(tokens) };
  }
}

/** Every token of the model, in document order, none overlapping, each on one line. */
export function semanticTokens(model: CableDocument, cancel: CancellationToken = { isCancellationRequested: false }): CableSemanticToken[] {
  const out: CableSemanticToken[] = [];
  const lines = model.lines;
  // A range may cross lines (web text, a two-line header): one token per line, trimmed of the
  // line's leading and trailing blanks (a token over nothing shows nothing and costs bytes).
  const add = (range: Range | undefined, type: TokenType, modifiers: TokenModifier[] = []) => {
    if (!range) return;
    for (let line = range.start.line; line <= range.end.line && line < lines.length; line++) {
      const text = lines[line] ?? '';
      let start = line === range.start.line ? range.start.character : 0;
      let end = line === range.end.line ? Math.min(range.end.character, text.length) : text.length;
      while (start < end && /\s/.test(text[start]!)) start++;
      while (end > start && /\s/.test(text[end - 1]!)) end--;
      if (end > start) out.push({ line, character: start, length: end - start, type, modifiers });
    }
  };
  const tok = (t: Token | undefined, type: TokenType, modifiers: TokenModifier[] = []) => add(t?.range, type, modifiers);

  for (const o of model.outside) add(o.range, 'comment', ['documentation']);
  for (const cable of model.cables) {
    if (cancel.isCancellationRequested) return [];
    const r = cable.routing;
    if (r) {
      for (const d of r.delivery) for (const i of d.indicators) tok(i, 'variable', ['readonly']);
      tok(r.de?.station, 'variable', ['readonly']);
      for (const a of r.addressees) tok(a.routingIndicator, 'variable', ['readonly']);
      for (const p of r.pageHeaders) tok(p, 'comment');
    }
    if (cable.banner) add(cable.banner.range, 'macro');
    for (const c of cable.captions) tok(c, 'macro');
    const body = cable.body;
    for (const s of body.sections) add(s.range, 'namespace', ['declaration']);
    for (const p of body.paragraphs) {
      tok(p.number, 'number');
      tok(p.marking, 'keyword');
    }
    for (const m of body.pageMarkers) {
      tok(m, 'comment');
      // An old page header's classification lines go with it.
      for (const t of m.classification ?? []) tok(t, 'comment');
    }
    tok(body.signature, 'label', ['declaration']);
  }
  out.sort((a, b) => a.line - b.line || a.character - b.character);
  // Tokens must not overlap: where two do (a marker glued into a header line), the first wins.
  const clean: CableSemanticToken[] = [];
  for (const t of out) {
    const prev = clean[clean.length - 1];
    if (prev && prev.line === t.line && t.character < prev.character + prev.length) continue;
    clean.push(t);
  }
  return clean;
}

/** LSP's encoding: five integers per token, line and start relative to the previous token. */
export function encode(tokens: readonly CableSemanticToken[]): number[] {
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const t of tokens) {
    const dl = t.line - line;
    data.push(dl, dl === 0 ? t.character - character : t.character, t.length, TOKEN_TYPES.indexOf(t.type), modifierBits(t.modifiers));
    line = t.line;
    character = t.character;
  }
  return data;
}

function modifierBits(modifiers: readonly TokenModifier[]): number {
  let bits = 0;
  for (const m of modifiers) bits |= 1 << TOKEN_MODIFIERS.indexOf(m);
  return bits;
}

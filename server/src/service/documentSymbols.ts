import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { Cable, Paragraph, Range, TextBlock, Token } from '../parser';
import type { CancellationToken } from './cancellation';
import { bannerReferenceId } from './cableYear';
import { paragraphAtLine } from './locate';
import type { ModelCache } from './modelCache';
import { comparePositions, copyRange, rangeWithin, spanRange } from './ranges';
import type { CableSettings } from './settings';
import type { ITextDocument } from './textDocument';

/**
 * The outline, laid out for readers, who navigate a cable by its paragraphs and sections and take
 * the header as one thing: the header (WikiLeaks table, routing block, banner, captions, subject
 * block) is one collapsible symbol holding its parts; the section headers and paragraphs follow at
 * the top level, in text order (a section does not hide its paragraphs when the outline is
 * collapsed), with summary and comment blocks inside the paragraph that holds them, then the
 * signature. In a file holding several cables each cable is a top-level symbol holding all that.
 * Cables with no sections, numbers or header get the parts they have.
 */
export class CableDocumentSymbolProvider {
  constructor(
    private readonly cache: ModelCache,
    private readonly settings: () => CableSettings,
  ) {}

  provideDocumentSymbols(document: ITextDocument, token: CancellationToken): DocumentSymbol[] {
    return this.outline(document, token).symbols;
  }

  /**
   * The outline, and what was left out of it. A file of several cables lists each cable as a
   * top-level symbol (its reference ID, its subject as detail) and gives each its parts while the
   * budget of OUTLINE_MAX_SYMBOLS lasts; the cables after that are listed bare, and only the first
   * OUTLINE_MAX_SYMBOLS cables at all. Why: the outline is sent again after every edit, and a
   * 200 MB export's full outline (635,339 symbols, 165 MB of JSON) took longer to send and render
   * than the edit; a reader of such an export finds a cable by its ID (Go to Symbol, the
   * workspace symbols) and reads its parts in the cable itself, and 25,000 symbols (about 5 MB of
   * JSON) is what an editor lists without a pause.
   */
  outline(document: ITextDocument, token: CancellationToken): { symbols: DocumentSymbol[]; cap?: OutlineCap } {
    const model = this.cache.get(document);
    const out: DocumentSymbol[] = [];
    if (model.cables.length <= 1) {
      for (const cable of model.cables) out.push(...this.cableSymbols(cable));
      return { symbols: token.isCancellationRequested ? [] : out };
    }
    const listed = model.cables.length > OUTLINE_MAX_SYMBOLS ? model.cables.slice(0, OUTLINE_MAX_SYMBOLS) : model.cables;
    let budget = OUTLINE_MAX_SYMBOLS - listed.length;
    let bare = 0;
    for (const cable of listed) {
      if (token.isCancellationRequested) return { symbols: [] };
      let children: DocumentSymbol[] = [];
      if (budget > 0) {
        children = this.cableSymbols(cable);
        const size = count(children);
        if (size <= budget) budget -= size;
        else {
          children = [];
          budget = 0;
        }
      }
      if (budget === 0 && children.length === 0) bare++;
      // Named as the archive names cables: a copy without its table by the ID it would carry
      // (every bare copy's banner begins alike, `C O N F I D E N T I A L SECTION 01 OF …`).
      const name = cable.table?.referenceId?.text ?? bannerReferenceId(cable, document.uri) ?? postAndSerial(cable) ?? bannerName(cable) ?? cable.subject?.text ?? 'Cable';
      out.push(symbol(name, SymbolKind.Module, cable.range, cable.range, children, cable.subject?.text));
    }
    const cap = bare > 0 || listed.length < model.cables.length ? { cables: model.cables.length, listed: listed.length, bare } : undefined;
    return { symbols: out, ...(cap ? { cap } : {}) };
  }

  private cableSymbols(cable: Cable): DocumentSymbol[] {
    const out: DocumentSymbol[] = [];
    const header = headerSymbol(cable);
    if (header) out.push(header);
    out.push(...bodySymbols(cable, this.settings().outlineMaxParagraphs));
    if (cable.body.signature) {
      const s = cable.body.signature;
      out.push(symbol(s.text, SymbolKind.Constant, s.range, s.range, [], 'signature'));
    }
    return out;
  }
}

/** At most this many symbols in the outline of a file of several cables (see `outline`). */
export const OUTLINE_MAX_SYMBOLS = 25000;

/** What the outline left out: of `cables`, the first `listed` are listed, `bare` of them without their parts. */
export interface OutlineCap {
  cables: number;
  listed: number;
  bare: number;
}

function count(symbols: readonly DocumentSymbol[]): number {
  let n = symbols.length;
  for (const s of symbols) if (s.children) n += count(s.children);
  return n;
}

/** The header as one symbol: its parts are the children, its range spans them and the lines between. */
function headerSymbol(cable: Cable): DocumentSymbol | undefined {
  const parts: DocumentSymbol[] = [];
  const t = cable.table;
  if (t) {
    const fields: DocumentSymbol[] = [];
    const field = (name: string, tok: Token | undefined, kind: SymbolKind = SymbolKind.Property) => {
      if (tok) fields.push(symbol(name, kind, tok.range, tok.range, [], tok.text));
    };
    field('Reference ID', t.referenceId, SymbolKind.Key);
    field('Created', t.created);
    field('Released', t.released);
    field('Classification', t.classification);
    field('Origin', t.origin);
    parts.push(symbol('WikiLeaks table', SymbolKind.Struct, t.range, t.headerLine.range, fields, t.referenceId?.text));
  }
  const routing = routingSymbol(cable);
  if (routing) parts.push(routing);
  if (cable.banner) {
    parts.push(symbol(bannerName(cable)!, SymbolKind.Constant, cable.banner.range, cable.banner.classification.range, [], 'banner'));
  }
  if (cable.captions.length > 0) {
    const first = cable.captions[0]!;
    const last = cable.captions[cable.captions.length - 1]!;
    const names = [...new Set(cable.captions.map((c) => c.text.trim()))];
    parts.push(symbol(names.join(', '), SymbolKind.Constant, spanRange(first.range, last.range), first.range, [], 'captions'));
  }
  const subject = subjectBlockSymbol(cable);
  if (subject) parts.push(subject);
  if (parts.length === 0) return undefined;
  parts.sort((a, b) => comparePositions(a.range.start, b.range.start));
  // Lines of the header that are no part of their own (a date line, an export's metadata, office
  // routing) still belong to it: the range covers them so that the breadcrumbs say "Header" there.
  const extra: Range[] = [cable.dateLine, cable.extractNotice, ...(cable.metadata ?? []), ...cable.officeLines]
    .filter((x): x is Token => x !== undefined)
    .map((x) => x.range)
    .filter((r) => !cable.body.range || comparePositions(r.end, cable.body.range.start) <= 0);
  let start = parts[0]!.range.start;
  let end = parts[0]!.range.end;
  for (const r of [...parts.map((p) => p.range), ...extra]) {
    if (comparePositions(r.start, start) < 0) start = r.start;
    if (comparePositions(r.end, end) > 0) end = r.end;
  }
  const range = { start, end };
  const when = cable.routing?.dtg?.dayTime.text ? [cable.routing.dtg.dayTime.text, cable.routing.dtg.month?.text, cable.routing.dtg.year?.text].filter(Boolean).join(' ') : cable.table?.created?.text;
  const detail = [cable.table?.referenceId?.text, cable.routing?.from?.name?.text, when].filter(Boolean).join(', ');
  return symbol('Header', SymbolKind.Struct, range, parts[0]!.selectionRange, parts, detail || undefined);
}

function symbol(name: string, kind: SymbolKind, range: Range, selectionRange: Range, children: DocumentSymbol[], detail?: string): DocumentSymbol {
  // An empty name is a protocol error in VS Code; a selection outside the range is too.
  const sel = rangeWithin(selectionRange, range) ? selectionRange : { start: range.start, end: range.start };
  // Copies: the model's ranges move in place with a later edit, and the outline may wait in the writer.
  const s: DocumentSymbol = { name: name.trim() || '(untitled)', kind, range: copyRange(range), selectionRange: copyRange(sel), children };
  if (detail) s.detail = detail;
  return s;
}

function bannerName(cable: Cable): string | undefined {
  const b = cable.banner;
  if (!b) return undefined;
  return b.range.start.line === b.range.end.line ? b.classification.text + tail(b) : b.classification.text;
}

/** `HARARE 005461`, as the banner writes them, when the year is not known. */
function postAndSerial(cable: Cable): string | undefined {
  const b = cable.banner;
  return b?.post && b.serial ? `${b.post.text} ${b.serial.text}` : undefined;
}

function tail(b: NonNullable<Cable['banner']>): string {
  const parts: string[] = [];
  if (b.section) parts.push(`SECTION ${b.section.number.text} OF ${b.section.total.text}`);
  if (b.post) parts.push(b.post.text);
  if (b.serial) parts.push(b.serial.text);
  return parts.length ? ' ' + parts.join(' ') : '';
}

function line(name: string, kind: SymbolKind, range: Range, detail?: string): DocumentSymbol {
  return symbol(name, kind, range, range, [], detail);
}

function routingSymbol(cable: Cable): DocumentSymbol | undefined {
  const r = cable.routing;
  if (!r) return undefined;
  const kids: DocumentSymbol[] = [];
  if (r.start) kids.push(line(`${r.start.marker.text}${r.start.transmissionId?.text ?? ''}`, SymbolKind.Event, r.start.range, 'start of message'));
  for (const d of r.delivery) {
    const name = [d.precedence?.text, ...d.indicators.slice(0, 3).map((i) => i.text)].filter(Boolean).join(' ') + (d.indicators.length > 3 ? ' …' : '');
    kids.push(line(name, SymbolKind.Field, d.range, `${d.indicators.length} routing indicator${d.indicators.length === 1 ? '' : 's'}`));
  }
  if (r.de) kids.push(line(`DE ${[r.de.station?.text, r.de.serial?.text].filter(Boolean).join(' ')}`, SymbolKind.Field, r.de.range, 'originating station'));
  if (r.security) kids.push(line([r.security.keyword.text, r.security.letters?.text].filter(Boolean).join(' '), SymbolKind.Field, r.security.range, 'security'));
  if (r.dtg) {
    const text = [r.dtg.precedence?.text, r.dtg.dayTime.text, r.dtg.month?.text, r.dtg.year?.text].filter(Boolean).join(' ');
    kids.push(line(text, SymbolKind.Event, r.dtg.range, r.dtg.iso ?? 'date-time group'));
  }
  if (r.from) kids.push(line(`FM ${r.from.name?.text ?? ''}`, SymbolKind.Field, r.from.range, 'originator'));
  for (const kind of ['TO', 'INFO', 'XMT'] as const) {
    const list = r.addressees.filter((a) => a.kind === kind);
    if (list.length === 0) continue;
    const members = list.map((a) =>
      line(a.name?.text ?? a.routingIndicator?.text ?? kind, SymbolKind.Field, a.range, a.routingIndicator?.text),
    );
    kids.push(symbol(kind, SymbolKind.Array, spanRange(list[0]!.range, list[list.length - 1]!.range), list[0]!.keyword?.range ?? list[0]!.range, members, `${list.length} addressee${list.length === 1 ? '' : 's'}`));
  }
  const name = 'Routing';
  const detail = [r.from?.name?.text, r.dtg?.dayTime.text].filter(Boolean).join(', ');
  return symbol(name, SymbolKind.Namespace, r.range, r.start?.range ?? r.range, kids, detail || undefined);
}

function subjectBlockSymbol(cable: Cable): DocumentSymbol | undefined {
  const kids: DocumentSymbol[] = [];
  if (cable.eo) kids.push(line(`${cable.eo.label.text} ${cable.eo.order?.text ?? ''}`.trim(), SymbolKind.Property, cable.eo.range, cable.eo.decl?.text));
  if (cable.tags) kids.push(line('TAGS', SymbolKind.Property, cable.tags.range, cable.tags.codes.map((c) => c.text).join(' ')));
  if (cable.subject) kids.push(line(`SUBJECT: ${cable.subject.text}`, SymbolKind.String, cable.subject.range));
  if (cable.refs) {
    const entries = cable.refs.entries.map((e) => line(`${e.label}. ${e.text.trim()}`, SymbolKind.Key, e.range));
    kids.push(symbol('REF', SymbolKind.Array, cable.refs.range, cable.refs.label.range, entries, `${entries.length} reference${entries.length === 1 ? '' : 's'}`));
  }
  if (cable.classifiedBy) kids.push(line('Classified By', SymbolKind.Property, cable.classifiedBy.range, cable.classifiedBy.classifier?.text));
  if (kids.length === 0) return undefined;
  const range = cable.subjectBlockRange ?? spanRange(kids[0]!.range, kids[kids.length - 1]!.range);
  const name = cable.subject ? `SUBJECT: ${cable.subject.text}` : 'Subject block';
  if (cable.subject) {
    // The block is named after the subject; its SUBJECT child would repeat it.
    const idx = kids.findIndex((k) => k.kind === SymbolKind.String);
    if (idx >= 0) kids.splice(idx, 1);
  }
  return symbol(name, SymbolKind.Package, range, cable.subject?.range ?? range, kids);
}

export function paragraphName(p: Paragraph): string {
  const parts: string[] = [];
  if (p.number) parts.push(`${p.number.value}.`);
  if (p.marking) parts.push(p.marking.text);
  if (p.firstWords) {
    // The parser marks a cut only when it cut inside the first line; a paragraph that goes on
    // past its first words reads as a fragment, so the outline says so the same way.
    const more = p.endLine > p.startLine && !p.firstWords.endsWith('…');
    parts.push(more ? `${p.firstWords}…` : p.firstWords);
  }
  return parts.join(' ') || 'Paragraph';
}

function blockName(b: TextBlock): string {
  return b.kind === 'summary' ? 'Summary' : b.kind === 'comment' ? 'Comment' : 'Quoted text';
}

function bodySymbols(cable: Cable, maxParagraphs: number): DocumentSymbol[] {
  const body = cable.body;
  const paraSymbols = new Map<Paragraph, DocumentSymbol>();
  const paragraphs = body.paragraphs.slice(0, maxParagraphs);
  for (const p of paragraphs) {
    const sel = p.number?.range ?? p.marking?.range ?? p.anchor?.range ?? { start: p.range.start, end: p.range.start };
    paraSymbols.set(p, symbol(paragraphName(p), SymbolKind.String, p.range, sel, []));
  }
  // Blocks go inside the innermost paragraph that holds them, else stand at the top level.
  const loose: DocumentSymbol[] = [];
  for (const b of body.blocks) {
    const s = symbol(blockName(b), SymbolKind.Object, b.range, b.open.range, [], b.open.text.trim());
    const candidate = paragraphAtLine(paragraphs, b.range.start.line);
    const holder = candidate && rangeWithin(b.range, candidate.range) ? candidate : undefined;
    if (holder) paraSymbols.get(holder)!.children!.push(s);
    else loose.push(s);
  }
  // Section headers stand beside the paragraphs, not over them: a reader who collapses the
  // outline still sees every paragraph number. The header's range is its own line(s), so that
  // siblings never overlap and the breadcrumbs inside a paragraph name the paragraph.
  // A block that spans paragraphs stands beside them; when it opens on a section header's line
  // (`SUMMARY` alone on its line) it is that header, named once.
  const opensBlock = (r: Range) => loose.some((b) => rangeWithin(b.selectionRange, r));
  const out: DocumentSymbol[] = body.sections
    .filter((sec) => !opensBlock(sec.range))
    .map((sec) => symbol(sec.title, SymbolKind.Namespace, sec.range, sec.range, [], 'section'));
  for (const p of paragraphs) out.push(paraSymbols.get(p)!);
  out.push(...loose);
  const byStart = (a: DocumentSymbol, b: DocumentSymbol) => comparePositions(a.range.start, b.range.start);
  return out.sort(byStart);
}

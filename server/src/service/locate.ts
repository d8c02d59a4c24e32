import type {
  Addressee,
  Banner,
  Cable,
  CableDocument,
  ClassifiedBy,
  DateTimeGroup,
  DeLine,
  DeliveryLine,
  EoLine,
  Marking,
  PageMarker,
  Paragraph,
  Position,
  RefEntry,
  SecurityLine,
  StartOfMessage,
  Token,
  WikiLeaksTable,
} from '../parser';
import { cableAtLine, rangeContains } from './ranges';

/**
 * What the caret is on, read from the model. Hover, navigation and completion all start here, so
 * "which part of the cable is this" is decided once.
 */
export type CableElement =
  | { kind: 'routingIndicator'; token: Token; role: 'delivery' | 'de' | 'addressee'; addressee?: Addressee }
  | { kind: 'startOfMessage'; token: Token; start: StartOfMessage; part: 'marker' | 'transmissionId' }
  | { kind: 'deliveryPrecedence'; token: Token; line: DeliveryLine }
  | { kind: 'deLine'; token: Token; de: DeLine; part: 'keyword' | 'serial' | 'section' | 'julianDay' | 'time' | 'line' }
  | { kind: 'security'; token: Token; security: SecurityLine; part: 'keyword' | 'letters' | 'signal' }
  | { kind: 'dtg'; token: Token; dtg: DateTimeGroup }
  | { kind: 'fromKeyword'; token: Token }
  | { kind: 'fromName'; token: Token }
  | { kind: 'addresseeKeyword'; token: Token; addressee: Addressee }
  | { kind: 'addresseeName'; token: Token; addressee: Addressee }
  | { kind: 'addresseePrecedence'; token: Token; addressee: Addressee }
  | { kind: 'controlNumber'; token: Token; addressee: Addressee }
  | { kind: 'bt'; token: Token }
  | { kind: 'nnnn'; token: Token }
  | { kind: 'routingPageHeader'; token: Token }
  /** An old telegram's distribution (`ACTION AF-00`, `INFO LOG-00 …`, `/012W`) or downgrading group (`GP-3`): the code under the caret. */
  | { kind: 'oldCode'; token: Token; context: 'distribution' | 'group' }
  | { kind: 'table'; token: Token; table: WikiLeaksTable; field: 'header' | 'referenceId' | 'created' | 'released' | 'classification' | 'origin' }
  | { kind: 'banner'; token: Token; banner: Banner }
  | { kind: 'caption'; token: Token }
  | { kind: 'officeLine'; token: Token }
  | { kind: 'eo'; token: Token; eo: EoLine }
  | { kind: 'tag'; token: Token }
  | { kind: 'tagsLabel'; token: Token }
  | { kind: 'tagPerson'; token: Token }
  | { kind: 'subject'; token: Token }
  | { kind: 'refEntry'; token: Token; entry: RefEntry }
  | { kind: 'classifiedBy'; token: Token; classifiedBy: ClassifiedBy; reason?: ClassifiedBy['reasons'][number] }
  | { kind: 'marking'; token: Marking; paragraph: Paragraph }
  | { kind: 'paragraphNumber'; token: Token; paragraph: Paragraph }
  | { kind: 'pageMarker'; token: PageMarker }
  | { kind: 'signature'; token: Token }
  | { kind: 'redaction'; token: Token }
  | { kind: 'dateLine'; token: Token }
  | { kind: 'extractNotice'; token: Token }
  | { kind: 'trailer'; token: Token }
  /** A word of running text that no element of the model covers (the glossary hovers it). */
  | { kind: 'word'; token: Token };

export interface Located {
  cable: Cable;
  element: CableElement;
}

export function locate(model: CableDocument, pos: Position): Located | undefined {
  const found = locateExact(model, pos);
  if (found || pos.character === 0) return found;
  // The caret just after a word (`RUEHC|`) means that word.
  return locateExact(model, { line: pos.line, character: pos.character - 1 });
}

function within(token: Token | undefined, pos: Position): token is Token {
  return token !== undefined && rangeContains(token.range, pos);
}

function locateExact(model: CableDocument, pos: Position): Located | undefined {
  const cable = cableAtLine(model, pos.line);
  if (!cable) return undefined;
  const element = locateInCable(cable, pos) ?? oldCodeAt(cable, model.lines[pos.line], pos) ?? wordAt(model.lines[pos.line], pos);
  return element ? { cable, element } : undefined;
}

/** The whitespace-delimited code of `line` under the caret, as an old-telegram code. */
function codeAt(line: Token, pos: Position, context: 'distribution' | 'group'): CableElement | undefined {
  const at = pos.character - line.range.start.character;
  const re = /\S+/g;
  for (let m = re.exec(line.text); m; m = re.exec(line.text)) {
    if (m.index <= at && at < m.index + m[0].length) {
      const start = line.range.start.character + m.index;
      return { kind: 'oldCode', token: { text: m[0], range: { start: { line: pos.line, character: start }, end: { line: pos.line, character: start + m[0].length } } }, context };
    }
  }
  return undefined;
}

/**
 * In the text: a distribution line of a section's repeated header (the parser's range), or an old
 * telegram's downgrading group (`GP-3`) on a line of its own.
 */
function oldCodeAt(cable: Cable, line: string | undefined, pos: Position): CableElement | undefined {
  if (line === undefined) return undefined;
  const whole: Token = { text: line, range: { start: { line: pos.line, character: 0 }, end: { line: pos.line, character: line.length } } };
  if (/^\s*GP-\d\s*$/.test(line)) return codeAt(whole, pos, 'group');
  const repeated = cable.body.pageMarkers.find((m) => m.repeatedHeader && m.repeatedHeader.startLine <= pos.line && pos.line <= m.repeatedHeader.endLine);
  if (repeated && /^\s*(?:(?:ACTION|INFO)\s+)?[A-Z]{1,5}-\d\d\b/.test(line)) return codeAt(whole, pos, 'distribution');
  // `PAGE 01 HARARE 06677 02 OF 03 291401Z ACTION AF-00`: the distribution line glued onto the section's first page header.
  const glued = repeated?.gluedText;
  if (glued && glued.line === pos.line && pos.character >= glued.character && /^(?:ACTION|INFO)\s+[A-Z]{1,5}-\d\d\b/.test(line.slice(glued.character))) {
    return codeAt({ text: line.slice(glued.character), range: { start: glued, end: { line: pos.line, character: line.length } } }, pos, 'distribution');
  }
  return undefined;
}

const isWordChar = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** The word (a run of letters) under the caret on the line the parser gives, if any. */
function wordAt(line: string | undefined, pos: Position): CableElement | undefined {
  if (line === undefined || !isWordChar(line.charCodeAt(pos.character))) return undefined;
  let a = pos.character;
  let b = pos.character;
  while (a > 0 && isWordChar(line.charCodeAt(a - 1))) a--;
  while (b < line.length && isWordChar(line.charCodeAt(b))) b++;
  if (b - a < 2) return undefined;
  return { kind: 'word', token: { text: line.slice(a, b), range: { start: { line: pos.line, character: a }, end: { line: pos.line, character: b } } } };
}

function locateInCable(cable: Cable, pos: Position): CableElement | undefined {
  const table = cable.table;
  if (table && rangeContains(table.range, pos)) {
    for (const field of ['referenceId', 'created', 'released', 'classification', 'origin', 'headerLine'] as const) {
      const token = field === 'headerLine' ? table.headerLine : table[field];
      if (within(token, pos)) return { kind: 'table', token, table, field: field === 'headerLine' ? 'header' : field };
    }
    return undefined;
  }

  if (within(cable.dateLine, pos)) return { kind: 'dateLine', token: cable.dateLine };
  if (within(cable.extractNotice, pos)) return { kind: 'extractNotice', token: cable.extractNotice };
  const routing = cable.routing;
  if (routing && rangeContains(routing.range, pos)) return locateInRouting(cable, pos);

  // An old page header inside the subject block (the subject reads on through it) is the header's.
  for (const m of cable.body.pageMarkers) if (m.kind === 'page-header' && rangeContains(m.range, pos)) return { kind: 'pageMarker', token: m };
  const banner = cable.banner;
  if (banner && rangeContains(banner.range, pos)) return { kind: 'banner', token: banner.classification, banner };
  for (const caption of cable.captions) if (within(caption, pos)) return { kind: 'caption', token: caption };
  for (const office of cable.officeLines) if (within(office, pos)) return { kind: 'officeLine', token: office };

  if (cable.eo && rangeContains(cable.eo.range, pos)) return { kind: 'eo', token: cable.eo.label, eo: cable.eo };
  if (cable.tags && rangeContains(cable.tags.range, pos)) {
    for (const code of cable.tags.codes) if (within(code, pos)) return { kind: 'tag', token: code };
    for (const person of cable.tags.persons) if (within(person, pos)) return { kind: 'tagPerson', token: person };
    if (within(cable.tags.label, pos)) return { kind: 'tagsLabel', token: cable.tags.label };
    return undefined;
  }
  if (cable.subject && rangeContains(cable.subject.range, pos)) return { kind: 'subject', token: cable.subject.label };
  if (cable.refs && rangeContains(cable.refs.range, pos)) {
    for (const entry of cable.refs.entries) {
      if (rangeContains(entry.range, pos)) return { kind: 'refEntry', token: entry.labelToken ?? { text: entry.label, range: entry.range }, entry };
    }
    return undefined;
  }
  const cb = cable.classifiedBy;
  if (cb && rangeContains(cb.range, pos)) {
    const reason = cb.reasons.find((r) => rangeContains(r.range, pos));
    return reason ? { kind: 'classifiedBy', token: reason, classifiedBy: cb, reason } : { kind: 'classifiedBy', token: cb.label, classifiedBy: cb };
  }

  const body = cable.body;
  for (const marker of body.pageMarkers) if (rangeContains(marker.range, pos) || marker.classification?.some((t) => rangeContains(t.range, pos))) return { kind: 'pageMarker', token: marker };
  const paragraph = paragraphAtLine(body.paragraphs, pos.line);
  if (paragraph) {
    if (paragraph.marking && within(paragraph.marking, pos)) return { kind: 'marking', token: paragraph.marking, paragraph };
    if (paragraph.number && within(paragraph.number, pos)) return { kind: 'paragraphNumber', token: paragraph.number, paragraph };
  }
  if (within(body.signature, pos)) return { kind: 'signature', token: body.signature };
  for (const t of body.trailers) if (within(t, pos)) return { kind: 'trailer', token: t };
  const redaction = redactionAt(body.redactions, pos);
  if (redaction) return { kind: 'redaction', token: redaction };
  return undefined;
}

function locateInRouting(cable: Cable, pos: Position): CableElement | undefined {
  const routing = cable.routing!;
  const start = routing.start;
  if (start && rangeContains(start.range, pos)) {
    if (within(start.transmissionId, pos)) return { kind: 'startOfMessage', token: start.transmissionId, start, part: 'transmissionId' };
    return { kind: 'startOfMessage', token: start.marker, start, part: 'marker' };
  }
  for (const line of routing.delivery) {
    if (!rangeContains(line.range, pos)) continue;
    if (within(line.precedence, pos)) return { kind: 'deliveryPrecedence', token: line.precedence, line };
    for (const ri of line.indicators) if (within(ri, pos)) return { kind: 'routingIndicator', token: ri, role: 'delivery' };
    return undefined;
  }
  const de = routing.de;
  if (de && rangeContains(de.range, pos)) {
    if (within(de.station, pos)) return { kind: 'routingIndicator', token: de.station, role: 'de' };
    for (const part of ['keyword', 'serial', 'section', 'julianDay', 'time'] as const) {
      const token = de[part];
      if (within(token, pos)) return { kind: 'deLine', token, de, part };
    }
    return { kind: 'deLine', token: de.keyword, de, part: 'line' };
  }
  const sec = routing.security;
  if (sec && rangeContains(sec.range, pos)) {
    if (within(sec.keyword, pos)) return { kind: 'security', token: sec.keyword, security: sec, part: 'keyword' };
    if (within(sec.letters, pos)) return { kind: 'security', token: sec.letters, security: sec, part: 'letters' };
    for (const signal of sec.signals) if (within(signal, pos)) return { kind: 'security', token: signal, security: sec, part: 'signal' };
    return undefined;
  }
  const dtg = routing.dtg;
  if (dtg && rangeContains(dtg.range, pos)) return { kind: 'dtg', token: { text: lineText(dtg), range: dtg.range }, dtg };
  const from = routing.from;
  if (from && rangeContains(from.range, pos)) {
    if (within(from.name, pos)) return { kind: 'fromName', token: from.name };
    return { kind: 'fromKeyword', token: from.keyword };
  }
  for (const a of routing.addressees) {
    if (!rangeContains(a.range, pos)) continue;
    if (within(a.keyword, pos)) return { kind: 'addresseeKeyword', token: a.keyword, addressee: a };
    if (within(a.routingIndicator, pos)) return { kind: 'routingIndicator', token: a.routingIndicator, role: 'addressee', addressee: a };
    if (within(a.precedence, pos)) return { kind: 'addresseePrecedence', token: a.precedence, addressee: a };
    if (within(a.controlNumber, pos)) return { kind: 'controlNumber', token: a.controlNumber, addressee: a };
    if (within(a.name, pos)) return { kind: 'addresseeName', token: a.name, addressee: a };
    return undefined;
  }
  for (const t of routing.bt) if (within(t, pos)) return { kind: 'bt', token: t };
  for (const t of routing.nnnn) if (within(t, pos)) return { kind: 'nnnn', token: t };
  for (const t of routing.pageHeaders) if (within(t, pos)) return { kind: 'routingPageHeader', token: t };
  for (const t of routing.otherLines) if (within(t, pos)) return codeAt(t, pos, 'distribution');
  return undefined;
}

function lineText(dtg: DateTimeGroup): string {
  return [dtg.precedence?.text, dtg.dayTime.text, dtg.month?.text, dtg.year?.text].filter(Boolean).join(' ');
}

/** Redactions come in text order; find the one at `pos` by binary search on its start. */
function redactionAt(tokens: readonly Token[], pos: Position): Token | undefined {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid]!;
    if (rangeContains(t.range, pos)) return t;
    const s = t.range.start;
    if (pos.line < s.line || (pos.line === s.line && pos.character < s.character)) hi = mid - 1;
    else lo = mid + 1;
  }
  return undefined;
}

/** The paragraph covering `line`, by binary search over paragraphs in order. */
export function paragraphAtLine(paragraphs: readonly Paragraph[], line: number): Paragraph | undefined {
  let lo = 0;
  let hi = paragraphs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = paragraphs[mid]!;
    if (line < p.startLine) hi = mid - 1;
    else if (line > p.endLine) lo = mid + 1;
    else return p;
  }
  return undefined;
}

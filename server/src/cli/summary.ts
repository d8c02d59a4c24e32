/**
 * The JSON shape `cable parse` prints for a file: a flat summary of each cable that other tools
 * read. Lines are 1-based here, as every command-line tool counts them; the model stays 0-based.
 */
import { LEVEL_NAME, PRECEDENCE_NAME, refCableId, type Cable, type CableDocument, type CableRef } from '../parser';
import { cableYear } from '../service/cableYear';

export interface CableSummary {
  referenceId: string | null;
  origin: string | null;
  classification: string | null;
  dtg: { precedence: string | null; iso: string | null; text: string; line: number } | null;
  originator: string | null;
  addressees: Array<{
    kind: 'TO' | 'INFO' | 'XMT';
    routingIndicator: string | null;
    name: string | null;
    precedence: string | null;
    controlNumber: string | null;
    line: number;
  }>;
  /** The members of a collective the cable is not delivered to (`XMT AMCONSUL JOHANNESBURG`): no recipients. */
  exclusions: Array<{ routingIndicator: string | null; name: string | null; line: number }>;
  /** The TAGS codes, each once, in order (a lowered code in capitals; `HUMAN RIGHTS` as one entry). */
  tags: string[];
  /** The people the TAGS name (`CLINTON, HILLARY`), as written. */
  tagPersons: string[];
  subject: string | null;
  references: Array<{ label: string; text: string; line: number; kind: string; cable: CableRefSummary | null; cables: CableRefSummary[] }>;
  classifiedBy: { by: string | null; reasons: string[]; line: number } | null;
  declassify: string | null;
  summary: string | null;
  paragraphs: Array<{ number: number | null; marking: string | null; line: number; endLine: number; heading: string | null }>;
  sections: Array<{ title: string; line: number }>;
  /** `section`: an old page header's `01 OF 03` (the telegram's section the page is in), else null. */
  pageBreaks: Array<{ line: number; page: number; total: number; insideParagraph: boolean; post: string; serial: number; kind: string; section: { number: number; total: number } | null }>;
  signature: string | null;
  banner: { classification: string; section: number | null; of: number | null; post: string | null; serial: number | null; line: number } | null;
  problems: Array<{ kind: string; line: number; column: number; message: string }>;
}

interface CableRefSummary {
  post: string;
  serial: number;
  year: number | null;
  /** The canonical reference ID (`08RIODEJANEIRO138`), the citing cable's year when the entry gives none. */
  id: string | null;
}

export interface FileSummary extends CableSummary {
  file: string;
  /** How many cables the file holds; the fields above describe the first. */
  cableCount: number;
  /** Every cable's summary when the file holds more than one. */
  cables?: CableSummary[];
  /** Text around the cables that is not theirs (a web page's), as 1-based line spans. */
  outside: Array<{ line: number; endLine: number; position: string }>;
}

function summarizeCable(c: Cable | undefined, lines: readonly string[], file: string): CableSummary {
  const empty: CableSummary = {
    referenceId: null,
    origin: null,
    classification: null,
    dtg: null,
    originator: null,
    addressees: [],
    exclusions: [],
    tags: [],
    tagPersons: [],
    subject: null,
    references: [],
    classifiedBy: null,
    declassify: null,
    summary: null,
    paragraphs: [],
    sections: [],
    pageBreaks: [],
    signature: null,
    banner: null,
    problems: [],
  };
  if (!c) return empty;
  const r = c.routing;
  const dtg = r?.dtg;
  const bannerLevel = c.banner?.classification.level;
  const ownYear = cableYear(c, file);
  const cableRef = (x: CableRef): CableRefSummary => ({ post: x.post, serial: x.serial, year: x.year ?? null, id: refCableId(x, ownYear) ?? null });
  return {
    referenceId: c.table?.referenceId?.text ?? null,
    origin: c.table?.origin?.text ?? r?.from?.name?.text ?? null,
    classification: c.table?.classification?.text ?? (bannerLevel ? LEVEL_NAME[bannerLevel] : null),
    dtg: dtg
      ? {
          precedence: dtg.precedence?.code ? PRECEDENCE_NAME[dtg.precedence.code] : null,
          iso: dtg.iso ?? null,
          text: r!.dtg ? dtgText(c) : '',
          line: dtg.range.start.line + 1,
        }
      : null,
    originator: r?.from?.name?.text ?? null,
    addressees: (r?.addressees ?? []).filter((a) => a.kind !== 'XMT').map((a) => ({
      kind: a.kind,
      routingIndicator: a.routingIndicator?.text ?? null,
      name: a.name?.text ?? null,
      precedence: a.precedence?.text ?? null,
      controlNumber: a.controlNumber?.text ?? null,
      line: a.range.start.line + 1,
    })),
    exclusions: (r?.addressees ?? []).filter((a) => a.kind === 'XMT').map((a) => ({ routingIndicator: a.routingIndicator?.text ?? null, name: a.name?.text ?? null, line: a.range.start.line + 1 })),
    tags: tagCodes(c),
    tagPersons: (c.tags?.persons ?? []).map((p) => p.text),
    subject: c.subject?.text || null,
    references: (c.refs?.entries ?? []).map((e) => ({
      label: e.label,
      text: e.text,
      line: e.range.start.line + 1,
      kind: e.kind,
      cable: e.cable ? cableRef(e.cable) : null,
      cables: e.cables.map(cableRef),
    })),
    classifiedBy: c.classifiedBy
      ? { by: c.classifiedBy.classifier?.text ?? null, reasons: reasonList(c.classifiedBy.reasons), line: c.classifiedBy.range.start.line + 1 }
      : null,
    declassify: declassify(c),
    summary: summaryText(c, lines),
    paragraphs: c.body.paragraphs.map((p) => ({
      number: p.number?.value ?? null,
      marking: p.marking?.text ?? null,
      line: p.startLine + 1,
      endLine: p.endLine + 1,
      heading: p.section !== undefined ? c.body.sections[p.section]?.title ?? null : null,
    })),
    sections: c.body.sections.map((s) => ({ title: s.title, line: s.range.start.line + 1 })),
    pageBreaks: c.body.pageMarkers.map((m) => ({
      line: m.range.start.line + 1,
      page: m.page,
      total: m.total,
      insideParagraph: m.insideParagraph,
      post: m.post.text,
      serial: m.serial.value,
      kind: m.kind,
      section: m.section ?? null,
    })),
    signature: c.body.signature?.text ?? null,
    banner: c.banner
      ? {
          classification: c.banner.classification.text,
          section: c.banner.section?.number.value ?? null,
          of: c.banner.section?.total.value ?? null,
          post: c.banner.post?.text ?? null,
          serial: c.banner.serial?.value ?? null,
          line: c.banner.range.start.line + 1,
        }
      : null,
    problems: c.problems.map((p) => ({ kind: p.kind, line: p.range.start.line + 1, column: p.range.start.character + 1, message: p.message })),
  };
}

/** The codes as a list of codes: each once, and the 2010 rendering's lowered codes (`prel`) in capitals. */
function tagCodes(c: Cable): string[] {
  const out: string[] = [];
  for (const t of c.tags?.codes ?? []) {
    const code = /^[a-z]{2,6}$/.test(t.text) ? t.text.toUpperCase() : t.text;
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

/** `1.4(b)`, `1.4(d)`: each reason letter with its clause; a clause with no letter stands alone. */
function reasonList(reasons: NonNullable<Cable['classifiedBy']>['reasons']): string[] {
  const out: string[] = [];
  reasons.forEach((r, i) => {
    const s = r.letter ? `${r.clause}(${r.letter})` : reasons[i + 1]?.letter && reasons[i + 1].clause === r.clause ? '' : r.clause;
    if (s && !out.includes(s)) out.push(s);
  });
  return out;
}

/** The E.O. line's declassification: an ISO date, or its code as written (`N/A`, `OADR`, `GDS`, `X1`). */
function declassify(c: Cable): string | null {
  const d = c.eo?.decl;
  if (!d) return null;
  if (d.iso) return d.iso;
  const code = d.text.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9/]+$/g, '').toUpperCase();
  return code || null;
}

/** The summary block's text without its opening and closing words; page markers left out. */
function summaryText(c: Cable, lines: readonly string[]): string | null {
  const block = c.body.blocks.find((b) => b.kind === 'summary');
  if (!block) return null;
  const from = block.open.range.end;
  const to = block.close ? block.close.range.start : block.range.end;
  const markerLines = new Set(c.body.pageMarkers.map((m) => m.range.start.line));
  const paragraphs: string[][] = [[]];
  for (let l = from.line; l <= to.line && l < lines.length; l++) {
    if (markerLines.has(l)) continue;
    const text = lines[l].slice(l === from.line ? from.character : 0, l === to.line ? to.character : undefined).trim();
    if (text) paragraphs[paragraphs.length - 1].push(text);
    else if (paragraphs[paragraphs.length - 1].length) paragraphs.push([]);
  }
  const out = paragraphs
    .filter((p) => p.length)
    .map((p) => p.join(' ').replace(/^[:.\-\s]+/, ''))
    .join('\n\n')
    .trim();
  return out || null;
}

function dtgText(c: Cable): string {
  const d = c.routing!.dtg!;
  const parts = [d.precedence?.text, d.dayTime.text, d.month?.text, d.year?.text].filter(Boolean);
  return parts.join(' ');
}

export function summarize(file: string, doc: CableDocument): FileSummary {
  const first = summarizeCable(doc.cables[0], doc.lines, file);
  const out: FileSummary = {
    file,
    ...first,
    cableCount: doc.cables.length,
    outside: doc.outside.map((o) => ({ line: o.range.start.line + 1, endLine: o.range.end.line + 1, position: o.position })),
  };
  if (doc.cables.length > 1) out.cables = doc.cables.map((c) => summarizeCable(c, doc.lines, file));
  if (doc.cables.length === 0) out.problems = doc.problems.map((p) => ({ kind: p.kind, line: p.range.start.line + 1, column: p.range.start.character + 1, message: p.message }));
  return out;
}

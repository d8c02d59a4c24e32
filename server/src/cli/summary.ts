/**
 * The JSON shape `cable parse` prints for a file: a flat summary of each cable that other tools
 * read. Lines are 1-based here, as every command-line tool counts them; the model stays 0-based.
 */
import { LEVEL_NAME, PRECEDENCE_NAME, type Cable, type CableDocument } from '../parser';

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
  tags: string[];
  subject: string | null;
  references: Array<{ label: string; text: string; line: number; cable: { post: string; serial: number; year: number | null } | null }>;
  paragraphs: Array<{ number: number | null; marking: string | null; line: number; endLine: number; heading: string | null }>;
  sections: Array<{ title: string; line: number }>;
  pageBreaks: Array<{ line: number; page: number; total: number; insideParagraph: boolean; post: string; serial: number; kind: string }>;
  signature: string | null;
  banner: { classification: string; section: number | null; of: number | null; post: string | null; serial: number | null; line: number } | null;
  problems: Array<{ kind: string; line: number; column: number; message: string }>;
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

function summarizeCable(c: Cable | undefined): CableSummary {
  const empty: CableSummary = {
    referenceId: null,
    origin: null,
    classification: null,
    dtg: null,
    originator: null,
    addressees: [],
    tags: [],
    subject: null,
    references: [],
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
    addressees: (r?.addressees ?? []).map((a) => ({
      kind: a.kind,
      routingIndicator: a.routingIndicator?.text ?? null,
      name: a.name?.text ?? null,
      precedence: a.precedence?.text ?? null,
      controlNumber: a.controlNumber?.text ?? null,
      line: a.range.start.line + 1,
    })),
    tags: (c.tags?.codes ?? []).map((t) => t.text),
    subject: c.subject?.text || null,
    references: (c.refs?.entries ?? []).map((e) => ({
      label: e.label,
      text: e.text,
      line: e.range.start.line + 1,
      cable: e.cable ? { post: e.cable.post, serial: e.cable.serial, year: e.cable.year ?? null } : null,
    })),
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

function dtgText(c: Cable): string {
  const d = c.routing!.dtg!;
  const parts = [d.precedence?.text, d.dayTime.text, d.month?.text, d.year?.text].filter(Boolean);
  return parts.join(' ');
}

export function summarize(file: string, doc: CableDocument): FileSummary {
  const first = summarizeCable(doc.cables[0]);
  const out: FileSummary = {
    file,
    ...first,
    cableCount: doc.cables.length,
    outside: doc.outside.map((o) => ({ line: o.range.start.line + 1, endLine: o.range.end.line + 1, position: o.position })),
  };
  if (doc.cables.length > 1) out.cables = doc.cables.map(summarizeCable);
  if (doc.cables.length === 0) out.problems = doc.problems.map((p) => ({ kind: p.kind, line: p.range.start.line + 1, column: p.range.start.character + 1, message: p.message }));
  return out;
}

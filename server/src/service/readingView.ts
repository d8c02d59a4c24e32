import type { Cable, CableDocument, Paragraph, TextBlock } from '../parser';
import { tags } from '../data';
import { cableYear } from './cableYear';
import type { CancellationToken } from './cancellation';
import { dateInWords } from './dates';
import { findSplit } from './diagnostics/words';
import type { ModelCache } from './modelCache';
import type { ITextDocument } from './textDocument';
import type { WorkspaceIndex } from './workspace/workspaceIndex';

/**
 * The reading view: the cable as a reader wants it, rendered from the model as an HTML fragment
 * (the client puts it in a webview with the editor's colours and the scroll sync). Rendered here,
 * in the server, because only the server has the model, the workspace index (to link REF entries
 * to the cables they name) and the reference tables (TAGS meanings); the client stays a thin
 * frame and every editor that can show HTML could ask for the same view.
 *
 * On screen only, never in the file: page markers are left out, a word the rendering broke across
 * a section join is written whole, and a paragraph's lines flow as one text.
 *
 * Every element that stands for lines of the file carries `data-line` (its first line, 0-based),
 * which the client's scroll sync uses both ways.
 */
export interface ReadingView {
  /** HTML fragment: one `<article class="cable">` per cable, then any web-page text left out. */
  html: string;
  /** The cables of the whole document (not only of the window). */
  cables: number;
  /** Present when the document is too large to render whole: the cables the view holds. */
  window?: ReadingViewWindow;
}

/**
 * The part of a large document the view renders: cables `first` to `last` (0-based, inclusive)
 * of `total`, which stand on lines `startLine` to `endLine` (0-based, inclusive). The client asks
 * again when the editor shows lines outside them.
 */
export interface ReadingViewWindow {
  first: number;
  last: number;
  total: number;
  startLine: number;
  endLine: number;
}

/**
 * What one view holds at most. An export averages about 12 KB of HTML per cable (8 MB export: 823
 * cables, 9.95 MB of HTML, rendered in one turn of 90-150 ms; 50 MB: 62 MB in 0.5-0.7 s): 100
 * cables are 1.0-1.3 MB, a turn of 15-50 ms, and many screens of reading either way of the
 * editor's position. The HTML budget keeps a run of long cables from making a view the webview
 * cannot scroll: once it is spent no further cable is added (the cable at the editor's position is
 * always shown whole, whatever its size).
 */
const MAX_CABLES = 100;
const MAX_HTML = 2_000_000;

export class CableReadingViewProvider {
  constructor(
    private readonly cache: ModelCache,
    private readonly workspace: WorkspaceIndex,
  ) {}

  /**
   * The view of the document; of a large one, the window of cables around `line` (the editor's
   * first visible line; the document's start when not given).
   */
  render(document: ITextDocument, token: CancellationToken, line?: number): ReadingView {
    const model = this.cache.get(document);
    if (model.binary) return { html: '<p class="empty">This file is not text.</p>', cables: 0 };
    const cables = model.cables;
    const total = cables.length;
    if (total === 0) return { html: ['<p class="empty">No cable found in this file.</p>', leftOut(model.outside, 0)].filter(Boolean).join('\n'), cables: 0 };
    const render = (i: number) => renderCable(model, cables[i]!, i, total, this.workspace, document.uri);
    // Out from the cable at the editor's position, one after and one before in turn, until the caps
    // are reached or every cable is in: a small document is rendered whole, in the same order.
    const at = cableAt(cables, typeof line === 'number' && Number.isFinite(line) ? line : 0);
    const after: string[] = [];
    const before: string[] = [];
    let lo = at;
    let hi = at;
    let size = 0;
    const first = render(at);
    size += first.length;
    while ((lo > 0 || hi < total - 1) && hi - lo + 1 < MAX_CABLES && size < MAX_HTML) {
      if (token.isCancellationRequested) return { html: '', cables: 0 };
      const next = hi < total - 1 && (hi - at <= at - lo || lo === 0) ? ++hi : --lo;
      const html = render(next);
      (next > at ? after : before).push(html);
      size += html.length;
    }
    if (token.isCancellationRequested) return { html: '', cables: 0 };
    const parts = [...before.reverse(), first, ...after];
    if (lo === 0 && hi === total - 1) {
      const note = leftOut(model.outside, total);
      if (note) parts.push(note);
      return { html: parts.join('\n'), cables: total };
    }
    const window: ReadingViewWindow = { first: lo, last: hi, total, startLine: cables[lo]!.range.start.line, endLine: cables[hi]!.range.end.line };
    const shown = hi - lo + 1;
    const range = lo === hi ? `Cable ${count(lo + 1)} of ${count(total)}` : `Cables ${count(lo + 1)}–${count(hi + 1)} of ${count(total)}`;
    const cap = shown >= MAX_CABLES ? `${count(MAX_CABLES)} cables` : `about ${Math.round(MAX_HTML / 1e6)} MB of text (here ${count(shown)} cable${shown === 1 ? '' : 's'})`;
    const why = `The reading view of a file this large shows ${cap} at a time, around the editor’s position: it moves as you scroll, here or in the editor.`;
    const beforeNote = lo === 0 ? '' : lo === 1 ? ' Cable 1 comes before.' : ` Cables 1–${count(lo)} come before.`;
    const afterNote =
      hi === total - 1 ? ' This is the last cable of the file.' : `${hi === total - 2 ? ` Cable ${count(total)} follows` : ` Cables ${count(hi + 2)}–${count(total)} follow`}: scroll down to read on.`;
    // The top note stands between the cable before the window and the window: on the line before it,
    // so a reader who scrolls the view up to it takes the editor out of the window and the window up,
    // as the bottom note, on the window's last line, takes it down.
    parts.unshift(`<p class="window-note" data-line="${lo === 0 ? window.startLine : window.startLine - 1}">${range}. ${why}${beforeNote}</p>`);
    // The notes stand at the window's edges; the bar stays at the top of the view wherever the reader
    // is in it (the client keeps it so and updates the cable it names as the view scrolls). No
    // data-line: it stands for no lines of the file.
    parts.unshift(
      `<div class="window-bar" role="note" data-first="${lo}" data-total="${total}"><span class="at">Cable ${count(at + 1)} of ${count(total)}</span> · this view holds ${lo === hi ? `cable ${count(lo + 1)}` : `cables ${count(lo + 1)}–${count(hi + 1)}`}</div>`,
    );
    // The web-page text of the part of the file the window covers (the first window takes the text
    // before the first cable, the last the text after the last), and of the whole file.
    const here = outsideLines(model.outside, lo === 0 ? 0 : window.startLine, hi === total - 1 ? Infinity : window.endLine);
    const all = outsideLines(model.outside, 0, Infinity);
    if (all > 0) {
      const lines = (n: number) => `${count(n)} line${n === 1 ? '' : 's'}`;
      parts.push(
        `<p class="left-out">${
          here > 0 ? `${lines(here)} of web-page text around these cables left out (${count(all)} in the whole file).` : `${lines(all)} of web-page text in the file left out (none around these cables).`
        }</p>`,
      );
    }
    parts.push(`<p class="window-note" data-line="${window.endLine}">${range}.${afterNote}</p>`);
    return { html: parts.join('\n'), cables: total, window };
  }
}

/** 6013 → "6,013": the counts a reader reads in the note. */
function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** The index of the cable at `line`: the last one starting on or before it (the first if none). */
function cableAt(cables: Cable[], line: number): number {
  let lo = 0;
  let hi = cables.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cables[mid]!.range.start.line <= line) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** How many lines of web-page text stand from line `from` to line `to`. */
function outsideLines(outside: CableDocument['outside'], from: number, to: number): number {
  let n = 0;
  for (const o of outside) {
    const a = Math.max(from, o.range.start.line);
    const b = Math.min(to, o.range.end.line);
    if (b >= a) n += b - a + 1;
  }
  return n;
}

/** The note under a whole view: how many lines of web-page text it leaves out. */
function leftOut(outside: CableDocument['outside'], cables: number): string {
  const n = outsideLines(outside, 0, Infinity);
  return n > 0 ? `<p class="left-out">${n} line${n === 1 ? '' : 's'} of web-page text around the cable${cables > 1 ? 's' : ''} left out.</p>` : '';
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CLASS_NAMES: Record<string, string> = { U: 'Unclassified', C: 'Confidential', S: 'Secret', T: 'Top Secret' };

function renderCable(model: CableDocument, cable: Cable, index: number, count: number, workspace: WorkspaceIndex, selfUri: string): string {
  const out: string[] = [];
  const start = cable.range.start.line;
  out.push(`<article class="cable" data-line="${start}">`);
  out.push(headerCard(cable, index, count, workspace, selfUri));
  out.push(body(model, cable));
  out.push('</article>');
  return out.join('\n');
}

function row(label: string, value: string): string {
  return value ? `<tr><th>${escapeHtml(label)}</th><td>${value}</td></tr>` : '';
}

function headerCard(cable: Cable, index: number, count: number, workspace: WorkspaceIndex, selfUri: string): string {
  const r = cable.routing;
  const rows: string[] = [];
  const refId = cable.table?.referenceId?.text;
  const title = cable.subject?.text ?? refId ?? 'Cable';
  const from = r?.from?.name?.text ?? cable.table?.origin?.text;
  rows.push(row('From', from ? escapeHtml(from) + (r?.de?.station ? ` <span class="code">${escapeHtml(r.de.station.text)}</span>` : '') : ''));
  for (const kind of ['TO', 'INFO'] as const) {
    const list = r?.addressees.filter((a) => a.kind === kind) ?? [];
    if (list.length === 0) continue;
    const items = list.map((a) => `<li>${escapeHtml(a.name?.text ?? a.routingIndicator?.text ?? '')}${a.routingIndicator && a.name ? ` <span class="code">${escapeHtml(a.routingIndicator.text)}</span>` : ''}</li>`).join('');
    const label = kind === 'TO' ? 'To' : 'Info';
    // Long INFO lists fold, so that the text starts on the first screen.
    rows.push(row(label, list.length > 4 ? `<details><summary>${list.length} addressees</summary><ul>${items}</ul></details>` : `<ul>${items}</ul>`));
  }
  rows.push(row('Date', dateText(cable)));
  const level = cable.banner?.classification.level ?? cable.table?.classification?.level;
  const classification = [cable.table?.classification?.text ?? (level ? CLASS_NAMES[level] : undefined), cable.captions.map((c) => c.text.trim()).join(', ')].filter(Boolean);
  rows.push(row('Classification', classification.map((c) => escapeHtml(c!)).join(' · ')));
  if (cable.tags && cable.tags.codes.length) {
    const list = cable.tags.codes.map((c) => {
      const code = c.text.toUpperCase();
      const meaning = tags.get(code)?.meanings[0]?.meaning;
      return `<li><span class="code">${escapeHtml(c.text)}</span>${meaning ? ` ${escapeHtml(meaning)}` : ' <span class="unknown">(not in the reference table)</span>'}</li>`;
    });
    // The people the TAGS name (`CLINTON, HILLARY`) are not codes: listed after them as persons.
    for (const p of cable.tags.persons) list.push(`<li><span class="code">${escapeHtml(p.text)}</span> (person)</li>`);
    rows.push(row('TAGS', `<ul class="tags">${list.join('')}</ul>`));
  }
  if (cable.refs && cable.refs.entries.length) {
    const year = cableYear(cable, selfUri);
    const list = cable.refs.entries.map((e) => {
      const named = e.cable;
      const hits = named ? workspace.findCable(named.post, named.serial, named.year, year).filter((h) => h.uri !== selfUri) : [];
      const link = hits[0] ? ` <a href="#" data-open="${escapeHtml(hits[0].uri)}" title="${escapeHtml(hits[0].cable.subject?.text ?? '')}">open ${escapeHtml(hits[0].cable.referenceId ?? `${named!.post} ${named!.serial}`)}</a>` : '';
      return `<li><span class="code">${escapeHtml(e.label)}.</span> ${escapeHtml(e.text.trim())}${link}</li>`;
    });
    rows.push(row('References', `<ul>${list.join('')}</ul>`));
  }
  rows.push(row('Reference ID', refId ? `<span class="code">${escapeHtml(refId)}</span>` : ''));
  rows.push(row('Signature', cable.body.signature ? escapeHtml(cable.body.signature.text) : ''));
  const which = count > 1 ? `<div class="which">Cable ${index + 1} of ${count}</div>` : '';
  return `<header class="card" data-line="${cable.range.start.line}">${which}<h1>${escapeHtml(title)}</h1><table>${rows.join('')}</table></header>`;
}

function dateText(cable: Cable): string {
  const dtg = cable.routing?.dtg;
  const iso = dtg?.iso ?? cable.table?.created?.iso;
  if (!iso) return dtg ? `<span class="code">${escapeHtml(dtg.dayTime.text)}</span>` : '';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return escapeHtml(iso);
  const words = `${dateInWords(+m[1]!, +m[2]!, +m[3]!)}, ${m[4]}:${m[5]} UTC`;
  const source = dtg?.iso ? '' : ' <span class="unknown">(from the table’s Created date)</span>';
  return `${escapeHtml(words)} <span class="code">${escapeHtml(iso)}</span>${source}`;
}

/** Lines of the text the view leaves out: page markers and the blank lines they brought. */
/**
 * What the page markers leave of each line they touch: nothing (null), or the part from `from` to
 * `to`. An old page header takes its classification lines with it and a section's repeated
 * header; the text glued onto a header's line, after it, stays, and a classification word run onto
 * the end of the line above goes.
 */
type Skip = Map<number, { from: number; to?: number } | null>;
function markerLines(cable: Cable): Skip {
  const out: Skip = new Map();
  for (const m of cable.body.pageMarkers) {
    for (let l = m.range.start.line; l <= m.range.end.line; l++) out.set(l, null);
    if (m.gluedText) out.set(m.gluedText.line, { from: m.gluedText.character });
    for (const t of m.classification ?? []) {
      const l = t.range.start.line;
      if (l < m.removal.startLine) out.set(l, { from: 0, to: t.range.start.character });
      else out.set(l, null);
    }
  }
  for (const m of cable.body.pageMarkers) {
    const rep = m.repeatedHeader;
    if (rep) for (let l = rep.startLine; l <= rep.endLine; l++) out.set(l, null);
  }
  return out;
}

function body(model: CableDocument, cable: Cable): string {
  const out: string[] = [];
  const skip = markerLines(cable);
  const items: Array<{ line: number; html: string }> = [];
  for (const s of cable.body.sections) items.push({ line: s.range.start.line, html: `<h2 data-line="${s.range.start.line}">${escapeHtml(s.title)}</h2>` });
  for (const p of cable.body.paragraphs) items.push({ line: p.startLine, html: paragraph(model, p, skip, cable.body.blocks) });
  if (cable.body.signature) {
    const s = cable.body.signature;
    items.push({ line: s.range.start.line, html: `<p class="signature" data-line="${s.range.start.line}">${escapeHtml(s.text)}</p>` });
  }
  items.sort((a, b) => a.line - b.line);
  out.push('<section class="text">');
  for (const i of items) out.push(i.html);
  out.push('</section>');
  return out.join('\n');
}

/**
 * A paragraph as flowing text: its lines joined by a space, a split word joined with none (the
 * same detector as the split-word rule), page markers and the blank lines of their join left out.
 */
function paragraph(model: CableDocument, p: Paragraph, skip: Skip, blocks: TextBlock[]): string {
  const lines = model.lines;
  let text = '';
  let prev: string | undefined;
  for (let l = p.startLine; l <= p.endLine && l < lines.length; l++) {
    const part = skip.get(l);
    if (part === null) continue;
    let line = lines[l]!;
    if (part) line = ' '.repeat(part.from) + line.slice(part.from, part.to);
    if (l === p.startLine) line = line.slice(p.range.start.character);
    if (l === p.endLine && p.range.end.line === l) line = line.slice(0, Math.max(0, p.range.end.character - (l === p.startLine ? p.range.start.character : 0)));
    if (line.trim() === '') continue;
    if (prev === undefined) text = line.trim();
    else if (findSplit(prev, line)) text = text.replace(/\s+$/, '') + line.trimStart();
    else text += ' ' + line.trim();
    prev = line;
  }
  // The number and the marking become badges; the text after them is the paragraph's.
  let lead = '';
  if (p.number) {
    const at = text.indexOf(p.number.text);
    if (at >= 0 && at < 4) {
      text = text.slice(at + p.number.text.length).replace(/^\.\s*/, '');
      lead += `<span class="num">${p.number.value}</span>`;
    }
  }
  if (p.marking) {
    const at = text.indexOf(p.marking.text);
    if (at >= 0 && at < 4) {
      text = text.slice(at + p.marking.text.length).trimStart();
      lead += `<span class="marking level-${p.marking.level ?? 'x'}">${escapeHtml(p.marking.text.replace(/^\(|\)$/g, ''))}</span>`;
    }
  }
  text = text.replace(/^¶\s*/, '');
  const block = blocks.find((b) => b.range.start.line <= p.endLine && b.range.end.line >= p.startLine);
  const cls = block ? ` class="${block.kind}"` : '';
  const label = block && block.range.start.line >= p.startLine && block.kind !== 'quote' ? `<span class="block-label">${block.kind === 'summary' ? 'Summary' : 'Comment'}</span>` : '';
  return `<p data-line="${p.startLine}" data-end="${p.endLine}"${cls}>${label}${lead}${escapeHtml(text)}</p>`;
}

/** The custom request: `{ uri }` → ReadingView. */
export const READING_VIEW_REQUEST = 'cable/readingView';

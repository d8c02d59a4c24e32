/**
 * Section joins: page markers left by the rendering, their numbering, and words cut in two at a
 * line break. The parser gives each marker its removal range and whether it falls inside a
 * paragraph; the fixes are built from those.
 */
import type { Cable, CableDocument, PageMarker } from '../../../parser';
import { deleteLines, isBlank } from '../../codeActions/edits';
import { pad, type RuleContext } from '../context';
import type { Fix, TextEdit } from '../types';
import { findSplit } from '../words';

export function checkJoins(ctx: RuleContext, cable: Cable): void {
  const doc = ctx.doc;
  const markers = cable.body.pageMarkers;
  const ref = cable.table?.referenceId;
  const banner = cable.banner;
  const serial = ref?.serial ?? banner?.serial?.value;
  const post = (ref?.post ?? banner?.post?.text)?.replace(/\s+/g, '').toUpperCase();

  let prevPage: number | undefined;
  let prevText: string | undefined;
  let firstTotal: number | undefined;
  for (const m of markers) {
    if (m.kind === 'missing-section') continue;
    const label = m.text.trim();
    if (m.insideParagraph) {
      ctx.report('page-marker-in-paragraph', m.range, `Page marker "${label}" breaks a paragraph`, markerFix(doc, m, true));
    } else {
      ctx.report('page-marker', m.range, `Page marker "${label}"`, markerFix(doc, m, false));
    }
    if (m.kind !== 'marker') continue;

    if (prevPage !== undefined) {
      // `005.2 OF 005` continues page 5: a decimal sub-page may repeat the page number.
      if (m.pageText === prevText) {
        ctx.report('page-marker-order', m.range, `Page ${m.pageText} repeats`);
      } else if (m.page < prevPage) {
        ctx.report('page-marker-order', m.range, `Page ${m.pageText} comes after page ${pad(prevPage, 3)}`);
      } else if (m.page > prevPage + 1) {
        ctx.report('page-marker-order', m.range, `Page ${m.pageText} follows page ${pad(prevPage, 3)}: page ${pad(prevPage + 1, 3)} is missing`);
      }
    } else if (m.page > 2) {
      ctx.report('page-marker-order', m.range, `First page marker is page ${m.pageText}: page 002 is missing`);
    }
    prevPage = m.page;
    prevText = m.pageText;

    if (firstTotal === undefined) firstTotal = m.total;
    else if (m.total !== firstTotal) {
      ctx.report('page-marker-total', m.range, `Page marker total ${pad(m.total, 3)} differs from the first marker's ${pad(firstTotal, 3)}`);
    }

    if (serial !== undefined && m.serial.value !== serial) {
      ctx.report('page-marker-origin', m.serial.range, `Page marker serial ${m.serial.text} is not the cable's serial ${serial}`);
    } else if (post) {
      const mp = m.post.text.replace(/\s+/g, '').toUpperCase();
      // The rendering cuts long post names short (`USUN NEW Y`, `ADDIS ABAB`), and a regional
      // office's markers name the city alone (`DUBAI` for RPODUBAI).
      if (mp.length > 0 && !post.startsWith(mp) && !mp.startsWith(post) && !post.endsWith(mp)) {
        ctx.report('page-marker-origin', m.post.range, `Page marker post ${m.post.text.trim()} is not the cable's post ${post}`);
      }
    }
  }

  if (ctx.enabled('split-word')) checkSplitWords(ctx, cable);
}

/**
 * Removes a page marker. Inside a paragraph: the marker and every blank line it brought, so the
 * two halves of the paragraph meet. Between paragraphs: the same, but one blank line stays so the
 * paragraphs remain apart.
 */
function markerFix(doc: CableDocument, m: PageMarker, inside: boolean): Fix | undefined {
  const markerLine = m.range.start.line;
  let first = Math.min(m.removal.startLine, markerLine);
  let last = Math.max(m.removal.endLine, m.range.end.line);
  // Never delete text the fix is not about: the removal may hold only the marker and blank lines.
  for (let l = first; l <= last; l++) {
    if (l >= m.range.start.line && l <= m.range.end.line) continue;
    if (!isBlank(doc.lines[l])) return undefined;
  }
  if (first < 0 || last >= doc.lines.length) return undefined;
  const title = 'Remove the page marker' + (inside ? ' and join the paragraph' : '');
  // A marker glued to the end of a text line (08BRASILIA351: `… NELSON JOBIM TO WASHINGTON
  // BRASILIA 00000351 001.2 OF 003`) shares its line with cable text: remove the marker alone.
  const markerText = doc.lines[markerLine]!;
  const before = markerText.slice(0, m.range.start.character);
  const after = m.range.end.line === markerLine ? markerText.slice(m.range.end.character) : '';
  if (m.range.end.line === markerLine && (!isBlank(before) || !isBlank(after))) {
    const from = isBlank(before) ? 0 : before.trimEnd().length;
    const to = isBlank(after) ? markerText.length : m.range.end.character;
    return { title: 'Remove the page marker', edits: [{ range: { start: { line: markerLine, character: from }, end: { line: markerLine, character: to } }, newText: isBlank(before) || isBlank(after) ? '' : ' ' }] };
  }
  if (inside) return { title, edits: [deleteLines(doc, first, last)] };

  const textBefore = first > 0 && !isBlank(doc.lines[first - 1]);
  const textAfter = last + 1 < doc.lines.length && !isBlank(doc.lines[last + 1]);
  if (textBefore && textAfter) {
    // Keep one blank line between the paragraphs.
    if (isBlank(doc.lines[last]) && last > markerLine) last--;
    else if (isBlank(doc.lines[first]) && first < markerLine) first++;
    else {
      const edit: TextEdit = {
        range: { start: { line: markerLine, character: 0 }, end: { line: markerLine, character: doc.lines[markerLine]!.length } },
        newText: '',
      };
      return { title, edits: [edit] };
    }
  }
  return { title, edits: [deleteLines(doc, first, last)] };
}

/**
 * Words cut across a line break. Candidates are consecutive text lines of one paragraph; a page
 * marker and its blank lines between them are skipped over, since the 2011 rendering's joins cut
 * words exactly there (the seed's `rema` / `ins`).
 */
function checkSplitWords(ctx: RuleContext, cable: Cable): void {
  const doc = ctx.doc;
  const markerLines = new Set<number>();
  for (const m of cable.body.pageMarkers) {
    for (let l = m.range.start.line; l <= m.range.end.line; l++) markerLines.add(l);
  }
  for (const p of cable.body.paragraphs) {
    let prev: number | undefined;
    let crossed = false;
    for (let l = p.startLine; l <= p.endLine && l < doc.lines.length; l++) {
      const line = doc.lines[l]!;
      if (markerLines.has(l)) {
        crossed = true;
        continue;
      }
      if (isBlank(line)) {
        // A blank line inside a paragraph is only crossed at a page marker's join.
        if (!crossed) prev = undefined;
        continue;
      }
      if (prev !== undefined) {
        const s = findSplit(doc.lines[prev]!, line);
        if (s) {
          const edit: TextEdit = {
            range: { start: { line: prev, character: s.headEnd }, end: { line: l, character: s.tailStart } },
            newText: '',
          };
          ctx.report('split-word', { start: { line: prev, character: s.headStart }, end: { line: l, character: s.tailStart + s.tail.length } },
            `"${s.head}" / "${s.tail}" is the word "${s.joined}" broken across a line`,
            { title: `Join "${s.head}" and "${s.tail}" into "${s.joined}"` + (crossed ? ' (removing the page marker between)' : ''), edits: [edit] });
        }
      }
      prev = l;
      crossed = false;
    }
  }
}

/**
 * Section joins: page markers left by the rendering, their numbering, and words cut in two at a
 * line break. The parser gives each marker its removal range and whether it falls inside a
 * paragraph; the fixes are built from those.
 */
import type { Cable, CableDocument, PageMarker } from '../../../parser';
import { isBlank, pad } from '../../../parser/text';
import { defineRule } from '../rule';
import type { Fix, TextEdit } from '../types';
import { findSplit } from '../words';

/** Deletes whole lines first..last, with the line break that ends the last (or the one before the first, at the end of the file). */
function deleteLines(doc: CableDocument, first: number, last: number): TextEdit {
  if (last + 1 < doc.lines.length) return { range: { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } }, newText: '' };
  if (first > 0) return { range: { start: { line: first - 1, character: doc.lines[first - 1]!.length }, end: { line: last, character: doc.lines[last]!.length } }, newText: '' };
  return { range: { start: { line: first, character: 0 }, end: { line: last, character: doc.lines[last]!.length } }, newText: '' };
}

/**
 * Removes a page marker. Inside a paragraph: the marker and every blank line it brought, so the
 * two halves of the paragraph meet. Between paragraphs: the same, but one blank line stays so the
 * paragraphs remain apart.
 */
function markerFix(doc: CableDocument, m: PageMarker, inside: boolean): Fix | undefined {
  if (m.kind === 'page-header') return oldHeaderFix(doc, m, inside);
  const markerLine = m.range.start.line;
  let first = Math.min(m.removal.startLine, markerLine);
  let last = Math.max(m.removal.endLine, m.range.end.line);
  // Never delete text the fix is not about: the removal may hold only the marker and blank lines.
  for (let l = first; l <= last; l++) {
    if (l >= m.range.start.line && l <= m.range.end.line) continue;
    if (!isBlank(doc.lines[l] ?? '')) return undefined;
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

  const textBefore = first > 0 && !isBlank(doc.lines[first - 1]!);
  const textAfter = last + 1 < doc.lines.length && !isBlank(doc.lines[last + 1]!);
  if (textBefore && textAfter) {
    // Keep one blank line between the paragraphs.
    if (isBlank(doc.lines[last]!) && last > markerLine) last--;
    else if (isBlank(doc.lines[first]!) && first < markerLine) first++;
    else {
      return { title, edits: [{ range: { start: { line: markerLine, character: 0 }, end: { line: markerLine, character: doc.lines[markerLine]!.length } }, newText: '' }] };
    }
  }
  return { title, edits: [deleteLines(doc, first, last)] };
}

/**
 * Removes an old telegram's page header whole: the `PAGE` line, the page's classification lines
 * around it (or the classification word run onto the end of the text line above), and the blank
 * lines between. Text glued onto the header's line is rejoined to the paragraph it continues, or
 * left at the start of its line when it opens one. A section's repeated header stays: it is the
 * cable's words.
 */
function oldHeaderFix(doc: CableDocument, m: PageMarker, inside: boolean): Fix | undefined {
  const line = m.range.start.line;
  const eol = doc.eol === '\r\n' ? '\r\n' : '\n';
  const wholeLines = new Set<number>();
  let gluedCls: { line: number; cut: number } | undefined;
  for (const c of m.classification ?? []) {
    const text = doc.lines[c.range.start.line] ?? '';
    if (text.slice(0, c.range.start.character).trim() === '' && text.slice(c.range.end.character).trim() === '') wholeLines.add(c.range.start.line);
    else if (c.range.start.line < m.removal.startLine) gluedCls = { line: c.range.start.line, cut: text.slice(0, c.range.start.character).trimEnd().length };
    else return undefined;
  }
  const first = m.removal.startLine;
  const last = m.removal.endLine;
  // Never delete text the fix is not about: the removal holds the header, its classification and blank lines.
  for (let l = first; l <= last; l++) if (l !== line && !wholeLines.has(l) && !isBlank(doc.lines[l] ?? '')) return undefined;
  if (first < 0 || last >= doc.lines.length) return undefined;
  const start = gluedCls && gluedCls.line === first - 1 ? { line: gluedCls.line, character: gluedCls.cut } : { line: first, character: 0 };
  const lead = start.line < first ? eol : '';
  if (m.gluedText) {
    const g = m.gluedText;
    if (inside && m.joinBefore !== undefined && m.joinBefore >= 0 && m.joinBefore === first - 1) {
      const prev = doc.lines[m.joinBefore] ?? '';
      const end = gluedCls?.line === m.joinBefore ? gluedCls.cut : prev.trimEnd().length;
      return { title: 'Remove the old page header and join the text', edits: [{ range: { start: { line: m.joinBefore, character: end }, end: g }, newText: ' ' }] };
    }
    return { title: 'Remove the old page header', edits: [{ range: { start, end: g }, newText: lead }] };
  }
  const after = last + 1 < doc.lines.length ? { line: last + 1, character: 0 } : { line: last, character: doc.lines[last]!.length };
  const textBefore = first > 0 && !isBlank(doc.lines[first - 1]!);
  const textAfter = last + 1 < doc.lines.length && !isBlank(doc.lines[last + 1]!);
  // Between paragraphs one blank line stays; inside one the halves meet.
  const keep = !inside && textBefore && textAfter ? eol : '';
  const title = 'Remove the old page header' + (inside ? ' and join the paragraph' : '');
  if (after.character > 0 && start.line === first && first > 0) {
    // At the end of the file: take the line break before the header instead.
    return { title, edits: [{ range: { start: { line: first - 1, character: doc.lines[first - 1]!.length }, end: after }, newText: '' }] };
  }
  return { title, edits: [{ range: { start, end: after }, newText: lead + keep }] };
}

// Old telegrams' page headers (`PAGE 02 HARARE 06677 …`) are scars to remove as much as the 2011
// rendering's markers are; only the rendering's markers number the sections, though.
const removable = (cable: Cable) => cable.body.pageMarkers.filter((m) => m.kind !== 'missing-section');
const markers = (cable: Cable) => cable.body.pageMarkers.filter((m) => m.kind === 'marker');

export const pageMarkerInParagraph = defineRule({
  code: 'CBL301',
  name: 'page-marker-in-paragraph',
  severity: 'warning',
  group: 'joins',
  fixable: true,
  docs: {
    summary: 'A page marker breaks a paragraph in two.',
    description: 'Where a long cable\'s sections were joined the rendering left a page marker (`ASTANA 00002318  002 OF 003`) and blank lines, often in the middle of a sentence. The fix removes the marker and its blank lines and joins the paragraph. An old telegram\'s page header (`PAGE 02 HARARE 06677 01 OF 03 291400Z`) is removed whole, with the page\'s classification lines around it (` CONFIDENTIAL`, or the word run onto the line above), and text the rendering glued onto its line is joined to the line it continues.',
    bad: 'the global economy."   Nazarbayev\n\nASTANA 00002318  002 OF 003\n\n\npraised the government for …',
    good: 'the global economy."   Nazarbayev\npraised the government for …',
  },
  scope: 'cable',
  check(cable, ctx) {
    for (const m of removable(cable)) if (m.insideParagraph) ctx.report(m.range, `${m.kind === 'page-header' ? 'Old page header' : 'Page marker'} "${m.text.trim()}" breaks ${m.gluedText ? 'the text' : 'a paragraph'}`, markerFix(ctx.doc, m, true));
  },
});

export const pageMarker = defineRule({
  code: 'CBL302',
  name: 'page-marker',
  severity: 'hint',
  group: 'joins',
  fixable: true,
  docs: {
    summary: 'A page marker between paragraphs.',
    description: 'A marker between paragraphs hides nothing but is not cable text either. The fix removes it and the extra blank lines, keeping one blank line between the paragraphs.',
    bad: 'END COMMENT.\n\nASTANA 00002318  003 OF 003\n\n\n10. (SBU) …',
    good: 'END COMMENT.\n\n10. (SBU) …',
  },
  scope: 'cable',
  check(cable, ctx) {
    for (const m of removable(cable)) if (!m.insideParagraph) ctx.report(m.range, `${m.kind === 'page-header' ? 'Old page header' : 'Page marker'} "${m.text.trim()}" between paragraphs`, markerFix(ctx.doc, m, false));
  },
});

/**
 * Words cut across a line break. Candidates are consecutive text lines of one paragraph; a page
 * marker and its blank lines between them are skipped over, since the 2011 rendering's joins cut
 * words exactly there (the seed's `rema` / `ins`).
 */
export const splitWord = defineRule({
  code: 'CBL303',
  name: 'split-word',
  severity: 'warning',
  group: 'joins',
  fixable: true,
  docs: {
    summary: 'A word is broken across a line (`rema` / `ins`).',
    description: 'A section join can cut a word in two. The rule flags a line that ends in letters and a next line of the same paragraph that starts with letters when the two pieces joined make an English word (SCOWL word list) and at least one piece is not a word by itself — so ordinary wrapping (`crack` / `down`), names and acronyms are left alone. The fix joins the word.',
    bad: 'Russia has always been and rema\nins Kazakhstan\'s reliable ally',
    good: 'Russia has always been and remains Kazakhstan\'s reliable ally',
  },
  scope: 'cable',
  check(cable, ctx) {
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
            ctx.report(
              { start: { line: prev, character: s.headStart }, end: { line: l, character: s.tailStart + s.tail.length } },
              `"${s.head}" / "${s.tail}" is the word "${s.joined}" broken across a line`,
              {
                title: `Join "${s.head}" and "${s.tail}" into "${s.joined}"` + (crossed ? ' (removing the page marker between)' : ''),
                edits: [{ range: { start: { line: prev, character: s.headEnd }, end: { line: l, character: s.tailStart } }, newText: '' }],
              },
            );
          }
        }
        prev = l;
        crossed = false;
      }
    }
  },
});

export const pageMarkerOrder = defineRule({
  code: 'CBL304',
  name: 'page-marker-order',
  severity: 'information',
  group: 'joins',
  fixable: false,
  docs: {
    summary: 'Page markers out of order, or a page repeated.',
    description: 'The markers of a cable count 002, 003 … up to the total. A repeat or a step back means a section was duplicated or moved. A gap is not reported: it is usually only a lost marker (the December 2010 rendering drops some: 06MOSCOW5740 shows only `005 OF 005`), and every marker is a scar a fix removes, so a half-repaired cable shows gaps.',
    bad: 'ASTANA 00002318  003 OF 003\n…\nASTANA 00002318  002 OF 003',
    good: 'ASTANA 00002318  002 OF 003\n…\nASTANA 00002318  003 OF 003',
  },
  scope: 'cable',
  check(cable, ctx) {
    let prev: PageMarker | undefined;
    for (const m of markers(cable)) {
      // `005.2 OF 005` continues page 5: a decimal sub-page may repeat the page number.
      if (prev && m.pageText === prev.pageText) ctx.report(m.range, `Page ${m.pageText} repeats`);
      else if (prev && m.page < prev.page) ctx.report(m.range, `Page ${m.pageText} comes after page ${pad(prev.page, 3)}`);
      // A gap (002, then 004) is no evidence of a lost page: every marker is a scar that a fix
      // removes, so a cable half repaired shows gaps. A lost section shows as a SECTION total the
      // markers do not reach (banner-section-mismatch) or a `* Missing Section *` box.
      prev = m;
    }
  },
});

export const pageMarkerTotal = defineRule({
  code: 'CBL305',
  name: 'page-marker-total',
  severity: 'warning',
  group: 'joins',
  fixable: false,
  docs: {
    summary: 'The page markers of one cable give different totals.',
    description: 'Every marker of a cable names the same total (`OF 003`).',
    bad: 'ASTANA 00002318  002 OF 003\n…\nASTANA 00002318  003 OF 004',
    good: 'ASTANA 00002318  002 OF 003\n…\nASTANA 00002318  003 OF 003',
  },
  scope: 'cable',
  check(cable, ctx) {
    const all = markers(cable);
    const first = all[0]?.total;
    for (const m of all.slice(1)) {
      if (m.total !== first) ctx.report(m.range, `Page marker total ${pad(m.total, 3)} differs from the first marker's ${pad(first!, 3)}`);
    }
  },
});

export const pageMarkerOrigin = defineRule({
  code: 'CBL306',
  name: 'page-marker-origin',
  severity: 'warning',
  group: 'joins',
  fixable: false,
  docs: {
    summary: 'A page marker names a post or serial that is not the cable\'s.',
    description: 'A marker carries the cable\'s post and serial (`ASTANA 00002318`). Another serial means the page belongs to another cable or was mistyped; a post cut short by the rendering (`USUN NEW Y`) is accepted.',
    bad: '08ASTANA2318 …\nASTANA 00002381  002 OF 003',
    good: '08ASTANA2318 …\nASTANA 00002318  002 OF 003',
  },
  scope: 'cable',
  check(cable, ctx) {
    const ref = cable.table?.referenceId;
    const serial = ref?.serial ?? cable.banner?.serial?.value;
    const post = (ref?.post ?? cable.banner?.post?.text)?.replace(/\s+/g, '').toUpperCase();
    for (const m of markers(cable)) {
      if (serial !== undefined && m.serial.value !== serial) {
        ctx.report(m.serial.range, `Page marker serial ${m.serial.text} is not the cable's serial ${serial}`);
      } else if (post) {
        const mp = m.post.text.replace(/\s+/g, '').toUpperCase();
        // The rendering cuts long post names short (`USUN NEW Y`, `ADDIS ABAB`), and a regional
        // office's markers name the city alone (`DUBAI` for RPODUBAI).
        if (mp.length > 0 && !post.startsWith(mp) && !mp.startsWith(post) && !post.endsWith(mp)) {
          ctx.report(m.post.range, `Page marker post ${m.post.text.trim()} is not the cable's post ${post}`);
        }
      }
    }
  },
});

export const missingSection = defineRule({
  code: 'CBL307',
  name: 'missing-section',
  severity: 'warning',
  group: 'joins',
  fixable: false,
  docs: {
    summary: 'A section of the cable was lost (`* Missing Section 001 *`).',
    description: 'The rendering marks a section it did not have. The text of that section is gone; nothing can repair it, but the reader should know.',
    bad: '* Missing Section 001 *',
    good: '(the section\'s text)',
  },
  scope: 'cable',
  check(cable, ctx) {
    for (const m of cable.body.pageMarkers) if (m.kind === 'missing-section') ctx.report(m.range, `A section of this cable was lost: "${m.text}"`);
  },
});

export const JOIN_RULES = [pageMarkerInParagraph, pageMarker, splitWord, pageMarkerOrder, pageMarkerTotal, pageMarkerOrigin, missingSection] as const;

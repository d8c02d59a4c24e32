/** The classification banner against the table and the page markers, and the banner's own damage. */
import { LEVEL_NAME } from '../../../parser';
import { pad } from '../../../parser/text';
import { defineRule } from '../rule';
import type { TextEdit } from '../types';

export const bannerClassificationMismatch = defineRule({
  code: 'CBL150',
  name: 'banner-classification-mismatch',
  severity: 'warning',
  group: 'banner',
  fixable: false,
  docs: {
    summary: 'The banner\'s classification differs from the table\'s.',
    description: 'The banner is the cable\'s own classification; the WikiLeaks table copies it. A difference means one was changed or mistyped.',
    bad: '… CONFIDENTIAL Embassy Madrid\n…\nS E C R E T MADRID 001131',
    good: '… CONFIDENTIAL Embassy Madrid\n…\nC O N F I D E N T I A L MADRID 001131',
  },
  scope: 'cable',
  check(cable, ctx) {
    const banner = cable.banner;
    const tableCls = cable.table?.classification;
    if (banner?.classification.level && tableCls?.level && banner.classification.level !== tableCls.level) {
      ctx.report(banner.classification.range, `Banner ${banner.classification.text.trim()} (${LEVEL_NAME[banner.classification.level]}) differs from the table's ${tableCls.text.trim()}`);
    }
  },
});

export const bannerSectionMismatch = defineRule({
  code: 'CBL151',
  name: 'banner-section-mismatch',
  severity: 'warning',
  group: 'banner',
  fixable: false,
  docs: {
    summary: 'The banner\'s SECTION n OF m does not fit the page markers.',
    description: 'A cable of m sections carries m − 1 page markers numbered 2…m of m. A total that differs from the markers\' means a section was lost or the banner is wrong.',
    bad: 'UNCLAS SECTION 01 OF 02 ASTANA 002318\n…\nASTANA 00002318  002 OF 003',
    good: 'UNCLAS SECTION 01 OF 03 ASTANA 002318\n…\nASTANA 00002318  002 OF 003',
  },
  scope: 'cable',
  check(cable, ctx) {
    const section = cable.banner?.section;
    const markers = cable.body.pageMarkers.filter((m) => m.kind === 'marker');
    if (!section || markers.length === 0) return;
    const total = section.total.value;
    const markerTotal = markers[0]!.total;
    const maxPage = Math.max(...markers.map((m) => m.page));
    if (markerTotal !== total || maxPage > total) {
      ctx.report(section.range, `Banner says SECTION ${section.number.text} OF ${section.total.text} but the page markers say ${markers[0]!.pageText} OF ${pad(markerTotal, 3)}`);
    }
  },
});

export const bannerSerialMismatch = defineRule({
  code: 'CBL152',
  name: 'banner-serial-mismatch',
  severity: 'warning',
  group: 'banner',
  fixable: false,
  docs: {
    summary: 'The banner\'s serial differs from the reference ID\'s.',
    description: 'The banner ends with the post and the serial, zero-padded to six digits (`ASTANA 002318` for `08ASTANA2318`).',
    bad: 'UNCLAS SECTION 01 OF 03 ASTANA 002381',
    good: 'UNCLAS SECTION 01 OF 03 ASTANA 002318',
  },
  scope: 'cable',
  check(cable, ctx) {
    const serial = cable.banner?.serial;
    const ref = cable.table?.referenceId;
    if (serial && ref?.serial !== undefined && serial.value !== ref.serial) {
      ctx.report(serial.range, `Banner serial ${serial.text} differs from the reference ID ${ref.text}'s serial ${ref.serial}`);
    }
  },
});

/**
 * One problem per damaged banner, with one fix that repairs every part of it: the damaged words
 * rewritten as the parser read them, and a line break where the next field was glued on.
 */
export const bannerDamaged = defineRule({
  code: 'CBL153',
  name: 'banner-damaged',
  severity: 'warning',
  group: 'banner',
  fixable: true,
  docs: {
    summary: 'The banner was damaged in transmission, or runs straight into the next field.',
    description: 'Renderings of the archive double or drop letters of the banner (`SS E C R E T`, `NCLAS`, `CO N F I …`), mistype its words (`SCTION 02 GF 02`), put a letter among the serial\'s digits (`00Q021`), or lose the line break after it so that the E.O. line or SIPDIS runs on (`CAIRO 000549E.O. 12958`). Cable Text still reads the banner; the fix writes it as it should read and puts the glued field on its own line.',
    bad: 'SS E C R E T CAIRO 000549E.O. 12958: DECL: 03/29/2019',
    good: 'S E C R E T CAIRO 000549\nE.O. 12958: DECL: 03/29/2019',
  },
  scope: 'cable',
  check(cable, ctx) {
    const banner = cable.banner;
    if (!banner || (!banner.damage && !banner.gluedAt)) return;
    const edits: TextEdit[] = (banner.damage ?? []).map((d) => ({ range: d.range, newText: d.repaired }));
    const said = (banner.damage ?? []).map((d) => `"${d.text}" should read "${d.repaired}"`);
    if (banner.gluedAt) {
      const line = ctx.doc.lines[banner.gluedAt.line] ?? '';
      const glued = line.slice(banner.gluedAt.character).trim().split(/\s+/)[0] ?? '';
      edits.push({ range: { start: banner.gluedAt, end: banner.gluedAt }, newText: ctx.doc.eol === '\r\n' ? '\r\n' : '\n' });
      said.push(`the next field (${glued}) runs straight on from the serial`);
    }
    const title = banner.damage?.length && banner.gluedAt ? 'Repair the banner and put the glued field on its own line' : banner.gluedAt ? 'Put the glued field on its own line' : 'Repair the banner';
    const range = banner.gluedAt ? { start: banner.range.start, end: banner.gluedAt } : banner.range;
    ctx.report(range, `Damaged banner: ${said.join('; ')}`, { title, edits });
  },
});

export const BANNER_RULES = [bannerClassificationMismatch, bannerSectionMismatch, bannerSerialMismatch, bannerDamaged] as const;

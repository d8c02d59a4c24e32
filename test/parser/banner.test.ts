/**
 * Banners as real copies of the archive damaged them (issue 14): each form is read as a banner,
 * with its level, post and serial, and its damage recorded with the repair.
 */
import { describe, expect, it } from 'vitest';
import { parseBanner } from '../../server/src/parser/subject';
import { parseCable } from '../../server/src/parser';

const read = (line: string) => {
  const b = parseBanner(0, line);
  if (!b) return undefined;
  return {
    level: b.classification.level,
    section: b.section ? `${b.section.number.value}/${b.section.total.value}` : undefined,
    post: b.post?.text,
    serial: b.serial?.value,
    damage: b.damage?.map((d) => `${d.kind}: ${d.text} → ${d.repaired}`) ?? [],
    glued: b.gluedAt ? line.slice(b.gluedAt.character) : undefined,
  };
};

describe('damaged banners', () => {
  const cases: Array<[string, ReturnType<typeof read>]> = [
    ['SS E C R E T ASMARA 000546', { level: 'S', section: undefined, post: 'ASMARA', serial: 546, damage: ['classification: SS E C R E T → S E C R E T'], glued: undefined }],
    ['CC O N F I D E N T I A L BRASILIA 000055', { level: 'C', section: undefined, post: 'BRASILIA', serial: 55, damage: ['classification: CC O N F I D E N T I A L → C O N F I D E N T I A L'], glued: undefined }],
    ['NCLAS SECTION 01 OF 02 BRASILIA 001017', { level: 'U', section: '1/2', post: 'BRASILIA', serial: 1017, damage: ['classification: NCLAS → UNCLAS'], glued: undefined }],
    ['CO N F I D E N T I A L SECTION 01 OF 04 HANOI 000809', { level: 'C', section: '1/4', post: 'HANOI', serial: 809, damage: ['classification: CO N F I D E N T I A L → C O N F I D E N T I A L'], glued: undefined }],
    ['C O N F I D E N T I A L SCTION 02 OF 02 SAO PAULO 000335', { level: 'C', section: '2/2', post: 'SAO PAULO', serial: 335, damage: ['section: SCTION → SECTION'], glued: undefined }],
    ['UNCLAS SECTION 01 GF 02 BISHIEK 00Q021', { level: 'U', section: '1/2', post: 'BISHIEK', serial: 21, damage: ['of: GF → OF', 'serial: 00Q021 → 000021'], glued: undefined }],
    ['S E C R E T CAIRO 000549E.O. 12958: DECL: 03/29/2019', { level: 'S', section: undefined, post: 'CAIRO', serial: 549, damage: [], glued: 'E.O. 12958: DECL: 03/29/2019' }],
    ['C O N F I D E N T I A L SECTION 01 OF 02 ANKARA 000544SIPDIS', { level: 'C', section: '1/2', post: 'ANKARA', serial: 544, damage: [], glued: 'SIPDIS' }],
    // Sound banners stay undamaged; a lower-case `of` is a style, not damage.
    ['C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ', { level: 'C', section: '1/2', post: 'ASTANA', serial: 2318, damage: [], glued: undefined }],
    ['SECRET SECTION 01 of 03 KABUL 000693', { level: 'S', section: '1/3', post: 'KABUL', serial: 693, damage: [], glued: undefined }],
  ];
  for (const [line, want] of cases) {
    it(line, () => expect(read(line)).toEqual(want));
  }

  it('takes no prose for a banner: a near-miss word needs a section or a serial after it', () => {
    for (const line of ['SECRETS OF THE TRADE', 'NCLAS', 'SECRETARY RICE 2005', 'CONFIDENTAIL', 'SECRETS ARE KEPT HERE', 'C O N F I D E N T A L']) {
      expect(read(line)).toBeUndefined();
    }
  });

  it('starts the cable at a damaged banner and reads the glued field where it stands', () => {
    const doc = parseCable('Cable dated:2009-03-31T14:44:00\n\nS E C R E T CAIRO 000549E.O. 12958: DECL: 03/29/2019\n\nTAGS: PREL EG\n\nSUBJECT: SCENESETTER\n\n1. (S) Text.\n');
    expect(doc.cables.length).toBe(1);
    const c = doc.cables[0]!;
    expect(c.range.start.line).toBe(2);
    expect(c.banner?.serial?.value).toBe(549);
    expect(c.eo?.decl?.iso ?? c.eo?.decl?.text).toMatch(/2019/);
    expect(c.tags?.codes.map((t) => t.text)).toEqual(['PREL', 'EG']);
    expect(doc.outside.map((o) => [o.position, o.lines.map((l) => l.kind)])).toEqual([['before', ['page']]]);
  });
});

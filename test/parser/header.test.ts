/**
 * The header found wherever the text holds it (issue 15): each case from its corpus cable.
 */
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { HAVE_SHARED, readCorpus } from './helpers';

describe.skipIf(!HAVE_SHARED)('header fields in corpus cables', () => {
  const read = (name: string) => parseCable(readCorpus(name));

  it('09ULAANBAATAR234: an export field under the routing block is no signer that would cut the cable in two', () => {
    const doc = read('09ULAANBAATAR234.cable');
    expect(doc.cables[0]!.body.signature?.text).not.toBe('Embassy Ulaanbaatar');
    expect(doc.cables.some((c) => c.subject?.text.toLowerCase().startsWith("mongolia's consultations"))).toBe(true);
  });

  it('09BEIJING2963: a lowered TAGS line wraps onto a lowered line, and the subject under it is read', () => {
    const c = read('09BEIJING2963.cable').cables[0]!;
    expect(c.tags?.codes.map((t) => t.text)).toContain('mnuc');
    expect(c.subject?.text).toBe("deputy secretary steinberg's meeting with xxxxx foreign minister he yafei, september 29, 2009");
  });

  it('09STATE119085 without its table: the stray banner still belongs to the routing block', () => {
    const text = readCorpus('09STATE119085.cable').split('\n').slice(3).join('\n');
    const c = parseCable(text).cables[0]!;
    expect(c.routing?.dtg?.dayTime.text).toBe('181729Z');
    expect(c.routing?.otherLines.map((t) => t.text)).toEqual(['S E C R E T   STATE   00119085']);
    expect(c.banner?.section?.total.value).toBe(11);
  });

  it('09STATE119085: a stray banner line before VZCZC leaves the routing block to be read', () => {
    const c = read('09STATE119085.cable').cables[0]!;
    expect(c.routing?.dtg?.dayTime.text).toBe('181729Z');
    expect(c.routing?.otherLines.map((t) => t.text)).toEqual(['S E C R E T   STATE   00119085']);
    expect(c.banner?.section?.total.value).toBe(11);
  });
});

describe.skipIf(!HAVE_SHARED)('the smaller header faults of issue 15', () => {
  const read = (name: string) => parseCable(readCorpus(name)).cables[0]!;

  it('09KABUL1239: SUBJECT: SUBJECT: is one label', () => {
    const c = read('09KABUL1239.cable');
    expect(c.subject?.label.text).toBe('SUBJECT: SUBJECT:');
    expect(c.subject?.text).toBe('AFGHANISTAN: A SNAPSHOT OF THE NORTHEAST');
  });

  it("08BRASILIA351: a page marker glued to the subject's second line is a page marker, not subject text", () => {
    const c = read('08BRASILIA351.cable');
    expect(c.subject?.text).toBe('SCENESETTER FOR THE VISIT OF MINISTER OF DEFENSE NELSON JOBIM TO WASHINGTON');
    expect(c.body.pageMarkers.some((m) => m.text === 'BRASILIA 00000351 001.2 OF 003')).toBe(true);
  });

  it('08STATE103511: NIACT IMMEDIATE and a range of message numbers after the addressee name', () => {
    const a = read('08STATE103511.cable').routing!.addressees[0]!;
    expect([a.name?.text, a.precedence?.text, a.controlNumber?.text]).toEqual(['AMEMBASSY BELMOPAN', 'NIACT IMMEDIATE', '2276-2279']);
  });

  it('09BAKU179: PIORITY is the precedence, not part of the name', () => {
    const a = read('09BAKU179.cable').routing!.addressees.find((x) => x.name?.text === 'AMEMBASSY NEW DELHI');
    expect(a?.precedence?.text).toBe('PIORITY');
  });

  it('08STATE50524: an old page header on the INFO line is a page header, not an addressee', () => {
    const r = read('08STATE50524.cable').routing!;
    expect(r.pageHeaders.map((t) => t.text)).toContain('PAGE 02        STATE   050524  131535Z');
    expect(r.addressees.map((a) => [a.kind, a.name?.text])).toEqual([
      ['TO', 'AMEMBASSY BEIJING'],
      ['INFO', 'AMEMBASSY BAGHDAD'],
    ]);
  });
});

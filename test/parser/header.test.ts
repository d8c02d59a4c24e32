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

  it('09STATE119085: a stray banner line before VZCZC leaves the routing block to be read', () => {
    const c = read('09STATE119085.cable').cables[0]!;
    expect(c.routing?.dtg?.dayTime.text).toBe('181729Z');
    expect(c.routing?.otherLines.map((t) => t.text)).toEqual(['S E C R E T   STATE   00119085']);
    expect(c.banner?.section?.total.value).toBe(11);
  });
});

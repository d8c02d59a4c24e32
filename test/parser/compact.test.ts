/**
 * compactCable copies a cable's lists at their length once the cable is read (a list grown by push
 * keeps room for more). The model must read exactly as before: same items (the same objects), same
 * order, the same keys in the same order.
 */
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { compactCable } from '../../server/src/parser/compact';
import { HAVE_SHARED, corpusFiles, readCorpus } from './helpers';

describe('compactCable', () => {
  it.skipIf(!HAVE_SHARED)('keeps every list item, object for object, and every key in its place', () => {
    let lists = 0;
    for (const f of corpusFiles().slice(0, 60)) {
      for (const cable of parseCable(readCorpus(f)).cables) {
        const before = JSON.stringify(cable);
        const items = { addressees: [...(cable.routing?.addressees ?? [])], paragraphs: [...cable.body.paragraphs], codes: [...(cable.tags?.codes ?? [])] };
        const grown = cable.body.paragraphs;
        compactCable(cable);
        expect(JSON.stringify(cable)).toBe(before);
        // A list with items is a copy at its length, not the list that grew.
        if (grown.length) expect(cable.body.paragraphs).not.toBe(grown);
        // The items themselves are kept: a range moved in place later is the model's own.
        items.addressees.forEach((a, k) => expect(cable.routing!.addressees[k]).toBe(a));
        items.paragraphs.forEach((p, k) => expect(cable.body.paragraphs[k]).toBe(p));
        items.codes.forEach((c, k) => expect(cable.tags!.codes[k]).toBe(c));
        lists += items.addressees.length + items.paragraphs.length + items.codes.length;
      }
    }
    expect(lists).toBeGreaterThan(500);
  });
  it('leaves empty lists as they are', () => {
    const cable = parseCable('SUBJECT: TALKS\n\n1. (C) The talks went on.').cables[0];
    const sections = cable.body.sections;
    compactCable(cable);
    expect(cable.body.sections).toBe(sections);
    expect(cable.body.sections).toEqual([]);
  });
});

/**
 * compactCable copies a cable's lists at their length once the cable is read (a list grown by push
 * keeps room for more). The model must read exactly as before: same items (the same objects), same
 * order, the same keys in the same order.
 */
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { compactCable } from '../../server/src/parser/compact';
import { shortText } from '../../server/src/parser/text';
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
  it("makes every empty list of a cable the cable's one empty list, which cannot be changed", () => {
    const text = 'SUBJECT: TALKS\n\n1. (C) The talks went on.\n\n2. (S/NF) And on.';
    const cable = parseCable(text).cables[0];
    const [p1, p2] = cable.body.paragraphs;
    expect(cable.body.sections).toEqual([]);
    expect(cable.body.sections).toBe(cable.body.redactions);
    expect(p1.items).toBe(cable.body.sections);
    // A marking without caveats has none in that same list; one with caveats has its own.
    expect(p1.marking!.caveats).toBe(cable.body.sections);
    expect(p2.marking!.caveats).toEqual(['NF']);
    expect(Object.isFrozen(cable.body.sections)).toBe(true);
    expect(() => (cable.body.sections as unknown[]).push(1)).toThrow(TypeError);
    expect(cable.body.sections).toEqual([]);
    // Its JSON is an empty list's.
    expect(JSON.stringify(cable.body.trailers)).toBe('[]');
    // Another cable's is another (no object of the model hangs from two cables' steps).
    const other = parseCable(text).cables[0];
    expect(other.body.sections).toEqual([]);
    expect(other.body.sections).not.toBe(cable.body.sections);
  });
});

describe('shortText', () => {
  // (Whether two equal strings are one object cannot be seen from JavaScript: what must hold is
  // that the text given back is always the text asked for, whatever was kept before.)
  it('gives back the text asked for, short or long', () => {
    const random = (k: number) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ(/)'.slice(k % 20, (k % 20) + 1 + (k % 9));
    for (let k = 0; k < 5000; k++) {
      const t = random(k);
      // A copy cut from a longer text, as the parser cuts its tokens.
      const copy = ('  ' + t + '  ').slice(2, 2 + t.length);
      expect(shortText(copy)).toBe(t);
    }
    const line = 'FM AMEMBASSY ANKARA TO RUEHC/SECSTATE WASHDC PRIORITY 1234';
    const at = line.indexOf('PRIORITY');
    expect(shortText(line.slice(at, at + 8))).toBe('PRIORITY');
    expect(shortText(line.slice(at + 1, at + 8))).toBe('RIORITY');
    // A long text is a view of its line, not a copy: it is given back as it is.
    const long = line.slice(0, 30);
    expect(shortText(long)).toBe(long);
    expect(shortText('')).toBe('');
  });
  it('keeps the model the same: the tokens read as they are written', () => {
    const doc = parseCable('SUBJECT: TALKS\n\n1. (C) One.\n\n2. (C) Two.\n\n3. (S) Three.');
    expect(doc.cables[0].body.paragraphs.map((p) => `${p.marking?.text}@${p.marking?.range.start.line}`)).toEqual(['(C)@2', '(C)@4', '(S)@6']);
  });
});

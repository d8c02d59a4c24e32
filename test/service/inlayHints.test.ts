import { describe, expect, it } from 'vitest';
import { shortDateTime } from '../../server/src/service/inlayHints';
import { HAS_SEED, NOT_CANCELLED, SEED, docFromFile, docFromText, service } from './helpers';

const ALL = { start: { line: 0, character: 0 }, end: { line: 100_000, character: 0 } };

describe('inlay hints', () => {
  it('writes a date as a reader says it', () => {
    expect(shortDateTime(2008, 11, 24, 10, 54)).toBe('Mon 24 Nov 2008 10:54 UTC');
    expect(shortDateTime(2001, 2, 23, 0, 5)).toBe('Fri 23 Feb 2001 00:05 UTC');
  });

  it.skipIf(!HAS_SEED)('decode the seed\'s DTG after it by default, and the DE line\'s Julian day when asked', () => {
    const svc = service();
    const doc = docFromFile(SEED);
    const hints = svc.getInlayHints(doc, ALL, NOT_CANCELLED);
    expect(hints.map((h) => [h.position, h.label])).toEqual([[{ line: 16, character: 16 }, '⟶ Mon 24 Nov 2008 10:54 UTC']]);
    expect(doc.getText().split('\n')[16]!.slice(0, 16)).toBe('O 241054Z NOV 08');
    svc.updateSettings({ inlayHints: { julianDay: true } });
    const both = svc.getInlayHints(doc, ALL, NOT_CANCELLED);
    expect(both.map((h) => [h.position.line, h.label])).toContainEqual([14, '⟶ Mon 24 Nov 2008 10:54 UTC']);
    svc.updateSettings({ inlayHints: { dtg: false, julianDay: false } });
    expect(svc.getInlayHints(doc, ALL, NOT_CANCELLED)).toEqual([]);
    // Only hints inside the asked range.
    svc.updateSettings({});
    expect(svc.getInlayHints(doc, { start: { line: 100, character: 0 }, end: { line: 200, character: 0 } }, NOT_CANCELLED)).toEqual([]);
  });

  it('decodes the Julian day in the cable\'s year, leap years included, and says nothing of an invalid DTG', () => {
    const svc = service();
    svc.updateSettings({ inlayHints: { julianDay: true } });
    const leap = 'VZCZCXRO1234\nDE RUEHTA #0001 0601200\nZNR UUUUU ZZH\nO 291200Z FEB 08\nFM AMEMBASSY ASTANA\nTO RUEHC/SECSTATE WASHDC\n\nUNCLAS ASTANA 000001\n\n1. (U) Text.\n';
    const labels = svc.getInlayHints(docFromText(leap), ALL, NOT_CANCELLED).map((h) => h.label);
    expect(labels).toEqual(['⟶ Fri 29 Feb 2008 12:00 UTC', '⟶ Fri 29 Feb 2008 12:00 UTC']);
    const bad = leap.replace('291200Z FEB 08', '301200Z FEB 08');
    expect(svc.getInlayHints(docFromText(bad), ALL, NOT_CANCELLED).map((h) => h.label)).toEqual(['⟶ Fri 29 Feb 2008 12:00 UTC']);
  });

  it('answers empty and binary text with no hints', () => {
    const svc = service();
    expect(svc.getInlayHints(docFromText(''), ALL, NOT_CANCELLED)).toEqual([]);
    expect(svc.getInlayHints(docFromText('\u0000\u0001'.repeat(500)), ALL, NOT_CANCELLED)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { HAVE_SHARED, readCorpus } from './helpers';

// Body-only copies (the cablegate pages' text without table or header) put together in one export:
// each starts with its banner, sometimes with the rendering's date line above it.
const copy = (banner: string, subject: string, para: string, signer: string) =>
  `${banner}\n\nSIPDIS\n\nE.O. 12958: DECL: 01/01/2019\nTAGS: PREL XX\nSUBJECT: ${subject}\n\n1. (C) ${para}\n\n${signer}\n`;
const banners = (text: string) => parseCable(text).cables.map((c) => `${c.banner?.post?.text} ${c.banner?.serial?.value}`);

describe('bare copies in one export', () => {
  it('each banner with its subject block after another cable\'s text starts a cable', () => {
    const text = [copy('C O N F I D E N T I A L ROME 000123', 'ONE', 'First cable.', 'SMITH'), copy('UNCLAS PARIS 000456', 'TWO', 'Second cable.', 'JONES'), `Monday, 30 April 2007, 10:58\n${copy('S E C R E T DAMASCUS 000409', 'THREE', 'Third.', 'CORBIN')}`].join('\n');
    const doc = parseCable(text);
    expect(banners(text)).toEqual(['ROME 123', 'PARIS 456', 'DAMASCUS 409']);
    expect(doc.cables.map((c) => c.subject?.text)).toEqual(['ONE', 'TWO', 'THREE']);
    // The date line goes with the cable below it.
    expect(doc.cables[2]!.dateLine?.text).toBe('Monday, 30 April 2007, 10:58');
  });

  it("a section's banner (same post and serial) is the same cable going on", () => {
    const text = copy('C O N F I D E N T I A L SECTION 01 OF 02 ROME 000123', 'ONE', 'First part.', '') + '\n' + copy('C O N F I D E N T I A L SECTION 02 OF 02 ROME 000123', 'ONE', 'Second part.', 'SMITH');
    expect(banners(text)).toEqual(['ROME 123']);
  });

  it('a telegram quoted in the text, or a banner with no subject block, starts nothing', () => {
    const quoted = copy('UNCLAS STATE 000001', 'ONE', 'Following sent to Rome:', '').replace('Following sent to Rome:', 'Following sent to Rome:\n\nQUOTE') + '\n' + copy('UNCLAS STATE 000999', 'QUOTED', 'Text.', 'UNQUOTE RICE');
    expect(banners(quoted)).toEqual(['STATE 1']);
    const noBlock = copy('UNCLAS STATE 000001', 'ONE', 'Text.', '') + '\nUNCLAS STATE 000999\n\n2. (U) More text.\n';
    expect(banners(noBlock)).toEqual(['STATE 1']);
  });

  it.skipIf(!HAVE_SHARED)('real bare copies from the corpus, with and without a date line, one cable each', () => {
    const ids = ['07REYKJAVIK322', '01VATICAN3507', '09TRIPOLI751', '07DAMASCUS409', '03THEHAGUE2210', '07LONDON4045'];
    const text = ids.map((id) => readCorpus(`${id}.cable`).replace(/\s*$/, '\n')).join('\n');
    expect(banners(text)).toEqual(['REYKJAVIK 322', 'VATICAN 3507', 'TRIPOLI 751', 'DAMASCUS 409', 'THE HAGUE 2210', 'LONDON 4045']);
  });
});

describe('a file of banner lines', () => {
  it('is read once, not again from every banner (each banner alone looks like a preview)', () => {
    // Each "fragment" used to restart the cable at the next banner and read the rest of the file
    // again: 2,000 banner lines took 36 s. One preview per cable is what exports carry.
    let text = '';
    for (let i = 0; i < 3000; i++) text += `C O N F I D E N T I A L ROME ${String(100 + i).padStart(6, '0')}\n\n`;
    const doc = parseCable(text);
    expect(doc.cables).toHaveLength(1);
    // The preview rule still applies once: the first banner is the preview, the cable starts at the second.
    expect(doc.cables[0]!.range.start.line).toBe(2);
    expect(doc.cables[0]!.range.end.line).toBeGreaterThanOrEqual(5998);
  });
});

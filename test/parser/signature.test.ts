/**
 * The signer, wherever a reader finds it (issue 15): glued to the last paragraph's line, alone in
 * mixed case, after a post's footer, a list or page furniture; never a trailer, a caption, a
 * heading or a word of a sentence.
 */
import { describe, expect, it } from 'vitest';
import { parseCable } from '../../server/src/parser';
import { fixText } from '../../server/src/service/codeActions/fixAll';
import { HAVE_SHARED, corpusFiles, readCorpus } from './helpers';

const HEAD = 'C O N F I D E N T I A L SECTION 01 OF 01 ANKARA 000123\n\nSIPDIS\n\nE.O. 12958: DECL: 01/01/2019\nTAGS: PREL, TU\nSUBJECT: A TEST\n\n';
const cable = (text: string) => {
  const doc = parseCable(HEAD + text);
  return { doc, c: doc.cables[0]! };
};

describe('the signature', () => {
  it('is the all-caps name glued after the last sentence, and the paragraph ends before it', () => {
    const { doc, c } = cable('1. (C) First.\n\n2. (C) The meeting went well and the sky turned yellow. PEARCE\n');
    const sig = c.body.signature!;
    expect(sig.text).toBe('PEARCE');
    const line = doc.lines[sig.range.start.line]!;
    expect(line.slice(sig.range.start.character, sig.range.end.character)).toBe('PEARCE');
    const last = c.body.paragraphs.at(-1)!;
    expect(line.slice(last.range.start.character, last.range.end.character)).toBe('2. (C) The meeting went well and the sky turned yellow.');
  });

  it('takes the signer after END COMMENT glued to the last line', () => {
    const { c } = cable('1. (C) Text. COMMENT: it is so. END COMMENT RAY\n');
    expect(c.body.signature?.text).toBe('RAY');
  });

  it('does not take a block end, a caption or a word of a sentence for a glued signer', () => {
    expect(cable('1. (C) The talks ended. END COMMENT\n').c.body.signature).toBeUndefined();
    expect(cable('1. (C) The talks ended. NOFORN\n').c.body.signature).toBeUndefined();
    expect(cable('1. (C) The talks ended with the\nUSG\n').c.body.signature).toBeUndefined();
    expect(cable('1. (C) The talks ended with a visit to\nParis.\n').c.body.signature).toBeUndefined();
  });

  it('is a mixed-case name alone on its last line, not a mixed-case heading word', () => {
    expect(cable('1. (C) Text of the cable.\n\nWolff\n').c.body.signature?.text).toBe('Wolff');
    expect(cable('1. (C) Text of the cable.\nLeBaron\n').c.body.signature?.text).toBe('LeBaron');
    expect(cable('1. (C) Text of the cable.\n\nComment\n').c.body.signature).toBeUndefined();
  });

  it('follows a post footer over two lines, and a classification trailer after it is no signer', () => {
    const { c } = cable(
      "1. (C) Text of the cable.\nVisit Embassy Amman's classified website at\nhttp://www.state.sgov.gov/p/nea/amman/ or access the site through the SIPRNET home page.\nGNEHM\n\nCONFIDENTIAL\n",
    );
    expect(c.body.signature?.text).toBe('GNEHM');
    expect(c.body.trailers.map((t) => t.text)).toEqual(['CONFIDENTIAL']);
  });

  it('reads a signer block of a name and a title as one', () => {
    const { c } = cable('1. (C) Text of the cable.\n\nLEBARON\nAMBASSADOR\n');
    expect(c.body.signature?.text).toBe('LEBARON AMBASSADOR');
    expect(c.body.signature?.range.start.line).toBe(c.body.signature!.range.end.line - 1);
  });

  it('is not a truncated link title under the signer', () => {
    const { c } = cable('1. (C) Text of the cable.\nTRIVELLI\n\nDANIEL ORTEGA AN...\n');
    expect(c.body.signature?.text).toBe('TRIVELLI');
  });
});

describe.skipIf(!HAVE_SHARED)('the signature in corpus cables', () => {
  const sig = (name: string) => parseCable(readCorpus(name)).cables[0]?.body.signature?.text;
  it('glued to the last paragraph (07BEIJING1760, 06HAMBURG85, 01VATICAN3507)', () => {
    expect(sig('07BEIJING1760.cable')).toBe('RANDT');
    expect(sig('06HAMBURG85.cable')).toBe('BUTCHER');
    expect(sig('01VATICAN3507.cable')).toBe('MMERANTE');
  });
  it('in mixed case (04PARIS8983, 07KUWAIT808)', () => {
    expect(sig('04PARIS8983.cable')).toBe('Wolff');
    expect(sig('07KUWAIT808.cable')).toBe('LeBaron');
  });
  it('after a footer, a page marker or an e-mail line (08LONDON2181, 04AMMAN1288, 06MADRID2281, 03THEHAGUE2137)', () => {
    expect(sig('08LONDON2181.cable')).toBe('LEBARON');
    expect(sig('04AMMAN1288.cable')).toBe('GNEHM');
    expect(sig('06MADRID2281.cable')).toBe('AGUIRRE');
    expect(sig('03THEHAGUE2137.cable')).toBe('SOBEL');
  });
  it('after the words that end the text on its line: END TEXT (10USNATO52), a redaction (10SEOUL248), MINIMIZE CONSIDERED (10BRASILIA43)', () => {
    expect(sig('10USNATO52.cable')).toBe('HEFFERN');
    expect(sig('10SEOUL248.cable')).toBe('STEPHENS');
    expect(sig('10BRASILIA43.cable')).toBe('SHANNON');
    const doc = parseCable(readCorpus('10USNATO52.cable'));
    const last = doc.cables[0]!.body.paragraphs.at(-1)!;
    expect(doc.lines[last.range.end.line]!.slice(0, last.range.end.character).trim()).toBe('END TEXT');
  });
  it('glued in mixed case, lowered, after a footer link, stars or with a date after it', () => {
    expect(sig('04ANKARA348.cable')).toBe('Edelman');
    expect(sig('07REYKJAVIK322.cable')).toBe('van Voorst');
    expect(sig('07LONDON3175.cable')).toBe('tuttle');
    expect(sig('07LONDON4045.cable')).toBe('Tuttle');
    expect(sig('09TELAVIV1324.cable')).toBe('CUNNINGHAM');
    expect(sig('08LONDON592.cable')).toBe('TUTTLE');
    expect(sig('05BRASILIA1207.cable')).toBe('DANILOVICH');
  });
  it('is no classification foot, no truncated word (90CAPETOWN97, 09PESHAWAR2)', () => {
    const doc = parseCable(readCorpus('90CAPETOWN97.cable'));
    expect(doc.cables.map((c) => c.body.signature?.text)).not.toContain('CONFIDENTIAL');
    expect(sig('09PESHAWAR2.cable')).toBeUndefined();
  });
  it('before a mixed-case Nnnn trailer (08STATE15220) and after END COMMENT (10HARARE93)', () => {
    expect(sig('08STATE15220.cable')).toBe('Rice');
    expect(sig('10HARARE93.cable')).toBe('RAY');
  });
});

describe.skipIf(!HAVE_SHARED)('a glued signature and cable fix', () => {
  it('is never split off its line, nor lost, by the fixes (every corpus cable with one)', () => {
    let glued = 0;
    const failures: string[] = [];
    for (const f of corpusFiles()) {
      const text = readCorpus(f);
      const doc = parseCable(text);
      for (const c of doc.cables) {
        const s = c.body.signature;
        if (!s || s.range.start.character === 0) continue;
        const line = doc.lines[s.range.start.line]!;
        const head = line.slice(0, s.range.start.character).trimEnd();
        if (!/\S/.test(head)) continue;
        glued++;
        // The sentence's last word and the name stay together on one line.
        const lastWord = head.slice(head.lastIndexOf(' ') + 1);
        const tail = `${lastWord}${line.slice(head.length, s.range.end.character)}`;
        const fixed = fixText(text).text.split(/\r\n|\n|\r/);
        if (!fixed.some((l) => l.includes(tail))) failures.push(`${f}: ${tail}`);
      }
    }
    console.log(`glued signatures checked against cable fix: ${glued}`);
    expect(glued).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  }, 60000);
});

describe.skipIf(!HAVE_SHARED)('the signature quirks of issue 10', () => {
  const sigOf = (text: string) => parseCable(text).cables[0]?.body.signature?.text;
  const altered = (name: string, from: string, to: string) => {
    const text = readCorpus(name);
    expect(text.includes(from), `${name} holds ${JSON.stringify(from)}`).toBe(true);
    return text.replace(from, to);
  };
  it('in mixed case under End comment. (09BERLIN1106: Murphy)', () => {
    expect(sigOf(readCorpus('09BERLIN1106.cable'))).toBe('Murphy');
  });
  it('after END TEXT. with its full stop, on the same line or the next (10USNATO52 so written)', () => {
    expect(sigOf(altered('10USNATO52.cable', 'END TEXT HEFFERN', 'END TEXT. HEFFERN'))).toBe('HEFFERN');
    expect(sigOf(altered('10USNATO52.cable', 'END TEXT HEFFERN', 'END TEXT.\nHEFFERN'))).toBe('HEFFERN');
  });
  it('a classification foot after the signer is no part of it (90CAPETOWN97: BAQUET UNCLASSIFIED, alone, glued, on the next line)', () => {
    expect(sigOf(altered('90CAPETOWN97.cable', 'BAQUET', 'BAQUET UNCLASSIFIED'))).toBe('BAQUET');
    expect(sigOf(altered('90CAPETOWN97.cable', 'BAQUET', 'BAQUET\nUNCLASSIFIED'))).toBe('BAQUET');
    expect(sigOf(altered('90CAPETOWN97.cable', 'VISIT. \n \nBAQUET', 'VISIT. BAQUET UNCLASSIFIED'))).toBe('BAQUET');
  });
  it('glued to the sentence with no space left (90CAPETOWN97 VISIT.BAQUET, 09BERLIN1106 comment.Murphy so joined)', () => {
    expect(sigOf(altered('90CAPETOWN97.cable', 'VISIT. \n \nBAQUET', 'VISIT.BAQUET'))).toBe('BAQUET');
    expect(sigOf(altered('09BERLIN1106.cable', 'End comment.\nMurphy', 'End comment.Murphy'))).toBe('Murphy');
    // An abbreviation's full stop is no sentence's end.
    expect(sigOf(altered('90CAPETOWN97.cable', 'VISIT. \n \nBAQUET', 'VISIT BY THE U.S.ARMY'))).toBeUndefined();
  });
});

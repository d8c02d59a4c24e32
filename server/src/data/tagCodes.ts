/**
 * Which words of a TAGS line are codes. The reference table (tags.tsv) covers 187 of the 412
 * distinct TAGS the corpus shows, so the parser also knows the codes the corpus's TAGS lines
 * write apart at least twice that the table lacks (counted over ../shared/corpus, 2026-11; names
 * and run-together codes such as `JAMES`, `VTPREL` left out), and a few organisations and program
 * codes seen once (`KWAC`, `OSCE`, `ASEAN`, `WTO`, `IMF`, `MEPP`). A word is a code when it is in either list; two-letter words are the
 * geographic codes (`KZ`, `SR`), which no list covers in full.
 */
import { tags } from './index';

const SEEN_IN_CORPUS = new Set(
  (
    'NATO MNUC EUN MCAP KGHG EU SCUL UNSC KHLS XA SR RU OPRC YI TRGY XF UNO PHSA KSPR VZ VT UN OREP MTCRE ' +
    'KAWK GV FTAA XR XM UNMIK UNGA KSUM KCIP ZP ZB YE USEU TSPL TPHY RW PA MK KOLY KDRG KAWC IQ INRB ICTY ' +
    'ZR XL XH WTRO UV UNESCO UNEP TC PROP OIIP OFDP ODIP NPT MZ MR MA KTIA KRAD KGIC KBIO KACT IAEA CN CM ' +
    'BY BH KWAC KDEV OSCE ASEAN WTO IMF MEPP SENV TBIO SMIG SOCI'
  ).split(' '),
);

/** True when `code` (any case) is a TAGS code the table or the corpus knows. */
export function isKnownTagCode(code: string): boolean {
  const u = code.toUpperCase();
  return tags.has(u) || SEEN_IN_CORPUS.has(u);
}

let FOUR: string[] | undefined;

/** `PGOF`: four capitals one letter away from a known four-letter code (PGOV), a code mistyped. */
export function isMistypedTagCode(word: string): boolean {
  if (!/^[A-Z]{4}$/.test(word) || isKnownTagCode(word)) return false;
  FOUR ??= [...tags.keys(), ...SEEN_IN_CORPUS].filter((c) => /^[A-Z]{4}$/.test(c));
  return FOUR.some((c) => (c[0] === word[0] ? 1 : 0) + (c[1] === word[1] ? 1 : 0) + (c[2] === word[2] ? 1 : 0) + (c[3] === word[3] ? 1 : 0) === 3);
}

/** A two-letter geographic code (`KZ`), or a known code. */
export function isTagCode(code: string): boolean {
  return /^[A-Za-z]{2}$/.test(code) || isKnownTagCode(code);
}

/**
 * `NATOPREL` → [`NATO`, `PREL`], `PRELSR` → [`PREL`, `SR`], `VTPREL` → [`VT`, `PREL`]: a word of
 * six to ten letters that no list knows, made of two codes written together. A four-letter half
 * must be known; a two-letter half (a country) may only stand beside a known four-letter code.
 * The split nearest the middle wins. Undefined when the word is no such pair.
 */
export function splitGluedTags(word: string): [string, string] | undefined {
  if (word.length < 6 || word.length > 10 || !/^(?:[A-Z]+|[a-z]+)$/.test(word) || isKnownTagCode(word)) return undefined;
  let best: [string, string] | undefined;
  for (let at = 2; at <= word.length - 2; at++) {
    const a = word.slice(0, at);
    const b = word.slice(at);
    const ok = (x: string, other: string) => (x.length === 2 ? other.length === 4 && isKnownTagCode(other) : x.length >= 3 && isKnownTagCode(x));
    if (!ok(a, b) || !ok(b, a)) continue;
    if (!best || Math.abs(at - word.length / 2) < Math.abs(best[0].length - word.length / 2)) best = [a, b];
  }
  return best;
}

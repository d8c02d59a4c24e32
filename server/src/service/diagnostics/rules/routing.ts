/**
 * The routing block: the date-time group, the DE line, the security line, the delivery
 * precedence and the addressees, each against the others and against the table and banner.
 * Token-level damage (a DTG day 32, a DE line without its serial) is the parser's finding.
 */
import { LEVEL_NAME, LEVEL_RANK, type Cable, type CableDocument, type ParseProblem } from '../../../parser';
import { pad } from '../../../parser/text';
import { dayOfYear, daysInYear, fullYear } from '../../dates';
import { defineRule, parserFindingRule } from '../rule';
import type { Fix } from '../types';

export const dtgInvalid = parserFindingRule({
  code: 'CBL110',
  name: 'dtg-invalid',
  severity: 'error',
  group: 'routing',
  fixable: false,
  docs: {
    summary: 'The date-time group names an impossible day, hour, minute, month or year.',
    description: 'The date-time group `DDHHMMZ MON YY` is when the cable was released. A day 32, an hour 24 or a month `NOB` cannot be, and every check against it (DE line, table) becomes meaningless.',
    bad: 'O 321054Z NOV 08',
    good: 'O 241054Z NOV 08',
  },
  finding: 'dtg-field',
});

export const dtgMissingZulu = parserFindingRule({
  code: 'CBL111',
  name: 'dtg-missing-zulu',
  severity: 'warning',
  group: 'routing',
  fixable: false,
  docs: {
    summary: 'The date-time group has no `Z` after its time.',
    description: 'Cables are timed in Zulu (UTC); the `Z` says so. Without it the time zone is unknown.',
    bad: 'O 241054 NOV 08',
    good: 'O 241054Z NOV 08',
  },
  finding: 'dtg-missing-zulu',
});

export const deMalformed = parserFindingRule({
  code: 'CBL120',
  name: 'de-malformed',
  severity: 'error',
  group: 'routing',
  fixable: false,
  docs: {
    summary: 'The DE line lacks its station, serial, or Julian day and time.',
    description: 'The DE line reads `DE <station> #<serial>[/<section>] <Julian day><time>`. A part missing breaks the cross-checks with the reference ID and the date-time group.',
    bad: 'DE RUEHTA 3291054',
    good: 'DE RUEHTA #2318/01 3291054',
  },
  finding: 'de-malformed',
});

export const deFieldInvalid = parserFindingRule({
  code: 'CBL121',
  name: 'de-field-invalid',
  severity: 'error',
  group: 'routing',
  fixable: false,
  docs: {
    summary: 'The DE line has a Julian day over 366 or a time over 2359.',
    description: 'The DE line\'s last group is the Julian day (001–366) and the time filed (0000–2359).',
    bad: 'DE RUEHTA #2318/01 3991054',
    good: 'DE RUEHTA #2318/01 3291054',
  },
  finding: 'de-field',
});

export const deSerialMismatch = defineRule({
  code: 'CBL122',
  name: 'de-serial-mismatch',
  severity: 'warning',
  group: 'routing',
  fixable: false,
  docs: {
    summary: 'The DE line\'s serial differs from the reference ID\'s.',
    description: 'The station serial after `#` is the serial in the reference ID (`#2318` ↔ `08ASTANA2318`). A difference means one of them was mistyped or the header belongs to another cable.',
    bad: '08ASTANA2318 …\nDE RUEHTA #2381/01 3291054',
    good: '08ASTANA2318 …\nDE RUEHTA #2318/01 3291054',
  },
  scope: 'cable',
  check(cable, ctx) {
    const de = cable.routing?.de;
    const ref = cable.table?.referenceId;
    // The station serial has four digits, so a post past serial 9999 (STATE, ISLAMABAD) shows
    // the last four: `#3511` for 08STATE103511.
    if (!de?.serial || ref?.serial === undefined) return;
    const digits = Math.max(4, de.serial.text.replace(/[^0-9]/g, '').length);
    if (de.serial.value !== ref.serial % 10 ** digits) {
      ctx.report(de.serial.range, `DE serial ${de.serial.text} differs from the reference ID ${ref.text}'s serial ${ref.serial}`);
    }
  },
});

export const deDtgMismatch = defineRule({
  code: 'CBL123',
  name: 'de-dtg-mismatch',
  severity: 'warning',
  group: 'routing',
  fixable: false,
  docs: {
    summary: 'The DE line\'s Julian day or time disagrees with the date-time group.',
    description: 'Day 329 of 2008 is 24 November, so `DE … 3291054` goes with `241054Z NOV 08`. The DE time is when the cable was filed, usually the DTG\'s time; a day apart (around midnight) is tolerated.',
    bad: 'DE RUEHTA #2318/01 3301054\nZNR UUUUU ZZH\nO 241054Z NOV 08',
    good: 'DE RUEHTA #2318/01 3291054\nZNR UUUUU ZZH\nO 241054Z NOV 08',
  },
  scope: 'cable',
  check(cable, ctx) {
    const de = cable.routing?.de;
    const dtg = cable.routing?.dtg;
    // Over the corpus the DE day equals the DTG's day in 737 of 739 cables and the DE time is
    // 0–60 minutes after the DTG's (a few are filed minutes before). So: more than an hour before
    // the DTG or more than 12 hours after it is a mistyped group.
    if (!de?.julianDay || !dtg || !dtg.iso || !dtg.month?.value || dtg.year?.value === undefined) return;
    if (de.julianDay.value < 1 || de.julianDay.value > 366) return;
    const year = fullYear(dtg.year.value);
    const expected = dayOfYear(year, dtg.month.value, dtg.day);
    let days = de.julianDay.value - expected;
    // Around New Year the DE day wraps (DTG 31 DEC, DE day 001).
    if (days < -300) days += daysInYear(year);
    else if (days > 300) days -= daysInYear(year - 1);
    const timeOk = de.time !== undefined && de.time.value <= 23 * 60 + 59;
    const elapsed = days * 1440 + (timeOk ? de.time!.value - (dtg.hour * 60 + dtg.minute) : 0);
    if (elapsed >= -60 && elapsed <= 12 * 60) return;
    const dayPart = days !== 0;
    ctx.report(
      dayPart || !de.time ? de.julianDay.range : de.time.range,
      dayPart
        ? `DE Julian day ${de.julianDay.text} is not the date-time group's ${dtg.dayTime.text} ${dtg.month.text} ${dtg.year.text} (day ${pad(expected, 3)})`
        : `DE time ${de.time!.text} is ${Math.abs(elapsed)} minutes ${elapsed < 0 ? 'before' : 'after'} the date-time group's ${pad(dtg.hour, 2)}${pad(dtg.minute, 2)}Z`,
    );
  },
});

export const deSectionMismatch = defineRule({
  code: 'CBL124',
  name: 'de-section-mismatch',
  severity: 'information',
  group: 'routing',
  fixable: false,
  docs: {
    summary: 'The DE line\'s section number disagrees with the banner\'s SECTION n OF m.',
    description: 'Multi-section cables carry the section number both in the DE line (`/01`) and in the banner (`SECTION 01 OF 03`). WikiLeaks kept the first section\'s header, so both should read 1.',
    bad: 'DE RUEHTA #2318/02 3291054 … UNCLAS SECTION 01 OF 03 ASTANA 002318',
    good: 'DE RUEHTA #2318/01 3291054 … UNCLAS SECTION 01 OF 03 ASTANA 002318',
  },
  scope: 'cable',
  check(cable, ctx) {
    const de = cable.routing?.de;
    const banner = cable.banner;
    if (de?.section && banner?.section && de.section.value !== banner.section.number.value) {
      ctx.report(de.section.range, `DE section ${de.section.text} differs from the banner's SECTION ${banner.section.number.text} OF ${banner.section.total.text}`);
    }
  },
});

export const securityMalformed = parserFindingRule({
  code: 'CBL130',
  name: 'security-malformed',
  severity: 'error',
  group: 'routing',
  fixable: false,
  docs: {
    summary: 'The security line\'s letters are not five of one of U, E, C, S, T.',
    description: 'The security line `ZNR UUUUU` / `ZNY CCCCC` repeats the classification letter five times (U unclassified, E EFTO, C confidential, S secret, T top secret).',
    bad: 'ZNY CCSCC ZZH',
    good: 'ZNY CCCCC ZZH',
  },
  finding: 'security-malformed',
});

/** The security line's letters, when it has them and they name a level (`ZNY CCCCC`). */
function securityLetters(cable: Cable) {
  const sec = cable.routing?.security;
  const letters = sec?.letters;
  return sec && letters?.level ? { sec, letters, level: letters.level } : undefined;
}

export const securityCircuitMismatch = defineRule({
  code: 'CBL131',
  name: 'security-circuit-mismatch',
  severity: 'warning',
  group: 'routing',
  fixable: false,
  docs: {
    summary: 'ZNR (in the clear) with classified letters, or ZNY (encrypted) with UUUUU.',
    description: 'Classified traffic goes over an encrypted circuit (ZNY); ZNR marks traffic sent in the clear, which may only be unclassified. In the corpus every CCCCC/SSSSS cable is ZNY and every UUUUU cable ZNR.',
    bad: 'ZNR SSSSS ZZH',
    good: 'ZNY SSSSS ZZH',
  },
  scope: 'cable',
  check(cable, ctx) {
    const read = securityLetters(cable);
    if (!read) return;
    const { sec, letters, level } = read;
    const kw = sec.keyword.text.toUpperCase();
    if (kw === 'ZNR' && LEVEL_RANK[level] > 0) {
      ctx.report(sec.keyword.range, `ZNR (sent in the clear) with classified letters ${letters.text}: classified traffic goes ZNY`);
    } else if (kw === 'ZNY' && level === 'U' && !letters.efto) {
      ctx.report(sec.keyword.range, `ZNY (encrypted circuit) with ${letters.text}: unclassified traffic goes ZNR`);
    }
  },
});

export const securityClassificationMismatch = defineRule({
  code: 'CBL132',
  name: 'security-classification-mismatch',
  severity: 'warning',
  group: 'routing',
  fixable: false,
  docs: {
    summary: 'The security line\'s classification differs from the banner\'s or the table\'s.',
    description: 'The letters (`CCCCC`) are the cable\'s classification for the circuit; they must match the banner (`C O N F I D E N T I A L`) and the WikiLeaks table.',
    bad: 'ZNY SSSSS ZZH … C O N F I D E N T I A L MADRID 001131',
    good: 'ZNY CCCCC ZZH … C O N F I D E N T I A L MADRID 001131',
  },
  scope: 'cable',
  check(cable, ctx) {
    const read = securityLetters(cable);
    if (!read) return;
    const { letters, level } = read;
    // Each disagreement is reported once, on the part that is the odd one out: the table is the
    // reference when there is one (banner ↔ table is banner-classification-mismatch's), else the banner.
    const banner = cable.banner;
    const tableCls = cable.table?.classification;
    const reference = tableCls?.level
      ? { level: tableCls.level, what: `the table's ${tableCls.text.trim()}` }
      : banner?.classification.level
        ? { level: banner.classification.level, what: `the banner's ${banner.classification.text.trim()}` }
        : undefined;
    if (reference && reference.level !== level) {
      ctx.report(letters.range, `Security letters ${letters.text} (${LEVEL_NAME[level]}) differ from ${reference.what}`);
    }
  },
});

export const precedenceMismatch = defineRule({
  code: 'CBL140',
  name: 'precedence-mismatch',
  severity: 'warning',
  group: 'routing',
  fixable: false,
  docs: {
    summary: 'The delivery line\'s precedence differs from the date-time group\'s.',
    description: 'The delivery line doubles the precedence letter (`OO` immediate) that the date-time group gives once (`O 241054Z NOV 08`).',
    bad: 'PP RUEHAG RUEHAST\n…\nO 241054Z NOV 08',
    good: 'OO RUEHAG RUEHAST\n…\nO 241054Z NOV 08',
  },
  scope: 'cable',
  check(cable, ctx) {
    const dp = cable.routing?.delivery.find((d) => d.precedence?.code)?.precedence;
    const tp = cable.routing?.dtg?.precedence;
    if (dp?.code && tp?.code && dp.code !== tp.code) {
      ctx.report(dp.range, `Delivery precedence ${dp.text} differs from the date-time group's ${tp.text}`);
    }
  },
});

/** The problem's text on its first line. */
function textAt(doc: CableDocument, p: ParseProblem): string {
  const line = doc.lines[p.range.start.line] ?? '';
  const end = p.range.end.line === p.range.start.line ? p.range.end.character : line.length;
  return line.slice(p.range.start.character, end);
}

export const routingIndicatorMalformed = parserFindingRule({
  code: 'CBL141',
  name: 'routing-indicator-malformed',
  severity: 'warning',
  group: 'routing',
  fixable: false,
  docs: {
    summary: 'A routing indicator is not 5–7 capital letters starting with R.',
    description: 'Routing indicators (`RUEHC`, `RUEKJCS`, `RHMFIUU`) are 5 to 7 capital letters and begin with R in this network.',
    bad: 'OO RUEHAG RU3HAST',
    good: 'OO RUEHAG RUEHAST',
  },
  finding: 'routing-indicator-malformed',
  // `ZEN/AMEMBASSY BELMOPAN`: ZEN is the ACP 127 sign for an addressee served by other means,
  // not a routing indicator gone wrong (08STATE103511 has ten of them).
  skip: (doc, p) => textAt(doc, p).trim() === 'ZEN',
});

export const addresseeMalformed = parserFindingRule({
  code: 'CBL142',
  name: 'addressee-malformed',
  severity: 'warning',
  group: 'routing',
  fixable: false,
  docs: {
    summary: 'A TO/INFO addressee is malformed: a routing indicator with no name, a slash with nothing after it, an unknown precedence word.',
    description: 'An addressee reads `[routing indicator /] name [precedence] [control number]`.',
    bad: 'TO RUEHC/\nINFO RUEHBJ/AMEMBASSY BEIJING IMEDIATE 0240',
    good: 'TO RUEHC/SECSTATE WASHDC IMMEDIATE 3923\nINFO RUEHBJ/AMEMBASSY BEIJING IMMEDIATE 0240',
  },
  finding: 'addressee-malformed',
});

export const infoWithoutTo = defineRule({
  code: 'CBL143',
  name: 'info-without-to',
  severity: 'warning',
  group: 'routing',
  fixable: false,
  docs: {
    summary: 'INFO addressees without any TO (action) addressee.',
    description: 'Every cable has at least one action addressee (TO); information addressees come after it.',
    bad: 'FM AMEMBASSY ASTANA\nINFO RUEHC/SECSTATE WASHDC 3923',
    good: 'FM AMEMBASSY ASTANA\nTO RUEHC/SECSTATE WASHDC 3923\nINFO RUEHBJ/AMEMBASSY BEIJING 0240',
  },
  scope: 'cable',
  check(cable, ctx) {
    const routing = cable.routing;
    if (!routing || routing.addressees.length === 0 || routing.addressees.some((a) => a.kind === 'TO')) return;
    const firstInfo = routing.addressees.find((a) => a.kind === 'INFO');
    if (firstInfo) {
      ctx.report(firstInfo.keyword?.range ?? firstInfo.range, `INFO addressees (${routing.addressees.filter((a) => a.kind === 'INFO').length}) but no TO addressee`);
    }
  },
});

export const routingGluedToBanner = defineRule({
  code: 'CBL144',
  name: 'routing-glued-to-banner',
  severity: 'error',
  group: 'routing',
  fixable: true,
  docs: {
    summary: 'The routing block\'s last line runs straight into the banner.',
    description: 'Some exports lost the line break between the last addressee and the banner (`RHEHAAA/WHITE HOUSE WASHDCUNCLAS DAMASCUS 000249`). The fix puts the banner back on its own line.',
    bad: 'RHEHAAA/WHITE HOUSE WASHDCUNCLAS DAMASCUS 000249',
    good: 'RHEHAAA/WHITE HOUSE WASHDC\nUNCLAS DAMASCUS 000249',
  },
  scope: 'document',
  finding: 'routing-glued-to-banner',
  check(doc, ctx) {
    for (const p of doc.problems) if (p.kind === 'routing-glued-to-banner') ctx.report(p.range, p.message, gluedBannerFix(doc, p));
  },
});

/**
 * `…WASHDCUNCLAS DAMASCUS 000249`: the problem's range starts where the banner starts; a line
 * break there puts it back on its own line.
 */
function gluedBannerFix(doc: CableDocument, p: Extract<ParseProblem, { kind: 'routing-glued-to-banner' }>): Fix | undefined {
  const at = { line: p.data.line, character: p.data.character };
  const line = doc.lines[at.line];
  if (line === undefined || at.character <= 0 || at.character >= line.length) return undefined;
  return { title: 'Put the banner on its own line', edits: [{ range: { start: at, end: at }, newText: doc.eol === '\r\n' ? '\r\n' : '\n' }] };
}

export const ROUTING_RULES = [
  dtgInvalid,
  dtgMissingZulu,
  deMalformed,
  deFieldInvalid,
  deSerialMismatch,
  deDtgMismatch,
  deSectionMismatch,
  securityMalformed,
  securityCircuitMismatch,
  securityClassificationMismatch,
  precedenceMismatch,
  routingIndicatorMalformed,
  addresseeMalformed,
  infoWithoutTo,
  routingGluedToBanner,
] as const;

/**
 * Cross-checks between the header's parts: the WikiLeaks table, the routing block, the banner
 * and the subject block. Token-level damage (a bad DTG field, a malformed DE line) is found by
 * the parser and mapped to rules in problems.ts; here the parts are compared with each other.
 */
import { LEVEL_NAME, LEVEL_RANK, type Banner, type Cable, type Level, type Token } from '../../../parser';
import { tags as knownTags } from '../../../data';
import { isWord } from '../words';
import { cableLevel, pad, type RuleContext } from '../context';
import type { TextEdit } from '../types';

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function fullYear(y: number): number {
  if (y >= 100) return y;
  // The reference-ID convention: 66–99 are 19xx (the corpus starts in 1966), the rest 20xx.
  return y >= 66 ? 1900 + y : 2000 + y;
}

export function dayOfYear(year: number, month: number, day: number): number {
  let n = day;
  for (let m = 1; m < month; m++) n += MONTH_DAYS[m - 1]! + (m === 2 && isLeap(year) ? 1 : 0);
  return n;
}

function daysInYear(year: number): number {
  return isLeap(year) ? 366 : 365;
}

export function checkHeader(ctx: RuleContext, cable: Cable): void {
  const ref = cable.table?.referenceId;
  const routing = cable.routing;
  const de = routing?.de;
  const dtg = routing?.dtg;
  const banner = cable.banner;

  // DE serial ↔ reference ID serial (`#2318` ↔ `08ASTANA2318`). The station serial has four
  // digits, so a post past serial 9999 (STATE, ISLAMABAD) shows the last four: `#3511` for
  // 08STATE103511.
  if (de?.serial && ref?.serial !== undefined) {
    const digits = Math.max(4, de.serial.text.replace(/[^0-9]/g, '').length);
    if (de.serial.value !== ref.serial % 10 ** digits) {
      ctx.report('de-serial-mismatch', de.serial.range,
        `DE serial ${de.serial.text} differs from the reference ID ${ref.text}'s serial ${ref.serial}`);
    }
  }

  // DE Julian day and time ↔ DTG. Over the corpus the DE day equals the DTG's day in 737 of 739
  // cables and the DE time is 0–60 minutes after the DTG's (a few are filed minutes before). So:
  // more than an hour before the DTG or more than 12 hours after it is a mistyped group.
  if (de?.julianDay && dtg && dtg.iso && dtg.month?.value && dtg.year?.value !== undefined && de.julianDay.value >= 1 && de.julianDay.value <= 366) {
    const year = fullYear(dtg.year.value);
    const expected = dayOfYear(year, dtg.month.value, dtg.day);
    let days = de.julianDay.value - expected;
    // Around New Year the DE day wraps (DTG 31 DEC, DE day 001).
    if (days < -300) days += daysInYear(year);
    else if (days > 300) days -= daysInYear(year - 1);
    const timeOk = de.time !== undefined && de.time.value <= 23 * 60 + 59;
    const elapsed = days * 1440 + (timeOk ? de.time!.value - (dtg.hour * 60 + dtg.minute) : 0);
    if (elapsed < -60 || elapsed > 12 * 60) {
      const dayPart = days !== 0;
      const range = dayPart || !de.time ? de.julianDay.range : de.time.range;
      ctx.report('de-dtg-mismatch', range,
        dayPart
          ? `DE Julian day ${de.julianDay.text} is not the date-time group's ${dtg.dayTime.text} ${dtg.month.text} ${dtg.year.text} (day ${pad(expected, 3)})`
          : `DE time ${de.time!.text} is ${Math.abs(elapsed)} minutes ${elapsed < 0 ? 'before' : 'after'} the date-time group's ${pad(dtg.hour, 2)}${pad(dtg.minute, 2)}Z`);
    }
  }

  // DE section ↔ banner SECTION n.
  if (de?.section && banner?.section && de.section.value !== banner.section.number.value) {
    ctx.report('de-section-mismatch', de.section.range,
      `DE section ${de.section.text} differs from the banner's SECTION ${banner.section.number.text} OF ${banner.section.total.text}`);
  }

  // Security line: circuit and classification.
  const sec = routing?.security;
  const secLevel = sec?.letters?.level;
  if (sec?.letters && secLevel) {
    const kw = sec.keyword.text.toUpperCase();
    if (kw === 'ZNR' && LEVEL_RANK[secLevel] > 0) {
      ctx.report('security-circuit-mismatch', sec.keyword.range,
        `ZNR (sent in the clear) with classified letters ${sec.letters.text}: classified traffic goes ZNY`);
    } else if (kw === 'ZNY' && secLevel === 'U' && !sec.letters.efto) {
      ctx.report('security-circuit-mismatch', sec.keyword.range,
        `ZNY (encrypted circuit) with ${sec.letters.text}: unclassified traffic goes ZNR`);
    }
    // Each disagreement is reported once, on the part that is the odd one out: the table is the
    // reference when there is one (banner ↔ table is banner-classification-mismatch's), else the banner.
    const bannerLevel = banner?.classification.level;
    const tableCls = cable.table?.classification;
    const reference = tableCls?.level ? { level: tableCls.level, what: `the table's ${tableCls.text.trim()}` } : bannerLevel ? { level: bannerLevel, what: `the banner's ${banner!.classification.text.trim()}` } : undefined;
    if (reference && reference.level !== secLevel) {
      ctx.report('security-classification-mismatch', sec.letters.range,
        `Security letters ${sec.letters.text} (${LEVEL_NAME[secLevel]}) differ from ${reference.what}`);
    }
  }

  // Delivery precedence ↔ DTG precedence.
  const delivery = routing?.delivery.find((d) => d.precedence?.code);
  const dp = delivery?.precedence;
  const tp = dtg?.precedence;
  if (dp?.code && tp?.code && dp.code !== tp.code) {
    ctx.report('precedence-mismatch', dp.range,
      `Delivery precedence ${dp.text} differs from the date-time group's ${tp.text}`);
  }

  // INFO without TO.
  if (routing && routing.addressees.length > 0 && !routing.addressees.some((a) => a.kind === 'TO')) {
    const firstInfo = routing.addressees.find((a) => a.kind === 'INFO');
    if (firstInfo) {
      ctx.report('info-without-to', firstInfo.keyword?.range ?? firstInfo.range,
        `INFO addressees (${routing.addressees.filter((a) => a.kind === 'INFO').length}) but no TO addressee`);
    }
  }

  // Banner ↔ table.
  const tableCls = cable.table?.classification;
  if (banner?.classification.level && tableCls?.level && banner.classification.level !== tableCls.level) {
    ctx.report('banner-classification-mismatch', banner.classification.range,
      `Banner ${banner.classification.text.trim()} (${LEVEL_NAME[banner.classification.level]}) differs from the table's ${tableCls.text.trim()}`);
  }
  if (banner && (banner.damage || banner.gluedAt)) checkBannerDamage(ctx, banner);
  if (banner?.serial && ref?.serial !== undefined && banner.serial.value !== ref.serial) {
    ctx.report('banner-serial-mismatch', banner.serial.range,
      `Banner serial ${banner.serial.text} differs from the reference ID ${ref.text}'s serial ${ref.serial}`);
  }

  // Banner SECTION n OF m ↔ page markers.
  const markers = cable.body.pageMarkers.filter((m) => m.kind === 'marker');
  if (banner?.section && markers.length > 0) {
    const total = banner.section.total.value;
    const markerTotal = markers[0]!.total;
    const maxPage = Math.max(...markers.map((m) => m.page));
    if (markerTotal !== total || maxPage > total) {
      ctx.report('banner-section-mismatch', banner.section.range,
        `Banner says SECTION ${banner.section.number.text} OF ${banner.section.total.text} but the page markers say ${markers[0]!.pageText} OF ${pad(markerTotal, 3)}`);
    }
  }

  checkSubjectBlock(ctx, cable);
}

function checkSubjectBlock(ctx: RuleContext, cable: Cable): void {
  const level: Level | undefined = cableLevel(cable);
  // A body-only paste without banner or subject block is not a cable header at all: don't
  // demand TAGS or SUBJECT of it.
  const hasHeader = !!(cable.banner || cable.eo || cable.subject || cable.tags);

  const tags = cable.tags;
  if (!tags && hasHeader && cable.banner) {
    ctx.report('tags-missing', (cable.eo ?? cable.subject ?? cable.banner).range, 'No TAGS line');
  }
  if (tags) {
    // One report per line: the 2010 rendering lower-cased whole TAGS lines (`Tags: prel, pgov`).
    // A free-text entry in title case (`Organized Crime`) is a name, not a lower-cased code.
    const lower = tags.codes.filter((c) => /^[a-z]{2,6}$/.test(c.text));
    if (lower.length > 0) {
      ctx.report('tags-lowercase', tags.label.range,
        `TAGS in lower case: ${lower.map((c) => c.text).join(', ')} (${lower.map((c) => c.text.toUpperCase()).join(' ')})`);
    }
    for (const code of tags.codes) {
      const glued = gluedTags(code);
      if (glued) {
        const edit: TextEdit = {
          range: { start: { line: code.range.start.line, character: code.range.start.character + 4 }, end: { line: code.range.start.line, character: code.range.start.character + 4 } },
          newText: ' ',
        };
        ctx.report('tags-glued', code.range, `TAGS code ${code.text} looks like ${glued[0]} and ${glued[1]} glued together`,
          { title: `Split ${code.text} into ${glued[0]} ${glued[1]}`, edits: [edit] });
      }
    }
  }
  if (!cable.subject && hasHeader && cable.banner) {
    ctx.report('subject-missing', (cable.tags ?? cable.eo ?? cable.banner).range, 'No SUBJECT line');
  }
  if (level && LEVEL_RANK[level] > 0 && !cable.classifiedBy && cable.banner) {
    ctx.report('classified-by-missing', cable.banner.classification.range,
      `${LEVEL_NAME[level]} cable without a "Classified By:" line`);
  }
  const cb = cable.classifiedBy;
  if (cb) {
    for (const r of cb.reasons) {
      const clause = r.clause.replace(/\s+/g, '');
      const letter = r.letter?.toLowerCase();
      const okClause = clause === '1.4' || clause === '1.5' || clause === '';
      // A bad clause is reported once, on the clause itself, not again on each of its letters.
      if (!okClause) {
        if (letter === undefined) ctx.report('classified-by-reason', r.range, `Classification reason ${r.text} is not 1.4 (a)–(h) or 1.5`);
        continue;
      }
      const okLetter = letter === undefined || (clause === '1.5' ? /^[a-g]$/.test(letter) : /^[a-h]$/.test(letter));
      if (!okLetter) ctx.report('classified-by-reason', r.range, `Classification reason ${clause} (${r.text}) is not one of ${clause === '1.5' ? '(a)–(g)' : '(a)–(h)'}`);
    }
  }
}

/**
 * `ECONEFIN` → [`ECON`, `EFIN`]: eight capitals whose halves are both known TAGS codes
 * (../shared/data/tags.tsv). Real cables put eight-letter names in TAGS too (`BRUSSELS`,
 * `POLITICS`, `INTERPOL`): they do not split into two known codes and are left alone.
 */
function gluedTags(code: Token): [string, string] | undefined {
  const t = code.text;
  if (t.length !== 8 || !/^[A-Z]{8}$/.test(t)) return undefined;
  const a = t.slice(0, 4);
  const b = t.slice(4);
  if (!knownTags.has(a) || !knownTags.has(b) || knownTags.has(t) || isWord(t)) return undefined;
  return [a, b];
}

/**
 * One problem per damaged banner, with one fix that repairs every part of it: the damaged words
 * rewritten as the parser read them, and a line break where the next field was glued on.
 */
function checkBannerDamage(ctx: RuleContext, banner: Banner): void {
  const edits: TextEdit[] = (banner.damage ?? []).map((d) => ({ range: d.range, newText: d.repaired }));
  const said = (banner.damage ?? []).map((d) => `"${d.text}" should read "${d.repaired}"`);
  if (banner.gluedAt) {
    const line = ctx.doc.lines[banner.gluedAt.line] ?? '';
    const glued = line.slice(banner.gluedAt.character).trim().split(/\s+/)[0] ?? '';
    edits.push({ range: { start: banner.gluedAt, end: banner.gluedAt }, newText: ctx.doc.eol === '\r\n' ? '\r\n' : '\n' });
    said.push(`the next field (${glued}) runs straight on from the serial`);
  }
  const title = banner.damage?.length && banner.gluedAt ? 'Repair the banner and put the glued field on its own line' : banner.gluedAt ? 'Put the glued field on its own line' : 'Repair the banner';
  const range = banner.gluedAt ? { start: banner.range.start, end: banner.gluedAt } : banner.range;
  ctx.report('banner-damaged', range, `Damaged banner: ${said.join('; ')}`, { title, edits });
}

/**
 * What web pages, exports and printouts add around a cable: the only text Cable Text ever offers
 * to delete. Each entry is a form seen in real copies of the archive (the seed's blog page, the
 * cablegate site, El País's document viewer, SQL and CSV exports, the embassies' message-system
 * printouts); text that matches none of them is never called page text, whatever it looks like.
 *
 * A line is tested whole, trimmed and with non-breaking spaces read as spaces (web pages put them
 * in their comment forms).
 */

export type PageTextKind = 'site' | 'title' | 'blog' | 'newspaper' | 'sql' | 'csv' | 'export' | 'printout';

export interface PageTextForm {
  kind: PageTextKind;
  /** What a reader is told the line is. */
  what: string;
  test: RegExp;
}

const PAGE_TEXT_FORMS: readonly PageTextForm[] = [
  {
    kind: 'site',
    what: "the WikiLeaks site's page text",
    test: /^(?:WikiLeaks(?: Link)?|Cablegate(?::.*)?|To understand the justification used for the classification of each cable, please use this WikiSource article as reference\.?|Discussing cables|If you find meaningful or important information in a cable, please link directly to its unique reference number\..*|Currently released so far\.*\s*[\d,]+\s*\/\s*[\d,]+|Browse (?:latest releases|by (?:creation date|origin|tag|classification))|Community resources|courage is contagious|Help us keep WikiLeaks going.*)$/i,
  },
  // `08ASTANA2318, PRESIDENT NAZARBAYEV CALLS FOR …`: a page titled by reference ID and subject.
  { kind: 'title', what: 'the page title', test: /^\d{2}[A-Z]{2,}\d{1,6}(?:,|:| -| –)\s+\S.*$/ },
  {
    kind: 'blog',
    what: "a blog page's comment form and sharing buttons",
    test: /^(?:Advertisements|Share this:?|Like this:?|Related|Loading\.\.\.|Leave a (?:Reply|comment)|Post a comment or leave a trackback: Trackback URL\.|Fill in your details below or click an icon to log in:|(?:WordPress\.com|Twitter|Facebook|Google\+) (?:Logo|picture|photo)|You are commenting using your (?:WordPress\.com|Twitter|Facebook|Google\+) account\. Log Out \/ Change \)|Connecting to %s|%d bloggers like this:?|Notify me of (?:new comments|new posts) (?:via|by) email\.?|Cancel reply|Reblog|Subscribe|Follow)$/i,
  },
  {
    kind: 'newspaper',
    what: "El País's document viewer",
    test: /^(?:EPET @ EL P(?:A[IÍ]S)?|Track impresi[oó]n: .*|.*Este documento es propiedad de EL PA[IÍ]S\.?)$/,
  },
  { kind: 'sql', what: 'SQL left by an export', test: /^(?:SELECT\s.+\sFROM\s|INSERT\s+INTO\s|UPDATE\s+\S+\s+SET\s|DELETE\s+FROM\s)/i },
  // A CSV header row of an export (`"id","date","refid",…`), never a data row: a data row is a cable.
  { kind: 'csv', what: "an export's CSV header row", test: /^"?(?:id|row|rownum)"?\s*,\s*"?(?:date|created)"?\s*,\s*"?(?:ref(?:erence)?_?id|refid|identifier)"?\s*,/i },
  { kind: 'export', what: "an export's metadata", test: /^(?:Cable dated:\s*\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?|ID:\s*\d+|null)$/ },
  {
    kind: 'printout',
    what: 'an e-mail printout header',
    // `Zenaida X Toledo 07/30/2008 04:04:14 PM From DB/Inbox: TRANS`; the printer wraps the header
    // (`…From DB/Inbox: Search` / `Results`) and the `Cable Text:` line (`Cable` / `Text:`).
    test: /^(?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){1,3}\s+\d{1,2}\/\d{1,2}\/\d{4}\s+\d{1,2}:\d\d(?::\d\d)?\s*[AP]M\s+From\s+.*|Cable Text:|Cable|Text:|Results|End Cable Text)$/,
  },
];

/** The page-text form a line is, or undefined: the line is not known page text. */
export function pageTextForm(line: string): PageTextForm | undefined {
  const t = line.replace(/\u00a0/g, ' ').trim();
  if (!t) return undefined;
  for (const f of PAGE_TEXT_FORMS) if (f.test.test(t)) return f;
  return undefined;
}

/**
 * The State Department's release stamp on declassified cables (`Declassified/Released US
 * Department of State EO Systematic Review 05 JUL 2006`, over one or two lines): part of the
 * document as released, never page text.
 */
export function isReleaseNotice(line: string): boolean {
  const t = line.trim();
  return /^Declassified\/Released\b/i.test(t) || /^Systematic Review \d{1,2} [A-Z]{3} \d{4}$/i.test(t);
}

/**
 * The rule catalogue: every rule Cable Text checks, declared once. A rule's code (`CBL101`) and
 * name (`dtg-invalid`) are stable — settings, the CLI config file, `// cable-disable`-style
 * tooling and docs/rules.md all key on them — so never renumber or rename a rule; retire it.
 *
 * docs/rules.md is generated from this list (`node scripts/gen-rules-doc.mjs`), and a test fails
 * when the two disagree.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'hint', 'information', 'warning', 'error'];

export type RuleGroup = 'table' | 'routing' | 'banner' | 'subject' | 'paragraphs' | 'joins' | 'text';

export interface RuleDef {
  code: string;
  name: string;
  group: RuleGroup;
  severity: Severity;
  fixable: boolean;
  /** One line: what the rule finds. */
  summary: string;
  /** Why it matters and what real cables do; a paragraph of docs/rules.md. */
  description: string;
  bad: string;
  good: string;
}

const R = (
  code: string,
  name: string,
  group: RuleGroup,
  severity: Severity,
  fixable: boolean,
  summary: string,
  description: string,
  bad: string,
  good: string,
): RuleDef => ({ code, name, group, severity, fixable, summary, description, bad, good });

export const RULES: readonly RuleDef[] = [
  // --- The WikiLeaks table -------------------------------------------------------------------
  R('CBL101', 'table-reference-id', 'table', 'error', false,
    'The reference ID is not two-digit year + post + serial.',
    'WikiLeaks names every cable by year, originating post and serial without leading zeros (`08ASTANA2318`). Anything else cannot be matched with the DE line, the banner or the page markers.',
    '08-ASTANA-02318 2008-11-24 10:54 2011-08-30 01:44 UNCLASSIFIED Embassy Astana',
    '08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 UNCLASSIFIED Embassy Astana'),
  R('CBL102', 'table-date', 'table', 'error', false,
    'A Created or Released value in the table is not a real date and time.',
    'The table gives `YYYY-MM-DD HH:MM`. A 13th month or a 25th hour is damage, usually from a bad copy.',
    '08ASTANA2318 2008-13-24 10:54 2011-08-30 01:44 UNCLASSIFIED Embassy Astana',
    '08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 UNCLASSIFIED Embassy Astana'),
  R('CBL103', 'table-classification', 'table', 'error', false,
    'The table names a classification that does not exist.',
    'The table column holds UNCLASSIFIED, UNCLASSIFIED//FOR OFFICIAL USE ONLY, CONFIDENTIAL, SECRET, optionally with //NOFORN.',
    '08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 CONFIDENTAL Embassy Astana',
    '08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 CONFIDENTIAL Embassy Astana'),

  // --- The routing block ---------------------------------------------------------------------
  R('CBL110', 'dtg-invalid', 'routing', 'error', false,
    'The date-time group names an impossible day, hour, minute, month or year.',
    'The date-time group `DDHHMMZ MON YY` is when the cable was released. A day 32, an hour 24 or a month `NOB` cannot be, and every check against it (DE line, table) becomes meaningless.',
    'O 321054Z NOV 08', 'O 241054Z NOV 08'),
  R('CBL111', 'dtg-missing-zulu', 'routing', 'warning', false,
    'The date-time group has no `Z` after its time.',
    'Cables are timed in Zulu (UTC); the `Z` says so. Without it the time zone is unknown.',
    'O 241054 NOV 08', 'O 241054Z NOV 08'),
  R('CBL120', 'de-malformed', 'routing', 'error', false,
    'The DE line lacks its station, serial, or Julian day and time.',
    'The DE line reads `DE <station> #<serial>[/<section>] <Julian day><time>`. A part missing breaks the cross-checks with the reference ID and the date-time group.',
    'DE RUEHTA 3291054', 'DE RUEHTA #2318/01 3291054'),
  R('CBL121', 'de-field-invalid', 'routing', 'error', false,
    'The DE line has a Julian day over 366 or a time over 2359.',
    'The DE line\'s last group is the Julian day (001–366) and the time filed (0000–2359).',
    'DE RUEHTA #2318/01 3991054', 'DE RUEHTA #2318/01 3291054'),
  R('CBL122', 'de-serial-mismatch', 'routing', 'warning', false,
    'The DE line\'s serial differs from the reference ID\'s.',
    'The station serial after `#` is the serial in the reference ID (`#2318` ↔ `08ASTANA2318`). A difference means one of them was mistyped or the header belongs to another cable.',
    '08ASTANA2318 …\nDE RUEHTA #2381/01 3291054', '08ASTANA2318 …\nDE RUEHTA #2318/01 3291054'),
  R('CBL123', 'de-dtg-mismatch', 'routing', 'warning', false,
    'The DE line\'s Julian day or time disagrees with the date-time group.',
    'Day 329 of 2008 is 24 November, so `DE … 3291054` goes with `241054Z NOV 08`. The DE time is when the cable was filed, usually the DTG\'s time; a day apart (around midnight) is tolerated.',
    'DE RUEHTA #2318/01 3301054\nZNR UUUUU ZZH\nO 241054Z NOV 08', 'DE RUEHTA #2318/01 3291054\nZNR UUUUU ZZH\nO 241054Z NOV 08'),
  R('CBL124', 'de-section-mismatch', 'routing', 'information', false,
    'The DE line\'s section number disagrees with the banner\'s SECTION n OF m.',
    'Multi-section cables carry the section number both in the DE line (`/01`) and in the banner (`SECTION 01 OF 03`). WikiLeaks kept the first section\'s header, so both should read 1.',
    'DE RUEHTA #2318/02 3291054 … UNCLAS SECTION 01 OF 03 ASTANA 002318', 'DE RUEHTA #2318/01 3291054 … UNCLAS SECTION 01 OF 03 ASTANA 002318'),
  R('CBL130', 'security-malformed', 'routing', 'error', false,
    'The security line\'s letters are not five of one of U, E, C, S, T.',
    'The security line `ZNR UUUUU` / `ZNY CCCCC` repeats the classification letter five times (U unclassified, E EFTO, C confidential, S secret, T top secret).',
    'ZNY CCSCC ZZH', 'ZNY CCCCC ZZH'),
  R('CBL131', 'security-circuit-mismatch', 'routing', 'warning', false,
    'ZNR (in the clear) with classified letters, or ZNY (encrypted) with UUUUU.',
    'Classified traffic goes over an encrypted circuit (ZNY); ZNR marks traffic sent in the clear, which may only be unclassified. In the corpus every CCCCC/SSSSS cable is ZNY and every UUUUU cable ZNR.',
    'ZNR SSSSS ZZH', 'ZNY SSSSS ZZH'),
  R('CBL132', 'security-classification-mismatch', 'routing', 'warning', false,
    'The security line\'s classification differs from the banner\'s or the table\'s.',
    'The letters (`CCCCC`) are the cable\'s classification for the circuit; they must match the banner (`C O N F I D E N T I A L`) and the WikiLeaks table.',
    'ZNY SSSSS ZZH … C O N F I D E N T I A L MADRID 001131', 'ZNY CCCCC ZZH … C O N F I D E N T I A L MADRID 001131'),
  R('CBL140', 'precedence-mismatch', 'routing', 'warning', false,
    'The delivery line\'s precedence differs from the date-time group\'s.',
    'The delivery line doubles the precedence letter (`OO` immediate) that the date-time group gives once (`O 241054Z NOV 08`).',
    'PP RUEHAG RUEHAST\n…\nO 241054Z NOV 08', 'OO RUEHAG RUEHAST\n…\nO 241054Z NOV 08'),
  R('CBL141', 'routing-indicator-malformed', 'routing', 'warning', false,
    'A routing indicator is not 5–7 capital letters starting with R.',
    'Routing indicators (`RUEHC`, `RUEKJCS`, `RHMFIUU`) are 5 to 7 capital letters and begin with R in this network.',
    'OO RUEHAG RU3HAST', 'OO RUEHAG RUEHAST'),
  R('CBL142', 'addressee-malformed', 'routing', 'warning', false,
    'A TO/INFO addressee is malformed: a routing indicator with no name, a slash with nothing after it, an unknown precedence word.',
    'An addressee reads `[routing indicator /] name [precedence] [control number]`.',
    'TO RUEHC/\nINFO RUEHBJ/AMEMBASSY BEIJING IMEDIATE 0240', 'TO RUEHC/SECSTATE WASHDC IMMEDIATE 3923\nINFO RUEHBJ/AMEMBASSY BEIJING IMMEDIATE 0240'),
  R('CBL143', 'info-without-to', 'routing', 'warning', false,
    'INFO addressees without any TO (action) addressee.',
    'Every cable has at least one action addressee (TO); information addressees come after it.',
    'FM AMEMBASSY ASTANA\nINFO RUEHC/SECSTATE WASHDC 3923', 'FM AMEMBASSY ASTANA\nTO RUEHC/SECSTATE WASHDC 3923\nINFO RUEHBJ/AMEMBASSY BEIJING 0240'),
  R('CBL144', 'routing-glued-to-banner', 'routing', 'error', true,
    'The routing block\'s last line runs straight into the banner.',
    'Some exports lost the line break between the last addressee and the banner (`RHEHAAA/WHITE HOUSE WASHDCUNCLAS DAMASCUS 000249`). The fix puts the banner back on its own line.',
    'RHEHAAA/WHITE HOUSE WASHDCUNCLAS DAMASCUS 000249', 'RHEHAAA/WHITE HOUSE WASHDC\nUNCLAS DAMASCUS 000249'),

  // --- Banner ---------------------------------------------------------------------------------
  R('CBL150', 'banner-classification-mismatch', 'banner', 'warning', false,
    'The banner\'s classification differs from the table\'s.',
    'The banner is the cable\'s own classification; the WikiLeaks table copies it. A difference means one was changed or mistyped.',
    '… CONFIDENTIAL Embassy Madrid\n…\nS E C R E T MADRID 001131', '… CONFIDENTIAL Embassy Madrid\n…\nC O N F I D E N T I A L MADRID 001131'),
  R('CBL151', 'banner-section-mismatch', 'banner', 'warning', false,
    'The banner\'s SECTION n OF m does not fit the page markers.',
    'A cable of m sections carries m − 1 page markers numbered 2…m of m. A total that differs from the markers\' means a section was lost or the banner is wrong.',
    'UNCLAS SECTION 01 OF 02 ASTANA 002318\n…\nASTANA 00002318  002 OF 003', 'UNCLAS SECTION 01 OF 03 ASTANA 002318\n…\nASTANA 00002318  002 OF 003'),
  R('CBL152', 'banner-serial-mismatch', 'banner', 'warning', false,
    'The banner\'s serial differs from the reference ID\'s.',
    'The banner ends with the post and the serial, zero-padded to six digits (`ASTANA 002318` for `08ASTANA2318`).',
    'UNCLAS SECTION 01 OF 03 ASTANA 002381', 'UNCLAS SECTION 01 OF 03 ASTANA 002318'),
  R('CBL153', 'banner-damaged', 'banner', 'warning', true,
    'The banner was damaged in transmission, or runs straight into the next field.',
    'Renderings of the archive double or drop letters of the banner (`SS E C R E T`, `NCLAS`, `CO N F I …`), mistype its words (`SCTION 02 GF 02`), put a letter among the serial\'s digits (`00Q021`), or lose the line break after it so that the E.O. line or SIPDIS runs on (`CAIRO 000549E.O. 12958`). Cable Text still reads the banner; the fix writes it as it should read and puts the glued field on its own line.',
    'SS E C R E T CAIRO 000549E.O. 12958: DECL: 03/29/2019', 'S E C R E T CAIRO 000549\nE.O. 12958: DECL: 03/29/2019'),

  // --- Subject block --------------------------------------------------------------------------
  R('CBL160', 'eo-malformed', 'subject', 'warning', false,
    'The E.O. line is malformed.',
    'The line reads `E.O. 12958: DECL: 11/24/2018` (or `N/A`, `OADR`).',
    'E.O. 12958 DECL 11/24', 'E.O. 12958: DECL: 11/24/2018'),
  R('CBL161', 'eo-date-invalid', 'subject', 'error', false,
    'The E.O. line\'s declassification date is not a real date.',
    'The declassification date is MM/DD/YYYY (or YYYY/MM/DD in some posts\' cables).',
    'E.O. 12958: DECL: 13/24/2018', 'E.O. 12958: DECL: 11/24/2018'),
  R('CBL162', 'tags-missing', 'subject', 'information', false,
    'The cable has no TAGS line.',
    'TAGS index the cable by subject and country. 28 of 1,459 real cables lack them, so this is information, not an error.',
    'E.O. 12958: N/A\nSUBJECT: …', 'E.O. 12958: N/A\nTAGS: PREL PGOV KZ\nSUBJECT: …'),
  R('CBL163', 'tags-lowercase', 'subject', 'warning', false,
    'A TAGS code is written in lower case.',
    'TAGS codes are capital letters (`PREL`, `KZ`).',
    'TAGS: prel PGOV KZ', 'TAGS: PREL PGOV KZ'),
  R('CBL164', 'tags-glued', 'subject', 'warning', true,
    'Two TAGS codes are glued together (`ECONEFIN`).',
    'A lost space between two four-letter codes makes one unknown eight-letter code. The fix puts the space back.',
    'TAGS: PREL ECONEFIN KZ', 'TAGS: PREL ECON EFIN KZ'),
  R('CBL165', 'subject-missing', 'subject', 'information', false,
    'The cable has no SUBJECT line.',
    'The subject names the cable in indexes and the outline. 30 of 1,459 real cables lack one.',
    'TAGS: PREL PGOV KZ\n1. (U) …', 'TAGS: PREL PGOV KZ\nSUBJECT: PRESIDENT NAZARBAYEV CALLS FOR GREATER ROLE\n1. (U) …'),
  R('CBL166', 'classified-by-missing', 'subject', 'information', false,
    'A classified cable without a `Classified By:` line.',
    'Classified cables name who classified them and why. Older cables and some posts omit it, so this is information.',
    'C O N F I D E N T I A L MADRID 001131\n…\nSUBJECT: …\n1. (C) …', 'C O N F I D E N T I A L MADRID 001131\n…\nSUBJECT: …\nClassified By: DCM Arnold A. Chacon, for reasons 1.4(b) and (d).\n1. (C) …'),
  R('CBL167', 'classified-by-reason', 'subject', 'warning', false,
    'A classification reason that is not 1.4 (a)–(h) or 1.5.',
    'E.O. 12958 lists the reasons as 1.4 (a) to (h); cables before 2003 cite 1.5 (a)–(g).',
    'Classified By: DCM Arnold A. Chacon, for reasons 1.4(k).', 'Classified By: DCM Arnold A. Chacon, for reasons 1.4(b) and (d).'),

  // --- Paragraphs -----------------------------------------------------------------------------
  R('CBL201', 'marking-above-classification', 'paragraphs', 'error', false,
    'A paragraph is marked above the cable\'s classification.',
    'A paragraph cannot be more classified than the cable that carries it: an `(S)` paragraph in a CONFIDENTIAL cable means the banner or the marking is wrong, and either is a handling error.',
    'C O N F I D E N T I A L MADRID 001131\n…\n2. (S) The minister said …', 'C O N F I D E N T I A L MADRID 001131\n…\n2. (C) The minister said …'),
  R('CBL202', 'marking-malformed', 'paragraphs', 'warning', false,
    'A paragraph marking is malformed (`(C`, `(X)`).',
    'Markings are a level (U, SBU, C, S, TS) with optional caveats in parentheses: `(C)`, `(S/NF)`, `(S/REL USA, KWT)`.',
    '2. (C The minister said …', '2. (C) The minister said …'),
  R('CBL203', 'marking-missing', 'paragraphs', 'information', false,
    'A numbered paragraph without a marking in a classified cable.',
    'Classified cables mark each paragraph. Older cables and some posts do not, so this is information.',
    'C O N F I D E N T I A L MADRID 001131\n…\n2. The minister said …', 'C O N F I D E N T I A L MADRID 001131\n…\n2. (C) The minister said …'),
  R('CBL204', 'paragraph-numbering', 'paragraphs', 'information', false,
    'Paragraph numbers skip, repeat or go backwards.',
    'Real cables do this (03THEHAGUE2163 has two paragraph 1s; 06CARACAS958 goes 5, 6, 5, 6; quoted texts restart at 1), so it is information: worth a look, not a defect of the rendering.',
    '1. (U) …\n2. (U) …\n4. (U) …', '1. (U) …\n2. (U) …\n3. (U) …'),
  R('CBL210', 'block-unclosed', 'paragraphs', 'information', false,
    'A SUMMARY or COMMENT is opened and never closed.',
    'A summary or comment opens with `SUMMARY:`/`COMMENT:` and closes with `END SUMMARY`/`END COMMENT`. Without the close the reader cannot tell where the author\'s comment stops. Many real cables end with a closing `Comment:` paragraph and no `END COMMENT` (about 290 of the 1,007 corpus cables), so this is information. A heading line (`COMMENT` over `-------`) opens a section, not a block, and is not reported.',
    '2. (C) SUMMARY: The minister …\n3. (C) On Monday …', '2. (C) SUMMARY: The minister … END SUMMARY.\n3. (C) On Monday …'),
  R('CBL211', 'block-unopened', 'paragraphs', 'information', false,
    'An END SUMMARY or END COMMENT with no opening.',
    'A close without its opening usually means the opening was lost or mistyped; real cables also open with forms no reader expects (`Ambassador\'s Comment:`), so this is information.',
    '2. (C) The minister … END SUMMARY.', '2. (C) SUMMARY: The minister … END SUMMARY.'),

  // --- Section joins --------------------------------------------------------------------------
  R('CBL301', 'page-marker-in-paragraph', 'joins', 'warning', true,
    'A page marker breaks a paragraph in two.',
    'Where a long cable\'s sections were joined the rendering left a page marker (`ASTANA 00002318  002 OF 003`) and blank lines, often in the middle of a sentence. The fix removes the marker and its blank lines and joins the paragraph.',
    'the global economy."   Nazarbayev\n\nASTANA 00002318  002 OF 003\n\n\npraised the government for …', 'the global economy."   Nazarbayev\npraised the government for …'),
  R('CBL302', 'page-marker', 'joins', 'hint', true,
    'A page marker between paragraphs.',
    'A marker between paragraphs hides nothing but is not cable text either. The fix removes it and the extra blank lines, keeping one blank line between the paragraphs.',
    'END COMMENT.\n\nASTANA 00002318  003 OF 003\n\n\n10. (SBU) …', 'END COMMENT.\n\n10. (SBU) …'),
  R('CBL303', 'split-word', 'joins', 'warning', true,
    'A word is broken across a line (`rema` / `ins`).',
    'A section join can cut a word in two. The rule flags a line that ends in letters and a next line of the same paragraph that starts with letters when the two pieces joined make an English word (SCOWL word list) and at least one piece is not a word by itself — so ordinary wrapping (`crack` / `down`), names and acronyms are left alone. The fix joins the word.',
    'Russia has always been and rema\nins Kazakhstan\'s reliable ally', 'Russia has always been and remains Kazakhstan\'s reliable ally'),
  R('CBL304', 'page-marker-order', 'joins', 'information', false,
    'Page markers out of order, or a page missing or repeated.',
    'The markers of a cable count 002, 003 … up to the total. A repeat or a step back means a section was duplicated or moved. A gap is usually only a lost marker (the December 2010 rendering drops some: 06MOSCOW5740 shows only `005 OF 005`), so the rule is information.',
    'ASTANA 00002318  003 OF 003\n…\nASTANA 00002318  002 OF 003', 'ASTANA 00002318  002 OF 003\n…\nASTANA 00002318  003 OF 003'),
  R('CBL305', 'page-marker-total', 'joins', 'warning', false,
    'The page markers of one cable give different totals.',
    'Every marker of a cable names the same total (`OF 003`).',
    'ASTANA 00002318  002 OF 003\n…\nASTANA 00002318  003 OF 004', 'ASTANA 00002318  002 OF 003\n…\nASTANA 00002318  003 OF 003'),
  R('CBL306', 'page-marker-origin', 'joins', 'warning', false,
    'A page marker names a post or serial that is not the cable\'s.',
    'A marker carries the cable\'s post and serial (`ASTANA 00002318`). Another serial means the page belongs to another cable or was mistyped; a post cut short by the rendering (`USUN NEW Y`) is accepted.',
    '08ASTANA2318 …\nASTANA 00002381  002 OF 003', '08ASTANA2318 …\nASTANA 00002318  002 OF 003'),
  R('CBL307', 'missing-section', 'joins', 'warning', false,
    'A section of the cable was lost (`* Missing Section 001 *`).',
    'The rendering marks a section it did not have. The text of that section is gone; nothing can repair it, but the reader should know.',
    '* Missing Section 001 *', '(the section\'s text)'),

  // --- Text -----------------------------------------------------------------------------------
  R('CBL401', 'web-page-text', 'text', 'warning', true,
    'Web-page text before, between or after the cables.',
    'A cable copied off a web page or out of an export brings the page\'s furniture with it: the WikiLeaks site\'s notes, a blog\'s comment form, a newspaper viewer\'s tracking line, SQL or a CSV header row, an e-mail printout header. Only lines of these known forms (and wordless lines among them) are web-page text; the fix removes exactly those lines. Anything else outside the cable is `unplaced-text` and stays.',
    'Leave a Reply\nFill in your details below or click an icon to log in:\nReference ID Created Released Classification Origin', 'Reference ID Created Released Classification Origin'),
  R('CBL402', 'lost-characters', 'text', 'warning', false,
    'Characters lost in transmission or conversion (`???`, U+FFFD).',
    'Question marks in a row and the Unicode replacement character stand where the original characters could not be carried over. They cannot be repaired without the original.',
    'the minister???s office', 'the minister\'s office'),
  R('CBL403', 'control-characters', 'text', 'warning', false,
    'Control characters in the text.',
    'Teletype and conversion left control characters (other than tab) that editors show as boxes and that break searching.',
    'the minister\u0007 said', 'the minister said'),
  R('CBL404', 'not-text', 'text', 'error', false,
    'The file is not text: it holds binary data (NUL bytes or mostly control characters).',
    'A `.cable` file is teletype text. A file with NUL bytes is an image, an archive or a damaged copy; Cable Text reads nothing in it rather than guess, and says so once at the top.',
    '\u0000\u0000PK\u0003\u0004…', 'Reference ID Created Released Classification Origin'),
  R('CBL405', 'unplaced-text', 'text', 'warning', false,
    'Text outside the cable that is not known web-page text.',
    'Text before, between or after the cables that the parser could not place and that is not of a form web pages are known to add. When it carries something of a cable (a banner word even damaged, a caption, E.O., TAGS, SUBJECT, REF, a routing line, a numbered paragraph, a table or CSV row) it is most likely the cable\'s own text, cut off by damage; otherwise it is unknown. Either way nothing is deleted: read it and move it or remove it by hand.',
    'Comments from the editor\nReference ID Created Released Classification Origin', 'Reference ID Created Released Classification Origin'),
  R('CBL099', 'malformed', 'text', 'warning', false,
    'Something the parser found malformed that no other rule covers.',
    'A catch-all so no problem the parser reports is dropped; the message says what it is.',
    '(varies)', '(varies)'),
];

export const RULES_BY_NAME: ReadonlyMap<string, RuleDef> = new Map(RULES.map((r) => [r.name, r]));
export const RULES_BY_CODE: ReadonlyMap<string, RuleDef> = new Map(RULES.map((r) => [r.code, r]));

export function ruleNamed(name: string): RuleDef {
  const r = RULES_BY_NAME.get(name);
  if (!r) throw new Error(`unknown rule ${name}`);
  return r;
}

/**
 * Where the documentation lives; the diagnostic's `codeDescription` links here. The project has no
 * public site, and nothing may reach the network: the link is docs/rules.md as shipped beside the
 * bundles (dist/../docs in the .vsix and the repository), which VS Code opens in an editor.
 */
let rulesDocUrl: string | undefined;
export function rulesDoc(): string {
  if (rulesDocUrl) return rulesDocUrl;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'docs', 'rules.md');
    if (existsSync(candidate)) return (rulesDocUrl = pathToFileURL(candidate).href);
    dir = dirname(dir);
  }
  return (rulesDocUrl = pathToFileURL(join(__dirname, '..', 'docs', 'rules.md')).href);
}
export function ruleDocUrl(rule: RuleDef): string {
  return `${rulesDoc()}#${rule.code.toLowerCase()}-${rule.name}`;
}

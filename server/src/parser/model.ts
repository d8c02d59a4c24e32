/**
 * The model of a cable file that every feature reads. Positions are 0-based lines and UTF-16
 * characters, exactly as LSP counts them, so a range can go to the editor unchanged. This module
 * imports nothing from LSP or VS Code: the CLI and the tests use it without an editor.
 */
import type { PrecedenceCode } from '../data/vocabulary';

export interface Position {
  readonly line: number;
  readonly character: number;
}

/** Read-only: the parser's ranges are Spans (./span.ts), whose positions are made when read. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A piece of the text as written, with where it stands. */
export interface Token {
  text: string;
  /** Read-only: a plain token is a TextSpan (./span.ts), whose range is made when read. */
  readonly range: Range;
}

/** A token that also carries the number it spells (`#2318` → 2318, `03` → 3). */
export interface NumberToken extends Token {
  value: number;
}

/**
 * Classification levels in rank order. EFTO (`EEEEE`) is unclassified traffic "encrypted for
 * transmission only", so it ranks with U.
 */
export type Level = 'U' | 'C' | 'S' | 'T';
export const LEVEL_RANK: Record<Level, number> = { U: 0, C: 1, S: 2, T: 3 };
export const LEVEL_NAME: Record<Level, string> = {
  U: 'UNCLASSIFIED',
  C: 'CONFIDENTIAL',
  S: 'SECRET',
  T: 'TOP SECRET',
};

// The precedences are vocabulary, defined once in data/; the model names them by code.
export { PRECEDENCE_NAME, type PrecedenceCode } from '../data/vocabulary';

// ---------------------------------------------------------------------------------------------
// The file

export interface CableDocument {
  /** Every cable found, in order. Usually one; archives and exports hold several. */
  cables: Cable[];
  /** Text that is not part of any cable: a web page's text around a pasted cable. */
  outside: OutsideText[];
  /** The lines of the text, without their line endings (and without the BOM). */
  lines: string[];
  /** Line ending used by most lines; `mixed` when both occur. */
  eol: '\n' | '\r\n' | 'mixed';
  bom: boolean;
  /** True when the input looks like binary data rather than text (NUL bytes, many controls). */
  binary: boolean;
  /** What the parser found wrong, over the whole file (each cable's problems are also here). */
  problems: ParseProblem[];
}

export interface OutsideText {
  range: Range;
  /** Where it stands relative to the cables. */
  position: 'before' | 'after' | 'between';
  /** Its lines that are not blank, each with what the parser can tell of it. */
  lines: OutsideLine[];
}

/**
 * A line outside the cables: `page` text that web pages and exports are known to add, `cable`
 * text the parser could not place (it carries a banner word, a caption, a label, a routing line…),
 * a release `notice` (part of the document), a `neutral` line without words (`-----`), or
 * `unknown` text. `what` says which evidence decided.
 */
export interface OutsideLine {
  line: number;
  kind: 'page' | 'cable' | 'notice' | 'neutral' | 'unknown';
  what?: string;
}

/**
 * What the parser observed about each kind of damage, typed: the rule that reports a kind reads
 * these facts (and the parser's one-line description of what it saw).
 */
export interface ParseFindings {
  'table-reference-id': { text: string };
  'table-date': { text: string };
  'table-classification': { text: string };
  'dtg-field': { field: 'hour' | 'minute' | 'day'; value: number; text: string };
  'dtg-missing-zulu': { text: string };
  'de-malformed': { missing: string[] };
  'de-field': { field: 'serial' | 'section' | 'julianDay' | 'time' | 'julian'; value?: number };
  'security-malformed': { text?: string };
  'routing-indicator-malformed': { text: string };
  'addressee-malformed': { kind: AddresseeKind; indicator?: string };
  /** Where the banner starts on the routing block's last line. */
  'routing-glued-to-banner': { line: number; character: number };
  'eo-malformed': Record<string, never>;
  'eo-date': { text: string };
  /** `standalone`: opened by a line of its own (`COMMENT` over dashes); `atEnd`: in the last paragraph. */
  'block-unclosed': { kind: TextBlock['kind']; standalone: boolean; atEnd: boolean };
  'block-unopened': { kind: TextBlock['kind'] };
  'lost-characters': { text: string };
  'control-characters': { text: string };
  /** The parser itself failed (a bug): the model is empty, the stack says where. */
  'internal-error': { stack: string | null };
}

export type ParseProblemKind = keyof ParseFindings;

/** One thing the parser observed to be wrong while reading: its kind, where, what it saw in words, and the facts. */
export type ParseProblem = { [K in ParseProblemKind]: { kind: K; range: Range; message: string; data: ParseFindings[K] } }[ParseProblemKind];

// ---------------------------------------------------------------------------------------------
// One cable

export interface Cable {
  range: Range;
  table?: WikiLeaksTable;
  /** `Friday, 23 February 2001, 15:53`: a line some renderings add before the banner. */
  dateLine?: Token;
  /** "This record is a partial extract of the original cable…". */
  extractNotice?: Token;
  routing?: RoutingBlock;
  banner?: Banner;
  captions: Token[];
  /** Lines an export put between the routing block and the banner (`ID: 248711`, `ORIGIN: …`). */
  metadata?: Token[];
  /** Office routing: `STATE FOR SCA/CEN`, `DEPT FOR …`, `PASS TO …`. */
  officeLines: Token[];
  /**
   * The cable printed from the post's message system (`Cable Text:` after an e-mail header): the
   * header that system adds before the routing block. Its distribution lines are also office lines.
   */
  printout?: PrintoutHeader;
  eo?: EoLine;
  tags?: TagsLine;
  subject?: SubjectLine;
  refs?: RefBlock;
  classifiedBy?: ClassifiedBy;
  /** The range of the subject block (E.O. line to Classified By), when there is one. */
  subjectBlockRange?: Range;
  body: Body;
  problems: ParseProblem[];
  /**
   * The cable stands in the file as a cables.csv row: its table comes from the row's fields, its
   * header and text are read inside the quoted fields (every range is the file's own).
   */
  csvRow?: CsvRowCable;
}

export interface PrintoutHeader {
  /** The system's own banner and `TELEGRAM` card (`To:`, `Action:`, `From:`, `Captions:`, rules). */
  header: Token[];
  /** The post's internal distribution: `CXDOHA:`, `ACTION: AMB`, `INFO: RSO RAO …`, `DISSEMINATION:`, `CHARGE:`, `APPROVED:`, `DRAFTED:`, `CLEARED:`. */
  distribution: Token[];
}

export interface CsvRowCable {
  range: Range;
  /** `strict`: the 2011 release (every field quoted, `\"` escapes); `loose`: a pasted row (`""`). */
  style: 'strict' | 'loose';
  /** The eight fields' contents, inside their quotes: row, created, ID, origin, classification, references, header, text. */
  fields: Range[];
  header: Range;
  text: Range;
}

export interface WikiLeaksTable {
  range: Range;
  headerLine: Token;
  referenceId?: ReferenceId;
  created?: DateToken;
  released?: DateToken;
  classification?: Token & { level?: Level };
  origin?: Token;
}

export interface ReferenceId extends Token {
  /** Four-digit year (two digits in the ID: 66–99 → 19xx, else 20xx). */
  year?: number;
  post?: string;
  serial?: number;
}

export interface DateToken extends Token {
  /** ISO 8601 (`2008-11-24T10:54:00Z`) when the text is a real date. */
  iso?: string;
}

// ---------------------------------------------------------------------------------------------
// The routing block (ACP 127 header)

export interface RoutingBlock {
  range: Range;
  start?: StartOfMessage;
  delivery: DeliveryLine[];
  de?: DeLine;
  security?: SecurityLine;
  dtg?: DateTimeGroup;
  from?: FromLine;
  addressees: Addressee[];
  /** Old-style page headers inside the TO block: `PAGE 02 STATE 015113 182333Z`. */
  pageHeaders: Token[];
  /** Lines of the pre-2003 header this parser keeps as such (`ACTION AF-00`, `INFO LOG-00 …`). */
  otherLines: Token[];
  bt: Token[];
  nnnn: Token[];
}

export interface StartOfMessage {
  range: Range;
  /** `VZCZC`. */
  marker: Token;
  /** `XRO7869`: channel designator + serial. */
  transmissionId?: Token;
  channel?: string;
  channelSerial?: string;
}

export interface DeliveryLine {
  range: Range;
  /** `OO`, `PP`, `RR`, `ZZ` (first line only). */
  precedence?: Token & { code?: PrecedenceCode };
  indicators: Token[];
}

export interface DeLine {
  range: Range;
  keyword: Token;
  station?: Token;
  /** `#2318` → 2318 (the token includes the `#`). */
  serial?: NumberToken;
  /** `/01` → 1 (the token includes the `/`). */
  section?: NumberToken;
  julianDay?: NumberToken;
  /** HHMM as written (`1054`), value in minutes past midnight. */
  time?: NumberToken;
}

export interface SecurityLine {
  range: Range;
  /** `ZNR` (in the clear) or `ZNY` (encrypted circuit). */
  keyword: Token;
  letters?: Token & { level?: Level; efto?: boolean };
  /** Further operating signals: `ZZH`, `ZDK`, `ZUI`, `(CCY …)`. */
  signals: Token[];
}

export interface DateTimeGroup {
  range: Range;
  precedence?: Token & { code?: PrecedenceCode };
  /** `241054Z` */
  dayTime: Token;
  day: number;
  hour: number;
  minute: number;
  zulu: boolean;
  month?: Token & { value?: number };
  year?: Token & { value?: number };
  /** The instant it names, ISO 8601, when every field is valid. */
  iso?: string;
}

export interface FromLine {
  range: Range;
  keyword: Token;
  name?: Token;
}

/**
 * `TO` (action) and `INFO` (information) name recipients; `XMT` names an exclusion: a member of a
 * collective addressed on a TO or INFO line that does not receive the cable (`TO ALL DIPLOMATIC
 * POSTS COLLECTIVE` … `XMT AMCONSUL JOHANNESBURG`). Its continuation lines are exclusions too.
 */
export type AddresseeKind = 'TO' | 'INFO' | 'XMT';

export interface Addressee {
  kind: AddresseeKind;
  range: Range;
  /** `TO`/`INFO`/`XMT`; absent on continuation lines. */
  keyword?: Token;
  routingIndicator?: Token;
  name?: Token;
  precedence?: Token;
  controlNumber?: Token;
}

// ---------------------------------------------------------------------------------------------
// Banner, captions, subject block

export interface Banner {
  range: Range;
  classification: Token & { level?: Level; letterSpaced: boolean };
  section?: { range: Range; number: NumberToken; total: NumberToken };
  post?: Token;
  serial?: NumberToken;
  /**
   * Damage the banner carries and the reading that repairs it: a doubled or lost letter in the
   * classification (`SS E C R E T`, `NCLAS`), a mistyped `SCTION` or `GF`, a serial with a letter
   * in it (`00Q021`). The banner is still read as its repaired form.
   */
  damage?: BannerDamage[];
  /**
   * The banner runs straight into the next field with no line break (`CAIRO 000549E.O. 12958`,
   * `000544SIPDIS`): the empty range where that field starts. The rest of the line is read as
   * that field.
   */
  gluedAt?: Position;
}

export interface BannerDamage {
  kind: 'classification' | 'section' | 'of' | 'serial';
  /** The damaged text as written. */
  range: Range;
  text: string;
  /** What it should read, in the banner's own style (letter-spaced stays letter-spaced). */
  repaired: string;
}

export interface EoLine {
  range: Range;
  /** `E.O. 12958` / `EO 12958`. */
  label: Token;
  order?: Token;
  /** `DECL: 11/24/2018` — the date, or `N/A`, `OADR`, `X1`… as written. */
  decl?: DateToken;
}

export interface TagsLine {
  range: Range;
  /** `TAGS:`, `TAG`, `TAS:`…; empty (at the line's start) for a TAGS line written with no label. */
  label: Token;
  /**
   * The codes as written, in order, duplicates kept: a multi-word entry between commas (`HUMAN
   * RIGHTS`) is one token, codes run together (`NATOPREL`) are two tokens, one per half.
   */
  codes: Token[];
  /** The people the TAGS name (`CLINTON, HILLARY` in parentheses, `OVIP BIDEN JOSEPH`): one token each. */
  persons: Token[];
  /** Codes run together with no separator (`NATOPREL`): the run as written and its two codes. */
  glued: Array<Token & { parts: [string, string] }>;
}

export interface SubjectLine {
  range: Range;
  label: Token;
  /**
   * The subject with its continuation lines joined by single spaces. Not a token: `range` covers the
   * label too, and `parts` hold the text as written with their ranges.
   */
  text: string;
  /** One token per line of the subject. */
  parts: Token[];
}

export interface RefBlock {
  range: Range;
  label: Token;
  entries: RefEntry[];
}

export interface RefEntry {
  range: Range;
  /** `A`, `B`… (`A` when the block has a single unlettered reference). */
  label: string;
  labelToken?: Token;
  /** The entry's words after its label, joined by single spaces (it may run over several lines). */
  text: string;
  /** What the entry refers to: a cable, or a reference of another kind that is not a cable. */
  kind: RefKind;
  /** The first cable the entry names (`STATE 123456`, `MADRID 1131`, `08ASTANA2318`). */
  cable?: CableRef;
  /** Every cable the entry names (`STATE 41252 AND 44603`, `KABUL 936/935`). */
  cables: CableRef[];
}

/**
 * `cable` names a telegram; the others are references a cable makes to things that are not
 * telegrams: a date (`OCTOBER 28`, `DTG 301601Z SEP 08`), an intelligence report (`IIR 6 832 0123
 * 09`), a manual section (`9 FAM 41.31`), an e-mail, a telephone call, a military message.
 */
export type RefKind = 'cable' | 'date' | 'intelligenceReport' | 'manual' | 'email' | 'telcon' | 'message' | 'other';

export interface CableRef {
  /** The post as reference IDs write it (`RIODEJANEIRO`, `STATE`). */
  post: string;
  /** The post as the gazetteer names it (`RIO DE JANEIRO`). */
  postName: string;
  serial: number;
  /** The year the entry gives, four digits; none when the entry gives none (the citing cable's). */
  year?: number;
  range: Range;
}

export interface ClassifiedBy {
  range: Range;
  label: Token;
  classifier?: Token;
  /** `1.4(B)`, `(d)`, `1.5 (b,d)`: each reason letter with its clause. */
  reasons: Array<Token & { clause: string; letter?: string }>;
}

// ---------------------------------------------------------------------------------------------
// The text

export interface Body {
  range?: Range;
  sections: SectionHeader[];
  paragraphs: Paragraph[];
  blocks: TextBlock[];
  pageMarkers: PageMarker[];
  redactions: Token[];
  signature?: Token;
  /** `NNNN`, `2005CARACA01673 - UNCLASSIFIED`: lines after the signature that belong to the rendering. */
  trailers: Token[];
  /** Punctuation the 2011 rendering damaged in the paragraphs (`Syria,s`, `&banning8`). */
  damage?: TextDamage[];
}

/**
 * A character of the text the 2011 rendering damaged in transmission: an apostrophe turned into a
 * comma (`Syria,s`, `don,t`, `Ba,athists`), or quotation marks into `&` … `8` (`&banning8`). One
 * entry per character; a quotation's two marks are two entries.
 */
export interface TextDamage {
  kind: 'apostrophe' | 'open-quote' | 'close-quote';
  /** The damaged character as written. */
  range: Range;
  text: string;
  /** What it stood for, in the cable's own style (curly when the cable has curly marks elsewhere). */
  repaired: string;
}

export interface SectionHeader {
  title: string;
  range: Range;
}

export interface Paragraph {
  range: Range;
  /** Lines the paragraph covers, page markers inside it included. */
  startLine: number;
  endLine: number;
  /** `¶` anchor, when present. */
  anchor?: Token;
  number?: NumberToken;
  marking?: Marking;
  /** The first words of its text, for the outline. */
  firstWords: string;
  /** Sub-paragraphs (`A.`, `(A)`) and bullets (`--`, `-`, `*`). */
  items: Array<{ range: Range; kind: 'sub' | 'bullet'; label: string }>;
  /** The section header above it, as an index into `Body.sections`. */
  section?: number;
}

export interface Marking extends Token {
  level?: Level;
  /** True when the marking has the shape of a real one (`(C)`, `(S/NF)`, `(S/REL USA, KWT)`). */
  valid: boolean;
  /** What follows the level: `NF`, `REL USA, KWT`, `FOUO`. */
  caveats: string[];
}

export interface TextBlock {
  kind: 'summary' | 'comment' | 'quote';
  range: Range;
  open: Token;
  close?: Token;
}

export interface PageMarker extends Token {
  post: Token;
  serial: NumberToken;
  /** The page number; `001.2` keeps the section decimal in `pageText`. */
  page: number;
  pageText: string;
  /** The total the marker states; 0 where it states none (old page headers, `* Missing Section *`). */
  total: number;
  insideParagraph: boolean;
  /** Lines to remove to repair the join: the marker line and the blank lines around it. */
  removal: { startLine: number; endLine: number };
  /** For the 2011 rendering: the paragraph line before and after the join, when inside a paragraph. */
  joinBefore?: number;
  joinAfter?: number;
  kind: 'marker' | 'page-header' | 'missing-section';
  /** An old page header's `01 OF 03`: the section of the telegram the page belongs to. */
  section?: { number: number; total: number };
  /**
   * Where the cable's own text starts that the 2010 rendering glued onto an old page header's line
   * (`PAGE 02 HARARE 06677 01 OF 03 291400Z OPPOSITION LEADER`): the marker's range ends before it.
   */
  gluedText?: Position;
  /**
   * The page's classification lines around an old page header (the foot of the page before, the
   * head of the next: ` CONFIDENTIAL`, ` CONFIDENTIAL PTQ1865`), or the word glued to the end of the
   * text line above (`…IS  CONFIDENTIAL`). They go with the header.
   */
  classification?: Token[];
  /**
   * A section's first page in the middle of the text repeats the telegram's header (distribution
   * lines, banner, captions, E.O. and TAGS, the subject's last words): those lines, which the text's
   * paragraphs read through. They are not the text, but the cable's words, so no fix removes them.
   */
  repeatedHeader?: { startLine: number; endLine: number };
}

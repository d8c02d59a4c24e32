#!/usr/bin/env node
// Source of syntaxes/cable.tmLanguage.json. The JSON is generated so that the
// regex fragments shared by many rules (routing indicator, classification
// words, DTG) are written once. Run `node syntaxes/build-grammar.mjs` after an
// edit; `--check` exits 1 when the committed JSON is stale (the grammar tests
// run it).
//
// Layout of the grammar (TextMate sees one line at a time):
//   web-prelude   from the first line, if it is not cable text, down to the
//                 first line that is (table, VZCZC, DTG, banner, ...)
//   routing       from VZCZC or the DTG line down to the banner/subject block
//   heading area  banner, captions, office routing, E.O., TAGS, SUBJECT, REF,
//                 Classified By (top level, no region)
//   text          from the first numbered paragraph (or SUMMARY) to the end;
//                 inside it every run of non-blank lines is a "block" whose
//                 first line alone may be a section header (\G anchor)
//   web-trailer   from a known web-page phrase ("Wikileaks", "Advertisements",
//                 "Leave a Reply", ...) to the end of the document
// Regexes avoid nested quantifiers over overlapping classes; every unbounded
// repetition is a single class or is anchored so it is tried once per line.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import { optimize } from './optimize-grammar.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'cable.tmLanguage.json');

// The cable's vocabularies (captions, precedence words, the routing-indicator shape) are defined
// once, in server/src/data/vocabulary.ts, for the parser, the hovers, completion and this grammar:
// the TypeScript module is bundled in memory and evaluated here.
function loadTs(file) {
  const r = buildSync({ entryPoints: [file], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', r.outputFiles[0].text)(mod, mod.exports, createRequire(file));
  return mod.exports;
}
const vocabulary = loadTs(join(here, '..', 'server', 'src', 'data', 'vocabulary.ts'));
// Longest first, so that `NIACT IMMEDIATE` is tried before `IMMEDIATE`.
const oneOf = (words) => [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

// ---- shared fragments ------------------------------------------------------
// Routing indicators are 5-7 capitals starting with R (RUEHC, RUEKJCS). ROUTINE
// has the same shape, so a bare indicator is only accepted where no words can
// stand (delivery lines) and elsewhere only before the "/" of an addressee.
const RI = vocabulary.ROUTING_INDICATOR_SOURCE;
const MONTH = String.raw`(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)`;
const DTG = String.raw`\d{6}Z\s+${MONTH}\s+\d{2}`;
const SPACED = String.raw`(?:C O N F I D E N T I A L|T O P {1,2}S E C R E T|S E C R E T|U N C L A S S I F I E D|L I M I T E D {1,2}O F F I C I A L {1,2}U S E)`;
const CLS = String.raw`(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE(?: ONLY)?)`;
const PRECEDENCE_WORD = `(?:${oneOf(vocabulary.PRECEDENCE_WORDS.map((p) => p.word).filter((w) => w !== 'NIACT'))})`;
// A caption line's words. SENSITIVE alone is left out: it opens ordinary prose too (`SENSITIVE BUT
// UNCLASSIFIED` is a phrase of its own); CORRECTEDCOPY is how some renderings run the words together.
const CAPTION = `(?:${oneOf([...vocabulary.CAPTIONS.map((c) => c.text).filter((t) => t !== 'SENSITIVE'), 'CORRECTEDCOPY'])})`;
const WEEKDAY = String.raw`(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)`;
const EO = String.raw`(?:E\.\s?O\.|EO|E\.O|E\.o\.)`;
// Paragraph markings: (C) (S) (U) (SBU) (TS) (LOU), with a dissemination part
// after one or two slashes: (S/NF) (S//NF) (U//FOUO) (C/REL NATO) (S/REL USA, KWT).
const MARKING = String.raw`\((?:TS|S|C|U|SBU|LOU|FOUO|CUI)(?:/{1,2}[A-Z][A-Z ,/-]{0,40})?\)`;
// Where the cable proper can start: the first line of a document that matches
// none of these is web-page text.
const CABLE_START = [
  String.raw`Reference ID\b`,
  String.raw`VZCZC`,
  String.raw`(?:[ZOPR]{1,2}\s+(?:[ZOPR]\s+)?)?${DTG}`,
  SPACED,
  String.raw`${CLS}\b`,
  String.raw`${WEEKDAY}, \d`,
  String.raw`This record is a partial extract`,
  String.raw`Cable dated:`,
  String.raw`${EO}\s*\d{5}`,
  String.raw`TAGS\b`,
  String.raw`SUBJ(?:ECT)?\s*:`,
  String.raw`¶?\d{1,3}\.\s`,
].join('|');
// Known text of the web pages cables were copied from (WordPress comment
// forms, WikiLeaks mirrors). Matched at a line start only.
const WEB_PHRASE = String.raw`(?:Wikileaks|WikiLeaks|Advertisements|Leave a Reply|Post a comment|Share this:|Like this:|Related|Fill in your details|You are commenting using|Connecting to %s|Appears in these articles|Rate this:|Loading\.\.\.)`;
// Single-word lines that are section headers, not a signer's surname.
const HEADER_WORDS = String.raw`(?:BACKGROUND|COMMENT|SUMMARY|INTRODUCTION|DISCUSSION|ANALYSIS|CONCLUSION|CONCLUSIONS|RECOMMENDATION|RECOMMENDATIONS|OVERVIEW|ACTION|ISSUES?|PARTICIPANTS|BIOGRAPHY|BIO|NOTE|CONTEXT|OUTLOOK|PARTICIPATION|UPDATE|REQUEST|RESPONSE|DETAILS|ASSESSMENT|SCENESETTER|ECONOMY|POLITICS|SECURITY|ENERGY|TRADE|ASIA|AFRICA|EUROPE|IRAN|IRAQ|AFGHANISTAN|PAKISTAN|RUSSIA|CHINA)`;

// A line ending in one of these is a wrapped sentence, not a header.
const WRAP_WORD = String.raw`(?:AND|THE|TO|OF|A|AN|IN|ON|FOR|WITH|BY|AT|BE|IS|ARE|WAS|THAT|FROM|AS|OR|HIS|ITS|THEIR|WILL|WOULD|HAS|HAVE|NOT)`;

const S = (name) => `${name}.cable`;
const END_REST = String.raw`\s+(?:OF\s+|of\s+)?(?:SUMMARY|Summary|summary|COMMENT|Comment|comment|TEXT|Text|text|NOTE|Note|QUOTE|Quote)(?:\s+(?:AND|and)\s+(?:COMMENT|Comment|comment|INTRODUCTION|Introduction|SUMMARY|Summary))?`;
const LOWER_END = String.raw`\b(end${END_REST})\b`;
const WEB_TRAILER_BEGIN = String.raw`^(?=\s*${WEB_PHRASE}\b)`;
// A non-blank line, tried at its start (the line ends in its only \n).
const NON_BLANK = String.raw`^(?=\s*\S)`;

// ---- repository ------------------------------------------------------------
const repository = {
  // ---- rendering scars, usable anywhere ----
  'page-marker': {
    patterns: [
      {
        // Section join of the 2011 rendering: ASTANA 00002318  002 OF 003,
        // BAKU 00001835  001.2 OF 003, "Kiev 00001261 002 of 004".
        name: S('comment.line.page-marker'),
        match: String.raw`^\s*[A-Z][A-Za-z .]{0,30}?\s\d{8}\s+\d{3}(?:\.\d)?\s+(?:OF|of)\s+\d{3}\s*$`,
      },
      {
        // The 2010 rendering unwrapped paragraphs, so the marker can sit
        // mid-line: "... The BRASILIA 00001302 003 OF 003 Brazilian military".
        name: S('comment.line.page-marker'),
        match: String.raw`\b[A-Z]{2,}(?:[ .][A-Z]{1,12}){0,3}\s\d{8}\s+\d{3}(?:\.\d)?\s+(?:OF|of)\s+\d{3}\b`,
      },
      {
        // A box WikiLeaks put where a section was lost.
        name: S('comment.line.page-marker'),
        match: String.raw`^\s*\*\s*Missing Section \d+\s*\*\s*$`,
      },
      {
        // Old teletype page header, sometimes with text glued after it:
        // PAGE 02 STATE 015113 182333Z / PAGE 03 HARARE 05461 01 OF 02 271458Z THAT THE ...
        name: S('comment.line.page-header'),
        match: String.raw`^\s*PAGE\s+\d{2,3}\s+[A-Z][A-Z ]{0,24}?\s+\d{4,6}(?:\s+\d{2}\s+OF\s+\d{2})?\s+\d{6}Z\b[^\n]{0,12}?(?=\s|$)`,
      },
      {
        // Page header of a relayed message: "PAGE 03 RUEHFRA0170 S E C R E T".
        name: S('comment.line.page-header'),
        match: String.raw`^\s*PAGE\s+\d{2,3}\s+${RI}\d{4}\b[^\n]*`,
      },
      {
        // Old page banner: "CONFIDENTIAL     PTQ1859".
        name: S('comment.line.page-header'),
        match: String.raw`^\s*${CLS}\s+PTQ\d+\s*$`,
      },
      {
        // WikiLeaks trailer line: "2005CARACA01673 - UNCLASSIFIED".
        name: S('comment.line.trailer'),
        match: String.raw`^\s*\d{4}[A-Z]{3,}\d{5}\s+-\s+(?:Classification:\s*)?[A-Z/ ]{2,40}$`,
      },
    ],
  },

  'web-prelude': {
    // \A only matches on the document's first line, so this region can only
    // open there: a cable pasted from a blog starts with the page's title.
    name: S('comment.block.web-text'),
    begin: String.raw`\A(?!\s*(?:${CABLE_START}))`,
    end: String.raw`^(?=\s*(?:${CABLE_START}))`,
  },

  'web-trailer': {
    // Nothing in a cable ends the web-page text once it has begun.
    name: S('comment.block.web-text'),
    begin: WEB_TRAILER_BEGIN,
    end: String.raw`(?!)`,
  },

  // ---- WikiLeaks table and rendering notes ----
  'wikileaks-table': {
    patterns: [
      {
        name: S('meta.table.header'),
        match: String.raw`^\s*(Reference ID)\s+(Created)\s+(Released)\s+(Classification)\s+(Origin)\s*$`,
        captures: {
          1: { name: S('keyword.other.table-header') },
          2: { name: S('keyword.other.table-header') },
          3: { name: S('keyword.other.table-header') },
          4: { name: S('keyword.other.table-header') },
          5: { name: S('keyword.other.table-header') },
        },
      },
      {
        name: S('meta.table.values'),
        match: String.raw`^\s*(\d{2}[A-Z][A-Z-]*\d+)\s+(\d{4}-\d{2}-\d{2}\s\d{2}:\d{2})\s+(\d{4}-\d{2}-\d{2}\s\d{2}:\d{2})\s+(${CLS}(?://(?:FOR OFFICIAL USE ONLY|NOFORN|NOCONTRACT|ORCON))*)(?:\s+([^\n]*\S))?`,
        captures: {
          1: { name: `${S('variable.other.constant')} ${S('constant.other.reference-id')}` },
          2: { name: S('constant.numeric.date.created') },
          3: { name: S('constant.numeric.date.released') },
          4: { name: S('keyword.control.classification') },
          5: { name: S('entity.name.type.origin') },
        },
      },
      {
        name: S('comment.line.notice'),
        match: String.raw`^\s*This record is a partial extract of the original cable\.[^\n]*`,
      },
      {
        // Header of some mirrors, with the whole cable glued after it:
        // "Cable dated:2002-11-15T12:40:00S E C R E T SECTION 01 OF 05 ...".
        match: String.raw`^\s*(Cable dated:)(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)`,
        captures: {
          1: { name: S('keyword.other.table-header') },
          2: { name: S('constant.numeric.date.created') },
        },
      },
      {
        // Date line of the 2010 rendering: "Friday, 23 February 2001, 15:53".
        name: S('constant.numeric.date.date-line'),
        match: String.raw`^\s*${WEEKDAY}, \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}\s*$`,
      },
    ],
  },

  // ---- routing block ----
  routing: {
    name: S('meta.routing'),
    begin: String.raw`^(?=\s*(?:VZCZC|(?:[ZOPR]{1,2}\s+(?:[ZOPR]\s+)?)?${DTG}\s*$|(?:OO|PP|RR|ZZ)\s+${RI}\b))`,
    // The banner, the date line or the subject block ends the header; a blank
    // line does not (old headers have blank lines between their parts).
    end: String.raw`^(?=\s*(?:${SPACED}|${CLS}\b(?!\s+PTQ)|${WEEKDAY}, \d|${EO}\s*\d{5}|TAGS\b|SUBJ(?:ECT)?\s*:|¶|\d{1,3}\.\s|Reference ID\b))`,
    patterns: [
      { include: '#page-marker' },
      {
        match: String.raw`^\s*(VZCZC)([A-Z]{3}\d{3,4})?`,
        captures: {
          1: { name: S('keyword.other.prosign.start-of-message') },
          2: { name: `${S('variable.other.constant')} ${S('constant.other.transmission-id')}` },
        },
      },
      {
        // Delivery line: doubled precedence, then indicators (wrapping onto
        // lines that hold indicators only).
        begin: String.raw`^\s*(OO|PP|RR|ZZ)(?=\s+${RI}\b)`,
        beginCaptures: { 1: { name: S('storage.modifier.precedence') } },
        end: '$',
        name: S('meta.delivery'),
        patterns: [{ include: '#bare-routing-indicator' }],
      },
      {
        begin: String.raw`^(?=\s*${RI}(?:\s+${RI})*\s*$)`,
        end: '$',
        name: S('meta.delivery'),
        patterns: [{ include: '#bare-routing-indicator' }],
      },
      {
        // DE RUEHTA #2318/01 3291054: station, serial/section, Julian day + time.
        match: String.raw`^\s*(DE)\s+(${RI})(?:\s+(#\d{1,5}(?:/\d{1,3})?))?(?:\s+(\d{7}))?`,
        captures: {
          1: { name: S('keyword.other.prosign.de') },
          2: { name: `${S('variable.other.constant')} ${S('constant.other.routing-indicator')}` },
          3: { name: S('constant.numeric.station-serial') },
          4: { name: S('constant.numeric.julian-datetime') },
        },
      },
      {
        // ZNR UUUUU ZZH / ZNY SSSSS ZZH ZDS (CCY ...)
        match: String.raw`^\s*(ZNR|ZNY)\s+(UUUUU|EEEEE|CCCCC|SSSSS|TTTTT)\b`,
        captures: {
          1: { name: S('keyword.other.prosign.security') },
          2: { name: S('keyword.control.classification') },
        },
      },
      {
        match: String.raw`\b(ZZH|ZDK|ZDS|ZUI|ZFF\d?|ZEX|ZOC)\b`,
        name: S('keyword.other.prosign.operating-signal'),
      },
      {
        // Precedence + date-time group: O 241054Z NOV 08; "291359Z Nov 00".
        // "O P 280224Z MAR 09": action and info precedence.
        match: String.raw`^\s*(?:([ZOPR]{1,2}(?:\s+[ZOPR])?)\s+)?(${DTG})`,
        captures: {
          1: { name: S('storage.modifier.precedence') },
          2: { name: S('constant.numeric.dtg') },
        },
      },
      {
        match: String.raw`^\s*(FM)\s+([^\n]*\S)?`,
        captures: {
          1: { name: S('keyword.other.prosign.from') },
          2: { name: S('entity.name.type.addressee') },
        },
      },
      {
        match: String.raw`^\s*(BT|NNNN)\s*$`,
        captures: { 1: { name: S('keyword.other.prosign.break') } },
      },
      {
        begin: String.raw`^\s*(TO|INFO|XMT)\b`,
        beginCaptures: { 1: { name: S('keyword.other.prosign.address') } },
        end: '$',
        name: S('meta.addressee'),
        patterns: [{ include: '#addressee' }],
      },
      { include: '#glued-banner' },
      {
        // Any other line of the addressee list is a continuation line.
        begin: String.raw`^(?=\s*\S)`,
        end: '$',
        name: S('meta.addressee'),
        patterns: [{ include: '#addressee' }],
      },
    ],
  },

  'bare-routing-indicator': {
    match: String.raw`\b${RI}\b`,
    name: `${S('variable.other.constant')} ${S('constant.other.routing-indicator')}`,
  },

  addressee: {
    // [RI/]NAME [PRECEDENCE] [CONTROL NUMBER]
    patterns: [
      { include: '#glued-banner' },
      {
        match: String.raw`\b(${RI})(/)`,
        captures: {
          1: { name: `${S('variable.other.constant')} ${S('constant.other.routing-indicator')}` },
          2: { name: S('punctuation.separator.addressee') },
        },
      },
      {
        match: String.raw`\b${PRECEDENCE_WORD}\b`,
        name: S('storage.modifier.precedence'),
      },
      {
        match: String.raw`\b\d{4}(?=\s*$)`,
        name: S('constant.numeric.control-number'),
      },
      {
        match: String.raw`[^\s/]+`,
        name: S('entity.name.type.addressee'),
      },
    ],
  },

  'glued-banner': {
    // The last addressee line can run straight into the banner:
    // "...COLLECTIVEC O N F I D E N T I A L", "WASHDCUNCLAS DAMASCUS 000249".
    begin: String.raw`(?<=\S)(${SPACED}|(?:UNCLAS|CONFIDENTIAL|SECRET)(?=\s+(?:SECTION\s|[A-Z][A-Z .]{0,30}?\s\d{6}\s*$)))`,
    beginCaptures: { 1: { name: `${S('markup.bold')} ${S('keyword.control.banner')}` } },
    end: '$',
    name: S('meta.banner'),
    patterns: [{ include: '#banner-rest' }],
  },

  // ---- markings ----
  banner: {
    begin: String.raw`^\s*(${SPACED}|${CLS}\b)`,
    beginCaptures: { 1: { name: `${S('markup.bold')} ${S('keyword.control.banner')}` } },
    end: '$',
    name: S('meta.banner'),
    patterns: [{ include: '#banner-rest' }],
  },

  'banner-rest': {
    patterns: [
      {
        match: String.raw`(//?|\s)(NOFORN|NOCONTRACT|E F T O|EFTO|SENSITIVE|FOR OFFICIAL USE ONLY|SIPDIS)\b`,
        captures: { 2: { name: S('keyword.control.caption') } },
      },
      {
        match: String.raw`\b(SECTION)\s+(\d{1,3})\s+(OF)\s+(\d{1,3})\b`,
        captures: {
          1: { name: S('keyword.other.section') },
          2: { name: S('constant.numeric.section') },
          3: { name: S('keyword.other.section') },
          4: { name: S('constant.numeric.section') },
        },
      },
      { match: String.raw`\b\d{4,6}\b`, name: S('constant.numeric.post-serial') },
      { match: String.raw`[A-Z][A-Za-z.-]*`, name: S('entity.name.type.post') },
    ],
  },

  caption: {
    patterns: [
      {
        // SIPDIS and its kin are often pasted mid-sentence; match them anywhere.
        match: String.raw`\b${CAPTION}\b`,
        name: S('keyword.control.caption'),
      },
      {
        // SENSITIVE is an ordinary word unless it stands alone on its line.
        match: String.raw`^\s*(SENSITIVE(?: BUT UNCLASSIFIED)?|Sipdis)\s*$`,
        captures: { 1: { name: S('keyword.control.caption') } },
      },
    ],
  },

  'paragraph-marking': {
    match: MARKING,
    name: S('keyword.control.marking'),
  },

  // ---- heading area: everything between the banner and the first paragraph ----
  'office-routing': {
    // STATE FOR SCA/CEN, EUR/PRA, DRL / PASS USTR FOR ROSA WHITAKER / DEPT FOR ...
    begin: String.raw`^(?=\s*(?:[A-Z][A-Z/]*\s+){0,3}(?:FOR|PASS|PASS TO)\s)`,
    end: '$',
    name: S('meta.office-routing'),
    patterns: [
      { include: '#caption' },
      { match: String.raw`\b(?:FOR|PASS TO|PASS|ALSO FOR|AND)\b`, name: S('keyword.other.office-routing') },
      { match: String.raw`\b[A-Z]{1,8}(?:/[A-Z0-9]{1,8}){1,3}\b`, name: `${S('variable.other.constant')} ${S('constant.other.office')}` },
    ],
  },

  'eo-line': {
    // E.O. 12958: DECL: 11/24/2018 / EO 12958 DECL: 02/22/2011 / E.O. 12958: N/A
    begin: String.raw`^\s*(${EO})\s*(\d{5})(:)?`,
    beginCaptures: {
      1: { name: S('keyword.other.label.executive-order') },
      2: { name: S('constant.numeric.executive-order') },
      3: { name: S('punctuation.separator.label') },
    },
    end: '$',
    name: S('meta.executive-order'),
    patterns: [
      { match: String.raw`\b(?i:decl)\b:?`, name: S('keyword.other.label.declassify') },
      { match: String.raw`\b\d{1,4}/\d{1,2}/\d{2,4}\b`, name: S('constant.numeric.date.declassify') },
      { match: String.raw`\b(?:N/A|OADR|X\d(?:,\s*X\d)*|25X\d|MR)\b`, name: S('constant.language.declassify') },
      { include: '#tags' },
    ],
  },

  tags: {
    // TAGS: PREL PGOV KZ / TAGS PREL, PGOV / "Tags: prel, pgov" in a lowercased copy.
    begin: String.raw`(?:^\s*|\b)(TAGS|Tags|tags)\b(:)?`,
    beginCaptures: {
      1: { name: S('keyword.other.label.tags') },
      2: { name: S('punctuation.separator.label') },
    },
    end: '$',
    name: S('meta.tags'),
    patterns: [
      { match: String.raw`[A-Za-z][A-Za-z0-9-]{1,11}`, name: `${S('variable.other.constant')} ${S('constant.other.tag')}` },
    ],
  },

  subject: {
    // SUBJECT wraps onto following lines (835 cables); it ends at a blank line
    // or at the next labelled line.
    begin: String.raw`^\s*(SUBJECT|SUBJ|Subject)\s*(:)?`,
    beginCaptures: {
      1: { name: S('keyword.other.label.subject') },
      2: { name: S('punctuation.separator.label') },
    },
    end: String.raw`^(?=\s*$|\s*(?:REF|Ref|REFS|REFTEL|Classified|CLASSIFIED|¶|\d{1,3}\.\s|\(|${EO}\s*\d|TAGS))`,
    name: S('meta.subject'),
    patterns: [
      { include: '#page-marker' },
      { include: '#paragraph-marking' },
      { match: String.raw`\S[^\n]*\S|\S`, name: S('markup.bold.heading.subject') },
    ],
  },

  ref: {
    begin: String.raw`^\s*(REFTEL|REFS|REF|Refs|Ref|REFERENCE|REFERENCES)\b\s*(:)?`,
    beginCaptures: {
      1: { name: S('keyword.other.label.reference') },
      2: { name: S('punctuation.separator.label') },
    },
    end: String.raw`^(?=\s*$|\s*(?:Classified|CLASSIFIED|¶|\d{1,3}\.\s|SUBJ))`,
    name: S('meta.reference'),
    patterns: [
      { include: '#page-marker' },
      {
        // Lettered entries: "A. MADRID 1131", "(B)ISLAMABAD 5601".
        match: String.raw`(?:(?<=\s|^|:)([A-Z])(\.)(?=\s)|(\()([A-Z])(\)))`,
        captures: {
          1: { name: S('markup.list.letter') },
          2: { name: S('markup.list.letter') },
          3: { name: S('markup.list.letter') },
          4: { name: S('markup.list.letter') },
          5: { name: S('markup.list.letter') },
        },
      },
      {
        // [YY] POST SERIAL: "99 PRETORIA 12315", "STATE 175414", "CAPE TOWN 2150".
        match: String.raw`\b(?:\d{2}\s+)?[A-Z]{3,}(?: [A-Z]{2,}){0,2}\s+\d{1,6}\b`,
        name: `${S('variable.other.constant')} ${S('constant.other.reference-cable')}`,
      },
      { include: '#caption' },
    ],
  },

  'classified-by': {
    // "Classified By: DCM Arnold A. Chacon, for reasons 1.4(B) and (d)." The
    // reason often wraps to the next line, so the region runs to a blank line.
    begin: String.raw`^\s*((?i:classified\s+by))\s*(:)?`,
    beginCaptures: {
      1: { name: S('keyword.other.label.classified-by') },
      2: { name: S('punctuation.separator.label') },
    },
    end: String.raw`^(?=\s*$|\s*(?:¶|\d{1,3}\.\s|SUMMARY|Summary))`,
    name: S('meta.classified-by'),
    patterns: [
      { match: String.raw`\b(?i:reasons?|for reasons?)\b:?`, name: S('keyword.other.label.reason') },
      { match: String.raw`\b1\.[45]\s?(?:\([A-Ha-h]\)|[A-Ha-h]\b)?`, name: S('constant.numeric.reason') },
      { match: String.raw`\([A-Ha-h]\)`, name: S('constant.numeric.reason') },
    ],
  },

  // ---- text ----
  text: {
    // The text starts at the first numbered paragraph (or a SUMMARY line) and
    // runs to the web-page text after the cable, if any, or to the end of
    // the document. (Ending at the web-trailer's begin, where the top level
    // takes it up, costs one regex per text line less than an end that never
    // matches and the web-trailer inside.)
    name: S('meta.text'),
    begin: String.raw`^(?=\s*(?:¶\s?)?\d{1,3}\s?\.(?:\s|\(|$)|\s*-*\s*(?:SUMMARY|Summary)\b|\s*${MARKING}\s)`,
    end: WEB_TRAILER_BEGIN,
    patterns: [
      { include: '#page-marker' },
      { include: '#header-block' },
      { include: '#one-word-header-block' },
      { include: '#block' },
    ],
  },

  // A run of non-blank lines. begin/while rather than begin/end: the while
  // condition is tried once at the start of each line, where an end pattern
  // would be searched across every long unwrapped paragraph line. Only a
  // block's first line (its begin) can be a section header, so the wrapped
  // lines of an all-caps body never are. (NON_BLANK is \s*\S, not
  // [^\n]*\S: the first tries one column per leading space, the second
  // backtracks over the whole line, a thousand columns in the unwrapped
  // paragraphs of the 2010 rendering, on every line.)
  'header-block': {
    // A section header: the first line of a block, a short line in capitals that reads as a title,
    // not as a wrapped sentence or another header element. Each look-around, in order:
    begin: [
      String.raw`^\s*`,
      String.raw`(?![A-Z]\.\s|-{2}|\d|¶|\()`, // not a sub-paragraph `A. `, a bullet `--`, a number, `¶`, a marking `(`
      String.raw`(?=[^a-z\n]{3,60}$)`, // 3–60 characters and no lower case: a title in capitals, not prose
      String.raw`(?=[^\n]*[A-Z]{2})`, // at least two capitals together (not `- 1 -` or initials alone)
      String.raw`(?=[^\n]*\S\s+\S)`, // two words or more: a lone word is a signer unless HEADER_WORDS says otherwise
      String.raw`(?![^\n]*[.,;:]\s*$)`, // not ending in punctuation: a sentence or a label (`SUBJECT:`), not a title
      String.raw`(?![^\n]*[A-Z]{2}\.\s)`, // no sentence end inside (`…OFFICIALS. THE`): an all-caps body's wrapped lines
      String.raw`(?![^\n]*\b${WRAP_WORD}\s*$)`, // not ending in AND, THE, OF…: a wrapped line of an all-caps body
      String.raw`(?!(?:SUMMARY|COMMENT|NOTE)\s*:)`, // not a summary or comment opening, which the line rules scope
      String.raw`(?!(?:${CAPTION}|SENSITIVE|NNNN|BT)\s*$)`, // not a caption or a prosign alone on its line
      String.raw`(\S[^\n]*\S)(?=\s*$)`, // the header itself, without its surrounding white space
    ].join(''),
    beginCaptures: { 1: { name: `${S('markup.bold.heading.section')} ${S('entity.name.section')}` } },
    while: NON_BLANK,
    patterns: [{ include: '#line' }],
  },

  'one-word-header-block': {
    // One-word headers are taken only from a known list; any other lone
    // capitalised word is more likely the signer's surname.
    begin: String.raw`^\s*((?:-+\s*)?(?i:${HEADER_WORDS})(?:\s*-+)?)(?=\s*$)`,
    beginCaptures: { 1: { name: `${S('markup.bold.heading.section')} ${S('entity.name.section')}` } },
    while: NON_BLANK,
    patterns: [{ include: '#line' }],
  },

  block: {
    begin: NON_BLANK,
    while: NON_BLANK,
    patterns: [
      { include: '#signature' },
      { include: '#line' },
    ],
  },

  signature: {
    // The signer's surname on its own line: HOAGLAND, LEBARON, Beyrle.
    // The look-ahead for a one-word line comes first: it fails at the first
    // space of an ordinary line, before the list of words is tried.
    match: String.raw`^\s*(?=[A-Z][A-Za-z'-]*\s*$)((?!(?i:${HEADER_WORDS}|${CAPTION}|SENSITIVE|NNNN|END)\s*$|${CLS}\s*$|XXXX)[A-Z](?:[A-Z'-]{2,20}|[a-z]+(?:[A-Z][a-z]+)?))\s*$`,
    captures: { 1: { name: `${S('markup.italic')} ${S('entity.name.function.signature')}` } },
  },

  line: {
    patterns: [
      { include: '#page-marker-in-block' },
      {
        // ¶1. / 1. / 1.(C) / 10.  at the start of a line
        match: String.raw`^\s*(¶)?\s?(\d{1,3})(\.)(?=\s|\(|$)`,
        captures: {
          1: { name: S('punctuation.definition.paragraph') },
          2: { name: `${S('markup.list.numbered')} ${S('constant.numeric.paragraph-number')}` },
          3: { name: `${S('markup.list.numbered')} ${S('punctuation.definition.list')}` },
        },
      },
      {
        // Sub-paragraph letters "A." and bullets "--" / "-" / "*".
        match: String.raw`^\s*(?:([A-Z]\.)|(-{1,2}|\*))(?=\s)`,
        captures: {
          1: { name: S('markup.list.letter') },
          2: { name: `${S('markup.list.unnumbered')} ${S('punctuation.definition.list.begin')}` },
        },
      },
      { include: '#paragraph-marking' },
      { include: '#summary-marker' },
      { include: '#caption-in-block' },
      { include: '#redaction' },
      {
        // Characters the rendering lost ("???", 4 cables in 1,459).
        match: String.raw`\?{3,}`,
        name: S('invalid.illegal.lost-characters'),
      },
      { include: '#quoted' },
      {
        // Stray teletype signals in a body.
        match: String.raw`^\s*(NNNN|BT)\s*$`,
        captures: { 1: { name: S('keyword.other.prosign.break') } },
      },
      {
        match: SPACED,
        name: `${S('markup.bold')} ${S('keyword.control.banner')}`,
      },
      {
        // Underline of a header: "-------".
        match: String.raw`^\s*[-=]{3,}\s*$`,
        name: S('punctuation.definition.heading.underline'),
      },
    ],
  },

  'summary-marker': {
    patterns: [
      {
        // One regex with a group per form (fewer regexes to run over every line):
        // 1 END SUMMARY / End summary / END COMMENT / End text. / END SUMMARY AND INTRODUCTION
        // 2 BEGIN SUMMARY / Begin text: / BEGIN TEXT
        // 3 SUMMARY: / Summary. / (COMMENT: / Comment: / NOTE:
        match: String.raw`\b(?:((?:END|End)${END_REST})|((?:BEGIN|Begin)\s+(?:SUMMARY|Summary|summary|COMMENT|Comment|TEXT|Text|text|QUOTE|Quote))|(?<![A-Za-z] )((?:SUMMARY|Summary|COMMENT|Comment|NOTE|Note|INTRODUCTION|Introduction)(?=\s*[:.]|\s*-{3,}|\s*$)))\b`,
        captures: {
          1: { name: `${S('markup.italic')} ${S('keyword.other.summary.end')}` },
          2: { name: `${S('markup.italic')} ${S('keyword.other.summary.begin')}` },
          3: { name: `${S('markup.italic')} ${S('keyword.other.summary.begin')}` },
        },
      },
      {
        // 1 in lower case, "end summary": a regex of its own, kept out of the
        // merged line regex. Within an alternation a form starting with a
        // lower-case e makes every e of the text a place to try; alone, the
        // regex is searched for the string "end".
        match: LOWER_END,
        captures: { 1: { name: `${S('markup.italic')} ${S('keyword.other.summary.end')}` } },
      },
    ],
  },

  redaction: {
    // WikiLeaks' redactions, not the author's: XXXXXXXXXXXX.
    match: String.raw`X{4,}`,
    name: S('markup.deleted.redaction'),
  },

  // Scope names: Light Modern paints `markup.heading` maroon and `string` red, which in prose
  // reads as errors; headings are `markup.bold.heading.*` (bold in every theme, navy or blue in
  // the default ones) and quotations `markup.quote.*`, which the default themes leave in the text
  // colour (themes that colour Markdown block quotes colour them alike).
  quoted: {
    patterns: [
      {
        // Quotations wrap across lines in the 69-column rendering; the block's
        // while condition ends a quote at its paragraph's end, so an
        // unbalanced mark cannot run on.
        begin: '"',
        end: '"',
        name: S('markup.quote.double'),
        patterns: [{ include: '#in-quote' }],
      },
      {
        begin: '\u201c',
        end: '\u201d',
        name: S('markup.quote.double'),
        patterns: [{ include: '#in-quote' }],
      },
    ],
  },

  'in-quote': {
    patterns: [
      { include: '#page-marker' },
      { include: '#caption' },
      { include: '#redaction' },
    ],
  },
};

const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Cable',
  scopeName: 'text.cable',
  fileTypes: ['cable'],
  comment: 'Generated by syntaxes/build-grammar.mjs; edit that file, not this one.',
  patterns: [
    { include: '#web-prelude' },
    { include: '#web-trailer' },
    // The text's begin comes before the rules of the heading area: it is
    // zero-width at column 0 of a line that none of them can match at column
    // 0 (numbered paragraph, SUMMARY, marking), so the order changes no
    // match. A first paragraph is often an unwrapped line over 999 bytes,
    // which vscode-oniguruma searches one regex at a time, in list order,
    // stopping at a match at the search start: every ^ rule before the
    // text's begin scanned the whole line.
    { include: '#text' },
    { include: '#wikileaks-table' },
    { include: '#page-marker' },
    { include: '#routing' },
    { include: '#banner' },
    { include: '#caption' },
    { include: '#eo-line' },
    { include: '#tags' },
    { include: '#subject' },
    { include: '#ref' },
    { include: '#classified-by' },
    { include: '#office-routing' },
    { include: '#paragraph-marking' },
    { include: '#redaction' },
  ],
  repository,
};
optimize(grammar, { scope: S, keepApartMatch: LOWER_END, webTrailerBegin: WEB_TRAILER_BEGIN });

const json = JSON.stringify(grammar, null, 2) + '\n';
if (process.argv.includes('--check')) {
  let current = '';
  try { current = readFileSync(out, 'utf8'); } catch { /* missing counts as stale */ }
  if (current !== json) {
    console.error('syntaxes/cable.tmLanguage.json is stale: run node syntaxes/build-grammar.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(out, json);
  console.log(`wrote ${out}`);
}

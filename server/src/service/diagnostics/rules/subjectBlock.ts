/** The subject block: E.O., TAGS, SUBJECT and Classified By. */
import { LEVEL_NAME, LEVEL_RANK, type Cable, type Token } from '../../../parser';
import { CLASSIFICATION_REASONS } from '../../../data/vocabulary';
import { tags as knownTags } from '../../../data';
import { isWord } from '../words';
import { defineRule, parserFindingRule } from '../rule';
import { cableLevel } from './levels';

/** A body-only paste without a banner is not a cable header: no TAGS or SUBJECT is demanded of it. */
const hasHeader = (cable: Cable) => !!cable.banner;

export const eoMalformed = parserFindingRule({
  code: 'CBL160',
  name: 'eo-malformed',
  severity: 'warning',
  group: 'subject',
  fixable: false,
  docs: {
    summary: 'The E.O. line is malformed.',
    description: 'The line reads `E.O. 12958: DECL: 11/24/2018` (or `N/A`, `OADR`).',
    bad: 'E.O. 12958 DECL 11/24',
    good: 'E.O. 12958: DECL: 11/24/2018',
  },
  finding: 'eo-malformed',
});

export const eoDateInvalid = parserFindingRule({
  code: 'CBL161',
  name: 'eo-date-invalid',
  severity: 'error',
  group: 'subject',
  fixable: false,
  docs: {
    summary: 'The E.O. line\'s declassification date is not a real date.',
    description: 'The declassification date is MM/DD/YYYY (or YYYY/MM/DD in some posts\' cables).',
    bad: 'E.O. 12958: DECL: 13/24/2018',
    good: 'E.O. 12958: DECL: 11/24/2018',
  },
  finding: 'eo-date',
});

export const tagsMissing = defineRule({
  code: 'CBL162',
  name: 'tags-missing',
  severity: 'information',
  group: 'subject',
  fixable: false,
  docs: {
    summary: 'The cable has no TAGS line.',
    description: 'TAGS index the cable by subject and country. 28 of 1,459 real cables lack them, so this is information, not an error.',
    bad: 'E.O. 12958: N/A\nSUBJECT: …',
    good: 'E.O. 12958: N/A\nTAGS: PREL PGOV KZ\nSUBJECT: …',
  },
  scope: 'cable',
  check(cable, ctx) {
    if (!cable.tags && hasHeader(cable)) ctx.report((cable.eo ?? cable.subject ?? cable.banner)!.range, 'No TAGS line');
  },
});

export const tagsLowercase = defineRule({
  code: 'CBL163',
  name: 'tags-lowercase',
  severity: 'warning',
  group: 'subject',
  fixable: false,
  docs: {
    summary: 'A TAGS code is written in lower case.',
    description: 'TAGS codes are capital letters (`PREL`, `KZ`).',
    bad: 'TAGS: prel PGOV KZ',
    good: 'TAGS: PREL PGOV KZ',
  },
  scope: 'cable',
  check(cable, ctx) {
    const tags = cable.tags;
    if (!tags) return;
    // One report per line: the 2010 rendering lower-cased whole TAGS lines (`Tags: prel, pgov`).
    // A free-text entry in title case (`Organized Crime`) is a name, not a lower-cased code.
    const lower = tags.codes.filter((c) => /^[a-z]{2,6}$/.test(c.text));
    if (lower.length > 0) {
      ctx.report(tags.label.range, `TAGS in lower case: ${lower.map((c) => c.text).join(', ')} (${lower.map((c) => c.text.toUpperCase()).join(' ')})`);
    }
  },
});

/**
 * Codes run together that the parser could not split, because no list knows one half
 * (`KWBGPTER`-like runs of codes outside ../shared/data/tags.tsv): eight capitals that are no word,
 * each half shaped as the administrative, consular, economic, program, military, outreach, political,
 * science and technology codes are. Real cables put eight-letter names in TAGS too (`BRUSSELS`, `POLITICS`, `INTERPOL`): they
 * are words or do not have that shape, and are left alone.
 */
const HALF = /^[ACEKMOPST][A-Z]{3}$/;
function gluedByShape(code: Token): [string, string] | undefined {
  const t = code.text;
  if (t.length !== 8 || !/^[A-Z]{8}$/.test(t)) return undefined;
  const a = t.slice(0, 4);
  const b = t.slice(4);
  if (!HALF.test(a) || !HALF.test(b) || knownTags.has(t) || isWord(t)) return undefined;
  return [a, b];
}

export const tagsGlued = defineRule({
  code: 'CBL164',
  name: 'tags-glued',
  severity: 'warning',
  group: 'subject',
  fixable: true,
  docs: {
    summary: 'Two TAGS codes are glued together (`ECONEFIN`).',
    description: 'A lost space between two codes makes one unknown code (`NATOPREL`, `PRELSR`, `VTPREL`). The fix puts the space back.',
    bad: 'TAGS: PREL ECONEFIN KZ',
    good: 'TAGS: PREL ECON EFIN KZ',
  },
  scope: 'cable',
  check(cable, ctx) {
    const report = (code: Token, parts: [string, string]) => {
      const at = { line: code.range.start.line, character: code.range.start.character + parts[0].length };
      ctx.report(code.range, `TAGS code ${code.text} looks like ${parts[0]} and ${parts[1]} glued together`, {
        title: `Split ${code.text} into ${parts[0]} ${parts[1]}`,
        edits: [{ range: { start: at, end: at }, newText: ' ' }],
      });
    };
    // The parser splits the runs of codes it knows (`NATOPREL`, `PRELSR`, `VTPREL`).
    for (const g of cable.tags?.glued ?? []) report(g, g.parts);
    for (const code of cable.tags?.codes ?? []) {
      const parts = gluedByShape(code);
      if (parts) report(code, parts);
    }
  },
});

export const subjectMissing = defineRule({
  code: 'CBL165',
  name: 'subject-missing',
  severity: 'information',
  group: 'subject',
  fixable: false,
  docs: {
    summary: 'The cable has no SUBJECT line.',
    description: 'The subject names the cable in indexes and the outline. 30 of 1,459 real cables lack one.',
    bad: 'TAGS: PREL PGOV KZ\n1. (U) …',
    good: 'TAGS: PREL PGOV KZ\nSUBJECT: PRESIDENT NAZARBAYEV CALLS FOR GREATER ROLE\n1. (U) …',
  },
  scope: 'cable',
  check(cable, ctx) {
    if (!cable.subject && hasHeader(cable)) ctx.report((cable.tags ?? cable.eo ?? cable.banner)!.range, 'No SUBJECT line');
  },
});

export const classifiedByMissing = defineRule({
  code: 'CBL166',
  name: 'classified-by-missing',
  severity: 'information',
  group: 'subject',
  fixable: false,
  docs: {
    summary: 'A classified cable without a `Classified By:` line.',
    description: 'Classified cables name who classified them and why. Older cables and some posts omit it, so this is information.',
    bad: 'C O N F I D E N T I A L MADRID 001131\n…\nSUBJECT: …\n1. (C) …',
    good: 'C O N F I D E N T I A L MADRID 001131\n…\nSUBJECT: …\nClassified By: DCM Arnold A. Chacon, for reasons 1.4(b) and (d).\n1. (C) …',
  },
  scope: 'cable',
  check(cable, ctx) {
    const level = cableLevel(cable);
    if (level && LEVEL_RANK[level] > 0 && !cable.classifiedBy && cable.banner) {
      ctx.report(cable.banner.classification.range, `${LEVEL_NAME[level]} cable without a "Classified By:" line`);
    }
  },
});

export const classifiedByReason = defineRule({
  code: 'CBL167',
  name: 'classified-by-reason',
  severity: 'warning',
  group: 'subject',
  fixable: false,
  docs: {
    summary: 'A classification reason that is not 1.4 (a)–(h) or 1.5.',
    description: 'E.O. 12958 lists the reasons as 1.4 (a) to (h); cables before 2003 cite 1.5 (a)–(g).',
    bad: 'Classified By: DCM Arnold A. Chacon, for reasons 1.4(k).',
    good: 'Classified By: DCM Arnold A. Chacon, for reasons 1.4(b) and (d).',
  },
  scope: 'cable',
  check(cable, ctx) {
    for (const r of cable.classifiedBy?.reasons ?? []) {
      const clause = r.clause.replace(/\s+/g, '');
      const letter = r.letter?.toLowerCase();
      const letters = clause === '' ? CLASSIFICATION_REASONS['1.4'] : CLASSIFICATION_REASONS[clause];
      // A bad clause is reported once, on the clause itself, not again on each of its letters.
      if (!letters) {
        if (letter === undefined) ctx.report(r.range, `Classification reason ${r.text} is not 1.4 (a)–(h) or 1.5`);
        continue;
      }
      if (letter !== undefined && !letters[letter]) {
        const keys = Object.keys(letters);
        ctx.report(r.range, `Classification reason ${clause} (${r.text}) is not one of (${keys[0]})–(${keys[keys.length - 1]})`);
      }
    }
  },
});

export const SUBJECT_BLOCK_RULES = [eoMalformed, eoDateInvalid, tagsMissing, tagsLowercase, tagsGlued, subjectMissing, classifiedByMissing, classifiedByReason] as const;

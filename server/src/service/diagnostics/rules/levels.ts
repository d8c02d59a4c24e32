import { LEVEL_RANK, type Cable, type Level } from '../../../parser';

/**
 * The cable's classification level: the WikiLeaks table's, else the banner's, else the security
 * line's. When they disagree, that disagreement is reported once by its own rule; the other rules
 * measure against one reference so a single wrong banner does not ripple into every paragraph.
 */
export function cableLevel(cable: Cable): Level | undefined {
  return cable.table?.classification?.level ?? cable.banner?.classification.level ?? cable.routing?.security?.letters?.level;
}

/**
 * The classification the text itself states: the banner's, else the table's. Paragraph markings
 * are measured against it, since they and the banner were written together (10MEXICO614's table
 * says UNCLASSIFIED over a SECRET Islamabad text: that is the banner rule's finding, not twelve
 * paragraphs').
 */
export function textLevel(cable: Cable): Level | undefined {
  return cable.banner?.classification.level ?? cable.table?.classification?.level ?? cable.routing?.security?.letters?.level;
}

/**
 * The highest classification the cable states outside its banner and table: its paragraph
 * markings, the security line's letters, an old telegram's page classification lines. `marked`
 * counts the paragraphs with a valid marking; the level is undefined when nothing states one.
 */
export function levelElsewhere(cable: Cable): { level?: Level; marked: number; unmarked: number } {
  let level: Level | undefined;
  const raise = (l: Level | undefined) => {
    if (l && (!level || LEVEL_RANK[l] > LEVEL_RANK[level])) level = l;
  };
  let marked = 0;
  let unmarked = 0;
  for (const p of cable.body.paragraphs) {
    if (p.marking?.valid && p.marking.level) {
      marked++;
      raise(p.marking.level);
    } else if (p.number) unmarked++;
  }
  raise(cable.routing?.security?.letters?.level);
  for (const m of cable.body.pageMarkers) for (const t of m.classification ?? []) raise(PAGE_LEVELS[t.text.split(/\s+/)[0]!]);
  return { level, marked, unmarked };
}

const PAGE_LEVELS: Record<string, Level> = { UNCLASSIFIED: 'U', UNCLAS: 'U', LIMITED: 'U', CONFIDENTIAL: 'C', SECRET: 'S', TOP: 'T' };

import type { Cable, Level } from '../../../parser';

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

import type { Cable, CableDocument, Level, Range } from '../../parser';
import type { Fix } from './types';

/** What a rule sees: the model, and a way to report. Rules never re-parse structure. */
export interface RuleContext {
  doc: CableDocument;
  /** False when nobody wants the rule (severity off): a rule may skip expensive work. */
  enabled(name: string): boolean;
  report(name: string, range: Range, message: string, fix?: Fix): void;
}

/**
 * The cable's classification level: the WikiLeaks table's, else the banner's, else the security
 * line's. When they disagree, that disagreement is reported once by its own rule; the other rules
 * measure against one reference so a single wrong banner does not ripple into every paragraph.
 */
export function cableLevel(cable: Cable): Level | undefined {
  return cable.table?.classification?.level ?? cable.banner?.classification.level ?? cable.routing?.security?.letters?.level;
}

export function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
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

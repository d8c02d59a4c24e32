import type { Cable, CableDocument, Level, Range } from '../../parser';
import type { Fix } from './types';

/** What a rule sees: the model, and a way to report. Rules never re-parse structure. */
export interface RuleContext {
  doc: CableDocument;
  /** False when nobody wants the rule (severity off): a rule may skip expensive work. */
  enabled(name: string): boolean;
  report(name: string, range: Range, message: string, fix?: Fix): void;
}

/** The cable's classification level: the banner's, else the table's, else the security line's. */
export function cableLevel(cable: Cable): Level | undefined {
  return cable.banner?.classification.level ?? cable.table?.classification?.level ?? cable.routing?.security?.letters?.level;
}

export function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

import type { Cable } from '../parser';
import { fullYear } from './dates';

/** The year the cable was written, for the DE line's Julian day and for ranking REF matches. */
export function cableYear(cable: Cable): number | undefined {
  const y = cable.routing?.dtg?.year?.value;
  if (y !== undefined) return fullYear(y);
  if (cable.table?.referenceId?.year !== undefined) return cable.table.referenceId.year;
  const created = cable.table?.created?.iso;
  if (created) return Number(created.slice(0, 4));
  // A copy without table or DTG often has the rendering's date line: `Thursday, 07 March 2002, 10:13`.
  const dated = cable.dateLine ? /\b(19[6-9]\d|20[01]\d)\b/.exec(cable.dateLine.text) : null;
  return dated ? Number(dated[1]) : undefined;
}

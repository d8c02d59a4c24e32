import type { Cable } from '../parser';
import { fullYear } from './dates';

/** The year the cable was written, for the DE line's Julian day and for ranking REF matches. */
export function cableYear(cable: Cable): number | undefined {
  const y = cable.routing?.dtg?.year?.value;
  if (y !== undefined) return fullYear(y);
  if (cable.table?.referenceId?.year !== undefined) return cable.table.referenceId.year;
  const created = cable.table?.created?.iso;
  return created ? Number(created.slice(0, 4)) : undefined;
}

import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver-types';
import type { Cable } from '../parser';
import { cableYear } from './cableYear';
import type { CancellationToken } from './cancellation';
import { dateFromDayOfYear, pad } from './dates';
import type { ModelCache } from './modelCache';
import { comparePositions } from './ranges';
import type { CableSettings } from './settings';
import type { ITextDocument } from './textDocument';

/**
 * Inlay hints: the dates a cable writes in code, decoded where they stand.
 * - the date-time group: `241054Z NOV 08` ⟶ `Mon 24 Nov 2008 10:54 UTC` (`cable.inlayHints.dtg`, on)
 * - the DE line's Julian day and time: `3291054` ⟶ `Mon 24 Nov 2008 10:54 UTC`, in the year of the
 *   cable (`cable.inlayHints.julianDay`, off: it repeats the DTG when the two agree, and the DE
 *   hover already says whether they do)
 */
export interface InlayHintSettings {
  dtg: boolean;
  julianDay: boolean;
}

export function inlayHintSettings(settings: CableSettings): InlayHintSettings {
  const section = settings.raw['inlayHints'];
  const get = (key: keyof InlayHintSettings, fallback: boolean) => {
    const v = section !== null && typeof section === 'object' ? (section as Record<string, unknown>)[key] : undefined;
    return typeof v === 'boolean' ? v : fallback;
  };
  return { dtg: get('dtg', true), julianDay: get('julianDay', false) };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Mon 24 Nov 2008 10:54 UTC`. */
export function shortDateTime(year: number, month: number, day: number, hour: number, minute: number): string {
  const weekday = DAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
  return `${weekday} ${day} ${MONTHS[month - 1]} ${year} ${pad(hour)}:${pad(minute)} UTC`;
}

export class CableInlayHintsProvider {
  constructor(
    private readonly cache: ModelCache,
    private readonly settings: () => CableSettings,
  ) {}

  provideInlayHints(document: ITextDocument, range: Range, token: CancellationToken): InlayHint[] {
    const which = inlayHintSettings(this.settings());
    if (!which.dtg && !which.julianDay) return [];
    const out: InlayHint[] = [];
    for (const cable of this.cache.get(document).cables) {
      if (token.isCancellationRequested) return [];
      if (comparePositions(cable.range.end, range.start) < 0 || comparePositions(cable.range.start, range.end) > 0) continue;
      out.push(...cableHints(cable, which));
    }
    return out.filter((h) => comparePositions(h.position, range.start) >= 0 && comparePositions(h.position, range.end) <= 0);
  }
}

export function cableHints(cable: Cable, which: InlayHintSettings): InlayHint[] {
  const out: InlayHint[] = [];
  const dtg = cable.routing?.dtg;
  // Only a DTG the parser found valid in every field (its ISO form) is decoded: a hint that
  // guessed a month or a year would read as a fact.
  if (which.dtg && dtg?.iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(dtg.iso);
    const end = dtg.year?.range.end ?? dtg.month?.range.end ?? dtg.dayTime.range.end;
    if (m) {
      out.push({
        position: end,
        label: `⟶ ${shortDateTime(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!)}`,
        kind: InlayHintKind.Type,
        paddingLeft: true,
        tooltip: `The date-time group ${dtg.dayTime.text}${dtg.month ? ' ' + dtg.month.text : ''}${dtg.year ? ' ' + dtg.year.text : ''}: ${dtg.iso}`,
      });
    }
  }
  const de = cable.routing?.de;
  const year = cableYear(cable);
  if (which.julianDay && de?.julianDay && de.time && year !== undefined) {
    const date = dateFromDayOfYear(year, de.julianDay.value);
    const minutes = de.time.value;
    if (date && minutes >= 0 && minutes < 24 * 60) {
      out.push({
        position: de.time.range.end,
        label: `⟶ ${shortDateTime(year, date.month, date.day, Math.floor(minutes / 60), minutes % 60)}`,
        kind: InlayHintKind.Type,
        paddingLeft: true,
        tooltip: `Julian day ${pad(de.julianDay.value, 3)} of ${year} (the year of the cable), time filed ${de.time.text}Z`,
      });
    }
  }
  return out;
}

/** Calendar arithmetic for the DTG and the DE line, in UTC: cables are filed in Zulu time. */
import { daysInYear, pad } from '../data/calendar';

export { dayOfYear, daysInYear, fullYear, isLeapYear, pad } from '../data/calendar';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Day 329 of 2008 → { month: 11, day: 24 }; undefined when the year has no such day. */
export function dateFromDayOfYear(year: number, julian: number): { month: number; day: number } | undefined {
  const days = daysInYear(year);
  if (!Number.isInteger(julian) || julian < 1 || julian > days) return undefined;
  const d = new Date(Date.UTC(year, 0, julian));
  return { month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `Monday 24 November 2008`. */
export function dateInWords(year: number, month: number, day: number): string {
  const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
  return `${weekday} ${day} ${MONTHS[month - 1] ?? `month ${month}`} ${year}`;
}

export function monthName(month: number): string {
  return MONTHS[month - 1] ?? `month ${month}`;
}

/** `10:54 UTC` from minutes past midnight. */
export function timeInWords(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)} UTC (Zulu)`;
}

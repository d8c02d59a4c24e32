/** Calendar arithmetic for the DTG and the DE line, in UTC: cables are filed in Zulu time. */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Day of the year (1 = 1 January), as the DE line's Julian day counts it. */
export function dayOfYear(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
}

/** Day 329 of 2008 → { month: 11, day: 24 }; undefined when the year has no such day. */
export function dateFromDayOfYear(year: number, julian: number): { month: number; day: number } | undefined {
  const days = isLeapYear(year) ? 366 : 365;
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

export function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `10:54 UTC` from minutes past midnight. */
export function timeInWords(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)} UTC (Zulu)`;
}

/** Two-digit years as the cables write them: 66–99 → 19xx, else 20xx. */
export function fullYear(twoOrFour: number): number {
  if (twoOrFour >= 100) return twoOrFour;
  return twoOrFour >= 66 ? 1900 + twoOrFour : 2000 + twoOrFour;
}

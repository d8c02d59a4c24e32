/**
 * Calendar facts every layer reads the same way: the parser (DTGs, E.O. dates, reference IDs),
 * the rules (the DE line's Julian day against the DTG), hovers and inlay hints. Cables are filed
 * in Zulu time, so everything here is UTC.
 */

/** The archive runs from 1966 to 2010: a two-digit year of 66 or more is 19xx, the rest 20xx. */
export const TWO_DIGIT_YEAR_CUTOFF = 66;

/** `08` → 2008, `72` → 1972; a four-digit year is returned as it is. */
export function fullYear(twoOrFour: number): number {
  if (twoOrFour >= 100) return twoOrFour;
  return twoOrFour >= TWO_DIGIT_YEAR_CUTOFF ? 1900 + twoOrFour : 2000 + twoOrFour;
}

/** The three-letter months of the date-time group (`241054Z NOV 08`). */
export const MONTH_ABBREVIATIONS: readonly string[] = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day of the year (1 = 1 January), as the DE line's Julian day counts it. */
export function dayOfYear(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
}

export function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

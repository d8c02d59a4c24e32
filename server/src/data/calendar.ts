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
  // Counted for the years a cable writes (the parser asks of every table date, date-time group
  // and date, and a Date costs more than the rest of the reading); like Date.UTC, years 0-99 are
  // 1900-1999. Anything else is asked of a Date.
  if (!Number.isInteger(year) || !Number.isInteger(month) || year < 0 || year > 9999 || month < 1 || month > 12) return new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  const y = year <= 99 ? 1900 + year : year;
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
}

/** Day of the year (1 = 1 January), as the DE line's Julian day counts it. */
export function dayOfYear(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
}

export function pad(n: number, width = 2): string {
  // The parser's common cases (a month, a day, an hour; a four-digit year) without padStart.
  if (Number.isInteger(n) && n >= 0 && n < 10 ** width) {
    if (width === 2) return n < 10 ? `0${n}` : `${n}`;
    if (width === 4 && n >= 1000) return `${n}`;
  }
  return String(n).padStart(width, '0');
}

/**
 * Wall-clock ("local") date-time arithmetic without any time zone.
 *
 * A wall time is encoded as the epoch milliseconds it would have if the local
 * date and time were read as UTC: `Date.UTC(y, m - 1, d, hh, mm, ss)`. This
 * keeps recurrence arithmetic (add a day, find the 2nd Sunday) exact and cheap;
 * a `TimeZone` turns a wall time into a real instant only at the end.
 */

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Monday = 0 … Sunday = 6, the order RFC 5545 weekday codes use in this module. */
export const WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;

export function wallTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** Days since 1970-01-01 of the wall time's date. */
export function dayNumber(wall: number): number {
  return Math.floor(wall / DAY_MS);
}

export function millisOfDay(wall: number): number {
  return wall - dayNumber(wall) * DAY_MS;
}

/** Proleptic Gregorian date of a day number: the engine's, one implementation for both. */
export { civilFromDays } from "../engine/calendar-date.js";

/** Day number of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
export function weekdayOfDay(days: number): number {
  return (((days + 3) % 7) + 7) % 7;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/**
 * Calendar dates and times of day, without any zone. A date is handled as its
 * day number (days since 1970-01-01), which makes iterating a year of dates
 * plain integer arithmetic.
 */
import { EngineInputError } from "./errors.js";
import type { IsoWeekday, LocalDate, LocalTime } from "./types.js";

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1440;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

/** Day number of a real `YYYY-MM-DD` date, or `undefined` (2031-02-30 is not a date). */
export function tryDayNumber(date: string): number | undefined {
  const m = DATE_RE.exec(date);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / DAY_MS;
}

export function dayNumber(date: LocalDate, path?: string): number {
  const n = tryDayNumber(date);
  if (n === undefined) throw new EngineInputError(`"${date}" is not a date (YYYY-MM-DD)`, path);
  return n;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

let lastDay = NaN;
let lastDate = "";

/** Proleptic Gregorian date of a day number (Howard Hinnant's civil_from_days). */
export function civilFromDays(day: number): { year: number; month: number; day: number } {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d };
}

/** `YYYY-MM-DD` of a day number (years 1–9999; the last one cached). */
export function formatDay(day: number): LocalDate {
  if (day === lastDay) return lastDate;
  const { year, month, day: d } = civilFromDays(day);
  lastDay = day;
  lastDate = `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(d)}`;
  return lastDate;
}

/** `YYYY-MM-DDTHH:MM` of a wall-clock reading (ms since 1970-01-01T00:00 of that clock). */
export function formatWallMinutes(wall: number): string {
  const day = Math.floor(wall / DAY_MS);
  const minutes = Math.floor((wall - day * DAY_MS) / MINUTE_MS);
  return `${formatDay(day)}T${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** 1970-01-01 (day 0) was a Thursday. */
export function isoWeekday(day: number): IsoWeekday {
  return ((((day + 3) % 7) + 7) % 7) + 1 as IsoWeekday;
}

/** Minutes since midnight of `HH:MM`, or `undefined`; `24:00` only when `allowEndOfDay`. */
export function tryMinutesOfDay(time: string, allowEndOfDay: boolean): number | undefined {
  const m = TIME_RE.exec(time);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59) return undefined;
  if (h === 24 && min === 0) return allowEndOfDay ? MINUTES_PER_DAY : undefined;
  if (h > 23) return undefined;
  return h * 60 + min;
}

function minutesOfDay(time: LocalTime, allowEndOfDay: boolean, path?: string): number {
  const n = tryMinutesOfDay(time, allowEndOfDay);
  if (n === undefined) {
    const what = allowEndOfDay ? "HH:MM between 00:00 and 24:00" : "HH:MM between 00:00 and 23:59";
    throw new EngineInputError(`"${time}" is not a time (${what})`, path);
  }
  return n;
}

/**
 * A daily window as minutes `[start, end)`. A window whose end is not after its
 * start (e.g. 22:00–02:00, crossing midnight) is rejected, not split: the seed
 * rejected it too, and the owner can say 22:00–24:00 plus 00:00–02:00.
 */
export function windowMinutes(start: LocalTime, end: LocalTime, path?: string): [number, number] {
  const s = minutesOfDay(start, false, path);
  const e = minutesOfDay(end, true, path);
  if (e <= s) {
    throw new EngineInputError(
      `window ${start}–${end} does not end after it starts; a window crossing midnight must be split into ${start}–24:00 and 00:00–${end} of the next day`,
      path,
    );
  }
  return [s, e];
}

/**
 * RFC 5545 value types as they appear in feeds: DATE, DATE-TIME (UTC, with a
 * TZID, or floating), PERIOD and DURATION. Parsing only; what a TZID or a
 * floating time means is decided by the zone resolver.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS, wallTime } from "./wall-time.js";

export type IcsTime =
  | { kind: "date"; wall: number }
  | { kind: "utc"; epochMs: number }
  | { kind: "zoned"; wall: number; tzid: string }
  | { kind: "floating"; wall: number };

/** A nominal part (days, which follow the wall clock) plus an exact part. */
export interface Span {
  days: number;
  ms: number;
}

/** One RDATE entry: a start, with its own end when written as a PERIOD. */
export interface RecurrenceDate {
  start: IcsTime;
  end?: IcsTime;
  duration?: Span;
}

const DATE_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/i;
const DATE = /^(\d{4})(\d{2})(\d{2})$/;

export function parseIcsTime(value: string, params: Readonly<Record<string, string>>): IcsTime | undefined {
  const text = value.trim();
  const valueType = params.VALUE?.toUpperCase();
  const date = DATE.exec(text);
  if (date) {
    return validDate(date) ? { kind: "date", wall: wallTime(Number(date[1]), Number(date[2]), Number(date[3])) } : undefined;
  }
  if (valueType === "DATE") {
    // "VALUE=DATE:20310310T000000" happens; keep the date part.
    const datePart = DATE.exec(text.slice(0, 8));
    return datePart && validDate(datePart) ? { kind: "date", wall: wallTime(Number(datePart[1]), Number(datePart[2]), Number(datePart[3])) } : undefined;
  }
  const m = DATE_TIME.exec(text);
  if (!m || !validDate(m)) return undefined;
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Math.min(Number(m[6]), 59); // a leap second reads as :59
  if (hour > 24 || minute > 59 || (hour === 24 && (minute > 0 || second > 0))) return undefined;
  const wall = wallTime(Number(m[1]), Number(m[2]), Number(m[3]), hour, minute, second);
  if (m[7]) return { kind: "utc", epochMs: wall };
  // An empty TZID (Exchange 2010) is kept: it names the feed's VTIMEZONE with an empty TZID, if any.
  if (params.TZID !== undefined) return { kind: "zoned", wall, tzid: params.TZID.trim() };
  return { kind: "floating", wall };
}

function validDate(m: RegExpExecArray): boolean {
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/**
 * RFC 5545 DURATION ("PT1H30M", "P1D", "P2W", "P1DT12H"). Weeks and days are
 * nominal (a day is the same wall time tomorrow), hours and below exact.
 * Negative durations are rejected: an event cannot end before it starts.
 */
export function parseDuration(value: string): Span | undefined {
  const m = /^\+?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(value.trim());
  if (!m || value.trim().toUpperCase().endsWith("T") || !/\d/.test(value)) return undefined;
  const weeks = Number(m[1] ?? 0);
  const days = Number(m[2] ?? 0);
  const ms = Number(m[3] ?? 0) * HOUR_MS + Number(m[4] ?? 0) * MINUTE_MS + Number(m[5] ?? 0) * SECOND_MS;
  return { days: weeks * 7 + days, ms };
}

/** RDATE entries: DATE, DATE-TIME, or PERIOD ("start/end" or "start/duration"). */
export function parseRecurrenceDates(value: string, params: Readonly<Record<string, string>>): RecurrenceDate[] {
  const out: RecurrenceDate[] = [];
  for (const entry of value.split(",")) {
    const [startText, endText] = entry.split("/");
    if (startText === undefined) continue;
    const start = parseIcsTime(startText, { ...params, VALUE: params.VALUE?.toUpperCase() === "PERIOD" ? "DATE-TIME" : (params.VALUE ?? "") });
    if (!start) continue;
    if (endText === undefined) {
      out.push({ start });
    } else if (/^[+-]?P/i.test(endText.trim())) {
      const duration = parseDuration(endText);
      out.push(duration ? { start, duration } : { start });
    } else {
      const end = parseIcsTime(endText, { ...params, VALUE: "DATE-TIME" });
      out.push(end ? { start, end } : { start });
    }
  }
  return out;
}

/** Whole days between two wall dates. */
export function daysBetween(startWall: number, endWall: number): number {
  return Math.round((endWall - startWall) / DAY_MS);
}

/**
 * Dates for tests that run handlers against the real clock: always ahead of `now`, so that no test
 * starts failing on a fixed calendar day. Every function takes `now` (default: the clock) so that a
 * unit test can run the same logic at any simulated instant.
 */
import { DateTime } from "luxon";

interface FutureOptions {
  /** IANA zone the local dates are in (default UTC). */
  zone?: string;
  /** At least this many whole weeks after `now` (default 2). */
  weeksAhead?: number;
  /** Epoch ms to count from (default: the clock). */
  now?: number;
}

const localDate = (date: string, zone: string) => DateTime.fromISO(date, { zone });

/** The local date `YYYY-MM-DD` of the first Monday at least `weeksAhead` weeks after `now` in `zone`. */
export function futureMonday({ zone = "UTC", weeksAhead = 2, now = Date.now() }: FutureOptions = {}): string {
  const earliest = DateTime.fromMillis(now, { zone }).startOf("day").plus({ weeks: weeksAhead });
  return earliest.plus({ days: (8 - earliest.weekday) % 7 }).toISODate()!;
}

/** `date` (YYYY-MM-DD) moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  return localDate(date, "UTC").plus({ days }).toISODate()!;
}

/**
 * The Monday right after the first spring-forward change of `zone` at least `weeksAhead` weeks after
 * `now`: the Friday before is in standard time, that Monday in summer time. Throws for zones without DST.
 */
export function mondayAfterSpringForward({ zone = "UTC", weeksAhead = 2, now = Date.now() }: FutureOptions = {}): string {
  let monday = futureMonday({ zone, weeksAhead, now });
  for (let week = 0; week < 60; week++, monday = addDays(monday, 7)) {
    const before = localDate(addDays(monday, -3), zone).plus({ hours: 12 });
    const after = localDate(monday, zone).plus({ hours: 12 });
    if (after.offset > before.offset) return monday;
  }
  throw new Error(`${zone} has no spring-forward change in the year after ${new Date(now).toISOString()}`);
}

/** The instant of local `date` and `time` (HH:MM) in `zone`, as `YYYY-MM-DDTHH:MM:SS±HH:MM`, the API's zoned form. */
export function zonedInstant(date: string, time: string, zone = "UTC"): string {
  return showIn(`${date}T${time}`, zone);
}

/** The same instant in UTC, as `YYYY-MM-DDTHH:MM:SSZ` (the form the API answers with for instants). */
export function utcInstant(date: string, time: string, zone = "UTC"): string {
  return DateTime.fromISO(`${date}T${time}`, { zone }).toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
}

/** An instant (any ISO 8601 form) shown in `zone` as `YYYY-MM-DDTHH:MM:SS±HH:MM`, as the API shows zoned instants. */
export function showIn(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

import { formatDay, formatLocalDateTime, parseLocalDateTime, tryDayNumber, type DateRange, type Interval } from "../engine/index.js";

/** [local midnight of `from`, local midnight after `to`) in `zone`, as UTC. */
export function localDatesToRange(from: string, to: string, zone: string): Interval {
  const after = formatDay((tryDayNumber(to) as number) + 1);
  return { start: parseLocalDateTime(`${from}T00:00`, zone), end: parseLocalDateTime(`${after}T00:00`, zone) };
}

/** The owner-local dates that a UTC range touches. */
export function ownerDatesOf(range: Interval, zone: string): DateRange {
  return {
    from: formatLocalDateTime(range.start, zone).slice(0, 10),
    to: formatLocalDateTime(Math.max(range.start, range.end - 1), zone).slice(0, 10),
  };
}

/** Whole days from `from` to `to` inclusive (both valid `YYYY-MM-DD`). */
export function daysInclusive(from: string, to: string): number {
  return (tryDayNumber(to) as number) - (tryDayNumber(from) as number) + 1;
}

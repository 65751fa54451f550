/** Pure rules for the stored busy set and the presence it implies. */
import type { BusyInterval } from "../calendar/ics.js";
import type { CalendarBusySet } from "../data/calendar-repo.js";
import { normalize } from "../engine/intervals.js";
import type { Interval } from "../engine/types.js";

export interface MergedBusy {
  intervals: Interval[];
  /** The end of the span the intervals describe exactly (cut back when the cap dropped some). */
  to: number;
  truncated: boolean;
}

/**
 * Event instances to merged busy time (overlapping and back-to-back events joined), keeping the first
 * `maxCount` intervals; when some are dropped the exact span ends where the first dropped one starts.
 */
export function mergeBusy(instances: readonly BusyInterval[], to: number, maxCount: number): MergedBusy {
  const merged = normalize(instances.map(({ start, end }) => ({ start, end })));
  if (merged.length <= maxCount) return { intervals: merged, to, truncated: false };
  return { intervals: merged.slice(0, maxCount), to: merged[maxCount]!.start, truncated: true };
}

export function sameIntervals(a: readonly Interval[], b: readonly Interval[]): boolean {
  return a.length === b.length && a.every((x, i) => x.start === b[i]!.start && x.end === b[i]!.end);
}

/**
 * The version of a freshly read set: unchanged when busy time from `now` on is the same as stored
 * (intervals that ended meanwhile do not count), one more when it differs, and the epoch ms of `now`
 * for a first set.
 */
export function nextVersion(stored: CalendarBusySet | undefined, fresh: readonly Interval[], now: number): number {
  if (!stored) return now;
  const stillRelevant = stored.intervals.filter((interval) => interval.end > now);
  return sameIntervals(stillRelevant, fresh) ? stored.version : stored.version + 1;
}

/**
 * The calendar presence entry to store: the merged block running at `now`, or else the next one (it takes
 * effect at its start by itself). Its expiry is the end of the merged block, so back-to-back events read
 * busy without a gap. undefined when nothing is busy from now on.
 */
export function presenceBlock(merged: readonly Interval[], now: number): Interval | undefined {
  return merged.find((interval) => interval.end > now);
}

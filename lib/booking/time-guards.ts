import { formatUtc, type Interval } from "../engine/index.js";

const HOUR_MS = 3_600_000;
/**
 * A transaction holds at most 100 items: the guards, the booking and the idempotency record. Slots with
 * their buffers span at most 72 hours (settings allow a day's duration and a day of buffer each side).
 */
const MAX_GUARDS = 97;

/**
 * The guard of a daily maximum: the owner-local date (`YYYY-MM-DD`) for the default event type, the date
 * and the event type's slug (`YYYY-MM-DD#intro-call`) for a stored one, whose maximum counts only its own
 * bookings. Bookings of other event types never count toward it, so they need not share it.
 */
export const dailyLimitGuard = (localDay: string, eventTypeSlug: string | undefined): string =>
  eventTypeSlug === undefined ? localDay : `${localDay}#${eventTypeSlug}`;

/**
 * The guards a booking checks and bumps when it commits: one per UTC hour (`YYYY-MM-DDTHH`) that its time
 * with buffers touches and, when its event type has a daily maximum, that maximum's guard (see
 * `dailyLimitGuard`). Two bookings that could exclude each other (their buffered times meet, whatever their
 * event types, or they count toward the same day's maximum) always share a guard, so they never both
 * commit on stale reads; bookings in other hours never meet.
 */
export function guardsFor(buffered: Interval, countedDay: string | undefined): string[] {
  if (!Number.isFinite(buffered.start) || !Number.isFinite(buffered.end) || buffered.end <= buffered.start) {
    throw new RangeError("A booking's guarded time must be a non-empty interval");
  }
  const first = Math.floor(buffered.start / HOUR_MS);
  const last = Math.floor((buffered.end - 1) / HOUR_MS);
  if (last - first + 1 > MAX_GUARDS - (countedDay ? 1 : 0)) throw new RangeError(`A booking with its buffers cannot span more than ${MAX_GUARDS - 1} hours`);
  const guards: string[] = [];
  for (let hour = first; hour <= last; hour++) guards.push(formatUtc(hour * HOUR_MS).slice(0, 13));
  if (countedDay) guards.push(countedDay);
  return guards;
}

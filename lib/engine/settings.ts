/** Slot settings checked and turned into milliseconds, shared by slot search and explanations. */
import { DAY_MS, MINUTE_MS, dayNumber } from "./calendar-date.js";
import { EngineInputError } from "./errors.js";
import { type ZoneClock, zoneClock } from "./zone.js";
import type { Alignment, Booking, EpochMs, LocalDate, SlotSettings } from "./types.js";

interface ResolvedSettings {
  readonly duration: number;
  readonly step: number;
  readonly alignment: Alignment;
  readonly before: number;
  readonly after: number;
  /** `now`; earlier starts are in the past. */
  readonly now: number;
  /** `now + notice`: the first allowed start. */
  readonly earliest: number;
  /** `now + horizon`: starts must be before it (Infinity without a horizon). */
  readonly latest: number;
  readonly maxPerDay: number;
  /** Clock of the display zone, which `clock` alignment follows. */
  readonly display: ZoneClock;
}

const MAX_MINUTES = 7 * 1440;

function minutes(value: number | undefined, fallback: number, name: string, min: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > MAX_MINUTES) {
    throw new EngineInputError(`must be a whole number of minutes from ${min} to ${MAX_MINUTES}, got ${v}`, `settings.${name}`);
  }
  return v * MINUTE_MS;
}

export function resolveSettings(s: SlotSettings, now: EpochMs, ownerZone: string): ResolvedSettings {
  if (!Number.isFinite(now)) throw new EngineInputError("must be an instant (epoch ms)", "now");
  const duration = minutes(s.durationMinutes, 0, "durationMinutes", 1);
  const step = minutes(s.stepMinutes, s.durationMinutes, "stepMinutes", 1);
  const notice = s.minimumNoticeMinutes ?? 0;
  if (!Number.isInteger(notice) || notice < 0) throw new EngineInputError("must be a whole number of minutes ≥ 0", "settings.minimumNoticeMinutes");
  let latest = Infinity;
  if (s.horizonDays !== undefined) {
    if (!(s.horizonDays > 0) || !Number.isFinite(s.horizonDays)) throw new EngineInputError("must be a positive number of days", "settings.horizonDays");
    latest = now + s.horizonDays * DAY_MS;
  }
  const maxPerDay = s.maxPerDay ?? Infinity;
  if (s.maxPerDay !== undefined && (!Number.isInteger(maxPerDay) || maxPerDay < 0)) {
    throw new EngineInputError("must be a whole number ≥ 0", "settings.maxPerDay");
  }
  const alignment = s.alignment ?? "window";
  if (alignment !== "window" && alignment !== "clock") throw new EngineInputError(`must be "window" or "clock"`, "settings.alignment");
  return {
    duration,
    step,
    alignment,
    before: minutes(s.bufferBeforeMinutes, 0, "bufferBeforeMinutes", 0),
    after: minutes(s.bufferAfterMinutes, 0, "bufferAfterMinutes", 0),
    now,
    earliest: now + notice * MINUTE_MS,
    latest,
    maxPerDay,
    display: zoneClock(s.displayZone ?? ownerZone),
  };
}

/**
 * Bookings per owner-local day number: the caller's counts when given, else
 * the bookings counted by the local date each starts on.
 */
export function bookingsPerDay(
  clock: ZoneClock,
  bookings: readonly Booking[] = [],
  given?: Readonly<Record<LocalDate, number>>,
): Map<number, number> {
  const counts = new Map<number, number>();
  if (given) {
    for (const [date, n] of Object.entries(given)) counts.set(dayNumber(date, `bookingsPerDay.${date}`), n);
    return counts;
  }
  for (const b of bookings) {
    if (b.end <= b.start) continue;
    const day = clock.dayOf(b.start);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return counts;
}

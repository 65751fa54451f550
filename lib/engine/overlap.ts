/**
 * When N people are all free, and that common time cut into meeting slots.
 *
 * Each person's free time is their availability (a spec expanded over the
 * range in their own zone, or explicit intervals) minus their bookings (with
 * buffers) and calendar busy time. Common time keeps only intervals of
 * positive length: people who are free back to back do not overlap.
 */
import { availabilityBetween } from "./availability.js";
import { MINUTE_MS } from "./calendar-date.js";
import { EngineInputError } from "./errors.js";
import { freeTime } from "./free-time.js";
import { gridCursor } from "./grid.js";
import { atLeast, clip, intersectAll, normalize } from "./intervals.js";
import { zoneClock } from "./zone.js";
import type { Alignment, AvailabilitySpec, Booking, EpochMs, Interval, Slot } from "./types.js";

export interface PersonSchedule {
  /** Rules in the person's zone, or explicit UTC intervals. */
  readonly availability: AvailabilitySpec | readonly Interval[];
  readonly bookings?: readonly Booking[];
  readonly calendarBusy?: readonly Interval[];
}

export interface OverlapOptions {
  /** The UTC range searched. */
  readonly range: Interval;
  /** When given, nothing before `now` counts. */
  readonly now?: EpochMs;
  /** Drop common intervals shorter than this. */
  readonly minLengthMinutes?: number;
}

export interface CutOptions {
  readonly durationMinutes: number;
  /** Defaults to the duration. */
  readonly stepMinutes?: number;
  /** `window`: from the start of each interval (the default); `clock`: on the clock grid of `zone`. */
  readonly alignment?: Alignment;
  /** Zone of the clock grid; defaults to UTC. */
  readonly zone?: string;
}

function searchRange(options: OverlapOptions): Interval {
  const { range, now } = options;
  return { start: now !== undefined && now > range.start ? now : range.start, end: range.end };
}

/** One person's free time inside the range. */
export function personFreeTime(person: PersonSchedule, range: Interval): Interval[] {
  const avail = Array.isArray(person.availability)
    ? clip(normalize(person.availability as readonly Interval[]), range)
    : availabilityBetween(person.availability as AvailabilitySpec, range);
  return freeTime(avail, person.bookings, person.calendarBusy);
}

/** Normalised intervals in which every person is free (none for no people). */
export function overlap(people: readonly PersonSchedule[], options: OverlapOptions): Interval[] {
  const range = searchRange(options);
  if (range.end <= range.start) return [];
  const common = intersectAll(people.map((p) => personFreeTime(p, range)));
  const min = (options.minLengthMinutes ?? 0) * MINUTE_MS;
  return min > 0 ? atLeast(common, min) : common;
}

/** Cuts intervals into back-to-back slots of `durationMinutes` every `stepMinutes`. */
export function cutIntoSlots(intervals: readonly Interval[], options: CutOptions): Slot[] {
  const duration = options.durationMinutes * MINUTE_MS;
  const step = (options.stepMinutes ?? options.durationMinutes) * MINUTE_MS;
  if (!(duration > 0) || !(step > 0)) throw new EngineInputError("duration and step must be positive", "slot");
  const next = gridCursor(options.alignment ?? "window", step, zoneClock(options.zone ?? "UTC"));
  const out: Slot[] = [];
  for (const x of normalize(intervals)) {
    for (let t = next(x, x.start); t + duration <= x.end; t = next(x, t + 1)) out.push({ start: t, end: t + duration });
  }
  return out;
}

/** Common free time cut into meeting slots. */
export function overlapSlots(
  people: readonly PersonSchedule[],
  options: OverlapOptions & { readonly slot: CutOptions },
): Slot[] {
  return cutIntoSlots(overlap(people, options), options.slot);
}

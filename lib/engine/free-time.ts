/**
 * Busy and free time.
 *
 * Each booking blocks `[start − its before-buffer, end + its after-buffer)`
 * (the buffers of its own event type); calendar busy intervals block
 * themselves. Free time is availability minus that blocked time. A new slot's
 * own buffers are checked against blocked time by the slot code, so buffers
 * add up between two bookings, as on Cal.com.
 */
import { MINUTE_MS } from "./calendar-date.js";
import { normalize, subtractNormalized, unionNormalized } from "./intervals.js";
import type { Booking, Interval } from "./types.js";

/** A booking's span including its buffers; empty bookings block nothing. */
export function bookingFootprint(b: Booking): Interval {
  if (b.end <= b.start) return { start: b.start, end: b.start };
  return {
    start: b.start - (b.bufferBeforeMinutes ?? 0) * MINUTE_MS,
    end: b.end + (b.bufferAfterMinutes ?? 0) * MINUTE_MS,
  };
}

/** Normalised time the owner cannot be booked in: bookings with their buffers, and calendar busy. */
export function blockedTime(bookings: readonly Booking[] = [], calendarBusy: readonly Interval[] = []): Interval[] {
  const booked = normalize(bookings.some((b) => b.bufferBeforeMinutes || b.bufferAfterMinutes) ? bookings.map(bookingFootprint) : bookings);
  return unionNormalized(booked, normalize(calendarBusy));
}

/** Availability minus bookings (with their buffers) minus calendar busy time. */
export function freeTime(
  availability: readonly Interval[],
  bookings: readonly Booking[] = [],
  calendarBusy: readonly Interval[] = [],
): Interval[] {
  return subtractNormalized(normalize(availability), blockedTime(bookings, calendarBusy));
}

import { formatLocalDateTime, formatOffsetDateTime, formatUtc, type AvailabilitySpec, type Interval } from "../engine/index.js";
import type { BookingRecord, ScheduleRecord } from "../data/schedules-repo.js";

/** An answer as the booking services shape it: a status, a body, headers; the HTTP layer sends it as it is. */
export interface HttpAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A booking's calendar-invite SEQUENCE (bookings made before it was recorded read as 0). */
export const inviteSequence = (booking: Pick<BookingRecord, "sequence">): number => booking.sequence ?? 0;

/** A booking as /v1 shows it (never the cancel token's hash). */
export function bookingView(booking: BookingRecord) {
  return {
    id: booking.bookingId,
    ownerId: booking.ownerId,
    start: formatUtc(booking.start),
    end: formatUtc(booking.end),
    status: booking.status,
    invitee: booking.invitee,
    ...(booking.note ? { note: booking.note } : {}),
    createdAt: booking.createdAt,
    updatedAt: booking.updatedAt,
    ...(booking.cancelledAt ? { cancelledAt: booking.cancelledAt, cancelledBy: booking.cancelledBy } : {}),
    ...(booking.rescheduledFrom
      ? { rescheduledFrom: { start: formatUtc(booking.rescheduledFrom.start), end: formatUtc(booking.rescheduledFrom.end) } }
      : {}),
    // Only on bookings of a stored event type: a booking of the default one reads as it always did.
    ...(booking.eventType ? { eventType: booking.eventType } : {}),
    ...(booking.answers ? { answers: booking.answers } : {}),
    ...(booking.location ? { location: booking.location } : {}),
    sequence: inviteSequence(booking),
  };
}

const utcSpans = (intervals: readonly Interval[]) =>
  intervals.map((interval) => ({ start: formatUtc(interval.start), end: formatUtc(interval.end) }));

/** Spans in a zone, ISO 8601 with that zone's offset. */
export const zonedSpans = (intervals: readonly Interval[], zone: string) =>
  intervals.map((interval) => ({ start: formatOffsetDateTime(interval.start, zone), end: formatOffsetDateTime(interval.end, zone) }));

/** The schedule as /v1 shows it. */
export function availabilityView(userId: string, schedule: ScheduleRecord) {
  const spec: AvailabilitySpec = schedule.availability;
  return {
    userId,
    version: schedule.version,
    timezone: spec.zone,
    weekly: spec.weekly ?? [],
    dateRules: spec.dateRules ?? [],
    intervals: utcSpans(spec.intervals ?? []),
    overrides: spec.overrides ?? [],
    blackouts: utcSpans(spec.blackouts ?? []),
    settings: schedule.settings,
  };
}

/** The seed's wall-clock format in the owner's zone. */
export const seedLocal = (t: number, zone: string) => formatLocalDateTime(t, zone);

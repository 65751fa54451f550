import type { Booking, Interval } from "../engine/index.js";
import type { EventTypeRecord } from "../data/event-types-repo.js";
import { queryBookings, readOwnerHeads, type BookingRecord, type OwnerSnapshot } from "../data/schedules-repo.js";
import { notFound } from "../errors.js";
import { LOOK_AHEAD_MS, LOOK_BEHIND_MS } from "./settings.js";

/**
 * An owner's heads (user, schedule, calendar, and the stored event type named, read in the same request);
 * 404 when the owner does not exist.
 */
export async function ownerHeads(ownerId: string, eventTypeSlug?: string) {
  const heads = await readOwnerHeads(ownerId, eventTypeSlug);
  if (!heads.user) throw notFound(`No user '${ownerId}'`, "user_not_found");
  return heads as Omit<OwnerSnapshot, "bookings"> & { user: NonNullable<OwnerSnapshot["user"]>; eventType?: EventTypeRecord };
}

type Heads = Awaited<ReturnType<typeof ownerHeads>>;

/** The zone an owner's rules and wall times are read in: their schedule's, else their profile's. */
export const ownerZone = (heads: Heads): string => heads.schedule?.availability.zone ?? heads.user.timezone;

/** The confirmed bookings that can matter to the range (their buffers included). */
export function bookingsAround(ownerId: string, range: Interval): Promise<BookingRecord[]> {
  return queryBookings(ownerId, range.start - LOOK_BEHIND_MS, range.end + LOOK_AHEAD_MS);
}

/** Bookings as the engine sees them: intervals with their own buffers. */
export function engineBookings(bookings: readonly BookingRecord[], excludeId?: string): Booking[] {
  return bookings
    .filter((booking) => booking.bookingId !== excludeId)
    .map((booking) => ({
      start: booking.start,
      end: booking.end,
      bufferBeforeMinutes: booking.bufferBeforeMinutes,
      bufferAfterMinutes: booking.bufferAfterMinutes,
    }));
}

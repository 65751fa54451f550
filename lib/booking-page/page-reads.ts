// What the booking pages read: the owner, an event type, a booking by its cancel token. Anything unknown or
// malformed is `undefined`, which the page routes answer with the HTML 404 (never the API's JSON error).
import { findBookingByCancelToken } from "../booking/invitee-booking.js";
import type { BookingRecord } from "../data/schedules-repo.js";
import { findUser } from "../data/users-repo.js";
import { DomainError } from "../errors.js";
import { listOwnerEventTypes, readEventType, type EventTypeEntry } from "../event-types/event-types-service.js";
import { eventTypeSlugSchema } from "../event-types/schemas.js";
import { userIdSchema } from "../users/user-id.js";
import type { Owner } from "./html.js";

const BOOKING_ID = /^bk_[0-9a-f]{20}$/;

export async function pageOwner(userId: string): Promise<Owner | undefined> {
  if (!userIdSchema.safeParse(userId).success) return undefined;
  const user = await findUser(userId);
  return user ? { id: user.id, name: user.name || user.id, timezone: user.timezone } : undefined;
}

/** An event type by its slug, hidden ones included: a hidden type is booked by its link, as on Calendly. */
export async function pageEventType(ownerId: string, slug: string): Promise<EventTypeEntry | undefined> {
  if (!eventTypeSlugSchema.safeParse(slug).success) return undefined;
  try {
    return await readEventType(ownerId, slug);
  } catch (error) {
    if (error instanceof DomainError && error.kind === "not_found") return undefined;
    throw error;
  }
}

/** The event types the owner's page lists: the default one and the others not hidden. */
export async function listedEventTypes(ownerId: string): Promise<EventTypeEntry[]> {
  return (await listOwnerEventTypes(ownerId)).filter((entry) => !entry.eventType.hidden);
}

export async function pageBooking(ownerId: string, bookingId: string, cancelToken: string | undefined): Promise<BookingRecord | undefined> {
  if (!BOOKING_ID.test(bookingId) || !cancelToken || cancelToken.length > 200) return undefined;
  return findBookingByCancelToken(ownerId, bookingId, cancelToken);
}

/**
 * Calendar invites of bookings: one booking's iCalendar object for its owner or its invitee, and the owner's
 * subscription feed behind a revocable feed token (stored as a hash, like API keys; not an API key).
 */
import { randomBytes } from "node:crypto";
import { settings } from "../config/env.js";
import { findBookingsFeedOwner, removeBookingsFeedTokenHash, saveBookingsFeedTokenHash } from "../data/bookings-feed-repo.js";
import { findEventType, listEventTypes } from "../data/event-types-repo.js";
import { findBooking, pageBookings, queryCancelledBookings, type BookingRecord } from "../data/schedules-repo.js";
import { findUser } from "../data/users-repo.js";
import { forbidden, notFound } from "../errors.js";
import { hashSecret, secretMatches } from "../users/api-keys.js";
import { bookingInvite, bookingsFeed, type InviteAudience } from "./calendar-invite.js";

const DAY_MS = 86_400_000;
/** The feed shows bookings from this long ago on… */
export const FEED_PAST_DAYS = 30;
/** …up to the longest booking horizon an event type may have (3,660 days). */
const FEED_FUTURE_DAYS = 3_661;
export const FEED_MAX_CONFIRMED = 1_000;
export const FEED_MAX_CANCELLED = 200;

/** Who asks for a booking's invite: the owner (their key or the admin's), or the invitee with the booking's cancel token. */
export type InviteReader = { kind: "owner" } | { kind: "invitee"; cancelToken: string };

/** One booking's invite: the owner's copy, or the invitee's (proven by the cancel token: 403 otherwise). */
export async function bookingInviteFor(ownerId: string, bookingId: string, reader: InviteReader): Promise<string> {
  const booking = await findBooking(ownerId, bookingId);
  if (!booking) throw notFound(`No booking '${bookingId}'`, "booking_not_found");
  if (reader.kind === "invitee" && !secretMatches(reader.cancelToken, booking.cancelTokenHash)) {
    throw forbidden("Only the owner's key or this booking's cancel token may read its invite");
  }
  const [owner, eventType] = await Promise.all([
    findUser(ownerId),
    booking.eventType ? findEventType(ownerId, booking.eventType) : Promise.resolve(undefined),
  ]);
  const audience: InviteAudience = reader.kind;
  return bookingInvite(
    booking,
    { owner: { id: ownerId, name: owner?.name ?? ownerId }, domain: settings.calendarInviteDomain, ...(eventType ? { eventType } : {}) },
    audience,
  );
}

/** Issues a new feed token (the previous one stops working): shown once, stored as its SHA-256. */
export async function issueBookingsFeedToken(userId: string, now: number): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  if (!(await saveBookingsFeedTokenHash(userId, hashSecret(token), new Date(now).toISOString()))) {
    throw notFound(`No user '${userId}'`, "user_not_found");
  }
  return token;
}

export function revokeBookingsFeedToken(userId: string): Promise<void> {
  return removeBookingsFeedTokenHash(userId);
}

/**
 * The owner's feed when `token` is their current feed token; undefined otherwise (no such user, no token,
 * a revoked or wrong one: the caller cannot tell which).
 */
export async function bookingsFeedFor(userId: string, token: string, now: number): Promise<string | undefined> {
  const owner = await findBookingsFeedOwner(userId);
  if (!owner?.tokenHash || !secretMatches(token, owner.tokenHash)) return undefined;
  const from = now - FEED_PAST_DAYS * DAY_MS;
  const to = now + FEED_FUTURE_DAYS * DAY_MS;
  const [confirmed, cancelled] = await Promise.all([
    pageBookings(userId, from, to, FEED_MAX_CONFIRMED).then((page) => page.bookings),
    queryCancelledBookings(userId, from, to, FEED_MAX_CANCELLED),
  ]);
  const bookings: BookingRecord[] = [...confirmed, ...cancelled].sort((a, b) => a.start - b.start || a.bookingId.localeCompare(b.bookingId));
  const eventTypes = bookings.some((booking) => booking.eventType) ? await listEventTypes(userId) : [];
  return bookingsFeed(bookings, {
    owner: { id: userId, name: owner.name },
    domain: settings.calendarInviteDomain,
    eventTypes: new Map(eventTypes.map((eventType) => [eventType.slug, eventType])),
  });
}

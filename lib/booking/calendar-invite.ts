/**
 * A booking as an iCalendar object (RFC 5545), written by ical-generator (escaping, octet-wise line folding,
 * parameter quoting) rather than by hand. Times are UTC (`DTSTART:20310505T090000Z`), never with a VTIMEZONE.
 *
 * - One booking's object (`…/bookings/{bookingId}.ics`) is an iTIP message: METHOD:REQUEST while the booking
 *   stands, METHOD:CANCEL with STATUS:CANCELLED once cancelled; its UID is the same for the booking's whole
 *   life and its SEQUENCE is the booking's `sequence`, so a calendar replaces the earlier copy.
 * - The owner's subscription feed carries no METHOD (subscribed calendars refuse iTIP methods): confirmed
 *   events, and cancelled ones as STATUS:CANCELLED so that a calendar that showed them removes them.
 *
 * Who sees what: the owner's copies (their key, their feed) carry a DESCRIPTION with the invitee's note and
 * answers; the invitee's copy (their cancel token) carries none, as the link travels further than the
 * booking page (a forwarded invite would show the answers). The organizer is the owner by name; the service
 * holds no e-mail address for owners, so the address is `noreply@<invite domain>` and the invitee is
 * `PARTSTAT=ACCEPTED;RSVP=FALSE`: they booked it themselves, and nobody reads replies.
 */
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from "ical-generator";
import type { EventTypeRecord } from "../data/event-types-repo.js";
import type { BookingRecord } from "../data/schedules-repo.js";
import { inviteSequence } from "./present.js";

/** The media type of every calendar answer. */
export const CALENDAR_MEDIA_TYPE = "text/calendar; charset=utf-8";

/** Whose copy: the owner's shows the invitee's note and answers, the invitee's does not. */
export type InviteAudience = "owner" | "invitee";

export interface InviteContext {
  /** The owner, as ORGANIZER (by name). */
  owner: { id: string; name: string };
  /** The booking's event type as it is now (absent: the default one, or deleted since). */
  eventType?: Pick<EventTypeRecord, "title" | "questions">;
  /** `<bookingId>@<domain>` UIDs and the organizer's `noreply@<domain>`. */
  domain: string;
}

const PRODUCT_ID = { company: "presence-scheduling", product: "bookings", language: "EN" } as const;
const MINUTE_MS = 60_000;

/** The UID of a booking's event, the same from its first invite to its cancellation. */
export const inviteUid = (bookingId: string, domain: string) => `${bookingId}@${domain}`;

/**
 * A name as a parameter value (CN): RFC 5545 quotes it, and a quoted value cannot hold a double quote or a line
 * break. ical-generator would write RFC 6868's `^'` and `^n`, which Google and Outlook show as they are: the
 * quote becomes an apostrophe and line breaks spaces (the name is shown whole in SUMMARY and DESCRIPTION).
 */
const parameterText = (name: string) => name.replace(/"/g, "'").replace(/[\u0000-\u001f\u007f]+/g, " ").trim() || "-";

/** The event's title: the event type's, else the default type's ("30 minute meeting"). */
function titleOf(booking: BookingRecord, context: InviteContext): string {
  return context.eventType?.title ?? `${Math.round((booking.end - booking.start) / MINUTE_MS)} minute meeting`;
}

function locationOf(booking: BookingRecord): string | undefined {
  if (!booking.location) return undefined;
  return booking.location.kind === "url" ? booking.location.url : booking.location.text;
}

/** The owner's notes: the invitee's note, then each answer under its question's label (its id once the question is gone). */
function ownerDescription(booking: BookingRecord, context: InviteContext): string | undefined {
  const labels = new Map((context.eventType?.questions ?? []).map((question) => [question.id, question.label]));
  const lines = [
    ...(booking.note ? [`Note: ${booking.note}`] : []),
    ...Object.entries(booking.answers ?? {}).map(([id, answer]) => `${labels.get(id) ?? id}: ${answer}`),
  ];
  return lines.length ? lines.join("\n") : undefined;
}

function addEvent(calendar: ICalCalendar, booking: BookingRecord, context: InviteContext, audience: InviteAudience): void {
  const cancelled = booking.status === "cancelled";
  const title = titleOf(booking, context);
  const description = audience === "owner" ? ownerDescription(booking, context) : undefined;
  const location = locationOf(booking);
  const updated = new Date(booking.updatedAt);
  const event = calendar.createEvent({
    id: inviteUid(booking.bookingId, context.domain),
    sequence: inviteSequence(booking),
    start: new Date(booking.start),
    end: new Date(booking.end),
    // The time this version of the booking was made: the same booking state gives the same bytes.
    stamp: updated,
    created: new Date(booking.createdAt),
    lastModified: updated,
    summary: audience === "owner" ? `${title} (${booking.invitee.name})` : `${title} with ${context.owner.name}`,
    ...(location ? { location } : {}),
    ...(description ? { description } : {}),
    ...(booking.location?.kind === "url" ? { url: booking.location.url } : {}),
    organizer: { name: parameterText(context.owner.name), email: `noreply@${context.domain}` },
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  // A seed booking may have no e-mail: an attendee is an address, so it then has none (its name is in the owner's SUMMARY).
  if (booking.invitee.email) {
    event.createAttendee({
      name: parameterText(booking.invitee.name),
      email: booking.invitee.email,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.ACCEPTED,
      rsvp: false,
    });
  }
}

/** RFC 5545 ends every content line, the last one included, with CRLF. */
const withFinalCrlf = (text: string) => (text.endsWith("\r\n") ? text : `${text}\r\n`);

/** One booking as an iTIP message: METHOD:REQUEST while it stands, METHOD:CANCEL once cancelled. */
export function bookingInvite(booking: BookingRecord, context: InviteContext, audience: InviteAudience): string {
  const calendar = ical({
    prodId: PRODUCT_ID,
    method: booking.status === "cancelled" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  addEvent(calendar, booking, context, audience);
  return withFinalCrlf(calendar.toString());
}

/** The owner's subscription feed: their bookings (cancelled ones as STATUS:CANCELLED), no METHOD. */
export function bookingsFeed(bookings: readonly BookingRecord[], context: Omit<InviteContext, "eventType"> & { eventTypes: ReadonlyMap<string, Pick<EventTypeRecord, "title" | "questions">> }): string {
  const calendar = ical({ prodId: PRODUCT_ID, name: `Bookings of ${context.owner.name}` });
  for (const booking of bookings) {
    const eventType = booking.eventType ? context.eventTypes.get(booking.eventType) : undefined;
    addEvent(calendar, booking, { owner: context.owner, domain: context.domain, ...(eventType ? { eventType } : {}) }, "owner");
  }
  return withFinalCrlf(calendar.toString());
}

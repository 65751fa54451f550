import { randomBytes } from "node:crypto";
import type { BookingRecord } from "../data/schedules-repo.js";
import type { WebhookEvent, WebhookEventType } from "../data/webhooks-repo.js";
import { bookingView } from "../booking/present.js";
import { isoUtc } from "../time/iso.js";

/**
 * The outbox event announcing a booking change, in Standard Webhooks' shape `{type, timestamp, data}`:
 * `data.booking` is the booking as the owner reads it (never its cancel token, which only the invitee holds).
 */
export function bookingEvent(type: WebhookEventType, booking: BookingRecord, now: number): Pick<WebhookEvent, "eventId" | "ownerId" | "type" | "createdAt" | "payload"> {
  const eventId = `msg_${randomBytes(12).toString("hex")}`;
  const payload = JSON.stringify({ type, timestamp: isoUtc(now), data: { booking: bookingView(booking) } });
  return { eventId, ownerId: booking.ownerId, type, createdAt: now, payload };
}

// Every DynamoDB key of the service is built here, and nowhere else.
import { createHash } from "node:crypto";

export const userKey = (userId: string) => ({ pk: `USER#${userId}` });

export type StatusSource = "manual" | "calendar";
export const statusPartition = (userId: string) => ({ pk: `USER#${userId}` });
export const statusKey = (userId: string, source: StatusSource) => ({
  pk: `USER#${userId}`,
  sk: source === "manual" ? "STATUS#MANUAL" : "STATUS#CALENDAR",
});

/** An owner's partition in the schedules table holds their schedule, calendar busy set and bookings. */
export const ownerPartition = (ownerId: string) => ({ pk: `OWNER#${ownerId}` });
/** Availability, slot settings and the schedule version (bumped by every change of rules or settings). */
export const scheduleKey = (ownerId: string) => ({ pk: `OWNER#${ownerId}`, sk: "SCHEDULE" });
/** The busy intervals read from the owner's calendar feed, with their own version. */
export const calendarBusyKey = (ownerId: string) => ({ pk: `OWNER#${ownerId}`, sk: "CALENDAR" });
export const bookingKey = (ownerId: string, bookingId: string) => ({ pk: `OWNER#${ownerId}`, sk: `BOOKING#${bookingId}` });
/** The sort-key prefix of every event type of an owner (the listing is one Query on it). */
export const EVENT_TYPE_PREFIX = "EVENT_TYPE#";
/** An owner's event type, unique by slug within the owner's partition. */
export const eventTypeKey = (ownerId: string, slug: string) => ({ pk: `OWNER#${ownerId}`, sk: `${EVENT_TYPE_PREFIX}${slug}` });
/** Sort value of the `byStart` index for a confirmed booking, ordered by start instant. */
export const bookingStartIndexValue = (startIso: string, bookingId: string) => `${startIso}#${bookingId}`;
/** The same index's value for a cancelled booking: after every instant (`~` sorts after digits), by start. */
export const cancelledStartIndexValue = (startIso: string, bookingId: string) => `~CANCELLED#${startIso}#${bookingId}`;

/**
 * A booking guard (a UTC hour `YYYY-MM-DDTHH`, or an owner-local date for a daily maximum) whose version
 * every booking touching it checks and bumps: see lib/booking/time-guards.ts.
 */
export const bookingGuardKey = (ownerId: string, guard: string) => ({ pk: `OWNER#${ownerId}`, sk: `GUARD#${guard}` });

/**
 * The first answer to an idempotent request: scoped by owner, key and request digest, so strangers who
 * pick the same key on a public route never meet. The key itself is stored only as part of a digest.
 */
export const idempotencyKey = (ownerId: string, key: string, requestHash: string) => ({
  pk: `IDEMPOTENCY#${ownerId}#${createHash("sha256").update(`${key}\n${requestHash}`).digest("base64url")}`,
});

/**
 * The poller's sparse index: users with a calendar URL spread over `shards` partitions (CALENDAR_SYNC_SHARDS),
 * ordered by when they are due. A user's `calSyncShard` is a stable hash (FNV-1a) of the id modulo the shard
 * count of the writer, so the same user lands in the same shard for as long as the count stays.
 */
export function calendarSyncShard(userId: string, shards: number): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) hash = Math.imul(hash ^ userId.charCodeAt(i), 0x01000193);
  return String((hash >>> 0) % shards);
}
export const calendarSyncShards = (count: number): string[] => Array.from({ length: count }, (_, i) => String(i));
/** The finder's record of the highest shard count users may still be spread over (users table). */
export const syncShardsStateKey = { pk: "POLLER#SYNC_SHARDS" };

/** A short-lived claim on one slot start: lets one request per slot compete for the schedule version. */
export const slotClaimKey = (ownerId: string, startIso: string) => ({ pk: `CLAIM#${ownerId}#${startIso}` });

/** An owner's webhook endpoint (webhooks table, the owner's partition; the listing is one Query on the prefix). */
export const WEBHOOK_PREFIX = "WEBHOOK#";
export const webhookKey = (ownerId: string, webhookId: string) => ({ pk: `OWNER#${ownerId}`, sk: `${WEBHOOK_PREFIX}${webhookId}` });
/** One delivery attempt to an endpoint, newest last by time (the owner reads them with one Query on the prefix). */
export const deliveryPrefix = (webhookId: string) => `DELIVERY#${webhookId}#`;
export const deliveryKey = (ownerId: string, webhookId: string, atIso: string, eventId: string, attempt: number) => ({
  pk: `OWNER#${ownerId}`,
  sk: `${deliveryPrefix(webhookId)}${atIso}#${eventId}#${attempt}`,
});
/** A webhook outbox event, written in the transaction of the booking change it announces. */
export const webhookEventKey = (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: "EVENT" });
/** The partitions of the sparse `byDue` index that pending outbox events spread over (a hash of the event id). */
export const WEBHOOK_DUE_SHARDS = 4;
export function webhookDueShard(eventId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < eventId.length; i++) hash = Math.imul(hash ^ eventId.charCodeAt(i), 0x01000193);
  return String((hash >>> 0) % WEBHOOK_DUE_SHARDS);
}

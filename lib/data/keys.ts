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
/** Sort value of the `byStart` index: confirmed bookings only, ordered by start instant. */
export const bookingStartIndexValue = (startIso: string, bookingId: string) => `${startIso}#${bookingId}`;

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

/** The poller's sparse index: users with a calendar URL spread over shards, ordered by when they are due. */
export const CALENDAR_SYNC_SHARDS = 8;
/** A user's `calSyncShard`: a stable hash (FNV-1a) of the id, so the same user always lands in the same shard. */
export function calendarSyncShard(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) hash = Math.imul(hash ^ userId.charCodeAt(i), 0x01000193);
  return String((hash >>> 0) % CALENDAR_SYNC_SHARDS);
}
export const calendarSyncShards = (): string[] => Array.from({ length: CALENDAR_SYNC_SHARDS }, (_, i) => String(i));

/** A short-lived claim on one slot start: lets one request per slot compete for the schedule version. */
export const slotClaimKey = (ownerId: string, startIso: string) => ({ pk: `CLAIM#${ownerId}#${startIso}` });

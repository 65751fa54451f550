import { createHash } from "node:crypto";
import type { BookingRecord } from "../data/schedules-repo.js";

const MINUTE = 60_000;

/**
 * The ETag of a slot search: the schedule version (bumped by every rule change), the calendar busy set's
 * version, the bookings read for the range (each with its id, time and buffers), the query itself, and
 * the minute (slots also end by the clock passing). No change to rules, intervals, bookings or calendar
 * can be hidden behind a matching ETag.
 */
export function slotSearchEtag(parts: {
  ownerId: string;
  scheduleVersion: number;
  calendarVersion: number | undefined;
  bookings: readonly Pick<BookingRecord, "bookingId" | "start" | "end" | "bufferBeforeMinutes" | "bufferAfterMinutes">[];
  query: string;
  now: number;
}): string {
  const bookings = parts.bookings.map((b) => [b.bookingId, b.start, b.end, b.bufferBeforeMinutes, b.bufferAfterMinutes]);
  const digest = createHash("sha256")
    .update(JSON.stringify([parts.ownerId, parts.query, Math.floor(parts.now / MINUTE), bookings]))
    .digest("base64url")
    .slice(0, 16);
  return `"s${parts.scheduleVersion}-c${parts.calendarVersion ?? 0}-${digest}"`;
}

/** True when an If-None-Match header lists this ETag (or `*`), weak or strong. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === etag);
}

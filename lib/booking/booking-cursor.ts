/**
 * Pagination cursors of an owner's bookings listing. A cursor carries only a position (the owner, and
 * the start and id of the last booking listed); the DynamoDB start key is rebuilt from it here and
 * checked against the listing, so a client can neither read nor forge a storage key, and no secret is
 * needed. A cursor that is not one of ours, or not for this listing, is a 400 `invalid_cursor`.
 */
import { z } from "zod";
import { bookingKey, bookingStartIndexValue } from "../data/keys.js";
import { invalid } from "../errors.js";

interface BookingPosition {
  ownerId: string;
  start: number;
  bookingId: string;
}

const BOOKING_ID = /^bk_[0-9a-f]{20}$/;
const isoKey = (ms: number) => new Date(ms).toISOString();

const positionSchema = z.tuple([
  z.string(),
  z.string().refine((iso) => !Number.isNaN(Date.parse(iso)) && isoKey(Date.parse(iso)) === iso),
  z.string().regex(BOOKING_ID),
]);

const invalidCursor = (reason: string) =>
  invalid(`Invalid cursor: ${reason}; pass back nextCursor exactly as received, with the same from and to`, "invalid_cursor");

export function encodeBookingCursor({ ownerId, start, bookingId }: BookingPosition): string {
  return Buffer.from(JSON.stringify([ownerId, isoKey(start), bookingId])).toString("base64url");
}

function decode(cursor: string): BookingPosition | undefined {
  try {
    const parsed = positionSchema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (!parsed.success) return undefined;
    const [ownerId, startIso, bookingId] = parsed.data;
    const position = { ownerId, start: Date.parse(startIso), bookingId };
    // Base64 decoding skips stray characters: only the exact encoding of a position is ours.
    return encodeBookingCursor(position) === cursor ? position : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The start key (`ExclusiveStartKey`) of the page after `cursor` in the listing of `ownerId`'s bookings
 * starting in [from, to); throws a 400 `invalid_cursor` for anything else.
 */
export function bookingPageStartKey(cursor: string, ownerId: string, from: number, to: number): Record<string, string> {
  const position = decode(cursor);
  if (!position) throw invalidCursor("not a cursor of this service");
  if (position.ownerId !== ownerId) throw invalidCursor("it belongs to another owner's listing");
  if (position.start < from || position.start >= to) throw invalidCursor("it is outside this listing's from–to window");
  return {
    ...bookingKey(ownerId, position.bookingId),
    activeStart: bookingStartIndexValue(isoKey(position.start), position.bookingId),
  };
}

import { findBooking, type BookingRecord } from "../data/schedules-repo.js";
import { secretMatches } from "../users/api-keys.js";

/**
 * A booking as its invitee reaches it, by the cancel token its creation answered (the cancel and reschedule
 * pages): undefined when there is no such booking or the token is not its own, so a page tells neither apart.
 */
export async function findBookingByCancelToken(ownerId: string, bookingId: string, cancelToken: string | undefined): Promise<BookingRecord | undefined> {
  if (!cancelToken) return undefined;
  const booking = await findBooking(ownerId, bookingId);
  return booking && secretMatches(cancelToken, booking.cancelTokenHash) ? booking : undefined;
}

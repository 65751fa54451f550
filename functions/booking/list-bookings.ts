import { listBookings as contract } from "#lib/api/booking.js";
import { bookingPageStartKey, encodeBookingCursor } from "#lib/booking/booking-cursor.js";
import { pageBookings } from "#lib/data/schedules-repo.js";
import { bookingView } from "#lib/booking/present.js";
import { badRequest } from "#lib/http/errors.js";
import { httpHandler } from "#lib/http/handler.js";

const DAY = 86_400_000;

export const handler = httpHandler(contract, async ({ params, query, now }) => {
  const from = query.from ?? now;
  const to = query.to ?? from + 366 * DAY;
  if (to <= from) throw badRequest("`to` must be after `from`");
  if (to - from > 366 * DAY) throw badRequest("A listing covers at most 366 days");
  const after = query.cursor === undefined ? undefined : bookingPageStartKey(query.cursor, params.userId, from, to);
  const page = await pageBookings(params.userId, from, to, query.limit ?? 50, after);
  const last = page.bookings.at(-1);
  return {
    status: 200,
    body: {
      bookings: page.bookings.map(bookingView),
      nextCursor: page.next && last ? encodeBookingCursor({ ownerId: params.userId, start: last.start, bookingId: last.bookingId }) : null,
    },
  };
});

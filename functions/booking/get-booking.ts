import { getBooking as contract } from "#lib/api/booking.js";
import { findBooking } from "#lib/data/schedules-repo.js";
import { bookingView } from "#lib/booking/present.js";
import { notFound } from "#lib/http/errors.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params }) => {
  const booking = await findBooking(params.userId, params.bookingId);
  if (!booking) throw notFound(`No booking '${params.bookingId}'`, "booking_not_found");
  return { status: 200, body: bookingView(booking) };
});

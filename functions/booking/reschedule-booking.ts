import { rescheduleBooking as contract } from "#lib/api/booking.js";
import { bookingActor } from "#lib/booking/actor.js";
import { rescheduleBooking } from "#lib/booking/booking-service.js";
import { bookingView } from "#lib/booking/present.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params, body, caller, now, deadline }) => {
  const booking = await rescheduleBooking({
    ownerId: params.userId,
    bookingId: params.bookingId,
    actor: bookingActor(caller, params.userId, body.cancelToken),
    start: body.start,
    now,
    deadline,
  });
  return { status: 200, body: bookingView(booking) };
});

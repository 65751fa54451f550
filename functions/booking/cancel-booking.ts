import { cancelBooking as contract } from "#lib/api/booking.js";
import { bookingActor } from "#lib/booking/actor.js";
import { cancelBooking } from "#lib/booking/booking-service.js";
import { bookingView } from "#lib/booking/present.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params, body, caller, now, deadline }) => {
  const booking = await cancelBooking({
    ownerId: params.userId,
    bookingId: params.bookingId,
    actor: bookingActor(caller, params.userId, body.cancelToken),
    now,
    deadline,
  });
  return { status: 200, body: bookingView(booking) };
});

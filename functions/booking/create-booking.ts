import { createBooking as contract } from "#lib/api/booking.js";
import { createBooking } from "#lib/booking/booking-service.js";
import { bookingView } from "#lib/booking/present.js";
import { requestHash } from "#lib/booking/request-hash.js";
import { eventTypeOf } from "#lib/event-types/offer.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params, body, declaredHeaders, event, now, deadline }) => {
  const key = declaredHeaders["idempotency-key"] as string | undefined;
  const answer = await createBooking({
    ownerId: params.userId,
    slot: { start: body.start, end: body.end },
    invitee: body.invitee,
    note: body.note,
    eventType: eventTypeOf(body),
    answers: body.answers,
    via: "v1",
    now,
    deadline,
    // The raw body as sent, so that "the same body" means the same request.
    idempotency: key ? { key, requestHash: requestHash([params.userId, event.body]) } : undefined,
    present: (booking, cancelToken) => ({ status: 201, body: { booking: bookingView(booking), cancelToken } }),
  });
  return { status: answer.status, body: answer.body };
});

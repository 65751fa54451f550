import { cancelPage as contract } from "#lib/api/booking-page.js";
import { PAGE_STACK, htmlAnswer, notFoundAnswer } from "#lib/booking-page/answers.js";
import { cancelPage } from "#lib/booking-page/html.js";
import { pageBooking, pageEventType, pageOwner } from "#lib/booking-page/page-reads.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(
  contract,
  async ({ params, query }) => {
    const owner = await pageOwner(params.userId);
    const booking = owner && (await pageBooking(owner.id, params.bookingId, query.cancelToken));
    if (!owner || !booking) return notFoundAnswer("This link does not lead to a booking: it may be incomplete.", "no-store");
    const entry = await pageEventType(owner.id, booking.eventType ?? "default");
    return htmlAnswer(200, cancelPage(owner, booking, entry), "no-store");
  },
  PAGE_STACK,
);

import { bookingPage as contract } from "#lib/api/booking-page.js";
import { PAGE_STACK, htmlAnswer, notFoundAnswer } from "#lib/booking-page/answers.js";
import { bookingPage } from "#lib/booking-page/html.js";
import { pageEventType, pageOwner } from "#lib/booking-page/page-reads.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(
  contract,
  async ({ params }) => {
    const owner = await pageOwner(params.userId);
    const entry = owner && (await pageEventType(owner.id, params.slug));
    if (!owner || !entry) return notFoundAnswer("There is no booking page at this address: the link may be mistyped, or the event was removed.");
    return htmlAnswer(200, bookingPage(owner, entry));
  },
  PAGE_STACK,
);

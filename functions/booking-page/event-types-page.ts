import { eventTypesPage as contract } from "#lib/api/booking-page.js";
import { PAGE_STACK, htmlAnswer, notFoundAnswer } from "#lib/booking-page/answers.js";
import { eventTypesPage } from "#lib/booking-page/html.js";
import { listedEventTypes, pageOwner } from "#lib/booking-page/page-reads.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(
  contract,
  async ({ params }) => {
    const owner = await pageOwner(params.userId);
    if (!owner) return notFoundAnswer("There is no booking page at this address.");
    return htmlAnswer(200, eventTypesPage(owner, await listedEventTypes(owner.id)));
  },
  PAGE_STACK,
);

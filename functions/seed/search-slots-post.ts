import { seedSearchSlotsPost as contract } from "#lib/api/seed-booking.js";
import { seedSearch } from "#lib/booking/seed-search.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ body, headers, now }) =>
  seedSearch(body.owner, body.request_date, headers["if-none-match"], now),
);

import { seedSearchSlots as contract } from "#lib/api/seed-booking.js";
import { seedSearch } from "#lib/booking/seed-search.js";
import { badRequest } from "#lib/http/errors.js";
import { httpHandler } from "#lib/http/handler.js";

/** GET with a query or a JSON body (API Gateway passes GET bodies; serverless-offline does not). */
export const handler = httpHandler(contract, async ({ query, body, headers, now }) => {
  const owner = body?.owner ?? query?.owner;
  const date = body?.request_date ?? query?.request_date;
  if (!owner || !date) throw badRequest("Give owner and request_date (YYYY-MM-DD), as a query or a JSON body");
  return seedSearch(owner, date, headers["if-none-match"], now);
});

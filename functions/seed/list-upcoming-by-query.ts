import { seedListUpcomingByQuery as contract } from "#lib/api/seed-booking.js";
import { seedUpcoming } from "#lib/booking/upcoming.js";
import { assertActsFor } from "#lib/http/auth.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ query, caller, now }) => {
  assertActsFor(caller!, query.owner);
  return { status: 200, body: await seedUpcoming(query.owner, now) };
});

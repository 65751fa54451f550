import { seedOverlap as contract } from "#lib/api/seed-intervals.js";
import { seedOverlap } from "#lib/booking/seed-overlap.js";
import { callingUser } from "#lib/http/auth.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ query, body, caller, now }) =>
  seedOverlap(callingUser(caller), body?.user_id_2 ?? query?.user_id_2, now),
);

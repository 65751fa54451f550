import { seedOverlapByPath as contract } from "#lib/api/seed-intervals.js";
import { seedOverlap } from "#lib/booking/seed-overlap.js";
import { callingUser } from "#lib/http/auth.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params, caller, now }) => seedOverlap(callingUser(caller), params.userId2, now));

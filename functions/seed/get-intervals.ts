import { seedGetIntervals as contract } from "#lib/api/seed-intervals.js";
import { currentIntervals, readSchedule } from "#lib/booking/availability-service.js";
import { callingUser } from "#lib/http/auth.js";
import { httpHandler } from "#lib/http/handler.js";
import { isoUtc } from "#lib/time/iso.js";

export const handler = httpHandler(contract, async ({ caller, now }) => {
  const userId = callingUser(caller);
  const intervals = currentIntervals(await readSchedule(userId), now);
  return {
    status: 200,
    body: { user_id: userId, availability: intervals.map((i) => ({ start_time: isoUtc(i.start), end_time: isoUtc(i.end) })) },
  };
});

import { seedAddIntervals as contract } from "#lib/api/seed-intervals.js";
import { addIntervals, changeAvailability } from "#lib/booking/availability-service.js";
import { assertActsFor } from "#lib/http/auth.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ body, caller, now }) => {
  assertActsFor(caller!, body.user_id, false);
  const intervals = body.availability.map((interval) => ({ start: interval.start_time, end: interval.end_time }));
  if (intervals.length > 0) {
    await changeAvailability(body.user_id, now, (current) => addIntervals(current, intervals, now));
  }
  return { status: 200, body: { message: "Availability set successfully" } };
});

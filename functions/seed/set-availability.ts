import { seedSetAvailability as contract } from "#lib/api/seed-booking.js";
import { addDateRules, changeAvailability, readSchedule } from "#lib/booking/availability-service.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params, body, now }) => {
  const rules = body.availability_rules.map((rule) => ({
    from: rule.start_date,
    to: rule.end_date,
    start: rule.start_time,
    end: rule.end_time,
  }));
  // An empty list changes nothing (API.md); otherwise the rules join the owner's under the version check.
  const schedule =
    rules.length === 0 ? await readSchedule(params.userId) : await changeAvailability(params.userId, now, (current) => addDateRules(current, rules));
  const listed = (schedule.availability.dateRules ?? []).map((rule) => ({
    start_date: rule.from,
    end_date: rule.to,
    start_time: rule.start,
    end_time: rule.end,
  }));
  return { status: 200, body: { message: `Availability set for ${params.userId}`, new_slots: JSON.stringify(listed) } };
});

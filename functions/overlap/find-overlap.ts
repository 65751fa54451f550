import { findOverlap as contract } from "#lib/api/booking.js";
import { daysInclusive, localDatesToRange } from "#lib/booking/dates.js";
import { findOverlap } from "#lib/booking/overlap-service.js";
import { zonedSpans } from "#lib/booking/present.js";
import { MAX_WINDOW_DAYS } from "#lib/booking/settings.js";
import { badRequest } from "#lib/http/errors.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ query, now }) => {
  const days = daysInclusive(query.from, query.to);
  if (days < 1) throw badRequest("`to` must not be before `from`");
  if (days > MAX_WINDOW_DAYS) throw badRequest(`An overlap search covers at most ${MAX_WINDOW_DAYS} days`);
  const zone = query.timezone ?? "UTC";
  const result = await findOverlap({
    userIds: query.users,
    range: localDatesToRange(query.from, query.to, zone),
    now,
    minLengthMinutes: query.minMinutes,
    slot: query.slotMinutes
      ? { durationMinutes: query.slotMinutes, stepMinutes: query.stepMinutes, alignment: "clock", zone }
      : undefined,
  });
  return {
    status: 200,
    body: {
      users: query.users,
      timezone: zone,
      overlap: zonedSpans(result.common, zone),
      ...(result.slots ? { slots: zonedSpans(result.slots, zone) } : {}),
    },
  };
});

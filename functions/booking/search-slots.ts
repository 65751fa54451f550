import { searchSlots as contract } from "#lib/api/booking.js";
import { daysInclusive } from "#lib/booking/dates.js";
import { zonedSpans } from "#lib/booking/present.js";
import { MAX_WINDOW_DAYS } from "#lib/booking/settings.js";
import { searchSlots } from "#lib/booking/slot-search.js";
import { eventTypeOf } from "#lib/event-types/offer.js";
import { badRequest } from "#lib/http/errors.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params, query, headers, now }) => {
  const days = daysInclusive(query.from, query.to);
  if (days < 1) throw badRequest("`to` must not be before `from`");
  if (days > MAX_WINDOW_DAYS) throw badRequest(`A search covers at most ${MAX_WINDOW_DAYS} days`);
  const result = await searchSlots({
    ownerId: params.userId,
    window: { from: query.from, to: query.to, zone: query.timezone },
    eventType: eventTypeOf(query),
    ifNoneMatch: headers["if-none-match"],
    now,
  });
  const cacheHeaders = { etag: result.etag, "cache-control": "no-cache" };
  if (result.notModified) return { status: 304, headers: cacheHeaders };
  return {
    status: 200,
    headers: cacheHeaders,
    body: {
      userId: params.userId,
      timezone: result.zone,
      ...(query.eventType === undefined ? {} : { eventType: query.eventType }),
      durationMinutes: result.settings.durationMinutes,
      slots: zonedSpans(result.slots, result.zone),
    },
  };
});

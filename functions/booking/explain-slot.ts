import { explainSlot as contract } from "#lib/api/booking.js";
import { explainTime, presentReasons } from "#lib/booking/booking-service.js";
import { eventTypeOf } from "#lib/event-types/offer.js";
import { httpHandler } from "#lib/http/handler.js";
import { isoUtc } from "#lib/time/iso.js";

export const handler = httpHandler(contract, async ({ params, query, now }) => {
  const explanation = await explainTime(params.userId, { start: query.start, end: query.end }, now, eventTypeOf(query));
  return {
    status: 200,
    body: {
      offered: explanation.offered,
      slot: { start: isoUtc(explanation.slot.start), end: isoUtc(explanation.slot.end) },
      reasons: presentReasons(explanation.reasons),
    },
  };
});

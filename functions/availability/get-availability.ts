import { getAvailability as contract } from "#lib/api/booking.js";
import { readSchedule } from "#lib/booking/availability-service.js";
import { availabilityView } from "#lib/booking/present.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params }) => ({
  status: 200,
  body: availabilityView(params.userId, await readSchedule(params.userId)),
}));

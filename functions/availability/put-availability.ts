import { putAvailability as contract } from "#lib/api/booking.js";
import { putAvailability } from "#lib/booking/availability-service.js";
import { availabilityView } from "#lib/booking/present.js";
import { DEFAULT_SETTINGS } from "#lib/booking/settings.js";
import { httpHandler } from "#lib/http/handler.js";
import { requireUser } from "#lib/users/users-service.js";

export const handler = httpHandler(contract, async ({ params, body, now }) => {
  const zone = body.timezone ?? (await requireUser(params.userId)).timezone;
  const { settings, timezone: _zone, ...rules } = body;
  const schedule = await putAvailability(params.userId, { zone, ...rules }, settings ?? DEFAULT_SETTINGS, now);
  return { status: 200, body: availabilityView(params.userId, schedule) };
});

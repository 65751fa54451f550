import { revokeBookingsFeedToken as contract } from "#lib/api/bookings-feed.js";
import { revokeBookingsFeedToken } from "#lib/booking/calendar-invites-service.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params }) => {
  await revokeBookingsFeedToken(params.userId);
  return { status: 204 };
});

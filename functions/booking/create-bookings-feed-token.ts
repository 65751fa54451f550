import { createBookingsFeedToken as contract } from "#lib/api/bookings-feed.js";
import { issueBookingsFeedToken } from "#lib/booking/calendar-invites-service.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params, now }) => {
  const token = await issueBookingsFeedToken(params.userId, now);
  const path = `/v1/users/${encodeURIComponent(params.userId)}/bookings.ics?token=${token}`;
  return { status: 201, headers: { "cache-control": "no-store" }, body: { userId: params.userId, token, path } };
});

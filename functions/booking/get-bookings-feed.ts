import { getBookingsFeed as contract } from "#lib/api/bookings-feed.js";
import { CALENDAR_MEDIA_TYPE } from "#lib/booking/calendar-invite.js";
import { bookingsFeedFor } from "#lib/booking/calendar-invites-service.js";
import { HttpError } from "#lib/http/errors.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params, query, now }) => {
  const feed = await bookingsFeedFor(params.userId, query.token, now);
  if (feed === undefined) throw new HttpError(401, "invalid_feed_token", "Missing, wrong or revoked feed token: issue one with POST /v1/users/{userId}/bookings-feed-token");
  return {
    status: 200,
    text: { contentType: CALENDAR_MEDIA_TYPE, content: feed },
    // Calendar apps poll; a shared cache must not keep a feed read with a secret in its URL.
    headers: { "cache-control": "private, no-store" },
  };
});

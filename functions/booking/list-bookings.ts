import { listBookings as contract } from "#lib/api/booking.js";
import { pageBookings } from "#lib/data/schedules-repo.js";
import { bookingView } from "#lib/booking/present.js";
import { badRequest } from "#lib/http/errors.js";
import { httpHandler } from "#lib/http/handler.js";

const DAY = 86_400_000;

function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw badRequest("Invalid cursor: pass back nextCursor exactly as received");
}

export const handler = httpHandler(contract, async ({ params, query, now }) => {
  const from = query.from ?? now;
  const to = query.to ?? from + 366 * DAY;
  if (to <= from) throw badRequest("`to` must be after `from`");
  if (to - from > 366 * DAY) throw badRequest("A listing covers at most 366 days");
  const page = await pageBookings(params.userId, from, to, query.limit ?? 50, decodeCursor(query.cursor));
  return {
    status: 200,
    body: {
      bookings: page.bookings.map(bookingView),
      nextCursor: page.next ? Buffer.from(JSON.stringify(page.next)).toString("base64url") : null,
    },
  };
});

import { getBooking as contract } from "#lib/api/booking.js";
import { CALENDAR_MEDIA_TYPE } from "#lib/booking/calendar-invite.js";
import { bookingInviteFor, type InviteReader } from "#lib/booking/calendar-invites-service.js";
import { bookingView } from "#lib/booking/present.js";
import { findBooking } from "#lib/data/schedules-repo.js";
import { findUser } from "#lib/data/users-repo.js";
import { assertActsFor, type Caller } from "#lib/http/auth.js";
import { forbidden, notFound, unauthorized } from "#lib/http/errors.js";
import { httpHandler } from "#lib/http/handler.js";

const INVITE_SUFFIX = ".ics";

/** The owner's key (or the admin's) reads as the owner; otherwise the cancel token speaks for the invitee. */
function inviteReader(caller: Caller | undefined, ownerId: string, cancelToken: string | undefined): InviteReader {
  if (caller && (caller.kind === "admin" || caller.userId === ownerId)) return { kind: "owner" };
  if (cancelToken) return { kind: "invitee", cancelToken };
  if (caller) throw forbidden(`This key may not act for user '${ownerId}'`);
  throw unauthorized("Send the owner's key ('Authorization: Bearer <API key>') or the booking's cancelToken");
}

// `{bookingId}.ics` is served here: API Gateway has no path variable with a literal suffix.
export const handler = httpHandler(contract, async ({ params, query, caller }) => {
  const { userId } = params;
  if (params.bookingId.endsWith(INVITE_SUFFIX)) {
    const bookingId = params.bookingId.slice(0, -INVITE_SUFFIX.length);
    const invite = await bookingInviteFor(userId, bookingId, inviteReader(caller, userId, query.cancelToken));
    return {
      status: 200,
      text: { contentType: CALENDAR_MEDIA_TYPE, content: invite },
      headers: {
        "content-disposition": `attachment; filename="${bookingId}.ics"`,
        // The invitee's copy is read with a secret in the URL: no shared cache may keep it.
        "cache-control": "private, no-store",
      },
    };
  }
  if (!caller) throw unauthorized("Missing API key: send 'Authorization: Bearer <API key>'");
  assertActsFor(caller, userId);
  const booking = await findBooking(userId, params.bookingId);
  if (!booking) {
    // The admin may name anyone: say which of the two is missing.
    if (caller.kind === "admin" && !(await findUser(userId))) throw notFound(`No user '${userId}'`, "user_not_found");
    throw notFound(`No booking '${params.bookingId}'`, "booking_not_found");
  }
  return { status: 200, body: bookingView(booking) };
});

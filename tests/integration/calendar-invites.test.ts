// Calendar invites against DynamoDB Local: a booking's .ics for the owner and the invitee (before and after a
// reschedule, after a cancellation), the owner's feed behind its token (issued, rotated, revoked), each route's
// auth, and bad input answered 4xx. Every 200 is also parsed with lib/calendar by the response checker.
import { handler as cancelBooking } from "../../functions/booking/cancel-booking.js";
import { handler as createFeedToken } from "../../functions/booking/create-bookings-feed-token.js";
import { handler as getBooking } from "../../functions/booking/get-booking.js";
import { handler as getFeed } from "../../functions/booking/get-bookings-feed.js";
import { handler as rescheduleBooking } from "../../functions/booking/reschedule-booking.js";
import { handler as revokeFeedToken } from "../../functions/booking/revoke-bookings-feed-token.js";
import { busyIntervalsFromIcs } from "../../lib/calendar/ics.js";
import { firstProperty, parseIcs } from "../../lib/calendar/ics-parse.js";
import { bookV1, publishAvailability } from "../support/booking.js";
import { addDays, futureMonday, utcInstant } from "../support/future-dates.js";
import { invoke, type TestResponse } from "../support/lambda.js";
import { adminHeaders, bearer, createTestUser, uniqueId } from "../support/users.js";

const MONDAY = futureMonday({ weeksAhead: 3 });
const EVERY_DAY_9_TO_17 = { weekly: [{ days: [1, 2, 3, 4, 5, 6, 7], windows: [{ start: "09:00", end: "17:00" }] }] };

const invite = (ownerId: string, bookingId: string, options: { headers?: Record<string, string>; query?: Record<string, string> } = {}) =>
  invoke(getBooking, {
    method: "GET",
    path: `/v1/users/${ownerId}/bookings/${bookingId}.ics`,
    pathParameters: { userId: ownerId, bookingId: `${bookingId}.ics` },
    ...options,
  });

const feed = (ownerId: string, query: Record<string, string>) =>
  invoke(getFeed, { method: "GET", path: `/v1/users/${ownerId}/bookings.ics`, pathParameters: { userId: ownerId }, query });

const feedToken = (handler: typeof createFeedToken, method: string, ownerId: string, headers: Record<string, string>) =>
  invoke(handler, { method, path: `/v1/users/${ownerId}/bookings-feed-token`, pathParameters: { userId: ownerId }, headers });

/** The VEVENTs of a calendar answer with what a calendar app keys on, read by the project's reader. */
function eventsOf(response: TestResponse) {
  expect(response.status).toBe(200);
  expect(response.headers["content-type"]).toBe("text/calendar; charset=utf-8");
  const [calendar] = parseIcs(response.raw);
  return calendar!.components
    .filter((component) => component.type === "VEVENT")
    .map((event) => ({
      uid: firstProperty(event, "UID")?.value,
      sequence: firstProperty(event, "SEQUENCE")?.value,
      status: firstProperty(event, "STATUS")?.value,
    }));
}

const methodOf = (raw: string) => /^METHOD:(.*)\r$/m.exec(raw)?.[1];
const busy = (raw: string) =>
  busyIntervalsFromIcs(raw, { ownerZone: "UTC", from: Date.parse(MONDAY) - 86_400_000, to: Date.parse(MONDAY) + 30 * 86_400_000 }).intervals.map(
    ({ start, end }) => [new Date(start).toISOString(), new Date(end).toISOString()],
  );

async function ownerWithBooking(options: { note?: string; name?: string } = {}) {
  const owner = await createTestUser({ name: "Ann Owner", timezone: "UTC" });
  await publishAvailability(owner, EVERY_DAY_9_TO_17);
  const start = utcInstant(MONDAY, "09:00");
  const booked = await bookV1(owner.id, start, {
    body: { start, invitee: { name: options.name ?? "Bob, Jr.; the invitee", email: "bob@example.com" }, ...(options.note ? { note: options.note } : {}) },
  });
  expect(booked.status).toBe(201);
  return { owner, booking: booked.body.booking as { id: string; sequence: number }, cancelToken: booked.body.cancelToken as string };
}

describe("a booking's .ics", () => {
  test("owner, invitee (cancel token) and admin read it; SEQUENCE 0 → 1 on reschedule with the same UID; CANCEL after cancel", async () => {
    const { owner, booking, cancelToken } = await ownerWithBooking({ note: "About the budget, Q3; bring slides" });
    expect(booking.sequence).toBe(0);

    const ownerCopy = await invite(owner.id, booking.id, { headers: bearer(owner.apiKey) });
    const [first] = eventsOf(ownerCopy);
    expect(first).toEqual({ uid: `${booking.id}@presence-scheduling.invalid`, sequence: "0", status: "CONFIRMED" });
    expect(methodOf(ownerCopy.raw)).toBe("REQUEST");
    expect(ownerCopy.raw).toContain(`DTSTART:${MONDAY.replaceAll("-", "")}T090000Z\r\n`);
    expect(ownerCopy.raw).toContain("DESCRIPTION:Note: About the budget\\, Q3\\; bring slides");
    expect(ownerCopy.headers["cache-control"]).toBe("private, no-store");
    expect(busy(ownerCopy.raw)).toEqual([[`${MONDAY}T09:00:00.000Z`, `${MONDAY}T09:30:00.000Z`]]);

    const inviteeCopy = await invite(owner.id, booking.id, { query: { cancelToken } });
    expect(eventsOf(inviteeCopy)).toEqual([first]);
    expect(inviteeCopy.raw).not.toContain("DESCRIPTION");
    expect(inviteeCopy.raw).toContain("SUMMARY:30 minute meeting with Ann Owner");
    expect(eventsOf(await invite(owner.id, booking.id, { headers: adminHeaders }))).toEqual([first]);

    const moved = await invoke(rescheduleBooking, {
      method: "POST",
      path: `/v1/users/${owner.id}/bookings/${booking.id}/reschedule`,
      pathParameters: { userId: owner.id, bookingId: booking.id },
      body: { start: utcInstant(addDays(MONDAY, 1), "10:00"), cancelToken },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.sequence).toBe(1);
    const afterMove = await invite(owner.id, booking.id, { query: { cancelToken } });
    expect(eventsOf(afterMove)).toEqual([{ uid: first!.uid, sequence: "1", status: "CONFIRMED" }]);
    expect(methodOf(afterMove.raw)).toBe("REQUEST");
    expect(busy(afterMove.raw)).toEqual([[`${addDays(MONDAY, 1)}T10:00:00.000Z`, `${addDays(MONDAY, 1)}T10:30:00.000Z`]]);

    const cancelled = await invoke(cancelBooking, {
      method: "POST",
      path: `/v1/users/${owner.id}/bookings/${booking.id}/cancel`,
      pathParameters: { userId: owner.id, bookingId: booking.id },
      headers: bearer(owner.apiKey),
    });
    expect(cancelled.body).toMatchObject({ status: "cancelled", sequence: 2 });
    const afterCancel = await invite(owner.id, booking.id, { query: { cancelToken } });
    expect(methodOf(afterCancel.raw)).toBe("CANCEL");
    expect(eventsOf(afterCancel)).toEqual([{ uid: first!.uid, sequence: "2", status: "CANCELLED" }]);
    expect(busy(afterCancel.raw)).toEqual([]);
  });

  test("auth: 401 without key or token, 403 for a wrong token or another user's key, 404 for an unknown booking or user", async () => {
    const { owner, booking } = await ownerWithBooking();
    const stranger = await createTestUser();
    expect((await invite(owner.id, booking.id)).status).toBe(401);
    const wrongToken = await invite(owner.id, booking.id, { query: { cancelToken: "not-the-token" } });
    expect(wrongToken.status).toBe(403);
    expect(wrongToken.body.code).toBe("forbidden");
    expect((await invite(owner.id, booking.id, { headers: bearer(stranger.apiKey) })).status).toBe(403);
    expect((await invite(owner.id, booking.id, { headers: { authorization: "Bearer nope.nope" } })).status).toBe(401);
    expect((await invite(owner.id, "bk_00000000000000000000", { headers: bearer(owner.apiKey) })).body.code).toBe("booking_not_found");
    expect((await invite(owner.id, "bk_00000000000000000000", { query: { cancelToken: "x" } })).status).toBe(404);
    expect((await invite(uniqueId("nobody"), "bk_00000000000000000000", { headers: adminHeaders })).status).toBe(404);
    // The JSON booking stays the owner's: a cancel token does not read it.
    const json = await invoke(getBooking, {
      method: "GET",
      path: `/v1/users/${owner.id}/bookings/${booking.id}`,
      pathParameters: { userId: owner.id, bookingId: booking.id },
      query: { cancelToken: "anything" },
    });
    expect(json.status).toBe(401);
    const byAdmin = await invoke(getBooking, {
      method: "GET",
      path: `/v1/users/${owner.id}/bookings/${booking.id}`,
      pathParameters: { userId: owner.id, bookingId: booking.id },
      headers: adminHeaders,
    });
    expect(byAdmin.body).toMatchObject({ id: booking.id, sequence: 0 });
  });

  test("bad input is a 400, never a 500", async () => {
    const { owner, booking } = await ownerWithBooking();
    for (const bookingId of ["bk_1.ics", `${booking.id}.ICS`, `${booking.id}.ics.ics`, `${booking.id}.json`, ".ics", `${booking.id}%00.ics`]) {
      const response = await invoke(getBooking, {
        method: "GET",
        path: `/v1/users/${owner.id}/bookings/${bookingId}`,
        pathParameters: { userId: owner.id, bookingId },
        headers: bearer(owner.apiKey),
      });
      expect([bookingId, response.status]).toEqual([bookingId, 400]);
    }
    const longToken = await invite(owner.id, booking.id, { query: { cancelToken: "x".repeat(201) } });
    expect(longToken.status).toBe(400);
  });
});

describe("the owner's bookings feed", () => {
  test("issued, read, rotated and revoked: only the current token reads the feed", async () => {
    const { owner, booking, cancelToken } = await ownerWithBooking();
    const second = await bookV1(owner.id, utcInstant(addDays(MONDAY, 2), "11:00"));
    const secondId = second.body.booking.id as string;
    await invoke(cancelBooking, {
      method: "POST",
      path: `/v1/users/${owner.id}/bookings/${secondId}/cancel`,
      pathParameters: { userId: owner.id, bookingId: secondId },
      body: { cancelToken: second.body.cancelToken },
    });

    expect((await feed(owner.id, { token: "no-token-issued-yet" })).status).toBe(401);
    const issued = await feedToken(createFeedToken, "POST", owner.id, bearer(owner.apiKey));
    expect(issued.status).toBe(201);
    const token = issued.body.token as string;
    expect(issued.body.path).toBe(`/v1/users/${owner.id}/bookings.ics?token=${token}`);
    // The feed token is not an API key, and an API key is not a feed token.
    expect((await feedToken(createFeedToken, "POST", owner.id, bearer(token))).status).toBe(401);
    expect((await feed(owner.id, { token: owner.apiKey })).status).toBe(401);

    const read = await feed(owner.id, { token });
    expect(methodOf(read.raw)).toBeUndefined();
    expect(eventsOf(read)).toEqual([
      { uid: `${booking.id}@presence-scheduling.invalid`, sequence: "0", status: "CONFIRMED" },
      { uid: `${secondId}@presence-scheduling.invalid`, sequence: "1", status: "CANCELLED" },
    ]);
    expect(busy(read.raw)).toEqual([[`${MONDAY}T09:00:00.000Z`, `${MONDAY}T09:30:00.000Z`]]);
    expect(cancelToken).not.toBe(token);

    const rotated = await feedToken(createFeedToken, "POST", owner.id, adminHeaders);
    expect(rotated.status).toBe(201);
    const stale = await feed(owner.id, { token });
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe("invalid_feed_token");
    expect(stale.headers["content-type"]).toMatch(/^application\/json/);
    expect(eventsOf(await feed(owner.id, { token: rotated.body.token }))).toHaveLength(2);

    const revoked = await feedToken(revokeFeedToken, "DELETE", owner.id, bearer(owner.apiKey));
    expect(revoked.status).toBe(204);
    expect((await feed(owner.id, { token: rotated.body.token })).status).toBe(401);
    expect((await feedToken(revokeFeedToken, "DELETE", owner.id, bearer(owner.apiKey))).status).toBe(204);
  });

  test("auth of the token routes, and bad input: 400/401/403/404, never a 500", async () => {
    const owner = await createTestUser();
    const stranger = await createTestUser();
    for (const handler of [createFeedToken, revokeFeedToken]) {
      const method = handler === createFeedToken ? "POST" : "DELETE";
      expect((await feedToken(handler, method, owner.id, {})).status).toBe(401);
      expect((await feedToken(handler, method, owner.id, bearer(stranger.apiKey))).status).toBe(403);
      expect((await feedToken(handler, method, uniqueId("nobody"), adminHeaders)).status).toBe(404);
    }
    expect((await feed(owner.id, {})).status).toBe(400);
    expect((await feed(owner.id, { token: "" })).status).toBe(400);
    expect((await feed(owner.id, { token: "t".repeat(201) })).status).toBe(400);
    expect((await feed(uniqueId("nobody"), { token: "x" })).status).toBe(401);
    expect((await feed("Not A User Id!", { token: "x" })).status).toBe(400);
    // An owner without bookings has an empty feed, still a calendar.
    const issued = await feedToken(createFeedToken, "POST", owner.id, bearer(owner.apiKey));
    const empty = await feed(owner.id, { token: issued.body.token });
    expect(empty.status).toBe(200);
    expect(parseIcs(empty.raw)).toHaveLength(1);
  });
});

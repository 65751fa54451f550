import { handler as getAvailability } from "../../functions/availability/get-availability.js";
import { handler as cancelBooking } from "../../functions/booking/cancel-booking.js";
import { handler as explainSlot } from "../../functions/booking/explain-slot.js";
import { handler as getBooking } from "../../functions/booking/get-booking.js";
import { handler as listBookings } from "../../functions/booking/list-bookings.js";
import { handler as rescheduleBooking } from "../../functions/booking/reschedule-booking.js";
import { handler as searchSlots } from "../../functions/booking/search-slots.js";
import { handler as findOverlap } from "../../functions/overlap/find-overlap.js";
import { handler as seedBookSlot } from "../../functions/seed/book-slot.js";
import { handler as seedGetStatus } from "../../functions/seed/get-status.js";
import { handler as seedSetStatus } from "../../functions/seed/set-status.js";
import { handler as seedListUpcoming } from "../../functions/seed/list-upcoming.js";
import { handler as seedSearchSlots } from "../../functions/seed/search-slots.js";
import { handler as getUser } from "../../functions/users/get-user.js";
import { bookV1, publishAvailability } from "../support/booking.js";
import { invoke } from "../support/lambda.js";
import { countSdkCalls } from "../support/sdk-calls.js";
import { bearer, createTestUser } from "../support/users.js";
import { addDays, futureMonday } from "../support/future-dates.js";

/** A Monday far enough ahead that every date of this file (the earliest is 9 days before it) is still to come. */
const MONDAY = futureMonday({ weeksAhead: 2 });
const day = (n: number) => addDays(MONDAY, n);

/**
 * The DynamoDB requests each route makes, exactly. The README's access-pattern table quotes these; a
 * change that adds a request (or a Scan) fails here first.
 */
describe("DynamoDB requests per route", () => {
  let owner: { id: string; apiKey: string };
  let other: { id: string; apiKey: string };
  let booking: { id: string; cancelToken: string };

  beforeAll(async () => {
    owner = await createTestUser({ timezone: "UTC" });
    other = await createTestUser({ timezone: "UTC" });
    const weekly = [{ days: [1, 2, 3, 4, 5], windows: [{ start: "09:00", end: "17:00" }] }];
    await publishAvailability(owner, { weekly });
    await publishAvailability(other, { weekly });
    const created = await bookV1(owner.id, `${day(0)}T09:00:00Z`);
    booking = { id: created.body.booking.id, cancelToken: created.body.cancelToken };
  });

  const user = (id: string) => ({ path: `/v1/users/${id}`, pathParameters: { userId: id } });

  test.each<[string, () => Promise<unknown>, string[]]>([
    ["GET /v1/users/{userId} (user key)", () => invoke(getUser, { method: "GET", ...user(owner.id), headers: bearer(owner.apiKey) }), ["GetItemCommand"]],
    ["POST /set_status", () => invoke(seedSetStatus, { method: "POST", path: "/set_status", headers: bearer(owner.apiKey), body: { status: "busy" } }), ["GetItemCommand", "PutItemCommand"]],
    ["GET /get_status?user_id=", () => invoke(seedGetStatus, { method: "GET", path: "/get_status", query: { user_id: owner.id } }), ["GetItemCommand", "QueryCommand"]],
    [
      "GET /v1/users/{userId}/slots (90 days)",
      () => invoke(searchSlots, { method: "GET", path: `/v1/users/${owner.id}/slots`, pathParameters: { userId: owner.id }, query: { from: day(-9), to: day(80) } }),
      ["BatchGetItemCommand", "QueryCommand"],
    ],
    [
      "GET /api/appointments/search_slots",
      () => invoke(seedSearchSlots, { method: "GET", path: "/api/appointments/search_slots", query: { owner: owner.id, request_date: day(0) } }),
      ["BatchGetItemCommand", "QueryCommand"],
    ],
    [
      "GET /v1/users/{userId}/slots/explain",
      () => invoke(explainSlot, { method: "GET", path: `/v1/users/${owner.id}/slots/explain`, pathParameters: { userId: owner.id }, query: { start: `${day(0)}T10:00:00Z` } }),
      ["BatchGetItemCommand", "QueryCommand"],
    ],
    // Heads, guards, bookings, commit; a slot claim (put and delete) only after a lost race.
    ["POST /v1/users/{userId}/bookings", () => bookV1(owner.id, `${day(0)}T11:00:00Z`), ["BatchGetItemCommand", "BatchGetItemCommand", "QueryCommand", "TransactWriteItemsCommand"]],
    [
      "POST /v1/users/{userId}/bookings with Idempotency-Key",
      () => bookV1(owner.id, `${day(0)}T12:00:00Z`, { idempotencyKey: "count-1" }),
      ["GetItemCommand", "BatchGetItemCommand", "BatchGetItemCommand", "QueryCommand", "TransactWriteItemsCommand"],
    ],
    [
      "POST /api/appointments/book_slot (the owner's zone read once, by the booking itself)",
      () => invoke(seedBookSlot, { method: "POST", path: "/api/appointments/book_slot", body: { owner: owner.id, start_time: `${day(0)}T14:00`, end_time: `${day(0)}T15:00`, invitee: "Sam" } }),
      ["BatchGetItemCommand", "BatchGetItemCommand", "QueryCommand", "TransactWriteItemsCommand"],
    ],
    [
      "GET /v1/users/{userId}/bookings",
      () => invoke(listBookings, { method: "GET", path: `/v1/users/${owner.id}/bookings`, pathParameters: { userId: owner.id }, headers: bearer(owner.apiKey) }),
      ["GetItemCommand", "QueryCommand"],
    ],
    [
      "GET /v1/users/{userId}/bookings/{bookingId}",
      () => invoke(getBooking, { method: "GET", path: `/v1/users/${owner.id}/bookings/${booking.id}`, pathParameters: { userId: owner.id, bookingId: booking.id }, headers: bearer(owner.apiKey) }),
      ["GetItemCommand", "GetItemCommand"],
    ],
    [
      "POST …/reschedule",
      () =>
        invoke(rescheduleBooking, {
          method: "POST",
          path: `/v1/users/${owner.id}/bookings/${booking.id}/reschedule`,
          pathParameters: { userId: owner.id, bookingId: booking.id },
          body: { start: `${day(1)}T09:00:00Z`, cancelToken: booking.cancelToken },
        }),
      ["GetItemCommand", "BatchGetItemCommand", "BatchGetItemCommand", "QueryCommand", "TransactWriteItemsCommand"],
    ],
    [
      "POST …/cancel",
      () =>
        invoke(cancelBooking, {
          method: "POST",
          path: `/v1/users/${owner.id}/bookings/${booking.id}/cancel`,
          pathParameters: { userId: owner.id, bookingId: booking.id },
          body: { cancelToken: booking.cancelToken },
        }),
      ["GetItemCommand", "TransactWriteItemsCommand"],
    ],
    [
      "GET /appointments/list_upcoming/{userId}",
      () => invoke(seedListUpcoming, { method: "GET", path: `/appointments/list_upcoming/${owner.id}`, pathParameters: { userId: owner.id }, headers: bearer(owner.apiKey) }),
      ["GetItemCommand", "BatchGetItemCommand", "QueryCommand"],
    ],
    [
      "GET /v1/users/{userId}/availability",
      () => invoke(getAvailability, { method: "GET", path: `/v1/users/${owner.id}/availability`, pathParameters: { userId: owner.id }, headers: bearer(owner.apiKey) }),
      ["GetItemCommand", "BatchGetItemCommand"],
    ],
    [
      "GET /v1/overlap (2 users, 7 days)",
      () => invoke(findOverlap, { method: "GET", path: "/v1/overlap", query: { users: `${owner.id},${other.id}`, from: day(0), to: day(6) } }),
      ["BatchGetItemCommand", "BatchGetItemCommand", "QueryCommand", "QueryCommand"],
    ],
  ])("%s", async (_route, run, expected) => {
    const { result, calls } = await countSdkCalls(run);
    expect((result as { status: number }).status).toBeLessThan(300);
    expect([...calls].sort()).toEqual([...expected].sort());
    expect(calls).not.toContain("ScanCommand");
  });
});

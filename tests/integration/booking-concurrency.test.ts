import { handler as cancelBooking } from "../../functions/booking/cancel-booking.js";
import { handler as rescheduleBooking } from "../../functions/booking/reschedule-booking.js";
import { queryBookings } from "../../lib/data/schedules-repo.js";
import { bookV1, publishAvailability } from "../support/booking.js";
import { invoke } from "../support/lambda.js";
import { bearer, createTestUser } from "../support/users.js";
import { futureMonday } from "../support/future-dates.js";

/** A Monday ahead of the clock. */
const MONDAY = futureMonday();

const DAY_START = Date.parse(`${MONDAY}T08:00:00Z`);
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/** No two confirmed bookings of the owner overlap. */
function expectNoOverlap(bookings: { start: number; end: number }[]) {
  const sorted = [...bookings].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.start).toBeGreaterThanOrEqual(sorted[i - 1]!.end);
}

async function ownerWithDay() {
  const owner = await createTestUser({ timezone: "UTC" });
  // That Monday 08:00–18:00 UTC: 20 half-hour slots.
  await publishAvailability(owner, {
    timezone: "UTC",
    dateRules: [{ from: MONDAY, to: MONDAY, start: "08:00", end: "18:00" }],
    settings: { durationMinutes: 30 },
  });
  return owner;
}

describe("no double booking under concurrency (DynamoDB Local)", () => {
  test("50 concurrent requests for one slot: exactly one 201, the rest 409, no 5xx", async () => {
    const owner = await ownerWithDay();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => bookV1(owner.id, iso(DAY_START + 2 * HOUR), { name: `Invitee ${i}` })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(0);
    const stored = await queryBookings(owner.id, DAY_START, DAY_START + 10 * HOUR);
    expect(stored).toHaveLength(1);
  }, 60_000);

  test("200 concurrent requests spread over 20 slots: exactly 20 bookings, one per slot", async () => {
    const owner = await ownerWithDay();
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => bookV1(owner.id, iso(DAY_START + (i % 20) * 30 * 60_000), { name: `Invitee ${i}` })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(180);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(0);
    const stored = await queryBookings(owner.id, DAY_START, DAY_START + 10 * HOUR);
    expect(stored).toHaveLength(20);
    expect(new Set(stored.map((b) => b.start)).size).toBe(20);
    expectNoOverlap(stored);
  }, 120_000);

  test("concurrent reschedules and cancels never leave two bookings overlapping or a slot lost", async () => {
    const owner = await ownerWithDay();
    const created = [];
    for (let i = 0; i < 6; i++) {
      const response = await bookV1(owner.id, iso(DAY_START + i * HOUR));
      expect(response.status).toBe(201);
      created.push(response.body);
    }
    // Every booking tries to move to the same two target slots at once, while two others are cancelled.
    const targets = [DAY_START + 8 * HOUR, DAY_START + 8.5 * HOUR];
    const moves = created.slice(0, 4).flatMap((c, i) =>
      [0, 1].map((t) =>
        invoke(rescheduleBooking, {
          method: "POST",
          path: `/v1/users/${owner.id}/bookings/${c.booking.id}/reschedule`,
          pathParameters: { userId: owner.id, bookingId: c.booking.id },
          headers: bearer(owner.apiKey),
          body: { start: iso(targets[(i + t) % 2]!) },
        }),
      ),
    );
    const cancels = created.slice(4).map((c) =>
      invoke(cancelBooking, {
        method: "POST",
        path: `/v1/users/${owner.id}/bookings/${c.booking.id}/cancel`,
        pathParameters: { userId: owner.id, bookingId: c.booking.id },
        body: { cancelToken: c.cancelToken },
      }),
    );
    const results = await Promise.all([...moves, ...cancels]);
    expect(results.filter((r) => r.status >= 500)).toHaveLength(0);
    expect(results.slice(8).map((r) => r.status)).toEqual([200, 200]);
    const moveStatuses = results.slice(0, 8).map((r) => r.status);
    // Each move either wins or is refused as taken; at least one move per target slot wins.
    expect(moveStatuses.every((status) => status === 200 || status === 409)).toBe(true);
    expect(moveStatuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(2);

    const stored = await queryBookings(owner.id, DAY_START, DAY_START + 10 * HOUR);
    // No booking lost or duplicated: exactly the four that were not cancelled, none overlapping.
    expect(stored.map((b) => b.bookingId).sort()).toEqual(created.slice(0, 4).map((c) => c.booking.id).sort());
    expectNoOverlap(stored);
    expect(stored.filter((b) => targets.includes(b.start)).length).toBeGreaterThanOrEqual(1);
  }, 120_000);
});

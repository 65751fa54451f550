import { handler as getAvailability } from "../../functions/availability/get-availability.js";
import { handler as putAvailability } from "../../functions/availability/put-availability.js";
import { handler as cancelBooking } from "../../functions/booking/cancel-booking.js";
import { handler as explainSlot } from "../../functions/booking/explain-slot.js";
import { handler as getBooking } from "../../functions/booking/get-booking.js";
import { handler as listBookings } from "../../functions/booking/list-bookings.js";
import { handler as rescheduleBooking } from "../../functions/booking/reschedule-booking.js";
import { handler as searchSlots } from "../../functions/booking/search-slots.js";
import { handler as findOverlap } from "../../functions/overlap/find-overlap.js";
import { handler as seedSearch } from "../../functions/seed/search-slots.js";
import { readOwnerHeads } from "../../lib/data/schedules-repo.js";
import { bookV1, publishAvailability } from "../support/booking.js";
import { storeCalendarBusy } from "../support/calendar.js";
import { invoke } from "../support/lambda.js";
import { countSdkCalls } from "../support/sdk-calls.js";
import { addDays, futureMonday, mondayAfterSpringForward, showIn, utcInstant, zonedInstant } from "../support/future-dates.js";
import { adminHeaders, bearer, createTestUser } from "../support/users.js";

/** A Monday far enough ahead that every date of this file (the earliest is 68 days before it) is still to come. */
const MONDAY = futureMonday({ weeksAhead: 11 });
const day = (n: number) => addDays(MONDAY, n);

const WEEKDAYS_9_TO_17 = { weekly: [{ days: [1, 2, 3, 4, 5], windows: [{ start: "09:00", end: "17:00" }] }] };

const slots = (ownerId: string, query: Record<string, string>, headers: Record<string, string> = {}) =>
  invoke(searchSlots, { method: "GET", path: `/v1/users/${ownerId}/slots`, pathParameters: { userId: ownerId }, query, headers });

const bookingPath = (ownerId: string, bookingId: string, action = "") => ({
  path: `/v1/users/${ownerId}/bookings/${bookingId}${action}`,
  pathParameters: { userId: ownerId, bookingId },
});

describe("availability and slot search", () => {
  test("weekly hours in the owner's zone, shown in another zone, across a DST change", async () => {
    const owner = await createTestUser({ timezone: "America/New_York" });
    const put = await publishAvailability(owner, { ...WEEKDAYS_9_TO_17, settings: { durationMinutes: 60 } });
    expect(put.body).toMatchObject({ timezone: "America/New_York", version: 1, settings: { durationMinutes: 60 } });
    // The Friday before New York springs forward (EST, UTC-5) and the Monday after (EDT, UTC-4): 09:00 local both days.
    const monday = mondayAfterSpringForward({ zone: "America/New_York" });
    const friday = addDays(monday, -3);
    const response = await slots(owner.id, { from: friday, to: monday, timezone: "Europe/London" });
    expect(response.status).toBe(200);
    expect(response.body.timezone).toBe("Europe/London");
    const starts = response.body.slots.map((s: { start: string }) => s.start);
    expect(starts).toHaveLength(16);
    expect(starts[0]).toBe(showIn(zonedInstant(friday, "09:00", "America/New_York"), "Europe/London"));
    expect(starts[8]).toBe(showIn(zonedInstant(monday, "09:00", "America/New_York"), "Europe/London"));
    expect(Date.parse(starts[0]) % 86_400_000).not.toBe(Date.parse(starts[8]) % 86_400_000);
    const read = await invoke(getAvailability, {
      method: "GET",
      path: `/v1/users/${owner.id}/availability`,
      pathParameters: { userId: owner.id },
      headers: bearer(owner.apiKey),
    });
    expect(read.body.weekly).toEqual(WEEKDAYS_9_TO_17.weekly);
  });

  test("ETag: If-None-Match gives 304 until rules, bookings or the calendar change", async () => {
    const owner = await createTestUser({ timezone: "UTC" });
    await publishAvailability(owner, WEEKDAYS_9_TO_17);
    const query = { from: day(0), to: day(0) };
    const first = await slots(owner.id, query);
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^"s1-c0-/);
    expect((await slots(owner.id, query, { "if-none-match": etag })).status).toBe(304);

    expect((await bookV1(owner.id, `${day(0)}T09:00:00Z`)).status).toBe(201);
    const afterBooking = await slots(owner.id, query, { "if-none-match": etag });
    expect(afterBooking.status).toBe(200);
    expect(afterBooking.body.slots).toHaveLength(15);
    const etag2 = afterBooking.headers.etag!;

    await storeCalendarBusy(owner.id, [{ start: Date.parse(`${day(0)}T10:00:00Z`), end: Date.parse(`${day(0)}T10:30:00Z`) }]);
    const afterCalendar = await slots(owner.id, query, { "if-none-match": etag2 });
    expect(afterCalendar.status).toBe(200);
    expect(afterCalendar.body.slots).toHaveLength(14);

    await publishAvailability(owner, { weekly: [{ days: [1], windows: [{ start: "09:00", end: "10:00" }] }] });
    const afterRules = await slots(owner.id, query, { "if-none-match": afterCalendar.headers.etag! });
    expect(afterRules.status).toBe(200);
    expect(afterRules.body.slots).toHaveLength(1);
  });

  test("a 90-day search costs 2 DynamoDB requests and never a Scan; so does a 304 (its ETag covers the bookings read)", async () => {
    const owner = await createTestUser({ timezone: "Europe/Paris" });
    await publishAvailability(owner, WEEKDAYS_9_TO_17);
    // 10:00 in Paris, written with the offset of each date.
    for (const start of [day(0), day(36), day(71)].map((date) => zonedInstant(date, "10:00", "Europe/Paris"))) {
      expect((await bookV1(owner.id, start)).status).toBe(201);
    }
    await storeCalendarBusy(owner.id, [{ start: Date.parse(`${day(1)}T08:00:00Z`), end: Date.parse(`${day(1)}T09:00:00Z`) }]);
    const { result, calls } = await countSdkCalls(() => slots(owner.id, { from: day(-7), to: day(82) }));
    expect(result.status).toBe(200);
    expect(calls).toEqual(["BatchGetItemCommand", "QueryCommand"]);
    const seed = await countSdkCalls(() =>
      invoke(seedSearch, { method: "GET", path: "/api/appointments/search_slots", query: { owner: owner.id, request_date: day(0) } }),
    );
    expect(seed.calls).toEqual(["BatchGetItemCommand", "QueryCommand"]);
    const cached = await countSdkCalls(() =>
      slots(owner.id, { from: day(-7), to: day(82) }, { "if-none-match": result.headers.etag! }),
    );
    expect(cached.result.status).toBe(304);
    expect(cached.calls).toEqual(["BatchGetItemCommand", "QueryCommand"]);
  });

  test.each<[string, Record<string, string>]>([
    ["an impossible date", { from: "2031-02-30", to: day(-8) }],
    ["an unknown zone", { from: day(-9), to: day(-8), timezone: "Mars/Base" }],
    ["a window over 366 days", { from: day(-68), to: day(298) }],
    ["to before from", { from: day(-8), to: day(-9) }],
    ["a missing from", { to: day(-9) }],
  ])("search with %s → 400", async (_label, query) => {
    const owner = await createTestUser();
    const response = await slots(owner.id, query);
    expect(response.status).toBe(400);
    expect(response.body.code).toEqual(expect.any(String));
  });

  test.each<[string, Record<string, unknown>]>([
    ["more than 200 rules", { weekly: Array.from({ length: 201 }, () => ({ days: [1], windows: [{ start: "09:00", end: "10:00" }] })) }],
    ["a window crossing midnight", { weekly: [{ days: [1], windows: [{ start: "22:00", end: "02:00" }] }] }],
    ["an impossible date", { dateRules: [{ from: "2031-02-30", to: day(-9), start: "09:00", end: "10:00" }] }],
    ["an unknown zone", { timezone: "Nowhere/City", ...WEEKDAYS_9_TO_17 }],
    ["a day 8", { weekly: [{ days: [8], windows: [{ start: "09:00", end: "10:00" }] }] }],
    ["an interval without an offset", { intervals: [{ start: `${day(-9)}T09:00:00`, end: `${day(-9)}T10:00:00` }] }],
    ["a zero duration", { ...WEEKDAYS_9_TO_17, settings: { durationMinutes: 0 } }],
    ["an unknown field", { ...WEEKDAYS_9_TO_17, holidays: [] }],
  ])("publishing %s → 400 and nothing changes", async (_label, body) => {
    const owner = await createTestUser();
    await publishAvailability(owner, WEEKDAYS_9_TO_17);
    const before = await readOwnerHeads(owner.id);
    const response = await invoke(putAvailability, {
      method: "PUT",
      path: `/v1/users/${owner.id}/availability`,
      pathParameters: { userId: owner.id },
      headers: bearer(owner.apiKey),
      body,
    });
    expect(response.status).toBe(400);
    expect((await readOwnerHeads(owner.id)).schedule).toEqual(before.schedule);
  });
});

describe("bookings", () => {
  test("book, read, list, reschedule, then the invitee cancels with the token", async () => {
    const owner = await createTestUser({ timezone: "UTC" });
    await publishAvailability(owner, { ...WEEKDAYS_9_TO_17, settings: { durationMinutes: 30, bufferAfterMinutes: 15 } });
    const created = await bookV1(owner.id, `${day(0)}T09:00:00Z`, { name: "Bea", email: "bea@example.com" });
    expect(created.status).toBe(201);
    const { booking, cancelToken } = created.body;
    expect(booking).toMatchObject({ start: `${day(0)}T09:00:00Z`, end: `${day(0)}T09:30:00Z`, status: "confirmed", invitee: { name: "Bea" } });

    // The buffer after 09:30 blocks the 09:30 slot.
    const next = await bookV1(owner.id, `${day(0)}T09:30:00Z`);
    expect(next.status).toBe(409);
    expect(next.body.details.reasons.map((r: { code: string }) => r.code)).toContain("buffer_conflict");

    const read = await invoke(getBooking, { method: "GET", ...bookingPath(owner.id, booking.id), headers: bearer(owner.apiKey) });
    expect(read.body).toEqual(booking);

    const moved = await invoke(rescheduleBooking, {
      method: "POST",
      ...bookingPath(owner.id, booking.id, "/reschedule"),
      headers: bearer(owner.apiKey),
      body: { start: `${day(0)}T11:00:00Z` },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ start: `${day(0)}T11:00:00Z`, rescheduledFrom: { start: `${day(0)}T09:00:00Z` } });
    expect((await bookV1(owner.id, `${day(0)}T09:00:00Z`)).status).toBe(201);

    const wrongToken = await invoke(cancelBooking, { method: "POST", ...bookingPath(owner.id, booking.id, "/cancel"), body: { cancelToken: "nope" } });
    expect(wrongToken.status).toBe(403);
    const cancelled = await invoke(cancelBooking, { method: "POST", ...bookingPath(owner.id, booking.id, "/cancel"), body: { cancelToken } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: "cancelled", cancelledBy: "invitee" });
    expect((await bookV1(owner.id, `${day(0)}T11:00:00Z`)).status).toBe(201);

    const listed = await invoke(listBookings, {
      method: "GET",
      path: `/v1/users/${owner.id}/bookings`,
      pathParameters: { userId: owner.id },
      headers: bearer(owner.apiKey),
      query: { from: `${day(0)}T00:00:00Z`, to: `${day(1)}T00:00:00Z`, limit: "1" },
    });
    expect(listed.status).toBe(200);
    expect(listed.body.bookings).toHaveLength(1);
    expect(listed.body.bookings[0].start).toBe(`${day(0)}T09:00:00Z`);
    const page2 = await invoke(listBookings, {
      method: "GET",
      path: `/v1/users/${owner.id}/bookings`,
      pathParameters: { userId: owner.id },
      headers: bearer(owner.apiKey),
      query: { from: `${day(0)}T00:00:00Z`, to: `${day(1)}T00:00:00Z`, limit: "1", cursor: listed.body.nextCursor },
    });
    expect(page2.body.bookings.map((b: { start: string }) => b.start)).toEqual([`${day(0)}T11:00:00Z`]);
  });

  test("Idempotency-Key: the same body replays the first answer; another body under the same key is another request", async () => {
    const owner = await createTestUser({ timezone: "UTC" });
    await publishAvailability(owner, WEEKDAYS_9_TO_17);
    const first = await bookV1(owner.id, `${day(1)}T09:00:00Z`, { idempotencyKey: "key-1" });
    const replay = await bookV1(owner.id, `${day(1)}T09:00:00Z`, { idempotencyKey: "key-1" });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    const free = await slots(owner.id, { from: day(1), to: day(1) });
    expect(free.body.slots).toHaveLength(15);
    // Keys are scoped by request: the same key with another body books that other request, once.
    const different = await bookV1(owner.id, `${day(1)}T10:00:00Z`, { idempotencyKey: "key-1" });
    expect(different.status).toBe(201);
    expect(different.body.booking.id).not.toBe(first.body.booking.id);
    expect((await bookV1(owner.id, `${day(1)}T10:00:00Z`, { idempotencyKey: "key-1" })).body).toEqual(different.body);
    expect((await slots(owner.id, { from: day(1), to: day(1) })).body.slots).toHaveLength(14);
  });

  test("Idempotency-Key across a SERVICE_SECRET rotation: the previous secret still opens the stored first answer", async () => {
    const owner = await createTestUser({ timezone: "UTC" });
    await publishAvailability(owner, WEEKDAYS_9_TO_17);
    const original = process.env.SERVICE_SECRET as string;
    try {
      const first = await bookV1(owner.id, `${day(3)}T09:00:00Z`, { idempotencyKey: "rotation-1" });
      expect(first.status).toBe(201);
      process.env.SERVICE_SECRET = "rotated-service-secret-0123456789abcdefgh";
      process.env.SERVICE_SECRET_PREVIOUS = original;
      const replay = await bookV1(owner.id, `${day(3)}T09:00:00Z`, { idempotencyKey: "rotation-1" });
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);
      expect((await slots(owner.id, { from: day(3), to: day(3) })).body.slots).toHaveLength(15);
    } finally {
      process.env.SERVICE_SECRET = original;
      delete process.env.SERVICE_SECRET_PREVIOUS;
    }
  });

  test("explain says why a time is not offered", async () => {
    const owner = await createTestUser({ timezone: "UTC" });
    await publishAvailability(owner, WEEKDAYS_9_TO_17);
    await bookV1(owner.id, `${day(2)}T09:00:00Z`);
    await storeCalendarBusy(owner.id, [{ start: Date.parse(`${day(2)}T10:00:00Z`), end: Date.parse(`${day(2)}T11:00:00Z`) }]);
    const explain = (start: string) =>
      invoke(explainSlot, { method: "GET", path: `/v1/users/${owner.id}/slots/explain`, pathParameters: { userId: owner.id }, query: { start } });
    const codes = async (start: string) => (await explain(start)).body.reasons.map((r: { code: string }) => r.code);
    expect(await codes(`${day(2)}T09:00:00Z`)).toEqual(["booked"]);
    expect(await codes(`${day(2)}T10:00:00Z`)).toEqual(["calendar_busy"]);
    expect(await codes(`${day(2)}T20:00:00Z`)).toContain("outside_availability");
    expect(await codes("2020-03-12T09:00:00Z")).toContain("in_past");
    const offered = await explain(`${day(2)}T12:00:00Z`);
    expect(offered.body).toEqual({ offered: true, slot: { start: `${day(2)}T12:00:00Z`, end: `${day(2)}T12:30:00Z` }, reasons: [] });
  });

  test.each<[string, Record<string, unknown>, number]>([
    ["an impossible date", { start: "2031-02-30T09:00:00Z", invitee: { name: "A", email: "a@example.com" } }, 400],
    ["no offset", { start: `${day(0)}T09:00:00`, invitee: { name: "A", email: "a@example.com" } }, 400],
    ["a bad email", { start: `${day(0)}T09:00:00Z`, invitee: { name: "A", email: "not-an-email" } }, 400],
    ["no invitee", { start: `${day(0)}T09:00:00Z` }, 400],
    ["a time in the past", { start: "2021-03-10T09:00:00Z", invitee: { name: "A", email: "a@example.com" } }, 422],
    ["a misaligned time", { start: `${day(0)}T09:10:00Z`, invitee: { name: "A", email: "a@example.com" } }, 422],
  ])("booking with %s → refused and nothing is created", async (_label, body, status) => {
    const owner = await createTestUser({ timezone: "UTC" });
    await publishAvailability(owner, WEEKDAYS_9_TO_17);
    const before = await readOwnerHeads(owner.id);
    const response = await bookV1(owner.id, "", { body });
    expect(response.status).toBe(status);
    expect((await readOwnerHeads(owner.id)).schedule?.version).toBe(before.schedule?.version);
  });
});

describe("GET /v1/overlap", () => {
  test("when three people are all free, in a zone, cut into slots", async () => {
    const [a, b, c] = [await createTestUser(), await createTestUser(), await createTestUser()];
    await publishAvailability(a, { timezone: "Europe/London", weekly: [{ days: [1], windows: [{ start: "09:00", end: "17:00" }] }] });
    await publishAvailability(b, { timezone: "America/New_York", weekly: [{ days: [1], windows: [{ start: "08:00", end: "12:00" }] }] });
    await publishAvailability(c, { timezone: "UTC", weekly: [{ days: [1], windows: [{ start: "00:00", end: "24:00" }] }] });
    await bookV1(c.id, `${day(7)}T14:00:00Z`);
    const response = await invoke(findOverlap, {
      method: "GET",
      path: "/v1/overlap",
      query: { users: `${a.id},${b.id},${c.id}`, from: day(7), to: day(7), timezone: "UTC", slotMinutes: "30" },
    });
    expect(response.status).toBe(200);
    // London 09–17 and New York 08–12, each in its own zone (whatever DST is in force); c booked 14:00–14:30Z.
    const [start, end] = [
      Math.max(Date.parse(utcInstant(day(7), "09:00", "Europe/London")), Date.parse(utcInstant(day(7), "08:00", "America/New_York"))),
      Math.min(Date.parse(utcInstant(day(7), "17:00", "Europe/London")), Date.parse(utcInstant(day(7), "12:00", "America/New_York"))),
    ];
    const [booked, bookedEnd] = [Date.parse(`${day(7)}T14:00:00Z`), Date.parse(`${day(7)}T14:30:00Z`)];
    const utc = (ms: number) => showIn(new Date(ms).toISOString(), "UTC");
    expect(response.body.overlap).toEqual([
      { start: utc(start), end: utc(booked) },
      { start: utc(bookedEnd), end: utc(end) },
    ]);
    const HALF_HOUR = 1_800_000;
    expect(response.body.slots).toHaveLength(Math.floor((booked - start) / HALF_HOUR) + Math.floor((end - bookedEnd) / HALF_HOUR));
  });

  test("unknown user → 404; one user → 400", async () => {
    const a = await createTestUser();
    expect((await invoke(findOverlap, { method: "GET", path: "/v1/overlap", query: { users: `${a.id},nobody-x`, from: day(7), to: day(7) } })).status).toBe(404);
    expect((await invoke(findOverlap, { method: "GET", path: "/v1/overlap", query: { users: a.id, from: day(7), to: day(7) } })).status).toBe(400);
  });
});

test("the admin may publish for a user", async () => {
  const owner = await createTestUser();
  const response = await invoke(putAvailability, {
    method: "PUT",
    path: `/v1/users/${owner.id}/availability`,
    pathParameters: { userId: owner.id },
    headers: adminHeaders,
    body: WEEKDAYS_9_TO_17,
  });
  expect(response.status).toBe(200);
});

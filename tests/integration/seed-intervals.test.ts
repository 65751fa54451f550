import { handler as addIntervals } from "../../functions/seed/add-intervals.js";
import { handler as getIntervals } from "../../functions/seed/get-intervals.js";
import { handler as overlapByPath } from "../../functions/seed/overlap-by-path.js";
import { handler as overlapPost } from "../../functions/seed/overlap-post.js";
import { handler as overlap } from "../../functions/seed/overlap.js";
import { readOwnerHeads } from "../../lib/data/schedules-repo.js";
import { bookV1 } from "../support/booking.js";
import { storeCalendarBusy } from "../support/calendar.js";
import { invoke } from "../support/lambda.js";
import { bearer, createTestUser } from "../support/users.js";
import { addDays, futureMonday } from "../support/future-dates.js";

/** A Monday far enough ahead that every date of this file (the earliest is 2 days before it) is still to come. */
const MONDAY = futureMonday({ weeksAhead: 2 });
const day = (n: number) => addDays(MONDAY, n);

type User = { id: string; apiKey: string };
const post = (user: User, availability: unknown, userId: string = user.id) =>
  invoke(addIntervals, { method: "POST", path: "/availability", headers: bearer(user.apiKey), body: { user_id: userId, availability } });
const read = (user: User) => invoke(getIntervals, { method: "GET", path: "/availability", headers: bearer(user.apiKey) });
const span = (start_time: string, end_time: string) => ({ start_time, end_time });

describe("POST and GET /availability", () => {
  test("offsets are normalised to UTC; intervals add up, duplicates ignored, merged and sorted on read", async () => {
    const user = await createTestUser();
    const first = await post(user, [span(`${day(-2)}T11:00:00+02:00`, `${day(-2)}T12:00:00+02:00`), span(`${day(-2)}T14:30:00+05:30`, `${day(-2)}T15:00:00+05:30`)]);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ message: "Availability set successfully" });
    await post(user, [span(`${day(-2)}T10:00:00Z`, `${day(-2)}T11:00:00Z`), span(`${day(-2)}T09:00:00Z`, `${day(-2)}T10:00:00Z`)]);
    const response = await read(user);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      user_id: user.id,
      availability: [span(`${day(-2)}T09:00:00Z`, `${day(-2)}T11:00:00Z`)],
    });
    expect((await readOwnerHeads(user.id)).schedule?.availability.intervals).toHaveLength(3);
  });

  test.each<[string, unknown]>([
    ["a time without an offset", [span(`${day(-2)}T09:00:00`, `${day(-2)}T10:00:00`)]],
    ["a start in the past", [span(`${day(-2)}T09:00:00Z`, `${day(-2)}T10:00:00Z`), span("2020-01-01T09:00:00Z", "2020-01-01T10:00:00Z")]],
    ["end before start", [span(`${day(-2)}T10:00:00Z`, `${day(-2)}T09:00:00Z`)]],
    ["end equal to start", [span(`${day(-2)}T10:00:00Z`, `${day(-2)}T10:00:00Z`)]],
    ["an impossible date", [span("2031-02-30T10:00:00Z", "2031-02-30T11:00:00Z")]],
    ["a bad value", [span("soon", "later")]],
    ["a number", [{ start_time: 1, end_time: 2 }]],
  ])("%s → 400 and nothing of the batch is stored", async (_label, availability) => {
    const user = await createTestUser();
    await post(user, [span(`${day(2)}T09:00:00Z`, `${day(2)}T10:00:00Z`)]);
    const before = await readOwnerHeads(user.id);
    const response = await post(user, availability);
    expect(response.status).toBe(400);
    expect((await readOwnerHeads(user.id)).schedule).toEqual(before.schedule);
  });

  test("posting for another user → 403; no user_id → 400", async () => {
    const user = await createTestUser();
    const other = await createTestUser();
    expect((await post(user, [span(`${day(-2)}T09:00:00Z`, `${day(-2)}T10:00:00Z`)], other.id)).status).toBe(403);
    const missing = await invoke(addIntervals, { method: "POST", path: "/availability", headers: bearer(user.apiKey), body: { availability: [] } });
    expect(missing.status).toBe(400);
    expect((await readOwnerHeads(other.id)).schedule).toBeUndefined();
  });
});

describe("overlap", () => {
  test("three request forms agree; bookings and calendar time are subtracted; touching intervals excluded", async () => {
    const a = await createTestUser();
    const b = await createTestUser();
    await post(a, [span(`${day(-2)}T09:00:00Z`, `${day(-2)}T13:00:00Z`), span(`${day(-1)}T09:00:00Z`, `${day(-1)}T10:00:00Z`)]);
    await post(b, [span(`${day(-2)}T10:00:00Z`, `${day(-2)}T15:00:00Z`), span(`${day(-1)}T10:00:00Z`, `${day(-1)}T11:00:00Z`)]);
    await storeCalendarBusy(b.id, [{ start: Date.parse(`${day(-2)}T11:00:00Z`), end: Date.parse(`${day(-2)}T11:30:00Z`) }]);
    const expected = { overlap: [span(`${day(-2)}T10:00:00Z`, `${day(-2)}T11:00:00Z`), span(`${day(-2)}T11:30:00Z`, `${day(-2)}T13:00:00Z`)] };

    const byQuery = await invoke(overlap, { method: "GET", path: "/overlap", headers: bearer(a.apiKey), query: { user_id_2: b.id } });
    expect(byQuery.status).toBe(200);
    expect(byQuery.body).toEqual(expected);
    const byPath = await invoke(overlapByPath, { method: "GET", path: `/overlap/${b.id}`, pathParameters: { userId2: b.id }, headers: bearer(a.apiKey) });
    expect(byPath.body).toEqual(expected);
    const byBody = await invoke(overlapPost, { method: "POST", path: "/overlap", headers: bearer(a.apiKey), body: { user_id_2: b.id } });
    expect(byBody.body).toEqual(expected);
    const byGetBody = await invoke(overlap, { method: "GET", path: "/overlap", headers: bearer(a.apiKey), body: { user_id_2: b.id } });
    expect(byGetBody.body).toEqual(expected);
  });

  test("a booking of either user is subtracted", async () => {
    const a = await createTestUser();
    const b = await createTestUser();
    await post(a, [span(`${day(0)}T09:00:00Z`, `${day(0)}T12:00:00Z`)]);
    await post(b, [span(`${day(0)}T09:00:00Z`, `${day(0)}T12:00:00Z`)]);
    expect((await bookV1(a.id, `${day(0)}T10:00:00Z`)).status).toBe(201);
    const response = await invoke(overlap, { method: "GET", path: "/overlap", headers: bearer(b.apiKey), query: { user_id_2: a.id } });
    expect(response.body).toEqual({ overlap: [span(`${day(0)}T09:00:00Z`, `${day(0)}T10:00:00Z`), span(`${day(0)}T10:30:00Z`, `${day(0)}T12:00:00Z`)] });
  });

  test("unknown other user → 200 []; missing user_id_2 → 400; no key → 401", async () => {
    const a = await createTestUser();
    const unknown = await invoke(overlap, { method: "GET", path: "/overlap", headers: bearer(a.apiKey), query: { user_id_2: "nobody-here" } });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ overlap: [] });
    expect((await invoke(overlap, { method: "GET", path: "/overlap", headers: bearer(a.apiKey) })).status).toBe(400);
    expect((await invoke(overlap, { method: "GET", path: "/overlap", query: { user_id_2: a.id } })).status).toBe(401);
  });
});

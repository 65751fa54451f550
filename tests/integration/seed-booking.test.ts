import { handler as bookSlot } from "../../functions/seed/book-slot.js";
import { handler as listUpcomingByQuery } from "../../functions/seed/list-upcoming-by-query.js";
import { handler as listUpcoming } from "../../functions/seed/list-upcoming.js";
import { handler as searchSlotsPost } from "../../functions/seed/search-slots-post.js";
import { handler as searchSlots } from "../../functions/seed/search-slots.js";
import { handler as setAvailability } from "../../functions/seed/set-availability.js";
import { readOwnerHeads } from "../../lib/data/schedules-repo.js";
import { storeCalendarBusy } from "../support/calendar.js";
import { invoke } from "../support/lambda.js";
import { bearer, createTestUser } from "../support/users.js";
import { addDays, futureMonday } from "../support/future-dates.js";

/** A Monday far enough ahead that every date of this file (the earliest is 68 days before it) is still to come. */
const MONDAY = futureMonday({ weeksAhead: 10 });
const day = (n: number) => addDays(MONDAY, n);

type Rule = { start_date: string; end_date: string; start_time: string; end_time: string };

const setRules = (owner: { id: string; apiKey: string }, rules: unknown) =>
  invoke(setAvailability, {
    method: "POST",
    path: `/api/calendar/set_availability/${owner.id}`,
    pathParameters: { userId: owner.id },
    headers: bearer(owner.apiKey),
    body: { availability_rules: rules },
  });

const search = (owner: string, date: string) =>
  invoke(searchSlots, { method: "GET", path: "/api/appointments/search_slots", query: { owner, request_date: date } });

const book = (body: Record<string, unknown>) => invoke(bookSlot, { method: "POST", path: "/api/appointments/book_slot", body });

const rule = (start_date: string, end_date: string, start_time: string, end_time: string): Rule => ({
  start_date,
  end_date,
  start_time,
  end_time,
});

describe("POST /api/calendar/set_availability/{userId}", () => {
  test("stores the rules and lists all of them in new_slots", async () => {
    const owner = await createTestUser();
    const first = await setRules(owner, [rule(day(-9), day(-7), "09:00", "12:00")]);
    expect(first.status).toBe(200);
    expect(first.body.message).toBe(`Availability set for ${owner.id}`);
    const second = await setRules(owner, [rule(day(-9), day(-7), "12:00", "17:00")]);
    expect(second.status).toBe(200);
    expect(JSON.parse(second.body.new_slots)).toEqual([
      rule(day(-9), day(-7), "09:00", "12:00"),
      rule(day(-9), day(-7), "12:00", "17:00"),
    ]);
  });

  test.each<[string, Rule[], Rule[]]>([
    ["an existing rule", [rule(day(-9), day(-5), "09:00", "12:00")], [rule(day(-5), day(-3), "11:00", "13:00")]],
    ["an identical rule", [rule(day(-9), day(-5), "09:00", "12:00")], [rule(day(-9), day(-5), "09:00", "12:00")]],
    ["another rule of the request", [], [rule(day(22), day(22), "09:00", "12:00"), rule(day(22), day(23), "10:00", "11:00")]],
  ])("a rule overlapping %s → 400 'overlaps' and nothing changes", async (_label, existing, added) => {
    const owner = await createTestUser();
    if (existing.length) expect((await setRules(owner, existing)).status).toBe(200);
    const before = await readOwnerHeads(owner.id);
    const response = await setRules(owner, added);
    expect(response.status).toBe(400);
    expect(response.body.error).toContain("overlaps");
    expect((await readOwnerHeads(owner.id)).schedule).toEqual(before.schedule);
  });

  test.each<[string, unknown]>([
    ["start_date after end_date", [rule(day(-5), day(-9), "09:00", "12:00")]],
    ["start_time equal to end_time", [rule(day(-9), day(-9), "09:00", "09:00")]],
    ["start_time after end_time", [rule(day(-9), day(-9), "17:00", "09:00")]],
    ["an impossible date", [rule("2031-02-30", day(-9), "09:00", "12:00")]],
    ["a bad time format", [rule(day(-9), day(-9), "9am", "12:00")]],
    ["24:00 as a start", [rule(day(-9), day(-9), "24:00", "24:00")]],
    ["a missing field", [{ start_date: day(-9), end_date: day(-9), start_time: "09:00" }]],
    ["rules that are not a list", { start_date: day(-9) }],
    ["more than 200 rules", Array.from({ length: 201 }, (_, i) => rule(day(-68), day(-68), `${String(i % 24).padStart(2, "0")}:00`, "24:00"))],
  ])("%s → 400 and nothing changes", async (_label, rules) => {
    const owner = await createTestUser();
    await setRules(owner, [rule(day(83), day(83), "09:00", "10:00")]);
    const before = await readOwnerHeads(owner.id);
    const response = await setRules(owner, rules);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("validation_failed");
    expect((await readOwnerHeads(owner.id)).schedule).toEqual(before.schedule);
  });

  test("an empty list → 200 and nothing changes; touching rules are fine", async () => {
    const owner = await createTestUser();
    await setRules(owner, [rule(day(-9), day(-9), "09:00", "12:00")]);
    const before = await readOwnerHeads(owner.id);
    const empty = await setRules(owner, []);
    expect(empty.status).toBe(200);
    expect(JSON.parse(empty.body.new_slots)).toHaveLength(1);
    expect((await readOwnerHeads(owner.id)).schedule?.version).toBe(before.schedule?.version);
    expect((await setRules(owner, [rule(day(-9), day(-9), "12:00", "13:00")])).status).toBe(200);
  });

  test("another user's key → 403", async () => {
    const owner = await createTestUser();
    const other = await createTestUser();
    const response = await setRules({ id: owner.id, apiKey: other.apiKey }, [rule(day(-9), day(-9), "09:00", "12:00")]);
    expect(response.status).toBe(403);
    expect((await readOwnerHeads(owner.id)).schedule).toBeUndefined();
  });
});

describe("search_slots", () => {
  test("60-minute slots stepping from the rule start, remainder dropped, each once, touching rules contiguous", async () => {
    const owner = await createTestUser();
    await setRules(owner, [
      rule(day(-7), day(-7), "09:30", "11:45"),
      rule(day(-7), day(-7), "11:45", "13:45"),
      rule(day(-6), day(-6), "09:00", "11:00"),
    ]);
    const touching = await search(owner.id, day(-7));
    expect(touching.status).toBe(200);
    expect(touching.body.available_slots).toEqual([
      { start: `${day(-7)}T09:30`, end: `${day(-7)}T10:30` },
      { start: `${day(-7)}T10:30`, end: `${day(-7)}T11:30` },
      { start: `${day(-7)}T11:30`, end: `${day(-7)}T12:30` },
      { start: `${day(-7)}T12:30`, end: `${day(-7)}T13:30` },
    ]);
    const plain = await search(owner.id, day(-6));
    expect(plain.body.available_slots.map((s: { start: string }) => s.start)).toEqual([`${day(-6)}T09:00`, `${day(-6)}T10:00`]);
  });

  test("a window ending at 24:00 gives a last slot ending at the next date's T00:00, in the owner's zone", async () => {
    const owner = await createTestUser({ timezone: "America/New_York" });
    await setRules(owner, [rule(day(-2), day(-2), "22:00", "24:00")]);
    const response = await search(owner.id, day(-2));
    expect(response.body.available_slots).toEqual([
      { start: `${day(-2)}T22:00`, end: `${day(-2)}T23:00` },
      { start: `${day(-2)}T23:00`, end: `${day(-1)}T00:00` },
    ]);
  });

  test("the JSON-body form by POST answers the same as the query form", async () => {
    const owner = await createTestUser();
    await setRules(owner, [rule(day(-5), day(-5), "09:00", "12:00")]);
    const byQuery = await search(owner.id, day(-5));
    const byBody = await invoke(searchSlotsPost, {
      method: "POST",
      path: "/api/appointments/search_slots",
      body: { owner: owner.id, request_date: day(-5) },
    });
    expect(byBody.status).toBe(200);
    expect(byBody.body).toEqual(byQuery.body);
    const getWithBody = await invoke(searchSlots, {
      method: "GET",
      path: "/api/appointments/search_slots",
      body: { owner: owner.id, request_date: day(-5) },
    });
    expect(getWithBody.body).toEqual(byQuery.body);
  });

  test("unknown owner → 404; owner without rules → no slots; missing or bad fields → 400; past time hidden", async () => {
    expect((await search("nobody-at-all", day(-5))).status).toBe(404);
    const owner = await createTestUser();
    expect((await search(owner.id, day(-5))).body).toEqual({ available_slots: [] });
    expect((await invoke(searchSlots, { method: "GET", path: "/api/appointments/search_slots", query: { owner: owner.id } })).status).toBe(400);
    expect((await search(owner.id, "2031-02-30")).status).toBe(400);
    expect((await search(owner.id, "05/03/2031")).status).toBe(400);
    await setRules(owner, [rule("2020-01-01", "2020-01-01", "09:00", "12:00")]);
    expect((await search(owner.id, "2020-01-01")).body).toEqual({ available_slots: [] });
  });
});

describe("book_slot and list_upcoming", () => {
  test("books an offered slot once; then 409; search no longer offers it; listed by both paths", async () => {
    const owner = await createTestUser({ timezone: "Europe/Paris" });
    await setRules(owner, [rule(day(0), day(1), "09:00", "12:00")]);
    const booked = await book({ owner: owner.id, invitee: "Bea", start_time: `${day(0)}T10:00`, end_time: `${day(0)}T11:00` });
    expect(booked.status).toBe(200);
    expect(booked.body).toEqual({
      message: "Appointment booked successfully",
      appointment: { start: `${day(0)}T10:00`, end: `${day(0)}T11:00`, invitee: "Bea", owner: owner.id },
    });
    const again = await book({ owner: owner.id, invitee: "Cy", start_time: `${day(0)}T10:00`, end_time: `${day(0)}T11:00` });
    expect(again.status).toBe(409);
    expect(again.body.details.reasons[0].code).toBe("booked");
    expect((await search(owner.id, day(0))).body.available_slots.map((s: { start: string }) => s.start)).toEqual([
      `${day(0)}T09:00`,
      `${day(0)}T11:00`,
    ]);
    await book({ owner: owner.id, invitee: "Al", start_time: `${day(0)}T09:00`, end_time: `${day(0)}T10:00` });

    const listed = await invoke(listUpcoming, {
      method: "GET",
      path: `/appointments/list_upcoming/${owner.id}`,
      pathParameters: { userId: owner.id },
      headers: bearer(owner.apiKey),
    });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      upcoming_appointments: [
        { invitee: "Al", start_time: `${day(0)}T09:00`, end_time: `${day(0)}T10:00` },
        { invitee: "Bea", start_time: `${day(0)}T10:00`, end_time: `${day(0)}T11:00` },
      ],
    });
    const byQuery = await invoke(listUpcomingByQuery, {
      method: "GET",
      path: "/api/calendar/appointments/list_upcoming",
      query: { owner: owner.id },
      headers: bearer(owner.apiKey),
    });
    expect(byQuery.body).toEqual(listed.body);
    const other = await createTestUser();
    const forbidden = await invoke(listUpcomingByQuery, {
      method: "GET",
      path: "/api/calendar/appointments/list_upcoming",
      query: { owner: owner.id },
      headers: bearer(other.apiKey),
    });
    expect(forbidden.status).toBe(403);
  });

  test.each<[string, Record<string, string>, number]>([
    ["misaligned", { start_time: `${day(2)}T09:30`, end_time: `${day(2)}T10:30` }, 422],
    ["the wrong length", { start_time: `${day(2)}T09:00`, end_time: `${day(2)}T09:30` }, 422],
    ["outside the rules", { start_time: `${day(2)}T15:00`, end_time: `${day(2)}T16:00` }, 422],
    ["an impossible date", { start_time: "2031-02-30T09:00", end_time: "2031-02-30T10:00" }, 400],
    ["a bad format", { start_time: `${day(2)} 09:00`, end_time: `${day(2)} 10:00` }, 400],
  ])("%s → refused and nothing is booked", async (_label, times, status) => {
    const owner = await createTestUser();
    await setRules(owner, [rule(day(2), day(2), "09:00", "12:00")]);
    const response = await book({ owner: owner.id, invitee: "Bea", ...times });
    expect(response.status).toBe(status);
    expect(response.body.code).toEqual(expect.any(String));
    expect((await search(owner.id, day(2))).body.available_slots).toHaveLength(3);
  });

  test("a slot in the past → 422; unknown owner → 404; missing invitee → 400", async () => {
    const owner = await createTestUser();
    await setRules(owner, [rule("2020-01-06", "2020-01-06", "09:00", "12:00")]);
    const past = await book({ owner: owner.id, invitee: "Bea", start_time: "2020-01-06T09:00", end_time: "2020-01-06T10:00" });
    expect(past.status).toBe(422);
    expect(past.body.details.reasons.map((r: { code: string }) => r.code)).toContain("in_past");
    expect((await book({ owner: "nobody-at-all", invitee: "Bea", start_time: `${day(2)}T09:00`, end_time: `${day(2)}T10:00` })).status).toBe(404);
    expect((await book({ owner: owner.id, start_time: `${day(2)}T09:00`, end_time: `${day(2)}T10:00` })).status).toBe(400);
  });

  test("a slot under a calendar event is neither offered nor bookable (409)", async () => {
    const owner = await createTestUser();
    await setRules(owner, [rule(day(3), day(3), "09:00", "12:00")]);
    await storeCalendarBusy(owner.id, [{ start: Date.parse(`${day(3)}T10:15:00Z`), end: Date.parse(`${day(3)}T10:45:00Z`) }]);
    expect((await search(owner.id, day(3))).body.available_slots.map((s: { start: string }) => s.start)).toEqual([
      `${day(3)}T09:00`,
      `${day(3)}T11:00`,
    ]);
    const response = await book({ owner: owner.id, invitee: "Bea", start_time: `${day(3)}T10:00`, end_time: `${day(3)}T11:00` });
    expect(response.status).toBe(409);
    expect(response.body.details.reasons[0].code).toBe("calendar_busy");
  });
});

import { handler as cancelBooking } from "../../functions/booking/cancel-booking.js";
import { handler as explainSlot } from "../../functions/booking/explain-slot.js";
import { handler as getBooking } from "../../functions/booking/get-booking.js";
import { handler as listBookings } from "../../functions/booking/list-bookings.js";
import { handler as rescheduleBooking } from "../../functions/booking/reschedule-booking.js";
import { handler as searchSlots } from "../../functions/booking/search-slots.js";
import { handler as deleteEventType } from "../../functions/event-types/delete-event-type.js";
import { handler as updateEventType } from "../../functions/event-types/update-event-type.js";
import { queryBookings, type BookingRecord } from "../../lib/data/schedules-repo.js";
import { bookV1, publishAvailability } from "../support/booking.js";
import { createEventType } from "../support/event-types.js";
import { addDays, futureMonday } from "../support/future-dates.js";
import { invoke } from "../support/lambda.js";
import { countSdkCalls } from "../support/sdk-calls.js";
import { bearer, createTestUser } from "../support/users.js";

type Owner = { id: string; apiKey: string };

/** A Monday ahead of the clock; every date of this file is on or after it. */
const MONDAY = futureMonday({ weeksAhead: 3 });
const at = (time: string, date = MONDAY) => `${date}T${time}:00Z`;
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

const MONDAY_9_TO_12 = { timezone: "UTC", weekly: [{ days: [1], windows: [{ start: "09:00", end: "12:00" }] }] };

const slots = (owner: Owner, query: Record<string, string>, headers: Record<string, string> = {}) =>
  invoke(searchSlots, {
    method: "GET",
    path: `/v1/users/${owner.id}/slots`,
    pathParameters: { userId: owner.id },
    query: { from: MONDAY, to: MONDAY, ...query },
    headers,
  });
const starts = (response: { body: { slots: { start: string }[] } }) => response.body.slots.map((slot) => slot.start.slice(11, 16));
const explain = (owner: Owner, query: Record<string, string>) =>
  invoke(explainSlot, { method: "GET", path: `/v1/users/${owner.id}/slots/explain`, pathParameters: { userId: owner.id }, query });
const book = (owner: Owner, start: string, fields: Record<string, unknown> = {}, name = "Invitee") =>
  bookV1(owner.id, start, { body: { start, invitee: { name, email: "invitee@example.com" }, ...fields } });
const bookingPath = (owner: Owner, bookingId: string, action = "") => ({
  path: `/v1/users/${owner.id}/bookings/${bookingId}${action}`,
  pathParameters: { userId: owner.id, bookingId },
});

async function ownerWithHours(settings: Record<string, unknown> = { durationMinutes: 30 }): Promise<Owner> {
  const owner = await createTestUser({ timezone: "UTC" });
  await publishAvailability(owner, { ...MONDAY_9_TO_12, settings });
  return owner;
}

describe("slot search and explain by event type", () => {
  test("an event type's lengths and step make the grid; the default event type answers as before", async () => {
    const owner = await ownerWithHours();
    await createEventType(owner, { slug: "long", title: "Long", durationMinutes: [60, 90], stepMinutes: 30 });

    const plain = await slots(owner, {});
    expect(plain.status).toBe(200);
    expect(plain.body).not.toHaveProperty("eventType");
    expect(plain.body.durationMinutes).toBe(30);
    expect(starts(plain)).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]);
    // Naming the default event type gives the same slots.
    const named = await slots(owner, { eventType: "default" });
    expect(named.body).toMatchObject({ eventType: "default", durationMinutes: 30 });
    expect(named.body.slots).toEqual(plain.body.slots);

    const long = await slots(owner, { eventType: "long" });
    expect(long.body).toMatchObject({ eventType: "long", durationMinutes: 60 });
    expect(starts(long)).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00"]);
    const longest = await slots(owner, { eventType: "long", durationMinutes: "90" });
    expect(longest.body.durationMinutes).toBe(90);
    expect(starts(longest)).toEqual(["09:00", "09:30", "10:00", "10:30"]);
    expect(longest.body.slots[0]).toEqual({ start: `${MONDAY}T09:00:00+00:00`, end: `${MONDAY}T10:30:00+00:00` });
  });

  test("an unknown event type is a 404, a length it does not offer a 400", async () => {
    const owner = await ownerWithHours();
    await createEventType(owner, { slug: "long", title: "Long", durationMinutes: [60, 90] });
    const unknown = await slots(owner, { eventType: "nope" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("event_type_not_found");
    const length = await slots(owner, { eventType: "long", durationMinutes: "45" });
    expect(length.status).toBe(400);
    expect(length.body).toMatchObject({ code: "duration_not_offered", details: { choices: [60, 90] } });
    expect((await slots(owner, { durationMinutes: "45" })).status).toBe(400);
    expect((await slots(owner, { eventType: "Bad Slug" })).status).toBe(400);
    expect((await explain(owner, { start: at("09:00"), eventType: "nope" })).status).toBe(404);
    expect((await book(owner, at("09:00"), { eventType: "nope" })).status).toBe(404);
  });

  test("explain judges the event type's length: `end` picks one of its lengths", async () => {
    const owner = await ownerWithHours();
    await createEventType(owner, { slug: "long", title: "Long", durationMinutes: [60, 90], stepMinutes: 30 });
    const sixty = await explain(owner, { start: at("09:00"), eventType: "long" });
    expect(sixty.body).toEqual({ offered: true, slot: { start: at("09:00"), end: at("10:00") }, reasons: [] });
    const ninety = await explain(owner, { start: at("09:00"), end: at("10:30"), eventType: "long" });
    expect(ninety.body.offered).toBe(true);
    const odd = await explain(owner, { start: at("09:00"), end: at("10:15"), eventType: "long" });
    expect(odd.body.reasons.map((r: { code: string }) => r.code)).toEqual(["wrong_duration"]);
    // 11:00 + 90 minutes runs past the window.
    const late = await explain(owner, { start: at("11:00"), eventType: "long", durationMinutes: "90" });
    expect(late.body.reasons.map((r: { code: string }) => r.code)).toEqual(["outside_availability"]);
  });

  test("the event type is read in the same BatchGetItem as the owner's schedule: no request more", async () => {
    const owner = await ownerWithHours();
    await createEventType(owner, { slug: "call", title: "Call", durationMinutes: 30 });
    const search = await countSdkCalls(() => slots(owner, { eventType: "call" }));
    expect(search.result.status).toBe(200);
    expect(search.calls).toEqual(["BatchGetItemCommand", "QueryCommand"]);
    const booked = await countSdkCalls(() => book(owner, at("09:00"), { eventType: "call" }));
    expect(booked.result.status).toBe(201);
    expect(booked.calls).toEqual(["BatchGetItemCommand", "BatchGetItemCommand", "QueryCommand", "TransactWriteItemsCommand"]);
  });

  test("the ETag changes when the event type changes", async () => {
    const owner = await ownerWithHours();
    await createEventType(owner, { slug: "call", title: "Call", durationMinutes: 30 });
    const first = await slots(owner, { eventType: "call" });
    const etag = first.headers.etag!;
    expect((await slots(owner, { eventType: "call" }, { "if-none-match": etag })).status).toBe(304);
    // Another event type, or the default one, is another answer.
    expect((await slots(owner, {}, { "if-none-match": etag })).status).toBe(200);

    const change = (body: Record<string, unknown>) =>
      invoke(updateEventType, {
        method: "PATCH",
        path: `/v1/users/${owner.id}/event-types/call`,
        pathParameters: { userId: owner.id, slug: "call" },
        headers: bearer(owner.apiKey),
        body,
      });
    expect((await change({ bufferBeforeMinutes: 30 })).status).toBe(200);
    const afterBuffer = await slots(owner, { eventType: "call" }, { "if-none-match": etag });
    expect(afterBuffer.status).toBe(200);
    expect(starts(afterBuffer)).toEqual(starts(first));
    // Even a change that leaves the slots as they are (the title) is a new definition.
    expect((await change({ title: "Phone call" })).status).toBe(200);
    expect((await slots(owner, { eventType: "call" }, { "if-none-match": afterBuffer.headers.etag! })).status).toBe(200);
  });
});

describe("booking an event type", () => {
  const QUESTIONS = [
    { id: "company", label: "Company", type: "short_text", required: true },
    { id: "agenda", label: "Agenda", type: "long_text" },
    { id: "size", label: "Team size", type: "choice", options: ["1-10", "11-50"], required: true },
  ];

  test("the booking records its event type, length, answers and location; the owner reads them back", async () => {
    const owner = await ownerWithHours();
    await createEventType(owner, {
      slug: "intro",
      title: "Intro",
      durationMinutes: [30, 60],
      location: { kind: "url", url: "https://meet.example.com/ann" },
      questions: QUESTIONS,
    });
    const booked = await book(owner, at("10:00"), {
      eventType: "intro",
      durationMinutes: 60,
      answers: { company: "  Acme  ", size: "11-50", agenda: "" },
    });
    expect(booked.status).toBe(201);
    const booking = booked.body.booking;
    expect(booking).toMatchObject({
      start: at("10:00"),
      end: at("11:00"),
      eventType: "intro",
      // Trimmed; a blank optional answer is left out.
      answers: { company: "Acme", size: "11-50" },
      location: { kind: "url", url: "https://meet.example.com/ann" },
    });
    const read = await invoke(getBooking, { method: "GET", ...bookingPath(owner, booking.id), headers: bearer(owner.apiKey) });
    expect(read.body).toEqual(booking);
    const listed = await invoke(listBookings, {
      method: "GET",
      path: `/v1/users/${owner.id}/bookings`,
      pathParameters: { userId: owner.id },
      headers: bearer(owner.apiKey),
      query: { from: at("00:00") },
    });
    expect(listed.body.bookings).toEqual([booking]);

    // `end` alone picks the length.
    const byEnd = await book(owner, at("09:00"), { end: at("09:30"), eventType: "intro", answers: { company: "B", size: "1-10" } });
    expect(byEnd.status).toBe(201);
    expect(byEnd.body.booking.end).toBe(at("09:30"));
  });

  test("a booking of the default event type reads exactly as before", async () => {
    const owner = await ownerWithHours();
    const booked = await book(owner, at("09:00"));
    expect(booked.status).toBe(201);
    // As before, plus the calendar invite's `sequence` that every booking now carries.
    expect(Object.keys(booked.body.booking).sort()).toEqual(["createdAt", "end", "id", "invitee", "ownerId", "sequence", "start", "status", "updatedAt"]);
    const named = await book(owner, at("09:30"), { eventType: "default" });
    expect(Object.keys(named.body.booking)).not.toContain("eventType");
  });

  test.each([
    ["a required answer missing", { size: "1-10" }, "company"],
    ["a blank required answer", { company: "   ", size: "1-10" }, "company"],
    ["a choice outside the options", { company: "Acme", size: "500" }, "size"],
    ["an answer to no question", { company: "Acme", size: "1-10", color: "red" }, "color"],
    ["a short answer over 300 characters", { company: "x".repeat(301), size: "1-10" }, "company"],
  ])("%s is a 400 and books nothing", async (_name, answers, question) => {
    const owner = await ownerWithHours();
    await createEventType(owner, { slug: "intro", title: "Intro", durationMinutes: 30, questions: QUESTIONS });
    const response = await book(owner, at("09:00"), { eventType: "intro", answers });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("invalid_answers");
    expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ question })]));
    expect(await queryBookings(owner.id, Date.parse(at("00:00")), Date.parse(at("23:59")))).toEqual([]);
  });

  test("answers the default event type does not ask for, a length it does not offer, bad answers: 400", async () => {
    const owner = await ownerWithHours();
    expect((await book(owner, at("09:00"), { answers: { company: "Acme" } })).body.code).toBe("invalid_answers");
    expect((await book(owner, at("09:00"), { durationMinutes: 60 })).body.code).toBe("duration_not_offered");
    expect((await book(owner, at("09:00"), { answers: { "Bad Id": "x" } })).status).toBe(400);
    expect((await book(owner, at("09:00"), { answers: { company: "x".repeat(5001) } })).status).toBe(400);
    expect((await book(owner, at("09:00"), { answers: ["x"] })).status).toBe(400);
    expect(await queryBookings(owner.id, Date.parse(at("00:00")), Date.parse(at("23:59")))).toEqual([]);
  });

  test("a hidden event type is bookable by its slug", async () => {
    const owner = await ownerWithHours();
    await createEventType(owner, { slug: "vip", title: "VIP", durationMinutes: 30, hidden: true });
    expect((await book(owner, at("09:00"), { eventType: "vip" })).status).toBe(201);
  });

  test("buffers hold across event types: a buffered booking of one type takes time from the others", async () => {
    const owner = await ownerWithHours();
    await createEventType(owner, { slug: "buffered", title: "Buffered", durationMinutes: 30, bufferAfterMinutes: 30 });
    await createEventType(owner, { slug: "hour", title: "Hour", durationMinutes: 60, stepMinutes: 30, bufferBeforeMinutes: 15 });
    expect((await book(owner, at("09:00"), { eventType: "buffered" })).status).toBe(201);
    // 09:00–09:30 plus 30 minutes after: the default type's 09:30 slot is gone, 10:00 is free.
    expect(starts(await slots(owner, {}))).toEqual(["10:00", "10:30", "11:00", "11:30"]);
    const taken = await book(owner, at("09:30"));
    expect(taken.status).toBe(409);
    expect(taken.body.details.reasons.map((r: { code: string }) => r.code)).toEqual(["buffer_conflict"]);
    // The hour type's own 15 minutes before reach back into the buffer until 10:00: 10:00 is not offered, 10:30 is.
    expect(starts(await slots(owner, { eventType: "hour" }))).toEqual(["10:30", "11:00"]);
    expect((await book(owner, at("10:00"), { eventType: "hour" })).status).toBe(409);
    expect((await book(owner, at("10:30"), { eventType: "hour" })).status).toBe(201);
  });

  test("each event type's daily limit counts its own bookings", async () => {
    const owner = await ownerWithHours({ durationMinutes: 30, maxPerDay: 2 });
    await createEventType(owner, { slug: "once", title: "Once a day", durationMinutes: 30, maxPerDay: 1 });
    expect((await book(owner, at("09:00"), { eventType: "once" })).status).toBe(201);
    expect(starts(await slots(owner, { eventType: "once" }))).toEqual([]);
    const refused = await book(owner, at("10:00"), { eventType: "once" });
    expect(refused.status).toBe(422);
    expect(refused.body.details.reasons.map((r: { code: string }) => r.code)).toEqual(["daily_limit"]);
    // The default type's limit of 2 does not count the other type's booking.
    expect(starts(await slots(owner, {}))).toEqual(["09:30", "10:00", "10:30", "11:00", "11:30"]);
    expect((await book(owner, at("09:30"))).status).toBe(201);
    expect((await book(owner, at("10:00"))).status).toBe(201);
    expect(starts(await slots(owner, {}))).toEqual([]);
    // Another day is another count.
    const tuesdayOwner = addDays(MONDAY, 7);
    expect((await slots(owner, { eventType: "once", from: tuesdayOwner, to: tuesdayOwner })).body.slots).toHaveLength(6);
  });

  test("a reschedule keeps the event type and its length; once the type is deleted it can be cancelled, not moved", async () => {
    const owner = await ownerWithHours();
    await createEventType(owner, { slug: "long", title: "Long", durationMinutes: [60, 90], stepMinutes: 30 });
    const booked = await book(owner, at("09:00"), { eventType: "long", durationMinutes: 90 });
    expect(booked.status).toBe(201);
    const { booking, cancelToken } = booked.body;
    const moved = await invoke(rescheduleBooking, {
      method: "POST",
      ...bookingPath(owner, booking.id, "/reschedule"),
      body: { start: at("10:00"), cancelToken },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ start: at("10:00"), end: at("11:30"), eventType: "long" });

    const deleted = await invoke(deleteEventType, {
      method: "DELETE",
      path: `/v1/users/${owner.id}/event-types/long`,
      pathParameters: { userId: owner.id, slug: "long" },
      headers: bearer(owner.apiKey),
    });
    expect(deleted.status).toBe(204);
    const refused = await invoke(rescheduleBooking, {
      method: "POST",
      ...bookingPath(owner, booking.id, "/reschedule"),
      body: { start: at("09:00"), cancelToken },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("event_type_deleted");
    // The booking still holds its time, with its buffers and length, and is cancelled as any other.
    expect((await book(owner, at("10:30"))).status).toBe(409);
    const cancelled = await invoke(cancelBooking, { method: "POST", ...bookingPath(owner, booking.id, "/cancel"), body: { cancelToken } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: "cancelled", eventType: "long" });
  });
});

/** The time each booking holds, its own buffers included (Cal.com's rule: buffers add up). */
const footprint = (booking: BookingRecord) => ({
  start: booking.start - booking.bufferBeforeMinutes * MINUTE,
  end: booking.end + booking.bufferAfterMinutes * MINUTE,
});
const meets = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

describe("no double booking across event types, under concurrency (DynamoDB Local)", () => {
  test("a 30-minute and a 60-minute type racing for overlapping times: exactly one wins", async () => {
    const owner = await ownerWithHours();
    await createEventType(owner, { slug: "short", title: "Short", durationMinutes: 30, stepMinutes: 30 });
    await createEventType(owner, { slug: "long", title: "Long", durationMinutes: 60, stepMinutes: 30 });
    // 10:00–10:30 and 09:30–10:30 overlap; so do the default type's 10:00–10:30.
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        i % 3 === 0
          ? book(owner, at("10:00"), { eventType: "short" }, `Short ${i}`)
          : i % 3 === 1
            ? book(owner, at("09:30"), { eventType: "long" }, `Long ${i}`)
            : book(owner, at("10:00"), {}, `Default ${i}`),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(23);
    const stored = await queryBookings(owner.id, Date.parse(at("00:00")), Date.parse(at("23:59")));
    expect(stored).toHaveLength(1);
  }, 60_000);

  test("an event type's daily limit holds under concurrency, and other types' bookings do not count toward it", async () => {
    const owner = await ownerWithHours();
    await createEventType(owner, { slug: "twice", title: "Twice a day", durationMinutes: 30, maxPerDay: 2 });
    const times = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"];
    const responses = await Promise.all(times.map((time, i) => book(owner, at(time), { eventType: "twice" }, `Invitee ${i}`)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(statuses.filter((s) => s === 422)).toHaveLength(4);
    const free = times.filter((_, i) => statuses[i] !== 201);
    // The default type has no limit of its own and books the rest.
    for (const time of free) expect((await book(owner, at(time))).status).toBe(201);
  }, 60_000);

  test("many concurrent bookings of three types with different lengths and buffers: no two footprints meet, no slot refused for nothing", async () => {
    const owner = await ownerWithHours();
    await createEventType(owner, { slug: "short", title: "Short", durationMinutes: 30, stepMinutes: 15, bufferAfterMinutes: 15 });
    await createEventType(owner, { slug: "long", title: "Long", durationMinutes: 60, stepMinutes: 15, bufferBeforeMinutes: 15 });
    const day = Date.parse(at("09:00"));
    const requests: { eventType?: string; start: number; minutes: number }[] = [];
    for (let copy = 0; copy < 2; copy++) {
      for (let q = 0; q < 10; q++) requests.push({ eventType: "short", start: day + q * 15 * MINUTE, minutes: 30 });
      for (let q = 0; q < 8; q++) requests.push({ eventType: "long", start: day + (q * 15 + 15) * MINUTE, minutes: 60 });
      for (let h = 0; h < 6; h++) requests.push({ start: day + h * 30 * MINUTE, minutes: 30 });
    }
    const responses = await Promise.all(
      requests.map((r, i) => book(owner, iso(r.start), r.eventType ? { eventType: r.eventType } : {}, `Invitee ${i}`)),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);

    const stored = await queryBookings(owner.id, Date.parse(at("00:00")), Date.parse(at("23:59")));
    expect(stored).toHaveLength(statuses.filter((s) => s === 201).length);
    expect(stored.length).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < stored.length; i++) {
      for (let j = i + 1; j < stored.length; j++) expect(meets(footprint(stored[i]!), footprint(stored[j]!))).toBe(false);
    }
    // Each refused request wanted time that a stored booking holds (its own buffers and the booking's met).
    const buffers = { short: [0, 15], long: [15, 0], default: [0, 0] } as const;
    requests.forEach((request, i) => {
      if (statuses[i] === 201) return;
      const [before, after] = buffers[(request.eventType ?? "default") as keyof typeof buffers];
      const wanted = { start: request.start - before * MINUTE, end: request.start + (request.minutes + after) * MINUTE };
      expect(stored.some((booking) => meets(wanted, footprint(booking)))).toBe(true);
    });
  }, 120_000);
});

import { handler as getAvailability } from "../../functions/availability/get-availability.js";
import { handler as putAvailability } from "../../functions/availability/put-availability.js";
import { handler as cancelBooking } from "../../functions/booking/cancel-booking.js";
import { handler as createBooking } from "../../functions/booking/create-booking.js";
import { handler as getBooking } from "../../functions/booking/get-booking.js";
import { handler as listBookings } from "../../functions/booking/list-bookings.js";
import { handler as rescheduleBooking } from "../../functions/booking/reschedule-booking.js";
import { handler as seedAddIntervals } from "../../functions/seed/add-intervals.js";
import { handler as seedBookSlot } from "../../functions/seed/book-slot.js";
import { handler as seedGetIntervals } from "../../functions/seed/get-intervals.js";
import { handler as seedListUpcomingByQuery } from "../../functions/seed/list-upcoming-by-query.js";
import { handler as seedListUpcoming } from "../../functions/seed/list-upcoming.js";
import { handler as seedOverlapByPath } from "../../functions/seed/overlap-by-path.js";
import { handler as seedOverlapPost } from "../../functions/seed/overlap-post.js";
import { handler as seedOverlap } from "../../functions/seed/overlap.js";
import { handler as seedSearchSlotsPost } from "../../functions/seed/search-slots-post.js";
import { handler as seedSetAvailability } from "../../functions/seed/set-availability.js";
import { handler as seedGetStatus } from "../../functions/seed/get-status.js";
import { handler as seedSetStatus } from "../../functions/seed/set-status.js";
import { handler as clearStatus } from "../../functions/status/clear-status.js";
import { handler as getStatus } from "../../functions/status/get-status.js";
import { handler as putStatus } from "../../functions/status/put-status.js";
import { handler as createUser } from "../../functions/users/create-user.js";
import { handler as getUser } from "../../functions/users/get-user.js";
import { handler as rotateApiKey } from "../../functions/users/rotate-api-key.js";
import { handler as updateUser } from "../../functions/users/update-user.js";
import { readOwnerHeads } from "../../lib/data/schedules-repo.js";
import { readStatusEntries } from "../../lib/data/status-repo.js";
import { findUser } from "../../lib/data/users-repo.js";
import { bookV1, publishAvailability } from "../support/booking.js";
import { addDays, futureMonday, utcInstant } from "../support/future-dates.js";
import { invoke, type TestRequest, type TestResponse } from "../support/lambda.js";
import { adminHeaders, bearer, createTestUser, uniqueId } from "../support/users.js";

type Handler = Parameters<typeof invoke>[0];
/** A date ahead of the clock, for the valid bodies. */
const FUTURE_DAY = futureMonday();
const FAKE_BOOKING = "bk_0123456789abcdef0123";
interface Subject {
  id: string;
  apiKey: string;
}

/** Everything stored about a user: a refused request must leave it exactly as it was. */
async function snapshot(userId: string) {
  return { user: await findUser(userId), status: await readStatusEntries(userId), schedule: (await readOwnerHeads(userId)).schedule };
}

function expectJsonError(response: TestResponse, status: number, code?: string) {
  expect(response.status).toBe(status);
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  expect(response.body).toEqual(expect.objectContaining({ error: expect.any(String), code: code ?? expect.any(String) }));
  expect(response.raw).not.toMatch(/at .*\.(ts|js):\d+/);
}

interface RouteCase {
  name: string;
  handler: Handler;
  request: (subject: Subject) => TestRequest;
  /** A valid body for the route, when it takes one. */
  validBody?: Record<string, unknown>;
  auth: "admin" | "self" | "user" | "public";
}

const routesUnderTest: RouteCase[] = [
  {
    name: "POST /v1/users",
    handler: createUser,
    auth: "admin",
    request: () => ({ method: "POST", path: "/v1/users" }),
    validBody: { name: "X" },
  },
  {
    name: "GET /v1/users/{userId}",
    handler: getUser,
    auth: "self",
    request: (s) => ({ method: "GET", path: `/v1/users/${s.id}`, pathParameters: { userId: s.id } }),
  },
  {
    name: "PATCH /v1/users/{userId}",
    handler: updateUser,
    auth: "self",
    request: (s) => ({ method: "PATCH", path: `/v1/users/${s.id}`, pathParameters: { userId: s.id } }),
    validBody: { name: "Changed" },
  },
  {
    name: "POST /v1/users/{userId}/api-key",
    handler: rotateApiKey,
    auth: "self",
    request: (s) => ({ method: "POST", path: `/v1/users/${s.id}/api-key`, pathParameters: { userId: s.id } }),
  },
  {
    name: "PUT /v1/users/{userId}/status",
    handler: putStatus,
    auth: "self",
    request: (s) => ({ method: "PUT", path: `/v1/users/${s.id}/status`, pathParameters: { userId: s.id } }),
    validBody: { status: "busy" },
  },
  {
    name: "DELETE /v1/users/{userId}/status",
    handler: clearStatus,
    auth: "self",
    request: (s) => ({ method: "DELETE", path: `/v1/users/${s.id}/status`, pathParameters: { userId: s.id } }),
  },
  {
    name: "POST /set_status",
    handler: seedSetStatus,
    auth: "user",
    request: () => ({ method: "POST", path: "/set_status" }),
    validBody: { status: "busy" },
  },
  {
    name: "PUT /v1/users/{userId}/availability",
    handler: putAvailability,
    auth: "self",
    request: (s) => ({ method: "PUT", path: `/v1/users/${s.id}/availability`, pathParameters: { userId: s.id } }),
    validBody: { weekly: [{ days: [1], windows: [{ start: "09:00", end: "10:00" }] }] },
  },
  {
    name: "GET /v1/users/{userId}/availability",
    handler: getAvailability,
    auth: "self",
    request: (s) => ({ method: "GET", path: `/v1/users/${s.id}/availability`, pathParameters: { userId: s.id } }),
  },
  {
    name: "GET /v1/users/{userId}/bookings",
    handler: listBookings,
    auth: "self",
    request: (s) => ({ method: "GET", path: `/v1/users/${s.id}/bookings`, pathParameters: { userId: s.id } }),
  },
  {
    name: "GET /v1/users/{userId}/bookings/{bookingId}",
    handler: getBooking,
    auth: "self",
    request: (s) => ({
      method: "GET",
      path: `/v1/users/${s.id}/bookings/${FAKE_BOOKING}`,
      pathParameters: { userId: s.id, bookingId: FAKE_BOOKING },
    }),
  },
  {
    name: "POST /v1/users/{userId}/bookings",
    handler: createBooking,
    auth: "public",
    request: (s) => ({ method: "POST", path: `/v1/users/${s.id}/bookings`, pathParameters: { userId: s.id } }),
    validBody: { start: `${FUTURE_DAY}T09:00:00Z`, invitee: { name: "A", email: "a@example.com" } },
  },
  {
    name: "POST /v1/users/{userId}/bookings/{bookingId}/cancel",
    handler: cancelBooking,
    auth: "public",
    request: (s) => ({
      method: "POST",
      path: `/v1/users/${s.id}/bookings/${FAKE_BOOKING}/cancel`,
      pathParameters: { userId: s.id, bookingId: FAKE_BOOKING },
    }),
    validBody: { cancelToken: "x" },
  },
  {
    name: "POST /v1/users/{userId}/bookings/{bookingId}/reschedule",
    handler: rescheduleBooking,
    auth: "public",
    request: (s) => ({
      method: "POST",
      path: `/v1/users/${s.id}/bookings/${FAKE_BOOKING}/reschedule`,
      pathParameters: { userId: s.id, bookingId: FAKE_BOOKING },
    }),
    validBody: { start: `${FUTURE_DAY}T09:00:00Z`, cancelToken: "x" },
  },
  {
    name: "POST /api/calendar/set_availability/{userId}",
    handler: seedSetAvailability,
    auth: "self",
    request: (s) => ({ method: "POST", path: `/api/calendar/set_availability/${s.id}`, pathParameters: { userId: s.id } }),
    validBody: { availability_rules: [{ start_date: FUTURE_DAY, end_date: FUTURE_DAY, start_time: "09:00", end_time: "10:00" }] },
  },
  {
    name: "POST /api/appointments/search_slots",
    handler: seedSearchSlotsPost,
    auth: "public",
    request: () => ({ method: "POST", path: "/api/appointments/search_slots" }),
    validBody: { owner: "ann", request_date: FUTURE_DAY },
  },
  {
    name: "POST /api/appointments/book_slot",
    handler: seedBookSlot,
    auth: "public",
    request: () => ({ method: "POST", path: "/api/appointments/book_slot" }),
    validBody: { owner: "ann", invitee: "Bea", start_time: `${FUTURE_DAY}T09:00`, end_time: `${FUTURE_DAY}T10:00` },
  },
  {
    name: "GET /appointments/list_upcoming/{userId}",
    handler: seedListUpcoming,
    auth: "self",
    request: (s) => ({ method: "GET", path: `/appointments/list_upcoming/${s.id}`, pathParameters: { userId: s.id } }),
  },
  {
    name: "GET /api/calendar/appointments/list_upcoming",
    handler: seedListUpcomingByQuery,
    auth: "user",
    request: (s) => ({ method: "GET", path: "/api/calendar/appointments/list_upcoming", query: { owner: s.id } }),
  },
  {
    name: "POST /availability",
    handler: seedAddIntervals,
    auth: "user",
    request: () => ({ method: "POST", path: "/availability" }),
    validBody: { user_id: "placeholder", availability: [] },
  },
  {
    name: "GET /availability",
    handler: seedGetIntervals,
    auth: "user",
    request: () => ({ method: "GET", path: "/availability" }),
  },
  {
    name: "GET /overlap",
    handler: seedOverlap,
    auth: "user",
    request: (s) => ({ method: "GET", path: "/overlap", query: { user_id_2: s.id } }),
  },
  {
    name: "POST /overlap",
    handler: seedOverlapPost,
    auth: "user",
    request: () => ({ method: "POST", path: "/overlap" }),
    validBody: { user_id_2: "someone" },
  },
  {
    name: "GET /overlap/{userId2}",
    handler: seedOverlapByPath,
    auth: "user",
    request: (s) => ({ method: "GET", path: `/overlap/${s.id}`, pathParameters: { userId2: s.id } }),
  },
];

let subject: Subject;
let other: Subject;
beforeAll(async () => {
  subject = await createTestUser({ name: "Subject" });
  other = await createTestUser();
});

describe.each(routesUnderTest.filter((route) => route.auth !== "public"))("$name: auth failures", (route) => {
  const withHeaders = (headers: Record<string, string>): TestRequest => ({
    ...route.request(subject),
    headers,
    body: route.validBody,
  });

  test.each<[string, () => Record<string, string>]>([
    ["no key", () => ({})],
    ["an unknown user's key", () => bearer(`nobody-${"x".repeat(4)}.${"y".repeat(43)}`)],
    ["a wrong secret for a real user", () => bearer(`${subject.id}.${"A".repeat(43)}`)],
    ["a malformed Authorization header", () => ({ authorization: "Basic dXNlcjpwYXNz" })],
    ["a key without a user part", () => bearer("justsomerandomtext")],
  ])("%s → 401 and nothing changes", async (_label, headers) => {
    const before = await snapshot(subject.id);
    const response = await invoke(route.handler, withHeaders(headers()));
    expectJsonError(response, 401, "unauthorized");
    expect(await snapshot(subject.id)).toEqual(before);
  });

  if (route.auth === "self") {
    test("another user's key → 403 and nothing changes", async () => {
      const before = await snapshot(subject.id);
      const response = await invoke(route.handler, withHeaders(bearer(other.apiKey)));
      expectJsonError(response, 403, "forbidden");
      expect(await snapshot(subject.id)).toEqual(before);
    });
  }

  if (route.auth === "admin") {
    test("a user's key → 403", async () => {
      const response = await invoke(route.handler, withHeaders(bearer(subject.apiKey)));
      expectJsonError(response, 403, "forbidden");
    });
  }

  if (route.auth === "user") {
    test("the admin key → 403 (the route acts on the caller)", async () => {
      const response = await invoke(route.handler, withHeaders(adminHeaders));
      expectJsonError(response, 403, "forbidden");
    });
  }
});

const credentialsFor = (route: RouteCase) => (route.auth === "admin" ? adminHeaders : bearer(subject.apiKey));

describe.each(routesUnderTest.filter((route) => route.validBody))("$name: malformed bodies", (route) => {
  const malformed: Array<[string, Partial<TestRequest>, number, string]> = [
    ["not JSON", { body: "{not json", headers: { "content-type": "application/json" } }, 400, "invalid_json"],
    ["truncated JSON", { body: '{"status": "busy"', headers: { "content-type": "application/json" } }, 400, "invalid_json"],
    ["a form body", { body: "status=busy", headers: { "content-type": "application/x-www-form-urlencoded" } }, 415, "unsupported_media_type"],
    ["text/plain", { body: '{"status":"busy"}', headers: { "content-type": "text/plain" } }, 415, "unsupported_media_type"],
    ["a JSON array", { body: "[]", headers: { "content-type": "application/json" } }, 400, "validation_failed"],
    ["a JSON string", { body: '"busy"', headers: { "content-type": "application/json" } }, 400, "validation_failed"],
    ["JSON null", { body: "null", headers: { "content-type": "application/json" } }, 400, "validation_failed"],
    ["a __proto__ key", { body: '{"__proto__": {"admin": true}}', headers: { "content-type": "application/json" } }, 400, ""],
  ];

  test.each(malformed)("%s → refused and nothing changes", async (_label, part, status, code) => {
    const before = await snapshot(subject.id);
    const request = route.request(subject);
    const response = await invoke(route.handler, {
      ...request,
      ...part,
      headers: { ...credentialsFor(route), ...part.headers },
    });
    expectJsonError(response, status, code || undefined);
    expect(await snapshot(subject.id)).toEqual(before);
  });
});

/** Every numeric slot setting with values no owner means: tiny, huge, fractional where the unit is whole, negative. */
function numericSettingCases(): Array<[string, RouteCase["name"], unknown]> {
  const bad: Record<string, unknown[]> = {
    durationMinutes: [1e-131, 1e308, 2.5, -30, 0, 1441],
    stepMinutes: [1e-131, 1e308, 7.5, 0],
    bufferBeforeMinutes: [1e-131, 1e308, 0.5, -1],
    bufferAfterMinutes: [1e-131, 1e308, 0.5, -1],
    minimumNoticeMinutes: [1e-131, 1e308, 0.5, -1],
    horizonDays: [1e-131, 1e308, 1.5, 0, -1, 3661],
    maxPerDay: [1e-131, 1e308, 1.5, -1],
  };
  return Object.entries(bad).flatMap(([field, values]) =>
    values.map((value): [string, RouteCase["name"], unknown] => [
      `settings.${field} = ${value}`,
      "PUT /v1/users/{userId}/availability",
      { weekly: [{ days: [1], windows: [{ start: "09:00", end: "10:00" }] }], settings: { durationMinutes: 30, [field]: value } },
    ]),
  );
}

describe("invalid fields", () => {
  const cases: Array<[string, RouteCase["name"], unknown]> = [
    ["unknown status", "PUT /v1/users/{userId}/status", { status: "sleeping" }],
    ["status of the wrong type", "PUT /v1/users/{userId}/status", { status: 1 }],
    ["missing status", "PUT /v1/users/{userId}/status", { durationMinutes: 10 }],
    ["zero duration", "PUT /v1/users/{userId}/status", { status: "busy", durationMinutes: 0 }],
    ["negative duration", "PUT /v1/users/{userId}/status", { status: "busy", durationMinutes: -5 }],
    ["duration over 7 days", "PUT /v1/users/{userId}/status", { status: "busy", durationMinutes: 10081 }],
    ["duration as words", "PUT /v1/users/{userId}/status", { status: "busy", durationMinutes: "ten" }],
    ["an unknown field", "PUT /v1/users/{userId}/status", { status: "busy", until: "tomorrow" }],
    ["seed: unknown status", "POST /set_status", { status: "away" }],
    ["seed: empty status", "POST /set_status", { status: "   " }],
    ["seed: zero duration", "POST /set_status", { status: "busy", duration: 0 }],
    ["seed: duration too long", "POST /set_status", { status: "busy", duration: 7 * 24 * 60 + 1 }],
    ["seed: duration not a number", "POST /set_status", { status: "busy", duration: "soon" }],
    ["seed: duration as boolean", "POST /set_status", { status: "busy", duration: true }],
    ["seed: missing status", "POST /set_status", { duration: 10 }],
    ["a duration too small to outlast its rounding (1e-131)", "PUT /v1/users/{userId}/status", { status: "busy", durationMinutes: 1e-131 }],
    ["a duration under a second", "PUT /v1/users/{userId}/status", { status: "busy", durationMinutes: 0.01 }],
    ["a duration of 1e308", "PUT /v1/users/{userId}/status", { status: "busy", durationMinutes: 1e308 }],
    ["seed: a tiny numeric-string duration", "POST /set_status", { status: "busy", duration: `0.${"0".repeat(30)}1` }],
    ["seed: a huge numeric-string duration", "POST /set_status", { status: "busy", duration: "9".repeat(400) }],
    ["seed: a NaN string duration", "POST /set_status", { status: "busy", duration: "NaN" }],
    ["seed: an exponent string duration", "POST /set_status", { status: "busy", duration: "1e3" }],
    ...numericSettingCases(),
    ["an empty update", "PATCH /v1/users/{userId}", {}],
    ["an unknown zone", "PATCH /v1/users/{userId}", { timezone: "Mars/Olympus_Mons" }],
    ["an offset instead of a zone", "PATCH /v1/users/{userId}", { timezone: "+02:00" }],
    ["a non-http calendar URL", "PATCH /v1/users/{userId}", { calendarUrl: "file:///etc/passwd" }],
    ["a calendar URL that is not a URL", "PATCH /v1/users/{userId}", { calendarUrl: "not a url" }],
    ["an empty name", "PATCH /v1/users/{userId}", { name: "  " }],
    ["a name too long", "PATCH /v1/users/{userId}", { name: "n".repeat(201) }],
    ["an unknown user field", "PATCH /v1/users/{userId}", { email: "a@b.c" }],
    ["an invalid id", "POST /v1/users", { id: "Ann Smith" }],
    ["an id starting with a dash", "POST /v1/users", { id: "-ann" }],
    ["an id too long", "POST /v1/users", { id: "a".repeat(65) }],
    ["an unknown zone at creation", "POST /v1/users", { timezone: "Europe/Atlantis" }],
  ];

  test.each(cases)("%s → 400 and nothing changes", async (_label, routeName, body) => {
    const route = routesUnderTest.find((candidate) => candidate.name === routeName)!;
    const before = await snapshot(subject.id);
    const response = await invoke(route.handler, { ...route.request(subject), headers: credentialsFor(route), body });
    expectJsonError(response, 400, "validation_failed");
    expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ location: "body" })]));
    expect(await snapshot(subject.id)).toEqual(before);
  });

  test("a refused creation stores no user", async () => {
    const id = uniqueId("never");
    const response = await invoke(createUser, {
      method: "POST",
      path: "/v1/users",
      headers: adminHeaders,
      body: { id, timezone: "Nowhere/Land" },
    });
    expect(response.status).toBe(400);
    expect(await findUser(id)).toBeUndefined();
  });

  test("a bad path parameter is a 400", async () => {
    const response = await invoke(getStatus, {
      method: "GET",
      path: "/v1/users/ANN/status",
      pathParameters: { userId: "ANN" },
    });
    expectJsonError(response, 400, "validation_failed");
    expect(response.body.details[0]).toMatchObject({ location: "path", path: "userId" });
  });

  test("get_status: a bad user_id is a 400, no user_id and no key is a 401, a bad key is a 401", async () => {
    expectJsonError(await invoke(seedGetStatus, { method: "GET", path: "/get_status", query: { user_id: "Bad Id" } }), 400);
    expectJsonError(await invoke(seedGetStatus, { method: "GET", path: "/get_status" }), 401, "unauthorized");
    expectJsonError(
      await invoke(seedGetStatus, { method: "GET", path: "/get_status", headers: { token: "nope.nope" } }),
      401,
      "unauthorized",
    );
  });
});

describe("listing cursors", () => {
  const monday = futureMonday();
  const window = { from: utcInstant(monday, "00:00"), to: utcInstant(addDays(monday, 1), "00:00") };
  const list = (owner: Subject, query: Record<string, string>) =>
    invoke(listBookings, {
      method: "GET",
      path: `/v1/users/${owner.id}/bookings`,
      pathParameters: { userId: owner.id },
      headers: bearer(owner.apiKey),
      query: { ...window, ...query },
    });
  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  let owner: Subject;
  let stranger: Subject;
  beforeAll(async () => {
    [owner, stranger] = [await createTestUser(), await createTestUser()];
    for (const who of [owner, stranger]) {
      await publishAvailability(who, { weekly: [{ days: [1], windows: [{ start: "09:00", end: "12:00" }] }] });
      for (const time of ["09:00", "10:00", "11:00"]) expect((await bookV1(who.id, utcInstant(monday, time))).status).toBe(201);
    }
  });

  test("pages follow one another to the end, and a cursor reveals no storage key", async () => {
    const starts: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(owner, { limit: "2", ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      starts.push(...page.body.bookings.map((b: { start: string }) => b.start));
      cursor = page.body.nextCursor ?? undefined;
      if (cursor) expect(Buffer.from(cursor, "base64url").toString()).not.toMatch(/OWNER#|BOOKING#|pk|sk/);
    } while (cursor);
    expect(starts).toEqual(["09:00", "10:00", "11:00"].map((time) => utcInstant(monday, time)));
  });

  test.each<[string, () => Promise<string>]>([
    ["an empty object (e30)", async () => "e30"],
    ["not base64url JSON", async () => "!!!not-a-cursor"],
    ["a JSON array of junk", async () => cursorOf([1, 2, 3])],
    ["a raw storage key of another owner", async () =>
      cursorOf({ pk: `OWNER#${stranger.id}`, sk: "BOOKING#bk_0123456789abcdef0123", activeStart: `${window.from}#bk_0123456789abcdef0123` })],
    ["a raw storage key of the owner", async () =>
      cursorOf({ pk: `OWNER#${owner.id}`, sk: "BOOKING#bk_0123456789abcdef0123", activeStart: `${window.from}#bk_0123456789abcdef0123` })],
    ["another owner's genuine cursor", async () => (await list(stranger, { limit: "1" })).body.nextCursor],
    ["a genuine cursor padded with junk", async () => `${(await list(owner, { limit: "1" })).body.nextCursor}AA`],
  ])("%s → 400 invalid_cursor", async (_label, cursor) => {
    expectJsonError(await list(owner, { limit: "1", cursor: await cursor() }), 400, "invalid_cursor");
  });

  test("a genuine cursor outside the listing's window → 400 invalid_cursor", async () => {
    const cursor = (await list(owner, { limit: "1" })).body.nextCursor;
    const later = { from: utcInstant(monday, "10:30"), cursor };
    expectJsonError(await list(owner, later), 400, "invalid_cursor");
    const earlier = { to: utcInstant(monday, "09:00"), from: utcInstant(monday, "08:00"), cursor };
    expectJsonError(await list(owner, earlier), 400, "invalid_cursor");
  });
});

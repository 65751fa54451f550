import fc from "fast-check";
import { readFileSync } from "node:fs";
import { handler as putAvailability } from "../../functions/availability/put-availability.js";
import { handler as createBooking } from "../../functions/booking/create-booking.js";
import { handler as listBookings } from "../../functions/booking/list-bookings.js";
import { handler as explainSlot } from "../../functions/booking/explain-slot.js";
import { handler as searchSlots } from "../../functions/booking/search-slots.js";
import { handler as createEventType } from "../../functions/event-types/create-event-type.js";
import { handler as updateEventType } from "../../functions/event-types/update-event-type.js";
import { handler as seedAddIntervals } from "../../functions/seed/add-intervals.js";
import { handler as seedBookSlot } from "../../functions/seed/book-slot.js";
import { handler as seedSearchSlotsPost } from "../../functions/seed/search-slots-post.js";
import { handler as seedSetAvailability } from "../../functions/seed/set-availability.js";
import { handler as seedSetStatus } from "../../functions/seed/set-status.js";
import { handler as putStatus } from "../../functions/status/put-status.js";
import { routes } from "../../lib/api/routes.js";
import { bookV1, publishAvailability } from "../support/booking.js";
import { addDays, futureMonday, mondayAfterSpringForward, utcInstant } from "../support/future-dates.js";
import { invoke, type TestRequest, type TestResponse } from "../support/lambda.js";
import { bearer, createTestUser } from "../support/users.js";

type Handler = Parameters<typeof invoke>[0];

/** Every HTTP function of serverless.yml, by the route it serves (read from the one definition). */
function handlerFiles(): Map<string, string> {
  const yml = readFileSync(new URL("../../serverless.yml", import.meta.url), "utf8");
  const map = new Map<string, string>();
  const pattern = /handler: (functions\/[\w/-]+)\.handler\s+(?:#.*\s+)?events:\s+- httpApi:\s+method: (\w+)\s+path: "([^"]+)"/g;
  for (const match of yml.matchAll(pattern)) map.set(`${match[2]} ${match[3]}`, match[1]!);
  return map;
}

// Dates ahead of the clock, so that requests are about bookable time and go deep.
const ZONE = "Europe/Paris";
const MONDAY = futureMonday({ zone: ZONE });
const NEXT_MONDAY = addDays(MONDAY, 7);
/** The Sunday on which Paris springs forward: 02:00–03:00 local does not exist. */
const GAP_SUNDAY = addDays(mondayAfterSpringForward({ zone: ZONE }), -1);

/** Plausible values mixed with junk, so that requests get past the first check often enough to go deep. */
const plausible = fc.constantFrom("SELF", MONDAY, NEXT_MONDAY, utcInstant(MONDAY, "09:00", ZONE), `${MONDAY}T09:00`, "UTC", ZONE, "09:00", "busy", "30", "SELF,SELF");

/** Numbers no client means: tiny, huge, negative zero, beyond double precision, fractions of whole units. */
const extremeNumber = fc.constantFrom(1e-131, -1e-131, 5e-324, 1e308, -1e308, 0, -1, 0.5, 1.5, 2 ** 53 + 2, 1440, 1441, 3660, 3661, 525_601, 10_081);
/** The same as text, plus what number parsers read leniently, for queries and the seed's numeric-string duration. */
const numberText = fc.oneof(
  extremeNumber.map(String),
  fc.constantFrom("NaN", "-NaN", "Infinity", "-Infinity", "1e400", "1e-131", "-0", "0x10", "0b11", " 30 ", "30.", ".5", "", "9".repeat(400), `0.${"0".repeat(300)}1`, "1_000", "３０"),
);
/**
 * JSON number literals that JSON.stringify cannot write (`-0`, `1e400`, `1e-400`, 30 digits): a body holding
 * `NUMBER(…)` strings is sent with the literal in their place.
 */
const numberLiteral = fc.constantFrom("-0", "1e400", "-1e400", "1e-400", "1e-131", "123456789012345678901234567890", "0.0000000000000000000000000001", "30.0");
const asLiteral = (text: string) => `NUMBER(${text})`;
const withLiterals = (json: string) => json.replace(/"NUMBER\(([^)]*)\)"/g, "$1");
const anyNumber = fc.oneof(extremeNumber, numberText, numberLiteral.map(asLiteral), fc.double(), fc.integer());

/** Dates, times and date-times in API.md's seed formats, right and wrong, out of range, and in a DST gap. */
const seedDate = fc.oneof(
  fc.constantFrom(MONDAY, NEXT_MONDAY, GAP_SUNDAY, addDays(MONDAY, 366)),
  fc.constantFrom("0000-01-01", "9999-12-31", "1970-01-01", "2031-02-29", "0004-02-29", "2031-13-01", "2031-00-10", "2031-1-1", "31-12-2031", `+00${MONDAY}`, `${MONDAY} `),
);
const seedTime = fc.constantFrom("00:00", "02:30", "09:00", "10:00", "23:59", "24:00", "24:01", "9:00", "09:60", "25:00", "-1:00", "09:00:00", "09:00Z", "");
const seedDateTime = fc.oneof(
  fc.tuple(seedDate, seedTime).map(([date, time]) => `${date}T${time}`),
  fc.constantFrom(`${GAP_SUNDAY}T02:30`, `${GAP_SUNDAY}T03:30`, `${MONDAY}T09:00Z`, `${MONDAY}T09:00:00+01:00`, `${MONDAY} 09:00`, `${MONDAY}T09:00:00.123456789012Z`),
  fc.constantFrom("+275760-09-13T00:00:00Z", "9999-12-31T23:59:59-23:59", "0000-01-01T00:00:00+23:59", `${MONDAY}T09:00:00+24:00`),
);

/** Idempotency keys: long, unicode, empty, control characters, and valid ones with every visible character. */
const idempotencyKey = fc.oneof(
  fc.constantFrom("", " ", "\u0000", "key\r\nX-Injected: 1", "\t", "ключ", "🔑".repeat(60), "a".repeat(200), "a".repeat(201), "b".repeat(10_000), "IDEMPOTENCY#x#y", "%00"),
  fc.string({ maxLength: 250 }),
  fc.string({ unit: fc.constantFrom(..."!#$%&'*+-.^_`|~azAZ09\"(),/:;<=>?@[\\]{}"), minLength: 1, maxLength: 200 }),
);

/** Cursors that are well-formed base64url JSON of other shapes, other owners, or mutated genuine ones. */
interface CursorContext {
  self: string;
  other: string;
  genuine: string;
}
const base64 = (text: string) => Buffer.from(text).toString("base64url");
const bookingId = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 20, maxLength: 20 }).map((hex) => `bk_${hex}`);
const cursorInstant = fc.oneof(
  fc.constantFrom(utcInstant(MONDAY, "09:00", ZONE), utcInstant(MONDAY, "10:00", ZONE)).map((iso) => iso.replace("Z", ".000Z")),
  fc.date({ min: new Date(-62_167_219_200_000), max: new Date(253_402_300_799_999), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom("", "not-a-date", "2031-02-30T09:00:00.000Z", "+275760-09-13T00:00:00.000Z"),
);
const cursorOwner = fc.constantFrom<(c: CursorContext) => string>((c) => c.self, (c) => c.other, () => "nobody-x", () => "", () => "__proto__");
const cursor: fc.Arbitrary<(c: CursorContext) => string> = fc.oneof(
  fc.tuple(cursorOwner, cursorInstant, bookingId).map(([owner, iso, id]) => (c: CursorContext) => base64(JSON.stringify([owner(c), iso, id]))),
  fc.tuple(cursorOwner, cursorInstant, bookingId).map(
    ([owner, iso, id]) => (c: CursorContext) => base64(JSON.stringify({ pk: `OWNER#${owner(c)}`, sk: `BOOKING#${id}`, activeStart: `${iso}#${id}` })),
  ),
  fc.jsonValue({ maxDepth: 3 }).map((value) => () => base64(JSON.stringify(value))),
  fc.string({ maxLength: 60 }).map((text) => () => base64(text)),
  fc.constantFrom("e30", "", "=", "%%%", "W10", "bnVsbA", "A".repeat(2001)).map((text) => () => text),
  fc.tuple(fc.nat(), fc.string({ maxLength: 4 })).map(([at, insert]) => (c: CursorContext) => {
    const index = at % (c.genuine.length + 1);
    return c.genuine.slice(0, index) + insert + c.genuine.slice(index + 1);
  }),
);

const junk = fc.oneof(
  plausible,
  plausible,
  fc.string({ maxLength: 40 }),
  fc.constantFrom("2031-02-30", "2031-02-30T09:00:00Z", "24:00", "-1", "NaN", "1e400", "Mars/Base", "", " ", "__proto__", "../../etc"),
  fc.integer().map(String),
  numberText,
  seedDateTime,
);
const jsonJunk = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom("start", "end", "status", "user_id", "owner", "request_date", "invitee", "timezone", "start_time", "end_time", "user_id_2"), junk),
  fc.dictionary(fc.constantFrom("start", "end", "status", "availability_rules", "availability", "user_id", "owner", "request_date", "invitee", "weekly", "timezone", "settings", "duration", "durationMinutes", "cancelToken", "user_id_2"), fc.jsonValue({ maxDepth: 3 })),
  fc.dictionary(fc.constantFrom("slug", "title", "description", "location", "questions", "hidden", "eventType", "answers", "url", "events", "enabled", "start", "invitee"), fc.jsonValue({ maxDepth: 3 })),
  fc.dictionary(fc.constantFrom("duration", "durationMinutes", "start", "settings"), anyNumber),
);

const EVENT_TYPE_FIELDS = ["slug", "title", "description", "durationMinutes", "location", "questions", "hidden", "maxPerDay", "horizonDays", "stepMinutes", "alignment"] as const;

/** Slot settings with an extreme number in one field (the others valid, so that it is stored if accepted), or in many. */
const SETTING_FIELDS = ["durationMinutes", "stepMinutes", "bufferBeforeMinutes", "bufferAfterMinutes", "minimumNoticeMinutes", "horizonDays", "maxPerDay"];
const settings = fc.oneof(
  fc.tuple(fc.constantFrom(...SETTING_FIELDS), anyNumber).map(([field, value]) => ({ durationMinutes: 30, [field]: value })),
  fc.dictionary(fc.constantFrom(...SETTING_FIELDS), anyNumber),
);

function expectNo5xx(response: TestResponse) {
  expect(response.status).toBeLessThan(500);
  if (response.status === 204) return expect(response.raw).toBe("");
  // The booking pages answer their 404s as HTML pages (the asset route as plain text), never JSON.
  if (response.status >= 400 && /^text\/(html|plain)\b/.test(response.headers["content-type"] ?? "")) return expect(response.raw).not.toBe("");
  expect(response.body).toEqual(response.status === 304 || response.status < 300 ? expect.anything() : expect.objectContaining({ code: expect.any(String) }));
}

describe("no input makes any route answer 5xx", () => {
  let user: { id: string; apiKey: string };
  let other: { id: string; apiKey: string };
  /** A request with `SELF` replaced by the user's id and NUMBER(…) by number literals. */
  let send: (handler: Handler, request: TestRequest) => Promise<TestResponse>;
  beforeAll(async () => {
    [user, other] = [await createTestUser({ timezone: ZONE }), await createTestUser()];
    await publishAvailability(user, { weekly: [{ days: [1], windows: [{ start: "09:00", end: "12:00" }] }] });
    for (const time of ["09:00", "10:00", "11:00"]) expect((await bookV1(user.id, utcInstant(MONDAY, time, ZONE))).status).toBe(201);
    const self = (value: string) => value.replaceAll("SELF", user.id);
    const fill = (record: Record<string, string> = {}) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, self(v)]));
    // A string body is sent as it is; anything else as JSON.
    const json = (body: unknown) => (typeof body === "string" ? self(body) : withLiterals(self(JSON.stringify(body))));
    send = async (handler, request) => {
      const response = await invoke(handler, {
        ...request,
        path: self(request.path),
        pathParameters: request.pathParameters && fill(request.pathParameters),
        query: fill(request.query),
        body: request.body === undefined ? undefined : json(request.body),
        headers: { ...(typeof request.body === "object" ? { "content-type": "application/json" } : {}), ...request.headers },
      });
      // A rotated key replaces the old one: later requests should still get past authentication.
      const issued: unknown = response.body?.apiKey;
      if (typeof issued === "string" && issued.startsWith(`${user.id}.`)) user.apiKey = issued;
      return response;
    };
  });

  const files = handlerFiles();
  test("every route has a function", () => {
    expect(files.size).toBe(routes.length);
  });

  test.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))("%s", async (key, route) => {
    const { handler } = (await import(`../../${files.get(key)}.js`)) as { handler: Handler };
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          params: fc.dictionary(fc.constantFrom("userId", "bookingId", "userId2", "slug", "file"), junk),
          query: fc.dictionary(
            fc.constantFrom("from", "to", "timezone", "user_id", "owner", "request_date", "start", "end", "users", "limit", "cursor", "user_id_2", "minMinutes", "slotMinutes", "stepMinutes", "token", "cancelToken", "eventType", "durationMinutes"),
            junk,
          ),
          body: fc.option(fc.oneof(jsonJunk, fc.string({ maxLength: 40 })), { nil: undefined }),
          keyed: fc.boolean(),
          idempotency: fc.option(idempotencyKey, { nil: undefined }),
        }),
        async ({ params, query, body, keyed, idempotency }) => {
          const headers = { ...(keyed ? bearer(user.apiKey) : {}), ...(idempotency === undefined ? {} : { "idempotency-key": idempotency }) };
          expectNo5xx(await send(handler, { method: route.method, path: route.path, pathParameters: params, query, headers, body }));
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);

  test("listing bookings with foreign, forged and mutated cursors", async () => {
    const first = await send(listBookings, {
      method: "GET",
      path: "/v1/users/SELF/bookings",
      pathParameters: { userId: "SELF" },
      headers: bearer(user.apiKey),
      query: { limit: "1" },
    });
    const context = { self: user.id, other: other.id, genuine: first.body.nextCursor as string };
    expect(context.genuine).toEqual(expect.any(String));
    await fc.assert(
      fc.asyncProperty(
        cursor,
        fc.record({ limit: fc.oneof(fc.constantFrom("1", "2", "200"), numberText), from: seedDateTime, to: seedDateTime }, { requiredKeys: [] }),
        async (makeCursor, query) => {
          const response = await send(listBookings, {
            method: "GET",
            path: "/v1/users/SELF/bookings",
            pathParameters: { userId: "SELF" },
            headers: bearer(user.apiKey),
            query: { ...query, cursor: makeCursor(context) },
          });
          expectNo5xx(response);
          const onlyTheCursorCanBeWrong = query.from === undefined && query.to === undefined && /^(1|2|200)$/.test(query.limit ?? "1");
          if (response.status === 400 && onlyTheCursorCanBeWrong && makeCursor(context).length <= 2000) {
            expect(response.body.code).toBe("invalid_cursor");
          }
        },
      ),
      { numRuns: 80 },
    );
  }, 60_000);

  test("extreme numbers in slot settings, durations and query numbers, stored and then read", async () => {
    await fc.assert(
      fc.asyncProperty(settings, anyNumber, fc.constantFrom("limit", "minMinutes", "slotMinutes", "stepMinutes"), numberText, async (slotSettings, duration, field, text) => {
        const owner = { id: "SELF", apiKey: user.apiKey };
        const body = { weekly: [{ days: [1], windows: [{ start: "09:00", end: "12:00" }] }], settings: slotSettings };
        const published = await send(putAvailability, { method: "PUT", path: "/v1/users/SELF/availability", pathParameters: { userId: owner.id }, headers: bearer(owner.apiKey), body });
        expectNo5xx(published);
        expectNo5xx(await send(searchSlots, { method: "GET", path: "/v1/users/SELF/slots", pathParameters: { userId: owner.id }, query: { from: MONDAY, to: NEXT_MONDAY } }));
        expectNo5xx(await send(putStatus, { method: "PUT", path: "/v1/users/SELF/status", pathParameters: { userId: owner.id }, headers: bearer(owner.apiKey), body: { status: "busy", durationMinutes: duration } }));
        expectNo5xx(await send(seedSetStatus, { method: "POST", path: "/set_status", headers: bearer(owner.apiKey), body: { status: "busy", duration } }));
        const listQuery = { [field]: text, users: `SELF,${other.id}`, from: MONDAY, to: MONDAY };
        expectNo5xx(await send(listBookings, { method: "GET", path: "/v1/users/SELF/bookings", pathParameters: { userId: owner.id }, headers: bearer(owner.apiKey), query: listQuery }));
      }),
      { numRuns: 40 },
    );
    // Leave the schedule the other properties book against.
    await publishAvailability(user, { weekly: [{ days: [1], windows: [{ start: "09:00", end: "12:00" }] }] });
  }, 60_000);

  test("idempotency keys of every kind on a bookable slot", async () => {
    await fc.assert(
      fc.asyncProperty(idempotencyKey, fc.constantFrom("09:00", "09:30", "11:30"), async (key, time) => {
        const start = utcInstant(NEXT_MONDAY, time, ZONE);
        const request = { method: "POST", path: "/v1/users/SELF/bookings", pathParameters: { userId: "SELF" }, headers: { "idempotency-key": key } };
        const body = { start, invitee: { name: "Fuzz", email: "fuzz@example.com" } };
        const first = await send(createBooking, { ...request, body });
        expectNo5xx(first);
        expectNo5xx(await send(createBooking, { ...request, body }));
        expectNo5xx(await send(createBooking, { ...request, body: { ...body, note: "another body" } }));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 30) },
    );
  }, 60_000);

  test("event types with junk in every field, then slot searches and bookings naming them, with junk lengths and answers", async () => {
    const keyed = bearer(user.apiKey);
    const eventTypes = { method: "POST", path: "/v1/users/SELF/event-types", pathParameters: { userId: "SELF" }, headers: keyed };
    // One well-formed type with every kind of question, so that answers are checked deeply.
    const asked = await send(createEventType, {
      ...eventTypes,
      body: {
        slug: "fuzz-asked",
        title: "Asked",
        durationMinutes: [30, 60],
        questions: [
          { id: "company", label: "Company", type: "short_text", required: true },
          { id: "notes", label: "Notes", type: "long_text", required: false },
          { id: "size", label: "Size", type: "choice", required: true, options: ["1-10", "11-50"] },
        ],
      },
    });
    expect(asked.status).toBe(201);
    const question = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.record(
        {
          id: fc.oneof(junk, fc.constantFrom("company", "__proto__", "constructor", "a".repeat(100))),
          label: fc.oneof(junk, fc.string({ maxLength: 300 })),
          type: fc.oneof(fc.constantFrom("short_text", "long_text", "choice", "date", ""), junk),
          required: fc.oneof(fc.boolean(), junk),
          options: fc.oneof(fc.array(fc.oneof(junk, fc.constant("same")), { maxLength: 60 }), junk),
        },
        { requiredKeys: [] },
      ),
    );
    const junkEventType = fc.record(
      {
        slug: fc.oneof(fc.constantFrom("fuzz-type", "fuzz-asked", "", "a".repeat(200), "UPPER", "__proto__", "default", "-x-", "x--y"), junk),
        title: fc.oneof(junk, fc.string({ maxLength: 300 })),
        description: fc.oneof(junk, fc.constantFrom("x".repeat(5001), "<script>alert(1)</script>")),
        durationMinutes: fc.oneof(anyNumber, fc.array(anyNumber, { maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })),
        location: fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.record(
            {
              kind: fc.constantFrom("text", "url", "phone", ""),
              text: fc.oneof(junk, fc.string({ maxLength: 600 })),
              url: fc.constantFrom("https://meet.example/x", "javascript:alert(1)", "http://127.0.0.1/", "", "ftp://x", `https://${"a".repeat(3000)}.example`),
            },
            { requiredKeys: [] },
          ),
        ),
        questions: fc.oneof(fc.array(question, { maxLength: 25 }), junk),
        hidden: fc.oneof(fc.boolean(), junk),
        maxPerDay: anyNumber,
        horizonDays: anyNumber,
        stepMinutes: anyNumber,
        alignment: fc.oneof(fc.constantFrom("window", "clock"), junk),
      },
      { requiredKeys: [] },
    );
    // Mostly a valid type with one field of junk (or none), so that it is often stored and then booked.
    const validEventType = (n: number) => ({
      slug: `fuzz-${n}`,
      title: "Fuzz",
      durationMinutes: [30, 60],
      questions: [{ id: "company", label: "Company", type: "short_text", required: true }],
    });
    /** A type to create, and a change to make to a stored one: valid, valid but for one field of junk, or all junk. */
    const eventTypeBody = fc.oneof(
      { weight: 1, arbitrary: fc.nat().map((n) => ({ create: validEventType(n) as Record<string, unknown>, change: { title: `Fuzz ${n}` } })) },
      {
        weight: 2,
        arbitrary: fc.tuple(fc.nat(), fc.constantFrom(...EVENT_TYPE_FIELDS), junkEventType).map(([n, field, source]) => {
          const create: Record<string, unknown> = validEventType(n);
          if (field in source) create[field] = source[field as keyof typeof source];
          else delete create[field];
          return { create, change: field in source ? { [field]: source[field as keyof typeof source] } : {} };
        }),
      },
      { weight: 1, arbitrary: junkEventType.map((junkType) => ({ create: junkType as Record<string, unknown>, change: junkType as Record<string, unknown> })) },
    );
    const answers = fc.oneof(
      { weight: 3, arbitrary: fc.constant({ company: "Acme", size: "1-10" }) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom("company", "notes", "size", "__proto__", "constructor", "other"), fc.oneof(junk, fc.string({ maxLength: 6000 }), fc.jsonValue({ maxDepth: 1 })))
          .map(([field, value]) => ({ company: "Acme", size: "1-10", [field]: value })),
      },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    );
    const duration = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(30, 60, 45) }, { weight: 1, arbitrary: anyNumber });
    await fc.assert(
      fc.asyncProperty(
        eventTypeBody,
        fc.oneof({ weight: 3, arbitrary: fc.constantFrom("fuzz-asked", "created", "default", "nope") }, { weight: 1, arbitrary: junk }),
        duration,
        answers,
        fc.constantFrom(0, 7, 14, 21),
        fc.constantFrom("09:00", "09:30", "10:00", "10:30", "11:00"),
        async ({ create, change }, pick, minutes, given, days, time) => {
          expectNo5xx(await send(createEventType, { ...eventTypes, body: create }));
          const slug = pick === "created" ? String(create.slug ?? "nope") : pick;
          const query = { from: addDays(NEXT_MONDAY, days), to: addDays(NEXT_MONDAY, days), eventType: slug, durationMinutes: String(minutes) };
          expectNo5xx(await send(searchSlots, { method: "GET", path: "/v1/users/SELF/slots", pathParameters: { userId: "SELF" }, query }));
          const start = utcInstant(addDays(NEXT_MONDAY, days), time, ZONE);
          expectNo5xx(await send(explainSlot, { method: "GET", path: "/v1/users/SELF/slots/explain", pathParameters: { userId: "SELF" }, query: { ...query, start } }));
          const booking = { start, eventType: slug, durationMinutes: minutes, answers: given, invitee: { name: "Fuzz", email: "fuzz@example.com" } };
          expectNo5xx(await send(createBooking, { method: "POST", path: "/v1/users/SELF/bookings", pathParameters: { userId: "SELF" }, body: booking }));
          // The same junk as a change of a stored type (the asked one, or the one just made).
          expectNo5xx(
            await send(updateEventType, {
              method: "PATCH",
              path: `/v1/users/SELF/event-types/${slug}`,
              pathParameters: { userId: "SELF", slug },
              headers: keyed,
              body: change,
            }),
          );
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  test("seed date-times: API.md's formats, wrong ones, out of range and in a DST gap", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ start_date: seedDate, end_date: seedDate, start_time: seedTime, end_time: seedTime }),
        seedDate,
        fc.tuple(seedDateTime, seedDateTime),
        fc.tuple(seedDateTime, seedDateTime),
        async (rule, requestDate, [startTime, endTime], [intervalStart, intervalEnd]) => {
          const keyed = bearer(user.apiKey);
          expectNo5xx(await send(seedSetAvailability, { method: "POST", path: "/api/calendar/set_availability/SELF", pathParameters: { userId: "SELF" }, headers: keyed, body: { availability_rules: [rule] } }));
          expectNo5xx(await send(seedSearchSlotsPost, { method: "POST", path: "/api/appointments/search_slots", body: { owner: "SELF", request_date: requestDate } }));
          expectNo5xx(await send(seedBookSlot, { method: "POST", path: "/api/appointments/book_slot", body: { owner: "SELF", invitee: "Fuzz", start_time: startTime, end_time: endTime } }));
          const availability = [{ start_time: intervalStart, end_time: intervalEnd }];
          expectNo5xx(await send(seedAddIntervals, { method: "POST", path: "/availability", headers: keyed, body: { user_id: "SELF", availability } }));
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});

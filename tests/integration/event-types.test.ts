import { handler as createEventType } from "../../functions/event-types/create-event-type.js";
import { handler as deleteEventType } from "../../functions/event-types/delete-event-type.js";
import { handler as getEventType } from "../../functions/event-types/get-event-type.js";
import { handler as listEventTypes } from "../../functions/event-types/list-event-types.js";
import { handler as updateEventType } from "../../functions/event-types/update-event-type.js";
import { findEventType } from "../../lib/data/event-types-repo.js";
import { publishAvailability } from "../support/booking.js";
import { invoke } from "../support/lambda.js";
import { adminHeaders, bearer, createTestUser } from "../support/users.js";

type Owner = { id: string; apiKey: string };

const INTRO = {
  slug: "intro-call",
  title: "Intro call",
  description: "A first conversation.",
  durationMinutes: [30, 60],
  location: { kind: "url", url: "https://meet.example.com/ann" },
  bufferBeforeMinutes: 5,
  bufferAfterMinutes: 10,
  minimumNoticeMinutes: 240,
  horizonDays: 60,
  maxPerDay: 4,
  stepMinutes: 15,
  questions: [
    { id: "company", label: "Company", type: "short_text", required: true },
    { id: "size", label: "Team size", type: "choice", options: ["1-10", "11-50"] },
  ],
};

const base = (owner: Owner) => `/v1/users/${owner.id}/event-types`;
const create = (owner: Owner, body: unknown, headers: Record<string, string> = bearer(owner.apiKey)) =>
  invoke(createEventType, { method: "POST", path: base(owner), pathParameters: { userId: owner.id }, headers, body });
const list = (owner: Owner, headers: Record<string, string> = {}) =>
  invoke(listEventTypes, { method: "GET", path: base(owner), pathParameters: { userId: owner.id }, headers });
const read = (owner: Owner, slug: string, headers: Record<string, string> = {}) =>
  invoke(getEventType, { method: "GET", path: `${base(owner)}/${slug}`, pathParameters: { userId: owner.id, slug }, headers });
const patch = (owner: Owner, slug: string, body: unknown, headers: Record<string, string> = bearer(owner.apiKey)) =>
  invoke(updateEventType, { method: "PATCH", path: `${base(owner)}/${slug}`, pathParameters: { userId: owner.id, slug }, headers, body });
const remove = (owner: Owner, slug: string, headers: Record<string, string> = bearer(owner.apiKey)) =>
  invoke(deleteEventType, { method: "DELETE", path: `${base(owner)}/${slug}`, pathParameters: { userId: owner.id, slug }, headers });

describe("event types: create, read, list, change, delete", () => {
  test("a full definition round-trips; the owner reads it in full, anyone else its public view", async () => {
    const owner = await createTestUser();
    const created = await create(owner, INTRO);
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`${base(owner)}/intro-call`);
    expect(created.body).toMatchObject({
      userId: owner.id,
      ...INTRO,
      questions: [{ ...INTRO.questions[0] }, { ...INTRO.questions[1], required: false }],
      hidden: false,
      isDefault: false,
      version: 1,
    });

    const full = await read(owner, "intro-call", bearer(owner.apiKey));
    expect(full.status).toBe(200);
    expect(full.body).toEqual(created.body);
    expect((await read(owner, "intro-call", adminHeaders)).body).toEqual(created.body);

    const stranger = await createTestUser();
    for (const headers of [{}, bearer(stranger.apiKey)]) {
      const open = await read(owner, "intro-call", headers);
      expect(open.status).toBe(200);
      expect(open.body).toEqual({
        userId: owner.id,
        slug: "intro-call",
        title: "Intro call",
        description: "A first conversation.",
        durationMinutes: [30, 60],
        // A link is named, not shown: the booking's answer carries it.
        location: { kind: "url" },
        questions: created.body.questions,
        isDefault: false,
      });
    }
  });

  test("one length may be given as a number; optional fields stay absent", async () => {
    const owner = await createTestUser();
    const created = await create(owner, { slug: "quick", title: "Quick chat", durationMinutes: 15 });
    expect(created.body).toEqual({
      userId: owner.id,
      slug: "quick",
      title: "Quick chat",
      durationMinutes: [15],
      questions: [],
      hidden: false,
      isDefault: false,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  test("the default event type is the owner's settings: listed first, read-only, never deleted", async () => {
    const owner = await createTestUser();
    await publishAvailability(owner, {
      weekly: [{ days: [1], windows: [{ start: "09:00", end: "12:00" }] }],
      settings: { durationMinutes: 45, bufferAfterMinutes: 15, maxPerDay: 3 },
    });
    const listed = await list(owner, bearer(owner.apiKey));
    expect(listed.status).toBe(200);
    expect(listed.body.eventTypes).toEqual([
      {
        userId: owner.id,
        slug: "default",
        title: "45 minute meeting",
        durationMinutes: [45],
        bufferAfterMinutes: 15,
        maxPerDay: 3,
        questions: [],
        hidden: false,
        isDefault: true,
        version: 1,
        updatedAt: expect.any(String),
      },
    ]);
    expect((await read(owner, "default")).body).toMatchObject({ slug: "default", durationMinutes: [45], isDefault: true });

    const taken = await create(owner, { slug: "default", title: "Mine", durationMinutes: 30 });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe("event_type_exists");
    expect((await patch(owner, "default", { title: "Renamed" })).body.code).toBe("default_event_type");
    const deleted = await remove(owner, "default");
    expect(deleted.status).toBe(409);
    expect(deleted.body.code).toBe("default_event_type");
  });

  test("an owner without a schedule still has the default event type (30 minutes)", async () => {
    const owner = await createTestUser();
    const listed = await list(owner);
    expect(listed.body.eventTypes).toEqual([
      { userId: owner.id, slug: "default", title: "30 minute meeting", durationMinutes: [30], questions: [], isDefault: true },
    ]);
  });

  test("the list: default first, then by slug; hidden ones only for the owner", async () => {
    const owner = await createTestUser();
    await create(owner, { slug: "zeta", title: "Zeta", durationMinutes: 30 });
    await create(owner, { slug: "alpha", title: "Alpha", durationMinutes: 60 });
    await create(owner, { slug: "secret", title: "Secret", durationMinutes: 20, hidden: true });
    const mine = await list(owner, bearer(owner.apiKey));
    expect(mine.body.eventTypes.map((t: { slug: string }) => t.slug)).toEqual(["default", "alpha", "secret", "zeta"]);
    expect(mine.body.eventTypes[2]).toMatchObject({ hidden: true, version: 1 });
    const open = await list(owner);
    expect(open.body.eventTypes.map((t: { slug: string }) => t.slug)).toEqual(["default", "alpha", "zeta"]);
    expect(open.body.eventTypes[1]).not.toHaveProperty("hidden");
    // A hidden event type is still read (and booked) by its slug: a secret link.
    expect((await read(owner, "secret")).status).toBe(200);
  });

  test("PATCH replaces the fields given, null removes optional ones, and the version goes up", async () => {
    const owner = await createTestUser();
    await create(owner, INTRO);
    const changed = await patch(owner, "intro-call", { title: "Discovery call", maxPerDay: null, location: { kind: "text", text: "Café Rouge" }, hidden: true });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ title: "Discovery call", location: { kind: "text", text: "Café Rouge" }, hidden: true, version: 2 });
    expect(changed.body).not.toHaveProperty("maxPerDay");
    expect(changed.body.durationMinutes).toEqual([30, 60]);
    expect(changed.body.createdAt <= changed.body.updatedAt).toBe(true);
    const stored = await findEventType(owner.id, "intro-call");
    expect(stored).toMatchObject({ title: "Discovery call", version: 2 });
    expect(stored).not.toHaveProperty("maxPerDay");
    // A text location is public.
    expect((await read(owner, "intro-call")).body.location).toEqual({ kind: "text", text: "Café Rouge" });
  });

  test("DELETE removes it (204); a second DELETE and reads are 404", async () => {
    const owner = await createTestUser();
    await create(owner, { slug: "gone", title: "Gone", durationMinutes: 30 });
    const deleted = await remove(owner, "gone");
    expect(deleted.status).toBe(204);
    expect(deleted.raw).toBe("");
    expect((await remove(owner, "gone")).status).toBe(404);
    const missing = await read(owner, "gone");
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("event_type_not_found");
    expect((await patch(owner, "gone", { title: "x" })).status).toBe(404);
    // The slug is free again.
    expect((await create(owner, { slug: "gone", title: "Back", durationMinutes: 30 })).status).toBe(201);
  });

  test("a taken slug is a 409 and changes nothing", async () => {
    const owner = await createTestUser();
    await create(owner, { slug: "intro-call", title: "First", durationMinutes: 30 });
    const again = await create(owner, { slug: "intro-call", title: "Second", durationMinutes: 60 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("event_type_exists");
    expect(await findEventType(owner.id, "intro-call")).toMatchObject({ title: "First", durationMinutes: [30] });
    // Slugs are unique per owner only.
    const other = await createTestUser();
    expect((await create(other, { slug: "intro-call", title: "Theirs", durationMinutes: 30 })).status).toBe(201);
  });
});

describe("event types: bad input is a 400 that changes nothing", () => {
  const cases: [string, Record<string, unknown>][] = [
    ["no slug", { title: "T", durationMinutes: 30 }],
    ["an upper-case slug", { slug: "Intro", title: "T", durationMinutes: 30 }],
    ["a slug with a space", { slug: "intro call", title: "T", durationMinutes: 30 }],
    ["a slug ending in a hyphen", { slug: "intro-", title: "T", durationMinutes: 30 }],
    ["a slug of 65 characters", { slug: "a".repeat(65), title: "T", durationMinutes: 30 }],
    ["no title", { slug: "x", durationMinutes: 30 }],
    ["a blank title", { slug: "x", title: "  ", durationMinutes: 30 }],
    ["no duration", { slug: "x", title: "T" }],
    ["a zero duration", { slug: "x", title: "T", durationMinutes: 0 }],
    ["a fractional duration", { slug: "x", title: "T", durationMinutes: 30.5 }],
    ["a duration over a day", { slug: "x", title: "T", durationMinutes: 1441 }],
    ["no durations", { slug: "x", title: "T", durationMinutes: [] }],
    ["the same duration twice", { slug: "x", title: "T", durationMinutes: [30, 30] }],
    ["eleven durations", { slug: "x", title: "T", durationMinutes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }],
    ["a tiny buffer", { slug: "x", title: "T", durationMinutes: 30, bufferBeforeMinutes: 1e-131 }],
    ["a huge buffer", { slug: "x", title: "T", durationMinutes: 30, bufferAfterMinutes: 1e308 }],
    ["a negative notice", { slug: "x", title: "T", durationMinutes: 30, minimumNoticeMinutes: -1 }],
    ["a zero horizon", { slug: "x", title: "T", durationMinutes: 30, horizonDays: 0 }],
    ["a daily limit over 1000", { slug: "x", title: "T", durationMinutes: 30, maxPerDay: 1001 }],
    ["a zero step", { slug: "x", title: "T", durationMinutes: 30, stepMinutes: 0 }],
    ["an unknown alignment", { slug: "x", title: "T", durationMinutes: 30, alignment: "moon" }],
    ["an unknown field", { slug: "x", title: "T", durationMinutes: 30, color: "red" }],
    ["a location of no kind", { slug: "x", title: "T", durationMinutes: 30, location: { text: "here" } }],
    ["a javascript: location", { slug: "x", title: "T", durationMinutes: 30, location: { kind: "url", url: "javascript:alert(1)" } }],
    ["an empty location text", { slug: "x", title: "T", durationMinutes: 30, location: { kind: "text", text: " " } }],
    ["a question of no type", { slug: "x", title: "T", durationMinutes: 30, questions: [{ id: "q", label: "Q" }] }],
    ["a choice without options", { slug: "x", title: "T", durationMinutes: 30, questions: [{ id: "q", label: "Q", type: "choice" }] }],
    ["options on a text question", { slug: "x", title: "T", durationMinutes: 30, questions: [{ id: "q", label: "Q", type: "short_text", options: ["a"] }] }],
    ["the same option twice", { slug: "x", title: "T", durationMinutes: 30, questions: [{ id: "q", label: "Q", type: "choice", options: ["a", "a"] }] }],
    [
      "two questions with one id",
      {
        slug: "x",
        title: "T",
        durationMinutes: 30,
        questions: [
          { id: "q", label: "Q", type: "short_text" },
          { id: "q", label: "R", type: "long_text" },
        ],
      },
    ],
    ["a question id with a space", { slug: "x", title: "T", durationMinutes: 30, questions: [{ id: "a b", label: "Q", type: "short_text" }] }],
    ["21 questions", { slug: "x", title: "T", durationMinutes: 30, questions: Array.from({ length: 21 }, (_, i) => ({ id: `q${i}`, label: "Q", type: "short_text" })) }],
  ];

  test.each(cases)("%s", async (_name, body) => {
    const owner = await createTestUser();
    const response = await create(owner, body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual(expect.objectContaining({ error: expect.any(String), code: expect.any(String) }));
    expect((await list(owner, bearer(owner.apiKey))).body.eventTypes).toHaveLength(1);
  });

  test("a bad PATCH is a 400 and leaves the stored event type as it was", async () => {
    const owner = await createTestUser();
    await create(owner, INTRO);
    for (const body of [{}, { durationMinutes: [] }, { slug: "other" }, { title: null }, { questions: null }, { hidden: "yes" }, { maxPerDay: 1.5 }]) {
      const response = await patch(owner, "intro-call", body);
      expect(response.status).toBe(400);
    }
    expect(await findEventType(owner.id, "intro-call")).toMatchObject({ title: "Intro call", version: 1, maxPerDay: 4 });
  });

  test("a malformed slug in the path is a 400", async () => {
    const owner = await createTestUser();
    expect((await read(owner, "Not_A_Slug")).status).toBe(400);
  });
});

describe("event types: who may do what", () => {
  test("writes need the owner's key or the admin's: 401 without, 403 with another user's", async () => {
    const owner = await createTestUser();
    const stranger = await createTestUser();
    await create(owner, { slug: "mine", title: "Mine", durationMinutes: 30 });
    const body = { slug: "theirs", title: "T", durationMinutes: 30 };
    expect((await create(owner, body, {})).status).toBe(401);
    expect((await create(owner, body, bearer("nobody.secret"))).status).toBe(401);
    expect((await create(owner, body, bearer(stranger.apiKey))).status).toBe(403);
    expect((await patch(owner, "mine", { title: "X" }, {})).status).toBe(401);
    expect((await patch(owner, "mine", { title: "X" }, bearer(stranger.apiKey))).status).toBe(403);
    expect((await remove(owner, "mine", {})).status).toBe(401);
    expect((await remove(owner, "mine", bearer(stranger.apiKey))).status).toBe(403);
    expect(await findEventType(owner.id, "mine")).toMatchObject({ title: "Mine", version: 1 });
    expect(await findEventType(owner.id, "theirs")).toBeUndefined();

    expect((await create(owner, body, adminHeaders)).status).toBe(201);
    expect((await patch(owner, "theirs", { title: "By admin" }, adminHeaders)).body.title).toBe("By admin");
    expect((await remove(owner, "theirs", adminHeaders)).status).toBe(204);
  });

  test("reads are public, but a key that is presented must be valid", async () => {
    const owner = await createTestUser();
    expect((await list(owner, bearer("nobody.secret"))).status).toBe(401);
    expect((await read(owner, "default", bearer("nobody.secret"))).status).toBe(401);
  });

  test("an unknown owner is a 404 everywhere", async () => {
    const ghost = { id: "ghost-owner-x", apiKey: "" };
    expect((await list(ghost)).status).toBe(404);
    expect((await read(ghost, "default")).status).toBe(404);
    expect((await read(ghost, "intro-call")).status).toBe(404);
    expect((await create(ghost, { slug: "x", title: "T", durationMinutes: 30 }, adminHeaders)).status).toBe(404);
  });
});

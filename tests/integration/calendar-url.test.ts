import { handler as getCalendar } from "../../functions/calendar/get-calendar.js";
import { handler as createUser } from "../../functions/users/create-user.js";
import { handler as getUser } from "../../functions/users/get-user.js";
import { handler as updateUser } from "../../functions/users/update-user.js";
import { claimCalendarSync, findUser, initialCalendarSync, insertUser, recordSyncFailure } from "../../lib/data/users-repo.js";
import { invoke } from "../support/lambda.js";
import { adminHeaders, bearer, createTestUser, uniqueId } from "../support/users.js";

const userPath = (id: string) => ({ path: `/v1/users/${id}`, pathParameters: { userId: id } });
const T0 = Date.parse("2031-06-02T14:00:00Z");

/** Records a failure the way the poller does (claim, then record under the lease). */
async function recordFailure(userId: string, error: { code: string; message: string; at: number }): Promise<void> {
  const claimed = await claimCalendarSync((await findUser(userId))!, { token: "t", until: T0 + 60_000 }, T0, 8);
  expect(claimed).toBeDefined();
  expect(await recordSyncFailure(userId, "t", { error, consecutiveFailures: 1, nextSyncAt: T0 + 60_000 })).toBe(true);
}

describe("calendar URLs", () => {
  test("webcals: is accepted, as webcal: is (the fetcher reads both as https)", async () => {
    const id = uniqueId("wcs");
    const created = await invoke(createUser, { method: "POST", path: "/v1/users", headers: adminHeaders, body: { id, calendarUrl: "webcals://calendar.example.com/ann.ics" } });
    expect(created.status).toBe(201);
    expect(created.body.calendarUrl).toBe("webcals://calendar.example.com/ann.ics");
    const patched = await invoke(updateUser, { method: "PATCH", ...userPath(id), headers: bearer(created.body.apiKey), body: { calendarUrl: "WEBCALS://calendar.example.com/b.ics" } });
    expect(patched.status).toBe(200);
  });

  test.each([
    ["user and password", "https://ann:s3cret@calendar.example.com/ann.ics"],
    ["a user name only", "https://s3cret@calendar.example.com/ann.ics"],
    ["webcal with a password", "webcal://ann:s3cret@calendar.example.com/ann.ics"],
  ])("credentials in the URL (%s) are a 400 that does not echo them", async (_name, url) => {
    const created = await invoke(createUser, { method: "POST", path: "/v1/users", headers: adminHeaders, body: { id: uniqueId("cred"), calendarUrl: url } });
    expect(created.status).toBe(400);
    expect(created.body.code).toBe("validation_failed");
    expect(created.raw).toMatch(/credentials/i);
    expect(created.raw).not.toMatch(/s3cret/);

    const user = await createTestUser();
    const patched = await invoke(updateUser, { method: "PATCH", ...userPath(user.id), headers: bearer(user.apiKey), body: { calendarUrl: url } });
    expect(patched.status).toBe(400);
    expect(patched.raw).not.toMatch(/s3cret/);
    expect((await findUser(user.id))!.calendarUrl).toBeNull();
  });

  test("a URL stored with credentials before they were refused is never shown with them", async () => {
    const id = uniqueId("old");
    const url = "https://ann:s3cret@calendar.example.com/ann.ics?token=abc";
    const key = await createTestUser();
    // Stored directly, as an older version of the API allowed; the key of another user is reused for auth.
    const record = (await findUser(key.id))!;
    await insertUser({ ...record, id, calendarUrl: url, calendarSync: initialCalendarSync(T0) });
    await recordFailure(id, { code: "http_error", message: `HTTP 401 from ${url}`, at: T0 });
    const user = await invoke(getUser, { method: "GET", ...userPath(id), headers: adminHeaders });
    expect(user.status).toBe(200);
    expect(user.body.calendarUrl).toBe("https://***@calendar.example.com/ann.ics?token=abc");
    const calendar = await invoke(getCalendar, { method: "GET", path: `/v1/users/${id}/calendar`, pathParameters: { userId: id }, headers: adminHeaders });
    expect(calendar.status).toBe(200);
    expect(calendar.body.calendarUrl).toBe("https://***@calendar.example.com/ann.ics?token=abc");
    for (const raw of [user.raw, calendar.raw]) expect(raw).not.toMatch(/s3cret|ann:/);
  });

  test("a refusal stored before addresses were hidden does not show what the name resolved to", async () => {
    const id = uniqueId("dns");
    const key = await createTestUser();
    const record = (await findUser(key.id))!;
    await insertUser({
      ...record,
      id,
      calendarUrl: "https://intranet.example.com/feed.ics",
      calendarSync: initialCalendarSync(T0),
    });
    await recordFailure(id, { code: "blocked_address", message: "intranet.example.com resolves to a private address (10.1.2.3), which feeds may not use", at: T0 });
    const user = await invoke(getUser, { method: "GET", ...userPath(id), headers: adminHeaders });
    expect(user.body.calendarSync.lastError).toMatchObject({ code: "blocked_address", message: expect.stringMatching(/refused address/) });
    expect(user.raw).not.toMatch(/10\.1\.2\.3|private/);
  });
});

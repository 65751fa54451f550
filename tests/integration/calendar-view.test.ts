import { handler as getCalendar } from "../../functions/calendar/get-calendar.js";
import { pollOptionsFromSettings } from "../../lib/calendar-sync/options.js";
import { pollCalendarFeeds } from "../../lib/calendar-sync/poll.js";
import { createUser } from "../../lib/users/users-service.js";
import { icsFeed } from "../support/feed-server.js";
import { futureMonday } from "../support/future-dates.js";
import { useFeedServerAndIsolatedTables } from "../support/isolated-tables.js";
import { invoke, type TestResponse } from "../support/lambda.js";
import { adminHeaders, bearer, uniqueId } from "../support/users.js";

const MINUTE = 60_000;
/** A Monday morning ahead of the clock; the poller and the services are given it as `now`. */
const T0 = Date.parse(`${futureMonday()}T08:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const calendarPath = (id: string) => ({ method: "GET", path: `/v1/users/${id}/calendar`, pathParameters: { userId: id } });

const env = useFeedServerAndIsolatedTables();

function expectJsonError(response: TestResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  expect(response.body).toEqual(expect.objectContaining({ error: expect.any(String), code }));
}

describe("GET /v1/users/{userId}/calendar", () => {
  test("shows the owner the sync state and the stored busy intervals as ISO instants", async () => {
    env.feeds.set("/mia.ics", {
      body: icsFeed([
        { uid: "a", start: T0 - 10 * MINUTE, end: T0 + 20 * MINUTE },
        { uid: "b", start: T0 + 20 * MINUTE, end: T0 + 50 * MINUTE },
      ]),
    });
    const mia = await createUser({ id: uniqueId("mia"), calendarUrl: env.feeds.url("/mia.ics") }, T0);
    const before = await invoke(getCalendar, { ...calendarPath(mia.id), headers: bearer(mia.apiKey) });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ userId: mia.id, calendarUrl: env.feeds.url("/mia.ics"), busy: null, calendarSync: { lastSuccessAt: null } });

    await pollCalendarFeeds(pollOptionsFromSettings(T0, () => 0));
    const after = await invoke(getCalendar, { ...calendarPath(mia.id), headers: bearer(mia.apiKey) });
    expect(after.status).toBe(200);
    expect(after.headers["cache-control"]).toBe("no-store");
    expect(after.body.busy).toEqual({
      version: T0,
      syncedAt: iso(T0),
      from: iso(T0),
      to: iso(T0 + 14 * 24 * 60 * MINUTE),
      intervals: [{ start: iso(T0 - 10 * MINUTE), end: iso(T0 + 50 * MINUTE) }],
    });
    expect(after.body.calendarSync).toMatchObject({ lastSuccessAt: iso(T0), busyIntervalCount: 1, lastError: null });

    const asAdmin = await invoke(getCalendar, { ...calendarPath(mia.id), headers: adminHeaders });
    expect(asAdmin.body).toEqual(after.body);
  });

  test("a user without a feed reads nulls", async () => {
    const noa = await createUser({ id: uniqueId("noa") }, T0);
    const response = await invoke(getCalendar, { ...calendarPath(noa.id), headers: bearer(noa.apiKey) });
    expect(response.body).toEqual({ userId: noa.id, calendarUrl: null, calendarSync: null, busy: null });
  });

  test("refuses with JSON errors: no key 401, another user's key 403, an unknown user 404, a bad id 400", async () => {
    const owner = await createUser({ id: uniqueId("own") }, T0);
    const other = await createUser({ id: uniqueId("oth") }, T0);
    expectJsonError(await invoke(getCalendar, calendarPath(owner.id)), 401, "unauthorized");
    expectJsonError(await invoke(getCalendar, { ...calendarPath(owner.id), headers: bearer(`${owner.id}.${"A".repeat(43)}`) }), 401, "unauthorized");
    expectJsonError(await invoke(getCalendar, { ...calendarPath(owner.id), headers: bearer(other.apiKey) }), 403, "forbidden");
    expectJsonError(await invoke(getCalendar, { ...calendarPath("nobody-here"), headers: adminHeaders }), 404, "user_not_found");
    const bad = await invoke(getCalendar, { ...calendarPath("Not An Id"), headers: adminHeaders });
    expectJsonError(bad, 400, "validation_failed");
    expect(bad.body.details[0]).toMatchObject({ location: "path", path: "userId" });
  });
});

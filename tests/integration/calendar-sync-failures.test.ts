import { handler as getUser } from "../../functions/users/get-user.js";
import { pollOptionsFromSettings, type PollOptions } from "../../lib/calendar-sync/options.js";
import { pollCalendarFeeds } from "../../lib/calendar-sync/poll.js";
import { readCalendarBusy } from "../../lib/data/calendar-repo.js";
import { readStatusEntries } from "../../lib/data/status-repo.js";
import { findUser } from "../../lib/data/users-repo.js";
import { createUser } from "../../lib/users/users-service.js";
import { freePort } from "../../scripts/local/ports.ts";
import { icsFeed } from "../support/feed-server.js";
import { useFeedServerAndIsolatedTables } from "../support/isolated-tables.js";
import { invoke } from "../support/lambda.js";
import { bearer, uniqueId } from "../support/users.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.parse("2031-06-02T14:00:00Z");
const GOOD = icsFeed([{ uid: "meeting", start: T0 - 5 * MINUTE, end: T0 + HOUR }]);

const env = useFeedServerAndIsolatedTables();
let deadPort: number;
beforeAll(async () => {
  deadPort = await freePort(); // nothing listens there
});

/** Small limits so the bad feeds fail fast; the good ones are far inside them. */
const poll = (now: number, overrides: Partial<PollOptions> = {}) =>
  pollCalendarFeeds({ ...pollOptionsFromSettings(now, () => 0), fetchTimeoutMs: 400, maxFeedBytes: 64 * 1024, concurrency: 4, ...overrides });

const newUser = (url: string, now = T0) => createUser({ id: uniqueId("bad"), calendarUrl: url }, now);

describe("one bad feed never stops the others", () => {
  test("404, HTML, a feed cut short, too big, too slow, a closed port, a private address: each recorded, the good feeds synced", async () => {
    env.feeds.set("/good-1.ics", { body: GOOD });
    env.feeds.set("/good-2.ics", { body: GOOD });
    env.feeds.set("/html", { contentType: "text/html", body: "<!doctype html><title>Sign in</title>" });
    env.feeds.set("/cut.ics", { body: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20310602T" });
    env.feeds.set("/huge.ics", { body: icsFeed([{ uid: "x", start: T0, end: T0 + HOUR }], `X-PADDING:${"x".repeat(100 * 1024)}`) });
    env.feeds.set("/slow.ics", { body: GOOD, delayMs: 1500 });
    const cases = {
      good1: await newUser(env.feeds.url("/good-1.ics")),
      missing: await newUser(env.feeds.url("/missing.ics")),
      html: await newUser(env.feeds.url("/html")),
      cut: await newUser(env.feeds.url("/cut.ics")),
      huge: await newUser(env.feeds.url("/huge.ics")),
      slow: await newUser(env.feeds.url("/slow.ics")),
      closed: await newUser(`http://127.0.0.1:${deadPort}/feed.ics`),
      intranet: await newUser("http://10.1.2.3/feed.ics"),
      good2: await newUser(env.feeds.url("/good-2.ics")),
    };
    const expectedCodes: Record<string, string> = {
      missing: "http_error",
      html: "not_calendar",
      cut: "parse_error",
      huge: "too_large",
      slow: "timeout",
      closed: "network_error",
      intranet: "blocked_address",
    };

    const report = await poll(T0);
    expect(report.processed).toBe(9);
    expect(report.outcomes).toMatchObject({ updated: 2, failed: 7, errored: 0 });

    for (const good of [cases.good1, cases.good2]) {
      expect((await readCalendarBusy(good.id))!.intervals).toEqual([{ start: T0 - 5 * MINUTE, end: T0 + HOUR }]);
      expect((await readStatusEntries(good.id)).calendar).toMatchObject({ status: "busy", expiresAt: T0 + HOUR });
    }
    for (const [name, code] of Object.entries(expectedCodes)) {
      const user = cases[name as keyof typeof cases];
      const sync = (await findUser(user.id))!.calendarSync!;
      expect({ name, code: sync.lastError?.code }).toEqual({ name, code });
      expect(sync).toMatchObject({ lastAttemptAt: T0, lastSuccessAt: null, consecutiveFailures: 1, nextSyncAt: T0 + MINUTE });
      expect(sync.lastError!.at).toBe(T0);
      expect(sync.lastError!.message.length).toBeGreaterThan(0);
      expect(await readCalendarBusy(user.id)).toBeUndefined();
      expect((await readStatusEntries(user.id)).calendar).toBeUndefined();
    }

    // Visible through the API.
    const view = await invoke(getUser, { method: "GET", path: `/v1/users/${cases.missing.id}`, pathParameters: { userId: cases.missing.id }, headers: bearer(cases.missing.apiKey) });
    expect(view.body.calendarSync).toEqual({
      nextSyncAt: "2031-06-02T14:01:00Z",
      lastAttemptAt: "2031-06-02T14:00:00Z",
      lastSuccessAt: null,
      lastError: { code: "http_error", message: "HTTP 404", at: "2031-06-02T14:00:00Z" },
      consecutiveFailures: 1,
      busyIntervalCount: null,
    });

    // A minute later only the failed feeds are due, and they back off: 1, then 2 minutes.
    const retry = await poll(T0 + MINUTE);
    expect(retry.processed).toBe(7);
    expect(retry.outcomes.failed).toBe(7);
    const again = (await findUser(cases.closed.id))!.calendarSync!;
    expect(again).toMatchObject({ consecutiveFailures: 2, nextSyncAt: T0 + MINUTE + 2 * MINUTE, lastAttemptAt: T0 + MINUTE });
  });

  test("a feed that fails after a success keeps its stored set and presence, backs off, and recovers", async () => {
    env.feeds.set("/flaky.ics", { body: GOOD });
    const flaky = await newUser(env.feeds.url("/flaky.ics"));
    await poll(T0);
    const stored = await readCalendarBusy(flaky.id);

    env.feeds.set("/flaky.ics", { status: 503, body: "maintenance" });
    let now = T0 + 5 * MINUTE;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      await poll(now);
      const sync = (await findUser(flaky.id))!.calendarSync!;
      expect(sync.consecutiveFailures).toBe(attempt);
      expect(sync.lastSuccessAt).toBe(T0);
      delays.push((sync.nextSyncAt - now) / MINUTE);
      now = sync.nextSyncAt;
    }
    expect(delays).toEqual([1, 2, 4, 8]);
    expect(await readCalendarBusy(flaky.id)).toEqual(stored);
    expect((await readStatusEntries(flaky.id)).calendar).toMatchObject({ expiresAt: T0 + HOUR });

    env.feeds.set("/flaky.ics", { body: GOOD });
    await poll(now);
    const recovered = (await findUser(flaky.id))!.calendarSync!;
    expect(recovered).toMatchObject({ consecutiveFailures: 0, lastSuccessAt: now, nextSyncAt: now + 5 * MINUTE });
    expect(recovered.lastError).toMatchObject({ code: "http_error", message: "HTTP 503" }); // kept as history
  });

  test("the backoff stops growing at its cap", async () => {
    env.feeds.set("/down.ics", { status: 500, body: "down" });
    const down = await newUser(env.feeds.url("/down.ics"));
    let now = T0;
    for (let attempt = 1; attempt <= 6; attempt++) {
      await poll(now, { maxBackoffMs: 10 * MINUTE });
      now = (await findUser(down.id))!.calendarSync!.nextSyncAt;
    }
    const sync = (await findUser(down.id))!.calendarSync!;
    expect(sync.consecutiveFailures).toBe(6);
    expect(sync.nextSyncAt - sync.lastAttemptAt!).toBe(10 * MINUTE);
  });

  test("redirects are followed up to the limit, and one to a private address is refused", async () => {
    env.feeds.set("/moved.ics", (_req, res) => void res.writeHead(301, { Location: "/good-1.ics" }).end());
    env.feeds.set("/to-metadata.ics", (_req, res) => void res.writeHead(302, { Location: "http://169.254.169.254/latest/meta-data/" }).end());
    for (let i = 0; i < 5; i++) env.feeds.set(`/loop-${i}`, (_req, res) => void res.writeHead(302, { Location: `/loop-${i + 1}` }).end());
    const moved = await newUser(env.feeds.url("/moved.ics"));
    const metadata = await newUser(env.feeds.url("/to-metadata.ics"));
    const loop = await newUser(env.feeds.url("/loop-0"));
    await poll(T0);
    expect((await findUser(moved.id))!.calendarSync!.lastSuccessAt).toBe(T0);
    expect((await findUser(metadata.id))!.calendarSync!.lastError!.code).toBe("blocked_address");
    expect((await findUser(loop.id))!.calendarSync!.lastError!.code).toBe("too_many_redirects");
  });

  test("an unexpected error is recorded as internal_error without its internals, and retried like any failure", async () => {
    env.feeds.set("/odd-zone.ics", { body: GOOD });
    // The API validates zones; a record that escaped validation must not stop the run or leak details.
    const odd = await createUser({ id: uniqueId("odd"), calendarUrl: env.feeds.url("/odd-zone.ics"), timezone: "Mars/Olympus_Mons" }, T0);
    env.feeds.set("/fine.ics", { body: GOOD });
    const fine = await newUser(env.feeds.url("/fine.ics"));
    const report = await poll(T0);
    expect(report.results.find((r) => r.userId === fine.id)!.outcome).toBe("updated");
    const sync = (await findUser(odd.id))!.calendarSync!;
    expect(sync.lastError).toEqual({ code: "internal_error", message: expect.stringMatching(/internal error; it will be retried/), at: T0 });
    expect(sync.lastError!.message).not.toMatch(/Mars|RangeError|zone/i);
    expect(sync).toMatchObject({ consecutiveFailures: 1, nextSyncAt: T0 + MINUTE });
  });

  test("loopback feeds are refused unless the local-development setting allows them", async () => {
    env.feeds.set("/local.ics", { body: GOOD });
    const local = await newUser(env.feeds.url("/local.ics"));
    await poll(T0, { allowLoopback: false });
    expect((await findUser(local.id))!.calendarSync!.lastError).toMatchObject({ code: "blocked_address" });
    expect(env.feeds.requests.some((r) => r.path === "/local.ics")).toBe(false);
  });
});

/**
 * Feeds that are too much work: over the event cap, recurrence that blows the expansion fuse, and big
 * feeds read alongside small ones in one run.
 */
import { handler as getCalendar } from "../../functions/calendar/get-calendar.js";
import { handler as getUser } from "../../functions/users/get-user.js";
import { pollOptionsFromSettings, type PollOptions } from "../../lib/calendar-sync/options.js";
import { pollCalendarFeeds } from "../../lib/calendar-sync/poll.js";
import { busyIntervalsFromIcs } from "../../lib/calendar/ics.js";
import { readCalendarBusy } from "../../lib/data/calendar-repo.js";
import { readStatusEntries } from "../../lib/data/status-repo.js";
import { findUser } from "../../lib/data/users-repo.js";
import { createUser } from "../../lib/users/users-service.js";
import { icsFeed } from "../support/feed-server.js";
import { useFeedServerAndIsolatedTables } from "../support/isolated-tables.js";
import { invoke } from "../support/lambda.js";
import { bearer, uniqueId } from "../support/users.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.parse("2031-06-02T14:00:00Z");
const GOOD = icsFeed([{ uid: "meeting", start: T0 - 5 * MINUTE, end: T0 + HOUR }]);

const env = useFeedServerAndIsolatedTables();

const poll = (now: number, overrides: Partial<PollOptions> = {}) => pollCalendarFeeds({ ...pollOptionsFromSettings(now, () => 0), ...overrides });
const newUser = (path: string) => createUser({ id: uniqueId("lim"), calendarUrl: env.feeds.url(path) }, T0);

/** Synced once from GOOD, then the feed is replaced by `body`: what was stored must survive. */
async function userWithGoodSet(path: string) {
  env.feeds.set(path, { body: GOOD });
  const user = await newUser(path);
  await poll(T0);
  const stored = await readCalendarBusy(user.id);
  expect(stored!.intervals).toEqual([{ start: T0 - 5 * MINUTE, end: T0 + HOUR }]);
  return { user, stored };
}

async function expectKeptWithError(user: { id: string; apiKey: string }, stored: unknown, code: string, now: number) {
  expect(await readCalendarBusy(user.id)).toEqual(stored);
  expect((await readStatusEntries(user.id)).calendar).toMatchObject({ status: "busy", expiresAt: T0 + HOUR });
  const sync = (await findUser(user.id))!.calendarSync!;
  expect(sync).toMatchObject({ lastSuccessAt: T0, consecutiveFailures: 1, nextSyncAt: now + MINUTE, busyIntervalCount: 1 });
  expect(sync.lastError).toMatchObject({ code, at: now });
  // Shown to the user where they look.
  const headers = bearer(user.apiKey);
  const shown = await invoke(getUser, { method: "GET", path: `/v1/users/${user.id}`, pathParameters: { userId: user.id }, headers });
  expect(shown.body.calendarSync.lastError).toMatchObject({ code, message: expect.any(String) });
  const calendar = await invoke(getCalendar, { method: "GET", path: `/v1/users/${user.id}/calendar`, pathParameters: { userId: user.id }, headers });
  expect(calendar.body.calendarSync.lastError).toMatchObject({ code });
  expect(calendar.body.busy.intervals).toEqual([{ start: "2031-06-02T13:55:00Z", end: "2031-06-02T15:00:00Z" }]);
  return sync.lastError!.message;
}

describe("recurrence too dense to expand", () => {
  test("a feed whose expansion was cut short keeps the last good busy set and says feed_too_complex", async () => {
    const { user, stored } = await userWithGoodSet("/dense.ics");
    // Every minute for ever: more instances in 14 days (20,160) than the reader expands of one series.
    const dense = icsFeed([
      { uid: "meeting", start: T0 - 5 * MINUTE, end: T0 + HOUR },
      { uid: "ticker", start: T0 - DAY, end: T0 - DAY + 30_000, rrule: "FREQ=MINUTELY" },
    ]);
    // The premise: the reader reports the expansion as truncated (if it ever stops doing so, pick another feed).
    expect(busyIntervalsFromIcs(dense, { ownerZone: "UTC", from: T0 + 5 * MINUTE, to: T0 + 5 * MINUTE + 14 * DAY }).stats.truncated).toBe(true);
    env.feeds.set("/dense.ics", { body: dense });

    const now = T0 + 5 * MINUTE;
    const report = await poll(now);
    expect(report.results.find((r) => r.userId === user.id)).toMatchObject({ outcome: "failed", error: { code: "feed_too_complex" } });
    const message = await expectKeptWithError(user, stored, "feed_too_complex", now);
    expect(message).toMatch(/recurr/i);
  });
});

describe("the event cap", () => {
  test("a feed with more events than the cap is refused before it is expanded (too_many_events), keeping the last good set", async () => {
    const { user, stored } = await userWithGoodSet("/many.ics");
    const events = Array.from({ length: 120 }, (_, i) => ({ uid: `e${i}`, start: T0 + i * HOUR, end: T0 + i * HOUR + MINUTE }));
    env.feeds.set("/many.ics", { body: icsFeed(events) });
    const now = T0 + 5 * MINUTE;
    const report = await poll(now, { maxFeedEvents: 100 });
    expect(report.results.find((r) => r.userId === user.id)).toMatchObject({ outcome: "failed", error: { code: "too_many_events" } });
    const message = await expectKeptWithError(user, stored, "too_many_events", now);
    expect(message).toMatch(/120 events/);
    expect(message).toMatch(/100/);
  });

  test("at the cap, the feed is read", async () => {
    const events = Array.from({ length: 100 }, (_, i) => ({ uid: `e${i}`, start: T0 + i * HOUR, end: T0 + i * HOUR + MINUTE }));
    env.feeds.set("/hundred.ics", { body: icsFeed(events) });
    const user = await newUser("/hundred.ics");
    const report = await poll(T0, { maxFeedEvents: 100 });
    expect(report.results.find((r) => r.userId === user.id)).toMatchObject({ outcome: "updated", busyIntervals: 100 });
  });
});

describe("big feeds beside small ones", () => {
  test("a small feed answering while big ones are being read is synced, not timed out", async () => {
    // The small feed is the most overdue, so its request goes out first; its answer comes while the big
    // feeds (each a good fraction of a second to read, together several times its timeout) are read.
    env.feeds.set("/small.ics", { body: GOOD, delayMs: 200 });
    const small = await createUser({ id: uniqueId("small"), calendarUrl: env.feeds.url("/small.ics") }, T0 - MINUTE);
    const big = icsFeed(Array.from({ length: 12_000 }, (_, i) => ({ uid: `b${i}`, start: T0 - (i + 1) * HOUR, end: T0 - (i + 1) * HOUR + MINUTE, summary: `Past ${i}` })));
    const bigUsers = [];
    for (let i = 0; i < 4; i++) {
      env.feeds.set(`/big-${i}.ics`, { body: big });
      bigUsers.push(await newUser(`/big-${i}.ics`));
    }
    const report = await poll(T0, { fetchTimeoutMs: 500, concurrency: 8 });
    expect(report.results.find((r) => r.userId === small.id)).toMatchObject({ outcome: "updated" });
    for (const user of bigUsers) expect(report.results.find((r) => r.userId === user.id)).toMatchObject({ outcome: "updated" });
  }, 60_000);
});

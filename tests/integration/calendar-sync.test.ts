import { handler as getUser } from "../../functions/users/get-user.js";
import { handler as updateUser } from "../../functions/users/update-user.js";
import { pollOptionsFromSettings, type PollOptions } from "../../lib/calendar-sync/options.js";
import { pollCalendarFeeds } from "../../lib/calendar-sync/poll.js";
import { readCalendarBusy } from "../../lib/data/calendar-repo.js";
import { readStatusEntries } from "../../lib/data/status-repo.js";
import { findUser, queryDueUsers } from "../../lib/data/users-repo.js";
import { calendarSyncShard } from "../../lib/data/keys.js";
import { presenceOf, setManualStatus } from "../../lib/presence/presence-service.js";
import { createUser, updateUser as updateUserService } from "../../lib/users/users-service.js";
import { icsFeed } from "../support/feed-server.js";
import { countSdkCalls } from "../support/sdk-calls.js";
import { useFeedServerAndIsolatedTables } from "../support/isolated-tables.js";
import { invoke } from "../support/lambda.js";
import { bearer, uniqueId } from "../support/users.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A Monday morning; every run of this file is at a fake `now` passed in, never the clock. */
const T0 = Date.parse("2031-03-10T09:00:00Z");

const env = useFeedServerAndIsolatedTables();

const poll = (now: number, overrides: Partial<PollOptions> = {}) =>
  pollCalendarFeeds({ ...pollOptionsFromSettings(now, () => 0), ...overrides });

async function userWithFeed(path: string, now = T0, timezone = "UTC") {
  return createUser({ id: uniqueId("cal"), calendarUrl: env.feeds.url(path), timezone }, now);
}

const userPath = (id: string) => ({ path: `/v1/users/${id}`, pathParameters: { userId: id } });

describe("a successful sync", () => {
  test("stores the merged busy set for the horizon, marks the user busy until the merged block ends, and shows the sync on the user", async () => {
    env.feeds.set("/ann.ics", {
      etag: '"ann-1"',
      body: icsFeed([
        // Running now, and back to back with the next: one block 08:55–09:40.
        { uid: "standup", start: T0 - 5 * MINUTE, end: T0 + 10 * MINUTE, summary: "Standup" },
        { uid: "review", start: T0 + 10 * MINUTE, end: T0 + 40 * MINUTE },
        { uid: "lunch", start: T0 + 3 * HOUR, end: T0 + 4 * HOUR },
        // Daily at 07:00 for 20 days: the 14 instances from tomorrow to the edge of the 14-day horizon count.
        { uid: "gym", start: T0 - 2 * HOUR, end: T0 - HOUR, rrule: "FREQ=DAILY;COUNT=20" },
        { uid: "cancelled", start: T0 + 5 * HOUR, end: T0 + 6 * HOUR, status: "CANCELLED" },
        { uid: "free", start: T0 + 7 * HOUR, end: T0 + 8 * HOUR, transparent: true },
        { uid: "far", start: T0 + 20 * DAY, end: T0 + 20 * DAY + HOUR },
        { uid: "past", start: T0 - 3 * DAY, end: T0 - 3 * DAY + HOUR },
      ]),
    });
    const ann = await userWithFeed("/ann.ics");

    const report = await poll(T0);
    expect(report.processed).toBe(1);
    expect(report.results).toEqual([{ userId: ann.id, outcome: "updated", busyIntervals: 16, finishedAtMs: 0 }]);

    const set = await readCalendarBusy(ann.id);
    expect(set).toBeDefined();
    expect(set!.from).toBe(T0);
    expect(set!.to).toBe(T0 + 14 * DAY);
    expect(set!.syncedAt).toBe(T0);
    expect(set!.version).toBe(T0);
    const gym = Array.from({ length: 14 }, (_, i) => ({ start: T0 - 2 * HOUR + (i + 1) * DAY, end: T0 - HOUR + (i + 1) * DAY }));
    expect(set!.intervals).toEqual([
      { start: T0 - 5 * MINUTE, end: T0 + 40 * MINUTE },
      { start: T0 + 3 * HOUR, end: T0 + 4 * HOUR },
      ...gym,
    ]);

    // Busy now, until the end of the merged block (not the end of the standup).
    expect(await presenceOf(ann.id, T0)).toEqual({ userId: ann.id, status: "busy", source: "calendar", expiresAt: "2031-03-10T09:40:00Z" });
    const entry = (await readStatusEntries(ann.id)).calendar!;
    expect(entry).toEqual({ status: "busy", startsAt: T0 - 5 * MINUTE, expiresAt: T0 + 40 * MINUTE });
    // And available again once it ends.
    expect((await presenceOf(ann.id, T0 + 40 * MINUTE)).status).toBe("available");

    const stored = await findUser(ann.id);
    expect(stored!.calendarSync).toMatchObject({
      lastAttemptAt: T0,
      lastSuccessAt: T0,
      lastError: null,
      consecutiveFailures: 0,
      feedEtag: '"ann-1"',
      busyIntervalCount: 16,
      nextSyncAt: T0 + 5 * MINUTE,
    });

    const view = await invoke(getUser, { method: "GET", ...userPath(ann.id), headers: bearer(ann.apiKey) });
    expect(view.status).toBe(200);
    expect(view.body.calendarSync).toEqual({
      nextSyncAt: "2031-03-10T09:05:00Z",
      lastAttemptAt: "2031-03-10T09:00:00Z",
      lastSuccessAt: "2031-03-10T09:00:00Z",
      lastError: null,
      consecutiveFailures: 0,
      busyIntervalCount: 16,
    });
    expect(view.raw).not.toContain("ann-1"); // validators stay internal
  });

  test("a block ending before the next refresh brings the next sync forward to its end, which then writes the next block", async () => {
    env.feeds.set("/short.ics", {
      body: icsFeed([
        { uid: "a", start: T0 - 10 * MINUTE, end: T0 + 2 * MINUTE },
        { uid: "b", start: T0 + 3 * MINUTE, end: T0 + 30 * MINUTE },
      ]),
    });
    const bo = await userWithFeed("/short.ics");
    await poll(T0);
    expect((await findUser(bo.id))!.calendarSync!.nextSyncAt).toBe(T0 + 2 * MINUTE);
    expect((await readStatusEntries(bo.id)).calendar).toMatchObject({ startsAt: T0 - 10 * MINUTE, expiresAt: T0 + 2 * MINUTE });

    await poll(T0 + 2 * MINUTE);
    // The next block is written ahead of its start and takes effect at it, with no poll needed then.
    expect((await readStatusEntries(bo.id)).calendar).toMatchObject({ startsAt: T0 + 3 * MINUTE, expiresAt: T0 + 30 * MINUTE });
    expect((await presenceOf(bo.id, T0 + 3 * MINUTE - 1)).status).toBe("available");
    expect(await presenceOf(bo.id, T0 + 3 * MINUTE)).toMatchObject({ status: "busy", source: "calendar", expiresAt: "2031-03-10T09:30:00Z" });
  });

  test("a user who is not due is left alone, and a feed with no busy time from now on clears the calendar status", async () => {
    env.feeds.set("/free.ics", { body: icsFeed([{ uid: "x", start: T0 + HOUR, end: T0 + 2 * HOUR }]) });
    const cy = await userWithFeed("/free.ics");
    await poll(T0);
    expect((await readStatusEntries(cy.id)).calendar).toMatchObject({ startsAt: T0 + HOUR });

    const before = env.feeds.requests.length;
    const early = await poll(T0 + MINUTE);
    expect(early.results.find((r) => r.userId === cy.id)).toBeUndefined();
    expect(env.feeds.requests.slice(before).some((r) => r.path === "/free.ics")).toBe(false);

    env.feeds.set("/free.ics", { body: icsFeed([{ uid: "x", start: T0 + HOUR, end: T0 + 2 * HOUR, status: "CANCELLED" }]) });
    await poll(T0 + 5 * MINUTE);
    expect((await readStatusEntries(cy.id)).calendar).toBeUndefined();
    expect((await readCalendarBusy(cy.id))!.intervals).toEqual([]);
    expect((await findUser(cy.id))!.calendarSync!.busyIntervalCount).toBe(0);
  });
});

describe("conditional requests", () => {
  test("a 304 reuses the stored set: If-None-Match and If-Modified-Since are sent and nothing is rewritten", async () => {
    const lastModified = "Sun, 09 Mar 2031 12:00:00 GMT";
    env.feeds.set("/dan.ics", {
      etag: '"dan-7"',
      lastModified,
      body: icsFeed([{ uid: "m", start: T0 + 10 * MINUTE, end: T0 + HOUR }]),
    });
    const dan = await userWithFeed("/dan.ics");
    await poll(T0);
    const first = await readCalendarBusy(dan.id);
    expect(env.feeds.requests.filter((r) => r.path === "/dan.ics").at(-1)!.headers["if-none-match"]).toBeUndefined();

    const second = await poll(T0 + 5 * MINUTE);
    expect(second.results.find((r) => r.userId === dan.id)).toEqual({ userId: dan.id, outcome: "not_modified", busyIntervals: 1, finishedAtMs: 0 });
    const sent = env.feeds.requests.filter((r) => r.path === "/dan.ics").at(-1)!.headers;
    expect(sent["if-none-match"]).toBe('"dan-7"');
    expect(sent["if-modified-since"]).toBe(lastModified);
    expect(await readCalendarBusy(dan.id)).toEqual(first);
    const user = await findUser(dan.id);
    expect(user!.calendarSync).toMatchObject({ lastSuccessAt: T0 + 5 * MINUTE, feedEtag: '"dan-7"', feedLastModified: lastModified, busyIntervalCount: 1 });
    // Presence is recomputed from the stored set at the new now: the meeting starts 09:10.
    expect((await readStatusEntries(dan.id)).calendar).toMatchObject({ startsAt: T0 + 10 * MINUTE, expiresAt: T0 + HOUR });
  });

  test("once the last full read is a day old the feed is read in full, so the horizon moves on", async () => {
    env.feeds.set("/eve.ics", { etag: '"eve"', body: icsFeed([{ uid: "d", start: T0 + HOUR, end: T0 + 2 * HOUR, rrule: "FREQ=DAILY" }]) });
    const eve = await userWithFeed("/eve.ics");
    await poll(T0);
    const later = T0 + DAY + 10 * MINUTE;
    const report = await poll(later);
    expect(env.feeds.requests.filter((r) => r.path === "/eve.ics").at(-1)!.headers["if-none-match"]).toBeUndefined();
    expect(report.results.find((r) => r.userId === eve.id)!.outcome).toBe("updated"); // a new day entered the horizon
    const set = await readCalendarBusy(eve.id);
    expect(set!.to).toBe(later + 14 * DAY);
    expect(set!.intervals.at(-1)!.start).toBe(T0 + HOUR + 14 * DAY);
  });
});

describe("the version", () => {
  test("goes up only when busy time from now on changes", async () => {
    const base = [{ uid: "a", start: T0 + HOUR, end: T0 + 2 * HOUR }];
    env.feeds.set("/fay.ics", { body: icsFeed(base) });
    const fay = await userWithFeed("/fay.ics");
    await poll(T0);
    const v1 = (await readCalendarBusy(fay.id))!.version;

    // Same busy time written differently (another event inside the first, a free event): no change.
    env.feeds.set("/fay.ics", {
      body: icsFeed([...base, { uid: "inner", start: T0 + HOUR + 10 * MINUTE, end: T0 + HOUR + 20 * MINUTE }, { uid: "f", start: T0, end: T0 + DAY, transparent: true }]),
    });
    const same = await countSdkCalls(() => poll(T0 + 5 * MINUTE));
    expect(same.result.results.find((r) => r.userId === fay.id)!.outcome).toBe("unchanged");
    // Nothing stored changes but the user's state: one update after the claim, no transaction.
    expect(same.calls.filter((call) => call !== "QueryCommand" && call !== "GetItemCommand")).toEqual(["UpdateItemCommand", "UpdateItemCommand"]);
    const unchanged = (await readCalendarBusy(fay.id))!;
    expect(unchanged.version).toBe(v1);
    expect(unchanged.syncedAt).toBe(T0);
    expect((await findUser(fay.id))!.calendarSync).toMatchObject({ lastSuccessAt: T0 + 5 * MINUTE, nextSyncAt: T0 + 10 * MINUTE });

    // A new event: one more.
    env.feeds.set("/fay.ics", { body: icsFeed([...base, { uid: "b", start: T0 + 3 * HOUR, end: T0 + 4 * HOUR }]) });
    await poll(T0 + 10 * MINUTE);
    expect((await readCalendarBusy(fay.id))!.version).toBe(v1 + 1);

    // The first event ends and drops out of the window: busy time from now on is the same, no change.
    const after = await poll(T0 + 2 * HOUR + 5 * MINUTE);
    expect(after.results.find((r) => r.userId === fay.id)!.outcome).toBe("unchanged");
    const trimmed = (await readCalendarBusy(fay.id))!;
    expect(trimmed.version).toBe(v1 + 1);
    expect(trimmed.intervals).toEqual([{ start: T0 + 3 * HOUR, end: T0 + 4 * HOUR }]);
  });
});

describe("a read that changes nothing stored", () => {
  test("writes only the user's state, until the stored set is an hour old; the presence entry still follows the blocks", async () => {
    env.feeds.set("/hal.ics", {
      body: icsFeed([
        { uid: "a", start: T0 + 10 * MINUTE, end: T0 + 20 * MINUTE },
        { uid: "b", start: T0 + 40 * MINUTE, end: T0 + 50 * MINUTE },
      ]),
    });
    const hal = await userWithFeed("/hal.ics");
    const writes = async (now: number) => {
      const { calls } = await countSdkCalls(() => poll(now));
      return calls.filter((call) => call === "UpdateItemCommand" || call === "TransactWriteItemsCommand");
    };
    const calendarEntry = async () => (await readStatusEntries(hal.id)).calendar;

    expect(await writes(T0)).toEqual(["UpdateItemCommand", "TransactWriteItemsCommand"]);
    expect(await calendarEntry()).toMatchObject({ startsAt: T0 + 10 * MINUTE, expiresAt: T0 + 20 * MINUTE });
    // The same block ahead (the sync is scheduled at its end): the claim and the user's state only.
    expect(await writes(T0 + 5 * MINUTE)).toEqual(["UpdateItemCommand", "UpdateItemCommand"]);
    expect(await calendarEntry()).toMatchObject({ startsAt: T0 + 10 * MINUTE, expiresAt: T0 + 20 * MINUTE });
    // Block a ended: the busy time from now on is the same, but the presence entry moves to block b.
    expect(await writes(T0 + 20 * MINUTE)).toEqual(["UpdateItemCommand", "TransactWriteItemsCommand"]);
    expect(await calendarEntry()).toMatchObject({ startsAt: T0 + 40 * MINUTE, expiresAt: T0 + 50 * MINUTE });
    expect((await readCalendarBusy(hal.id))!.intervals).toEqual([{ start: T0 + 40 * MINUTE, end: T0 + 50 * MINUTE }]);
    expect(await writes(T0 + 25 * MINUTE)).toEqual(["UpdateItemCommand", "UpdateItemCommand"]);
    expect(await writes(T0 + 30 * MINUTE)).toEqual(["UpdateItemCommand", "UpdateItemCommand"]);
    // After the last block nothing is busy: the entry goes (its removal is a write), then nothing to write.
    expect(await writes(T0 + 50 * MINUTE)).toEqual(["UpdateItemCommand", "TransactWriteItemsCommand"]);
    expect(await calendarEntry()).toBeUndefined();
    expect(await writes(T0 + 55 * MINUTE)).toEqual(["UpdateItemCommand", "UpdateItemCommand"]);
    // An hour after the set was last written it is written again, unchanged, with the window moved on.
    expect(await writes(T0 + 50 * MINUTE + HOUR)).toEqual(["UpdateItemCommand", "TransactWriteItemsCommand"]);
    expect(await readCalendarBusy(hal.id)).toMatchObject({ intervals: [], from: T0 + 50 * MINUTE + HOUR, syncedAt: T0 + 50 * MINUTE + HOUR });
    expect((await findUser(hal.id))!.calendarSync).toMatchObject({ lastSuccessAt: T0 + 50 * MINUTE + HOUR, consecutiveFailures: 0 });
  });

  test("a 304 that leaves the presence entry as it is writes only the user's state", async () => {
    env.feeds.set("/ida.ics", { etag: '"ida-1"', body: icsFeed([{ uid: "a", start: T0 + 30 * MINUTE, end: T0 + HOUR }]) });
    const ida = await userWithFeed("/ida.ics");
    await poll(T0);
    const { result, calls } = await countSdkCalls(() => poll(T0 + 5 * MINUTE));
    expect(result.results.find((r) => r.userId === ida.id)!.outcome).toBe("not_modified");
    expect(calls.filter((call) => call === "UpdateItemCommand" || call === "TransactWriteItemsCommand")).toEqual(["UpdateItemCommand", "UpdateItemCommand"]);
    expect((await readStatusEntries(ida.id)).calendar).toMatchObject({ startsAt: T0 + 30 * MINUTE, expiresAt: T0 + HOUR });
    // Once the block ends, a 304 removes the entry.
    const ended = await countSdkCalls(() => poll(T0 + HOUR));
    expect(ended.result.results.find((r) => r.userId === ida.id)!.outcome).toBe("not_modified");
    expect(ended.calls).toContain("TransactWriteItemsCommand");
    expect((await readStatusEntries(ida.id)).calendar).toBeUndefined();
  });
});

describe("presence", () => {
  test("a manual status in force wins over the calendar; once it expires the calendar applies until the event ends", async () => {
    env.feeds.set("/gil.ics", { body: icsFeed([{ uid: "call", start: T0 - 5 * MINUTE, end: T0 + HOUR }]) });
    const gil = await userWithFeed("/gil.ics");
    await setManualStatus(gil.id, "available", 30, T0 - MINUTE);
    await poll(T0);
    expect(await presenceOf(gil.id, T0)).toMatchObject({ status: "available", source: "manual" });
    expect(await presenceOf(gil.id, T0 + 30 * MINUTE)).toEqual({ userId: gil.id, status: "busy", source: "calendar", expiresAt: "2031-03-10T10:00:00Z" });
    expect(await presenceOf(gil.id, T0 + HOUR)).toMatchObject({ status: "available", source: "default", expiresAt: null });
  });

  test("the calendar entry carries a TTL at the block's end (epoch seconds)", async () => {
    env.feeds.set("/hal.ics", { body: icsFeed([{ uid: "x", start: T0 - MINUTE, end: T0 + 25 * MINUTE }]) });
    const hal = await userWithFeed("/hal.ics");
    await poll(T0);
    const { GetCommand } = await import("@aws-sdk/lib-dynamodb");
    const { db } = await import("../../lib/data/client.js");
    const { statusKey } = await import("../../lib/data/keys.js");
    const { Item } = await db().send(new GetCommand({ TableName: process.env.STATUS_TABLE, Key: statusKey(hal.id, "calendar") }));
    expect(Item).toMatchObject({ source: "calendar", status: "busy", ttl: (T0 + 25 * MINUTE) / 1000 });
  });
});

describe("changing or removing the calendar URL", () => {
  test("removing it (PATCH null) takes the user out of the index and deletes the busy set and the calendar status", async () => {
    env.feeds.set("/ivy.ics", { body: icsFeed([{ uid: "x", start: T0 - MINUTE, end: T0 + HOUR }]) });
    const ivy = await userWithFeed("/ivy.ics");
    await poll(T0);
    expect(await readCalendarBusy(ivy.id)).toBeDefined();

    const removed = await invoke(updateUser, { method: "PATCH", ...userPath(ivy.id), headers: bearer(ivy.apiKey), body: { calendarUrl: null } });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ calendarUrl: null, calendarSync: null });
    expect(await readCalendarBusy(ivy.id)).toBeUndefined();
    expect((await readStatusEntries(ivy.id)).calendar).toBeUndefined();
    expect((await presenceOf(ivy.id, T0)).status).toBe("available");
    const indexed = await queryDueUsers(calendarSyncShard(ivy.id, 8), Number.MAX_SAFE_INTEGER, 1000);
    expect(indexed.users.map((u) => u.id)).not.toContain(ivy.id);
    expect(await findUser(ivy.id)).toMatchObject({ calendarUrl: null, calendarSync: null });
  });

  test("a new URL is due at once with fresh feed state, and the old feed's busy set is gone", async () => {
    env.feeds.set("/jo-old.ics", { etag: '"old"', body: icsFeed([{ uid: "x", start: T0 - MINUTE, end: T0 + HOUR }]) });
    env.feeds.set("/jo-new.ics", { etag: '"new"', body: icsFeed([{ uid: "y", start: T0 + 2 * HOUR, end: T0 + 3 * HOUR }]) });
    env.feeds.set("/broken.ics", { status: 500, body: "oops" });
    const jo = await userWithFeed("/broken.ics");
    await poll(T0);
    await updateUserService(jo.id, { calendarUrl: env.feeds.url("/jo-old.ics") }, T0 + MINUTE);
    await poll(T0 + MINUTE);
    expect((await findUser(jo.id))!.calendarSync!.feedEtag).toBe('"old"');

    const changed = await updateUserService(jo.id, { calendarUrl: env.feeds.url("/jo-new.ics") }, T0 + 2 * MINUTE);
    expect(changed.calendarSync).toEqual({
      nextSyncAt: "2031-03-10T09:02:00Z",
      lastAttemptAt: null,
      lastSuccessAt: null,
      lastError: null,
      consecutiveFailures: 0,
      busyIntervalCount: null,
    });
    expect((await findUser(jo.id))!.calendarSync!.feedEtag).toBeNull();
    expect(await readCalendarBusy(jo.id)).toBeUndefined();
    expect((await readStatusEntries(jo.id)).calendar).toBeUndefined();

    await poll(T0 + 2 * MINUTE);
    expect(env.feeds.requests.filter((r) => r.path === "/jo-new.ics").at(-1)!.headers["if-none-match"]).toBeUndefined();
    expect((await readCalendarBusy(jo.id))!.intervals).toEqual([{ start: T0 + 2 * HOUR, end: T0 + 3 * HOUR }]);
  });

  test("a URL removed while its feed is being read: the sync's result is dropped, nothing comes back", async () => {
    const kim = await userWithFeed("/kim.ics");
    env.feeds.set("/kim.ics", async (_req, res) => {
      // The user removes the feed while the poller waits for it.
      await updateUserService(kim.id, { calendarUrl: null }, T0);
      res.writeHead(200, { "Content-Type": "text/calendar" }).end(icsFeed([{ uid: "x", start: T0 - MINUTE, end: T0 + HOUR }]));
    });
    const report = await poll(T0);
    expect(report.results.find((r) => r.userId === kim.id)!.outcome).toBe("skipped");
    expect(await readCalendarBusy(kim.id)).toBeUndefined();
    expect((await readStatusEntries(kim.id)).calendar).toBeUndefined();
    expect(await findUser(kim.id)).toMatchObject({ calendarUrl: null, calendarSync: null });
  });

  test("a zone change makes the feed due at once and read in full (all-day events move with the zone)", async () => {
    env.feeds.set("/lea.ics", {
      etag: '"lea"',
      body: icsFeed([], "BEGIN:VEVENT\r\nUID:holiday\r\nDTSTAMP:20300101T000000Z\r\nDTSTART;VALUE=DATE:20310311\r\nEND:VEVENT"),
    });
    const lea = await userWithFeed("/lea.ics");
    await poll(T0);
    expect((await readCalendarBusy(lea.id))!.intervals).toEqual([{ start: Date.parse("2031-03-11T00:00:00Z"), end: Date.parse("2031-03-12T00:00:00Z") }]);

    await updateUserService(lea.id, { timezone: "Asia/Tokyo" }, T0 + MINUTE);
    expect((await findUser(lea.id))!.calendarSync).toMatchObject({ nextSyncAt: T0 + MINUTE, feedEtag: null });
    await poll(T0 + MINUTE);
    expect(env.feeds.requests.filter((r) => r.path === "/lea.ics").at(-1)!.headers["if-none-match"]).toBeUndefined();
    expect((await readCalendarBusy(lea.id))!.intervals).toEqual([{ start: Date.parse("2031-03-10T15:00:00Z"), end: Date.parse("2031-03-11T15:00:00Z") }]);
  });
});

describe("a very busy feed", () => {
  test("keeps the first 5,000 merged intervals in one item (under the 400 KB limit) and says how far the set is exact", async () => {
    // 6,000 one-minute events two minutes apart: 6,000 separate intervals in the next nine days.
    const events = Array.from({ length: 6000 }, (_, i) => ({ uid: `e${i}`, start: T0 + i * 2 * MINUTE, end: T0 + i * 2 * MINUTE + MINUTE }));
    env.feeds.set("/busy.ics", { body: icsFeed(events) });
    const max = await userWithFeed("/busy.ics");
    const report = await poll(T0);
    expect(report.results.find((r) => r.userId === max.id)).toMatchObject({ outcome: "updated", busyIntervals: 5000 });
    const set = (await readCalendarBusy(max.id))!;
    expect(set.intervals).toHaveLength(5000);
    expect(set.intervals.at(-1)).toEqual({ start: T0 + 4999 * 2 * MINUTE, end: T0 + 4999 * 2 * MINUTE + MINUTE });
    expect(set.to).toBe(T0 + 5000 * 2 * MINUTE);
    const { GetCommand } = await import("@aws-sdk/lib-dynamodb");
    const { db } = await import("../../lib/data/client.js");
    const { calendarBusyKey } = await import("../../lib/data/keys.js");
    const { Item } = await db().send(new GetCommand({ TableName: process.env.SCHEDULES_TABLE, Key: calendarBusyKey(max.id) }));
    expect(JSON.stringify(Item).length).toBeLessThan(150 * 1024);
  });
});

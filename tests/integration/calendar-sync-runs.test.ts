import { pollOptionsFromSettings, type PollOptions } from "../../lib/calendar-sync/options.js";
import { pollCalendarFeeds } from "../../lib/calendar-sync/poll.js";
import { db } from "../../lib/data/client.js";
import { calendarSyncShard } from "../../lib/data/keys.js";
import { findUser, queryDueUsers } from "../../lib/data/users-repo.js";
import { createUser } from "../../lib/users/users-service.js";
import { icsFeed, type FeedServer } from "../support/feed-server.js";
import { futureMonday } from "../support/future-dates.js";
import { useFeedServerAndIsolatedTables } from "../support/isolated-tables.js";
import { uniqueId } from "../support/users.js";

/** The default CALENDAR_SYNC_SHARDS. */
const CALENDAR_SYNC_SHARDS = 8;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/**
 * Each test runs in its own fake day, a month before the previous test's: the users earlier tests left
 * behind are due only after their own (later) times, so a test's runs see its own users alone. The days
 * start three years ahead of the clock, so none of them is ever due for the real-clock handler tests below.
 */
let day = Date.parse(`${futureMonday({ weeksAhead: 156 })}T08:00:00Z`);
const nextDay = () => (day -= 30 * DAY);

const env = useFeedServerAndIsolatedTables();

const poll = (now: number, overrides: Partial<PollOptions> = {}) => pollCalendarFeeds({ ...pollOptionsFromSettings(now, () => 0), ...overrides });

async function usersWithFeeds(count: number, now: number, route: Parameters<FeedServer["set"]>[1] = { body: icsFeed([{ uid: "e", start: now + HOUR, end: now + 2 * HOUR }]) }) {
  const prefix = uniqueId("run");
  const users = [];
  for (let i = 0; i < count; i++) {
    const path = `/${prefix}-${i}.ics`;
    env.feeds.set(path, route);
    users.push(await createUser({ id: `${prefix}-${i}`, calendarUrl: env.feeds.url(path) }, now));
  }
  return users;
}

/** Records every command sent through the service's one DocumentClient while `run` runs. */
async function recordCommands<T>(run: () => Promise<T>): Promise<{ result: T; commands: Array<{ name: string; input: any }> }> {
  const commands: Array<{ name: string; input: any }> = [];
  const stack = db().middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      commands.push({ name: context.commandName ?? "?", input: args.input });
      return next(args);
    },
    { step: "initialize", name: "recordCommandsForTest" },
  );
  try {
    return { result: await run(), commands };
  } finally {
    stack.remove("recordCommandsForTest");
  }
}

describe("finding due users", () => {
  test("reads only the sparse index, one Query per shard: users without a calendar URL are never read", async () => {
    const now = nextDay();
    const withoutUrl = await Promise.all(Array.from({ length: 5 }, () => createUser({ id: uniqueId("nourl"), name: "No feed" }, now)));
    const withUrl = await usersWithFeeds(6, now);

    const { result: report, commands } = await recordCommands(() => poll(now));
    expect(report.processed).toBe(6);
    expect(commands.some((c) => /Scan/.test(c.name))).toBe(false);
    const queries = commands.filter((c) => c.name === "QueryCommand" && c.input.TableName === process.env.USERS_TABLE);
    expect(queries).toHaveLength(CALENDAR_SYNC_SHARDS);
    for (const query of queries) {
      expect(query.input.IndexName).toBe("byCalendarSync");
      expect(query.input.KeyConditionExpression).toBe("calSyncShard = :shard AND nextSyncAt <= :now");
    }
    expect(new Set(queries.map((q) => q.input.ExpressionAttributeValues[":shard"])).size).toBe(CALENDAR_SYNC_SHARDS);
    const touched = JSON.stringify(commands.map((c) => c.input));
    for (const user of withoutUrl) expect(touched).not.toContain(user.id);

    // The index holds exactly the users with a feed, each in its stable shard.
    const indexed: string[] = [];
    for (let shard = 0; shard < CALENDAR_SYNC_SHARDS; shard++) {
      const page = await queryDueUsers(String(shard), Number.MAX_SAFE_INTEGER, 1000);
      for (const user of page.users) {
        expect(calendarSyncShard(user.id, 8)).toBe(String(shard));
        indexed.push(user.id);
      }
    }
    for (const user of withUrl) expect(indexed).toContain(user.id);
    for (const user of withoutUrl) expect(indexed).not.toContain(user.id);
  });
});

describe("a run's limits", () => {
  test("at most `concurrency` feeds are fetched at once, and every due user is processed", async () => {
    const now = nextDay();
    const users = await usersWithFeeds(12, now, { body: icsFeed([{ uid: "e", start: now + HOUR, end: now + 2 * HOUR }]), delayMs: 120 });
    env.feeds.resetMaxInFlight();
    const report = await poll(now, { concurrency: 3 });
    expect(report.processed).toBe(12);
    expect(report.outcomes.updated).toBe(12);
    expect(new Set(report.results.map((r) => r.userId))).toEqual(new Set(users.map((u) => u.id)));
    expect(env.feeds.maxInFlight).toBe(3);
  });

  test("no feed starts once the time budget is spent; the users not reached stay due and go first next run", async () => {
    const now = nextDay();
    // A fake run clock: each feed served takes 100 ms of it.
    let clock = 0;
    const prefix = uniqueId("budget");
    const users = [];
    for (let i = 0; i < 6; i++) {
      const path = `/${prefix}-${i}.ics`;
      env.feeds.set(path, (_req, res) => {
        clock += 100;
        res.writeHead(200, { "Content-Type": "text/calendar" }).end(icsFeed([]));
      });
      // One minute apart, so "most overdue first" has a single answer.
      users.push(await createUser({ id: `${prefix}-${i}`, calendarUrl: env.feeds.url(path) }, now - (6 - i) * MINUTE));
    }

    const first = await poll(now, { concurrency: 1, budgetMs: 250, elapsed: () => clock });
    expect(first.stoppedBy).toBe("budget");
    expect(first.results.map((r) => r.userId)).toEqual(users.slice(0, 3).map((u) => u.id));
    for (const user of users.slice(3)) {
      const sync = (await findUser(user.id))!.calendarSync!;
      expect(sync.lastAttemptAt).toBeNull();
      expect(sync.nextSyncAt).toBeLessThanOrEqual(now);
    }

    clock = 0;
    const second = await poll(now + MINUTE, { concurrency: 1, budgetMs: 10_000, elapsed: () => clock });
    expect(second.stoppedBy).toBe("no_more_due");
    expect(second.results.map((r) => r.userId)).toEqual(users.slice(3).map((u) => u.id));
  });

  test("a run takes at most `maxUsers`, most overdue first across shards; the rest spread over the next runs", async () => {
    const now = nextDay();
    const users = [];
    const prefix = uniqueId("share");
    for (let i = 0; i < 7; i++) {
      const path = `/${prefix}-${i}.ics`;
      env.feeds.set(path, { body: icsFeed([]) });
      users.push(await createUser({ id: `${prefix}-${i}`, calendarUrl: env.feeds.url(path) }, now - (10 - i) * MINUTE));
    }
    expect(new Set(users.map((u) => calendarSyncShard(u.id, 8))).size).toBeGreaterThan(1);
    const runs = [];
    for (let run = 0; run < 3; run++) runs.push(await poll(now + run * MINUTE, { maxUsers: 3, concurrency: 1 }));
    expect(runs.map((r) => r.processed)).toEqual([3, 3, 1]);
    expect(runs.map((r) => r.stoppedBy)).toEqual(["max_users", "max_users", "no_more_due"]);
    expect(runs.flatMap((r) => r.results.map((x) => x.userId))).toEqual(users.map((u) => u.id));
  });

  test("two runs at once never sync the same feed twice", async () => {
    const now = nextDay();
    const users = await usersWithFeeds(8, now, { body: icsFeed([{ uid: "e", start: now + HOUR, end: now + 2 * HOUR }]), delayMs: 30 });
    const requestsBefore = env.feeds.requests.length;
    const [a, b] = await Promise.all([poll(now, { concurrency: 4 }), poll(now, { concurrency: 4 })]);
    const synced = [...a.results, ...b.results].filter((r) => r.outcome === "updated").map((r) => r.userId);
    expect(synced.sort()).toEqual(users.map((u) => u.id).sort());
    expect(env.feeds.requests.length - requestsBefore).toBe(8);
  });

  test("a run that died mid-feed leaves the user claimed only until the lease ends", async () => {
    const now = nextDay();
    const [user] = await usersWithFeeds(1, now);
    const { claimCalendarSync } = await import("../../lib/data/users-repo.js");
    const claimed = await claimCalendarSync((await findUser(user!.id))!, { token: "crashed-run", until: now + 5 * MINUTE }, now, 8);
    expect(claimed!.calendarSync!.nextSyncAt).toBe(now + 5 * MINUTE);
    expect((await poll(now + MINUTE)).processed).toBe(0);
    const report = await poll(now + 5 * MINUTE);
    expect(report.results).toEqual([{ userId: user!.id, outcome: "updated", busyIntervals: 1, finishedAtMs: 0 }]);
  });
});

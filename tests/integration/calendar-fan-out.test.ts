import { handler as finderHandler } from "../../functions/calendar/poll-feeds.js";
import { handler as workerHandler } from "../../functions/calendar/sync-feeds.js";
import { RETIRE_AFTER_MS } from "../../lib/calendar-sync/shards.js";
import { calendarSyncShard } from "../../lib/data/keys.js";
import { readSyncShardsState, updateSyncShards } from "../../lib/data/sync-shards-repo.js";
import { findUser, queryDueUsers } from "../../lib/data/users-repo.js";
import { createUser } from "../../lib/users/users-service.js";
import { icsFeed } from "../support/feed-server.js";
import { useFeedServerAndIsolatedTables } from "../support/isolated-tables.js";
import { lambdaContext } from "../support/lambda.js";
import { startLocalLambda, type LocalLambda } from "../support/local-lambda.js";
import { uniqueId } from "../support/users.js";

// The finder (pollCalendarFeeds) hands due users to the worker (syncCalendarFeeds) through the real Lambda
// SDK, answered by a local stand-in for AWS Lambda's Invoke API that runs the worker handler here.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WORKER = "presence-scheduling-test-syncCalendarFeeds";

const env = useFeedServerAndIsolatedTables();
let lambda: LocalLambda;
const saved = { ...process.env };

beforeAll(async () => {
  lambda = await startLocalLambda({ [WORKER]: workerHandler });
  process.env.LAMBDA_ENDPOINT = lambda.endpoint;
  process.env.CALENDAR_SYNC_WORKER = WORKER;
});
afterAll(async () => {
  await lambda.idle();
  await lambda.close();
  for (const name of ["LAMBDA_ENDPOINT", "CALENDAR_SYNC_WORKER", "CALENDAR_SYNC_BATCH_SIZE", "CALENDAR_SYNC_SHARDS"]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});
afterEach(async () => {
  await lambda.idle();
  delete process.env.CALENDAR_SYNC_BATCH_SIZE;
  delete process.env.CALENDAR_SYNC_SHARDS;
});

const scheduledEvent = { "detail-type": "Scheduled Event", source: "aws.events", detail: {} } as never;
const context = (remainingMs: number) => ({ ...lambdaContext("pollCalendarFeeds"), getRemainingTimeInMillis: () => remainingMs });

interface FinderSummary {
  dispatched: number;
  batches: number;
  failedBatches: number;
  undispatched: number;
  stoppedBy: string;
  shardsRead: number;
  shardsNextRun: number;
}
const runFinder = async (remainingMs = 60_000) => (await finderHandler(scheduledEvent, context(remainingMs))) as FinderSummary;

async function usersWithFeeds(count: number, now = Date.now() - MINUTE) {
  const prefix = uniqueId("fan");
  const users = [];
  for (let i = 0; i < count; i++) {
    const path = `/${prefix}-${i}.ics`;
    env.feeds.set(path, { body: icsFeed([{ uid: "e", start: now + HOUR, end: now + 2 * HOUR }]) });
    users.push(await createUser({ id: `${prefix}-${i}`, calendarUrl: env.feeds.url(path) }, now));
  }
  return users;
}

const workerCalls = () => lambda.invocations.filter((call) => call.functionName === WORKER);

test("the finder sends the due users in batches of CALENDAR_SYNC_BATCH_SIZE, as asynchronous invocations, and the worker syncs each one", async () => {
  process.env.CALENDAR_SYNC_BATCH_SIZE = "3";
  const users = await usersWithFeeds(7);
  const before = workerCalls().length;

  const summary = await runFinder();
  expect(summary).toMatchObject({ dispatched: 7, batches: 3, failedBatches: 0, undispatched: 0, stoppedBy: "no_more_due" });
  const calls = workerCalls().slice(before);
  expect(calls.map((call) => call.type)).toEqual(["Event", "Event", "Event"]);
  const sent = calls.flatMap((call) => (call.payload as { users: Array<{ id: string }> }).users.map((user) => user.id));
  expect(sent.sort()).toEqual(users.map((user) => user.id).sort());
  expect(calls.map((call) => (call.payload as { users: unknown[] }).users.length).sort()).toEqual([1, 3, 3]);

  await lambda.idle();
  for (const user of users) {
    const sync = (await findUser(user.id))!.calendarSync!;
    expect(sync.lastSuccessAt).not.toBeNull();
    expect(sync.busyIntervalCount).toBe(1);
  }
  // Nothing is due any more, so the next run sends nothing.
  expect(await runFinder()).toMatchObject({ dispatched: 0, batches: 0 });
});

test("a batch that cannot be sent leaves its users due, the other batches go, and the next run sends it again", async () => {
  process.env.CALENDAR_SYNC_BATCH_SIZE = "2";
  const users = await usersWithFeeds(4);
  lambda.refuseNext(1);

  const first = await runFinder();
  expect(first).toMatchObject({ dispatched: 2, batches: 1, failedBatches: 1, undispatched: 2 });
  await lambda.idle();
  const synced = [];
  for (const user of users) if ((await findUser(user.id))!.calendarSync!.lastSuccessAt !== null) synced.push(user.id);
  expect(synced).toHaveLength(2);

  const second = await runFinder();
  expect(second).toMatchObject({ dispatched: 2, batches: 1, failedBatches: 0 });
  await lambda.idle();
  for (const user of users) expect((await findUser(user.id))!.calendarSync!.lastSuccessAt).not.toBeNull();
});

test("a batch sent twice is synced once: the second worker's claims fail and it skips every user", async () => {
  const users = await usersWithFeeds(2);
  const listed = (await Promise.all(users.map((user) => findUser(user.id)))).map((user) => ({
    id: user!.id,
    timezone: user!.timezone,
    calendarUrl: user!.calendarUrl,
    calendarSync: user!.calendarSync,
  }));
  const first = (await workerHandler({ users: listed }, lambdaContext(WORKER, 90))) as { outcomes: Record<string, number> };
  const second = (await workerHandler({ users: listed }, lambdaContext(WORKER, 90))) as { outcomes: Record<string, number> };
  expect(first.outcomes).toMatchObject({ updated: 2, skipped: 0 });
  expect(second.outcomes).toMatchObject({ updated: 0, skipped: 2 });
  expect(env.feeds.requests.filter((r) => r.path.includes(users[0]!.id)).length).toBe(1);
});

test("a worker syncs a batch in 1 BatchGetItem of the stored sets, then 2 requests a feed: the claim, and one transaction of set, user and presence", async () => {
  const users = await usersWithFeeds(5);
  const listed = await Promise.all(users.map(async (user) => {
    const { id, timezone, calendarUrl, calendarSync } = (await findUser(user.id))!;
    return { id, timezone, calendarUrl, calendarSync };
  }));
  const { db } = await import("../../lib/data/client.js");
  const commands: string[] = [];
  const stack = db().middlewareStack;
  stack.add((next, context) => async (args) => {
    commands.push(context.commandName ?? "?");
    return next(args);
  }, { step: "initialize", name: "countWorkerCommands" });
  try {
    const summary = await workerHandler({ users: listed }, lambdaContext(WORKER, 90));
    expect(summary).toMatchObject({ processed: 5, outcomes: { updated: 5 } });
  } finally {
    stack.remove("countWorkerCommands");
  }
  const counts = Object.fromEntries([...new Set(commands)].map((name) => [name, commands.filter((c) => c === name).length]));
  expect(counts).toEqual({ BatchGetItemCommand: 1, UpdateItemCommand: 5, TransactWriteItemsCommand: 5 });
  for (const user of users) expect((await findUser(user.id))!.calendarSync!.busyIntervalCount).toBe(1);
});

test("the worker refuses what is not a batch of users and touches nothing", async () => {
  const [user] = await usersWithFeeds(1);
  for (const event of [null, {}, { users: [] }, { users: [{ id: user!.id }] }, { users: [{ ...user, calendarUrl: 42 }] }, "users"]) {
    expect(await workerHandler(event, lambdaContext(WORKER, 90))).toEqual({ refused: true });
  }
  expect((await findUser(user!.id))!.calendarSync).toMatchObject({ lastAttemptAt: null, lastSuccessAt: null });
  // The finder still hands this user to a worker as usual.
  await runFinder();
  await lambda.idle();
  expect((await findUser(user!.id))!.calendarSync!.lastSuccessAt).not.toBeNull();
});

test("the finder sends nothing when its invocation has too little time left, and the worker starts no feed then", async () => {
  const [user] = await usersWithFeeds(1);
  const before = workerCalls().length;
  expect(await runFinder(9_000)).toMatchObject({ dispatched: 0, stoppedBy: "budget" });
  expect(workerCalls().length).toBe(before);

  const listed = (await queryDueUsers(calendarSyncShard(user!.id, 8), Date.now(), 100)).users.filter((u) => u.id === user!.id);
  expect(listed).toHaveLength(1);
  const summary = await workerHandler({ users: listed }, { ...lambdaContext(WORKER, 90), getRemainingTimeInMillis: () => 12_000 });
  expect(summary).toMatchObject({ processed: 0, stoppedBy: "budget" });
  expect((await findUser(user!.id))!.calendarSync!.lastAttemptAt).toBeNull();

  await runFinder();
  await lambda.idle();
  expect((await findUser(user!.id))!.calendarSync!.lastSuccessAt).not.toBeNull();
});

describe("changing CALENDAR_SYNC_SHARDS needs no backfill", () => {
  test("raised: users written under the old count are still found, and each claim moves its user to its shard under the new count", async () => {
    process.env.CALENDAR_SYNC_SHARDS = "2";
    const users = await usersWithFeeds(12);
    for (const user of users) expect(["0", "1"]).toContain(calendarSyncShard(user.id, 2));

    process.env.CALENDAR_SYNC_SHARDS = "16";
    expect(await runFinder()).toMatchObject({ dispatched: 12, shardsRead: 16 });
    await lambda.idle();
    for (const user of users) {
      expect((await findUser(user.id))!.calendarSync!.lastSuccessAt).not.toBeNull();
      const listed = await queryDueUsers(calendarSyncShard(user.id, 16), Number.MAX_SAFE_INTEGER, 1000);
      expect(listed.users.map((u) => u.id)).toContain(user.id);
    }
    expect(new Set(users.map((user) => calendarSyncShard(user.id, 16))).size).toBeGreaterThan(2);
  });

  test("lowered: the shards above the new count are read until they have been empty for an hour, then retired", async () => {
    // The previous test left users spread over 16 shards and the finder's record at 16.
    expect((await readSyncShardsState())!.highest).toBe(16);
    process.env.CALENDAR_SYNC_SHARDS = "4";
    const users = await usersWithFeeds(10);
    // Users written with the old count land above the new one (a writer still running the old settings).
    process.env.CALENDAR_SYNC_SHARDS = "16";
    const stranded = await usersWithFeeds(6);
    process.env.CALENDAR_SYNC_SHARDS = "4";
    expect(stranded.some((user) => Number(calendarSyncShard(user.id, 16)) >= 4)).toBe(true);

    const run = await runFinder();
    expect(run).toMatchObject({ dispatched: 16, shardsRead: 16 });
    await lambda.idle();
    for (const user of [...users, ...stranded]) {
      expect((await findUser(user.id))!.calendarSync!.lastSuccessAt).not.toBeNull();
      // Claimed, so moved below the new count.
      const listed = await queryDueUsers(calendarSyncShard(user.id, 4), Number.MAX_SAFE_INTEGER, 1000);
      expect(listed.users.map((u) => u.id)).toContain(user.id);
    }
    // The shards above 4 may still hold the first test's users (not due for minutes): they stay read.
    const state = (await readSyncShardsState())!;
    expect(state.highest).toBe(16);

    // Once every user above the count has moved, the record starts an empty hour, then retires the shards.
    await moveEveryUserBelow(4);
    expect(await runFinder()).toMatchObject({ shardsRead: 16, shardsNextRun: 16 });
    const emptySince = (await readSyncShardsState())!.emptySince!;
    expect(emptySince).toBeGreaterThan(Date.now() - MINUTE);
    await updateSyncShards(16, { emptySince: Date.now() - RETIRE_AFTER_MS - 1 });
    expect(await runFinder()).toMatchObject({ shardsRead: 16, shardsNextRun: 4 });
    expect(await readSyncShardsState()).toEqual({ highest: 4, emptySince: null });
    expect(await runFinder()).toMatchObject({ shardsRead: 4 });
  });
});

/** Makes every user of the table due and lets the finder and workers claim (and so move) them all. */
async function moveEveryUserBelow(count: number): Promise<void> {
  const { db } = await import("../../lib/data/client.js");
  const { UpdateCommand } = await import("@aws-sdk/lib-dynamodb");
  for (let shard = count; shard < 16; shard++) {
    const { users } = await queryDueUsers(String(shard), Number.MAX_SAFE_INTEGER, 1000);
    for (const user of users) {
      await db().send(
        new UpdateCommand({ TableName: process.env.USERS_TABLE, Key: { pk: `USER#${user.id}` }, UpdateExpression: "SET nextSyncAt = :due", ExpressionAttributeValues: { ":due": Date.now() - MINUTE } }),
      );
    }
  }
  await runFinder();
  await lambda.idle();
}

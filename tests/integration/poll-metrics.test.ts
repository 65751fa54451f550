import { jest } from "@jest/globals";

// Metrics are off under POWERTOOLS_DEV (tests/support/env.ts) unless turned on explicitly, and the one
// Metrics instance reads this when its module loads: set it first, then load the handler.
process.env.POWERTOOLS_METRICS_DISABLED = "false";
const { handler: workerHandler } = await import("../../functions/calendar/sync-feeds.js");
const { findUser } = await import("../../lib/data/users-repo.js");
const { createUser } = await import("../../lib/users/users-service.js");
const { icsFeed } = await import("../support/feed-server.js");
const { useFeedServerAndIsolatedTables } = await import("../support/isolated-tables.js");
const { lambdaContext } = await import("../support/lambda.js");
const { uniqueId } = await import("../support/users.js");

const HOUR = 3_600_000;
const env = useFeedServerAndIsolatedTables();

/** Every console.log of this file (Powertools writes EMF with it when POWERTOOLS_DEV is set), kept quiet. */
const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
afterAll(() => log.mockRestore());

type Emf = { _aws: { CloudWatchMetrics: Array<{ Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> } } & Record<string, unknown>;

test("a worker run emits FeedPolls by outcome, FeedFailures by error code and the bytes of each feed read", async () => {
  const now = Date.now();
  const body = icsFeed([{ uid: "e", start: now + HOUR, end: now + 2 * HOUR }]);
  const prefix = uniqueId("metrics");
  env.feeds.set(`/${prefix}-ok.ics`, { body });
  env.feeds.set(`/${prefix}-gone.ics`, { body: "gone", status: 404 });
  await createUser({ id: `${prefix}-ok`, calendarUrl: env.feeds.url(`/${prefix}-ok.ics`) }, now - 60_000);
  await createUser({ id: `${prefix}-gone`, calendarUrl: env.feeds.url(`/${prefix}-gone.ics`) }, now - 60_000);
  // The batch the finder would send the worker.
  const users = await Promise.all([`${prefix}-ok`, `${prefix}-gone`].map(async (id) => {
    const { timezone, calendarUrl, calendarSync } = (await findUser(id))!;
    return { id, timezone, calendarUrl, calendarSync };
  }));

  log.mockClear();
  await workerHandler({ users }, lambdaContext("syncCalendarFeeds", 90));
  const lines = log.mock.calls.map((args) => String(args[0])).filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line) as Emf);

  const byDimension = (metric: string, dimension: string) =>
    Object.fromEntries(
      lines
        .filter((line) => line._aws.CloudWatchMetrics[0]!.Metrics.some((m) => m.Name === metric))
        .map((line) => {
          expect(line._aws.CloudWatchMetrics[0]!.Dimensions[0]).toContain(dimension);
          return [line[dimension] as string, line[metric] as number];
        }),
    );
  expect(byDimension("FeedPolls", "outcome")).toEqual({ updated: 1, failed: 1 });
  expect(Object.values(byDimension("FeedFailures", "code"))).toEqual([1]);
  const flushed = lines.find((line) => "FeedBytes" in line);
  expect(flushed?.FeedBytes).toBe(Buffer.byteLength(body));
  expect(flushed?._aws.CloudWatchMetrics[0]!.Metrics).toContainEqual({ Name: "FeedBytes", Unit: "Bytes" });
});

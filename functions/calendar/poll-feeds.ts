import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context, ScheduledEvent } from "aws-lambda";
import { settings } from "#lib/config/env.js";
import { dispatchDueUsers } from "#lib/calendar-sync/dispatch.js";
import { invokeWorker } from "#lib/calendar-sync/invoke-worker.js";
import { retireEmptyShards, shardsToRead } from "#lib/calendar-sync/shards.js";
import { logger } from "#lib/observability/logger.js";
import { metrics, MetricUnit } from "#lib/observability/metrics.js";

/** Room left at the end of the invocation for the last sends and the shard bookkeeping. */
const SAFETY_MS = 10_000;
/** Invocations being sent at once. */
const SEND_CONCURRENCY = 8;
/** Due users read per Query page (the index projects whole user items: ~1 KB each, under Query's 1 MB). */
const PAGE_SIZE = 500;

/**
 * EventBridge, every minute: the finder. Reads the users whose feed is due and hands them, in batches, to
 * asynchronous invocations of the worker (syncCalendarFeeds), which reads the feeds (lib/calendar-sync/README.md).
 */
export const handler = middy<ScheduledEvent, unknown>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler(async (_event: ScheduledEvent, context: Context) => {
    const s = settings.calendarSync;
    if (!s.workerFunction) throw new Error("CALENDAR_SYNC_WORKER is not set: the finder has no worker function to hand feeds to");
    const now = Date.now();
    const started = performance.now();
    const remaining = context.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
    try {
      const plan = await shardsToRead(s.shards);
      const report = await dispatchDueUsers(
        {
          now,
          shards: plan.shards,
          maxUsers: Math.max(1, Math.floor(s.maxUsersPerRun)),
          batchSize: s.batchSize,
          sendConcurrency: SEND_CONCURRENCY,
          pageSize: PAGE_SIZE,
          budgetMs: Math.max(0, Math.min(s.budgetSeconds * 1000, remaining - SAFETY_MS)),
          elapsed: () => performance.now() - started,
        },
        invokeWorker(s.workerFunction, settings.lambdaEndpoint),
      );
      const shardsRead = await retireEmptyShards(plan, s.shards, now);
      metrics.addMetric("FeedUsersDispatched", MetricUnit.Count, report.dispatched);
      if (report.failedBatches > 0) metrics.addMetric("FeedBatchesFailed", MetricUnit.Count, report.failedBatches);
      const summary = { ...report, elapsedMs: Math.round(report.elapsedMs), shardsRead: plan.shards.length, shardsNextRun: shardsRead };
      // A quiet minute (nothing due) is not worth a line at INFO.
      if (report.dispatched + report.undispatched > 0) logger.info("calendar feeds dispatched", summary);
      else logger.debug("calendar feeds dispatched", summary);
      return summary;
    } catch (error) {
      const hint = settings.dynamoEndpoint ? "" : " (no DYNAMODB_ENDPOINT: outside AWS, run npm start and set DYNAMODB_ENDPOINT=http://127.0.0.1:8000)";
      throw new Error(`Calendar poll failed: ${(error as Error)?.message ?? String(error)}${hint}`, { cause: error });
    }
  });

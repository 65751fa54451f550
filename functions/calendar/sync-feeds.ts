import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { settings } from "#lib/config/env.js";
import { pollOptionsFromSettings } from "#lib/calendar-sync/options.js";
import { syncBatch, type PollReport } from "#lib/calendar-sync/poll.js";
import { syncBatchSchema } from "#lib/calendar-sync/sync-batch.js";
import { logger } from "#lib/observability/logger.js";
import { metrics, MetricUnit } from "#lib/observability/metrics.js";

/** Room left after the budget: the last feeds started may take their whole fetch timeout, then write. */
const SAFETY_MS = 5_000;

/**
 * The worker: syncs the feeds of one batch of users the finder (pollCalendarFeeds) sent, `CALENDAR_POLL_CONCURRENCY`
 * at a time, big bodies through the byte gate, within the invocation's time. A batch that is not what
 * the finder sends is refused without touching anything.
 */
export const handler = middy<unknown, unknown>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler(async (event: unknown, context: Context) => {
    const batch = syncBatchSchema.safeParse(event);
    if (!batch.success) {
      logger.error("calendar sync batch refused: not a batch of users", { issues: batch.error.issues.slice(0, 5) });
      return { refused: true };
    }
    const now = Date.now();
    const started = performance.now();
    const options = pollOptionsFromSettings(now, () => performance.now() - started);
    // Never plan past the invocation's own deadline: users not started stay due for the next finder run.
    const remaining = context.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
    options.budgetMs = Math.max(0, Math.min(options.budgetMs, remaining - options.fetchTimeoutMs - SAFETY_MS));
    const report = await syncBatch(batch.data.users, options).catch((error: unknown) => {
      const hint = settings.dynamoEndpoint ? "" : " (no DYNAMODB_ENDPOINT: outside AWS, run npm start and set DYNAMODB_ENDPOINT=http://127.0.0.1:8000)";
      throw new Error(`Calendar sync failed: ${(error as Error)?.message ?? String(error)}${hint}`, { cause: error });
    });
    countOutcomes(report);
    const summary = { users: batch.data.users.length, processed: report.processed, outcomes: report.outcomes, stoppedBy: report.stoppedBy, elapsedMs: Math.round(report.elapsedMs) };
    logger.info("calendar feeds synced", summary);
    return summary;
  });

/** FeedPolls by outcome and FeedFailures by error code: one EMF line per dimension value. */
function countOutcomes(report: PollReport): void {
  for (const [outcome, n] of Object.entries(report.outcomes)) {
    if (n > 0) metrics.singleMetric().addDimension("outcome", outcome).addMetric("FeedPolls", MetricUnit.Count, n);
  }
  const failures = new Map<string, number>();
  for (const result of report.results) {
    const code = "error" in result ? result.error?.code : undefined;
    if (code) failures.set(code, (failures.get(code) ?? 0) + 1);
  }
  for (const [code, n] of failures) metrics.singleMetric().addDimension("code", code).addMetric("FeedFailures", MetricUnit.Count, n);
}

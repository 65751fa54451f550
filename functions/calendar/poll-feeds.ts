import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context, ScheduledEvent } from "aws-lambda";
import { settings } from "#lib/config/env.js";
import { pollOptionsFromSettings } from "#lib/calendar-sync/options.js";
import { pollCalendarFeeds, type PollReport } from "#lib/calendar-sync/poll.js";
import { logger } from "#lib/observability/logger.js";
import { metrics, MetricUnit } from "#lib/observability/metrics.js";

/** Room left after the budget: the last feeds started may take their whole fetch timeout, then write. */
const SAFETY_MS = 5_000;

/** EventBridge, every minute: sync the calendar feeds that are due. */
export const handler = middy<ScheduledEvent, unknown>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler(async (_event: ScheduledEvent, context: Context) => {
    const now = Date.now();
    const started = performance.now();
    const options = pollOptionsFromSettings(now, () => performance.now() - started);
    // Never plan past the invocation's own deadline.
    const remaining = context.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
    options.budgetMs = Math.max(0, Math.min(options.budgetMs, remaining - options.fetchTimeoutMs - SAFETY_MS));
    const report = await pollCalendarFeeds(options).catch((error: unknown) => {
      const hint = settings.dynamoEndpoint ? "" : " (no DYNAMODB_ENDPOINT: outside AWS, run npm start and set DYNAMODB_ENDPOINT=http://127.0.0.1:8000)";
      throw new Error(`Calendar poll failed: ${(error as Error)?.message ?? String(error)}${hint}`, { cause: error });
    });
    countOutcomes(report);
    const summary = {
      processed: report.processed,
      outcomes: report.outcomes,
      stoppedBy: report.stoppedBy,
      indexPages: report.indexPages,
      elapsedMs: Math.round(report.elapsedMs),
      allowLoopback: settings.allowLoopbackFeeds,
    };
    // A quiet minute (nothing due) is not worth a line at INFO.
    if (report.processed > 0) logger.info("calendar poll", summary);
    else logger.debug("calendar poll", summary);
    return summary;
  });

/** FeedPolls by outcome and FeedFailures by error code: one EMF line per dimension value (a quiet minute: none). */
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

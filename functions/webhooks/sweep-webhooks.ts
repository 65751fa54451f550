import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context, ScheduledEvent } from "aws-lambda";
import { dispatchOptions, sweepDueEvents } from "#lib/webhooks/dispatcher.js";
import { countDeliveries } from "#lib/webhooks/delivery-metrics.js";
import { logger } from "#lib/observability/logger.js";
import { metrics } from "#lib/observability/metrics.js";

/** Room left for the last deliveries started (each has its 10 s timeout) and their records. */
const SAFETY_MS = 15_000;

/** EventBridge, every minute: delivers every outbox event due now (retries, and any the prompt path missed). */
export const handler = middy<ScheduledEvent, unknown>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler(async (_event: ScheduledEvent, context: Context) => {
    const started = performance.now();
    const remaining = context.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
    const report = await sweepDueEvents({
      ...dispatchOptions(Date.now()),
      concurrency: 8,
      budgetMs: Math.max(0, Math.min(40_000, remaining - SAFETY_MS)),
      elapsed: () => performance.now() - started,
    });
    countDeliveries(report);
    if (report.events > 0) logger.info("webhook sweep", { ...report });
    return report;
  });

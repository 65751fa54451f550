import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logger } from "./logger.js";

export { MetricUnit };

/**
 * Metrics warns on every flush with nothing to publish, which is most requests here (only bookings and
 * the poller count things): that one is routine, so it goes to debug; any other warning stays a warning.
 */
const diagnostics = {
  debug: (message: string) => logger.debug(message),
  info: (message: string) => logger.info(message),
  warn: (message: string) => (message.startsWith("No application metrics to publish") ? logger.debug(message) : logger.warn(message)),
  error: (message: string) => logger.error(message),
};

/**
 * The one CloudWatch metrics buffer of the service (EMF lines on stdout), flushed once per invocation by
 * `logMetrics` in the shared HTTP stack and in the poller. Names: BookingsCreated, BookingConflicts (409
 * slot_taken), BookingsNotOffered (422), ContentionRetries (lost races), ContentionExhausted (409
 * schedule_contention), IdempotentReplays, FeedPolls (by `outcome`), FeedFailures (by `code`), FeedBytes.
 */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? "presence-scheduling",
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "presence-scheduling",
  logger: diagnostics,
});

/** Adds one to a count metric of this invocation. */
export function count(name: string, value = 1): void {
  metrics.addMetric(name, MetricUnit.Count, value);
}

import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { dispatchEvent, dispatchOptions, type DispatchReport } from "#lib/webhooks/dispatcher.js";
import { countDeliveries } from "#lib/webhooks/delivery-metrics.js";
import { logger } from "#lib/observability/logger.js";
import { metrics } from "#lib/observability/metrics.js";

/** The new outbox events of a stream batch (the event filter already keeps INSERTs of `kind: event` only). */
function eventIdsOf(event: DynamoDBStreamEvent | { eventIds?: unknown }): string[] {
  if ("Records" in event && Array.isArray(event.Records)) {
    return event.Records.filter((record) => record.eventName === "INSERT" && record.dynamodb?.NewImage?.kind?.S === "event")
      .map((record) => record.dynamodb?.NewImage?.eventId?.S)
      .filter((id): id is string => typeof id === "string");
  }
  const ids = (event as { eventIds?: unknown }).eventIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string").slice(0, 100) : [];
}

/**
 * The prompt path: on AWS the webhooks table's stream (new outbox events), locally an asynchronous invoke
 * `{eventIds}` from the booking function after its commit. Each event gets its first round now; what
 * fails is retried by the sweep (sweepWebhooks). Never throws for a delivery: the stream is not retried,
 * the sweep is the safety net.
 */
export const handler = middy<DynamoDBStreamEvent | { eventIds?: unknown }, unknown>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler(async (event) => {
    const report: DispatchReport = { events: 0, outcomes: { delivered: 0, failed: 0, refused: 0, skipped: 0 } };
    await Promise.all(
      eventIdsOf(event).map((id) =>
        dispatchEvent(id, dispatchOptions(Date.now()), report).catch((error: unknown) =>
          logger.error("webhook event not dispatched; the sweep takes it", { eventId: id, error: error as Error }),
        ),
      ),
    );
    countDeliveries(report);
    return report;
  });

import { metrics, MetricUnit } from "../observability/metrics.js";
import type { DispatchReport } from "./dispatcher.js";

/** WebhookDeliveries by `outcome` (delivered, failed, refused, skipped): one EMF line per outcome that happened. */
export function countDeliveries(report: DispatchReport): void {
  for (const [outcome, n] of Object.entries(report.outcomes)) {
    if (n > 0) metrics.singleMetric().addDimension("outcome", outcome).addMetric("WebhookDeliveries", MetricUnit.Count, n);
  }
}

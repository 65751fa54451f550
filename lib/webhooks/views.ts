import type { DeliveryAttempt, WebhookRecord } from "../data/webhooks-repo.js";
import { isoUtc } from "../time/iso.js";

/** An endpoint as its owner reads it: never its secret, sealed or not. */
export function webhookView(webhook: WebhookRecord) {
  return {
    id: webhook.webhookId,
    userId: webhook.ownerId,
    url: webhook.url,
    events: webhook.events,
    ...(webhook.description ? { description: webhook.description } : {}),
    enabled: webhook.enabled,
    ...(webhook.disabledAt ? { disabledAt: webhook.disabledAt } : {}),
    ...(webhook.disabledReason ? { disabledReason: webhook.disabledReason as "by_owner" | "failing_24h" } : {}),
    consecutiveFailures: webhook.consecutiveFailures ?? 0,
    ...(webhook.failingSince !== undefined ? { failingSince: isoUtc(webhook.failingSince) } : {}),
    ...(webhook.lastSuccessAt ? { lastSuccessAt: webhook.lastSuccessAt } : {}),
    ...(webhook.lastFailureAt ? { lastFailureAt: webhook.lastFailureAt } : {}),
    createdAt: webhook.createdAt,
    updatedAt: webhook.updatedAt,
  };
}

export function deliveryView(attempt: DeliveryAttempt) {
  return {
    eventId: attempt.eventId,
    type: attempt.type,
    attempt: attempt.attempt,
    at: attempt.at,
    outcome: attempt.outcome,
    ...(attempt.status !== undefined ? { status: attempt.status } : {}),
    ...(attempt.error ? { error: attempt.error } : {}),
    latencyMs: attempt.latencyMs,
  };
}

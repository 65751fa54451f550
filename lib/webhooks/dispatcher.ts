/**
 * Delivers outbox events to their endpoints. An event is dispatched by whoever claims it first (a
 * conditional lease on the event item): the stream handler right after its commit (on AWS; locally the
 * booking function's asynchronous invoke), or the sweep every minute, which also delivers what is due
 * for a retry and anything a stream invocation missed. Each round attempts the targets that are due,
 * records every attempt, and stores the next due time under its lease; a round that dies before that
 * leaves the event pending, and the sweep takes it again once the lease runs out (a receiver may then see
 * an event twice, with the same `webhook-id`: Standard Webhooks' at-least-once, deduplicated by id).
 */
import { randomBytes } from "node:crypto";
import { settings } from "../config/env.js";
import {
  claimWebhookEvent,
  dueWebhookEvents,
  listWebhooks,
  putDeliveryAttempt,
  recordEndpointOutcome,
  settleWebhookEvent,
  webhookDueShards,
  type EventTarget,
  type WebhookEvent,
  type WebhookRecord,
} from "../data/webhooks-repo.js";
import { logger } from "../observability/logger.js";
import { isoUtc } from "../time/iso.js";
import { postWebhook, type HostLookup } from "./post-webhook.js";
import { signatureHeaders } from "./signing.js";
import { endpointSecret } from "./endpoint-secrets.js";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export interface DispatchOptions {
  /** The clock of this round (tests pass a later one to drive retries). */
  now: number;
  allowLoopback: boolean;
  /** One POST, DNS included. */
  timeoutMs: number;
  /** Retries stop this long after the change (the last attempt is at exactly that time). */
  retryWindowMs: number;
  /** An endpoint failing without a success for this long is turned off. */
  disableAfterMs: number;
  /** How long a claimed round may take before another dispatcher may take the event over. */
  leaseMs: number;
  lookup?: HostLookup;
}

export function dispatchOptions(now: number): DispatchOptions {
  return { now, allowLoopback: settings.allowLoopbackFeeds, timeoutMs: 10_000, retryWindowMs: 24 * HOUR_MS, disableAfterMs: 24 * HOUR_MS, leaseMs: 60_000 };
}

/** The wait after the n-th failed attempt: 1 minute, 2, 4, 8 … */
export const backoffMs = (failedAttempts: number) => MINUTE_MS * 2 ** Math.min(Math.max(failedAttempts - 1, 0), 20);

/** Attempts of one round, by outcome: `delivered`, `failed` (an HTTP error, timeout or network error), `refused` (the address policy), `skipped` (endpoint gone or off). */
export type DeliveryOutcome = "delivered" | "failed" | "refused" | "skipped";

export interface DispatchReport {
  /** Events claimed and run. */
  events: number;
  outcomes: Record<DeliveryOutcome, number>;
}

const emptyReport = (): DispatchReport => ({ events: 0, outcomes: { delivered: 0, failed: 0, refused: 0, skipped: 0 } });

/** One round of one event, if it is pending, due and not leased to another dispatcher. */
export async function dispatchEvent(eventId: string, options: DispatchOptions, report: DispatchReport = emptyReport()): Promise<DispatchReport> {
  const { now } = options;
  const lease = { token: randomBytes(8).toString("hex"), until: now + options.leaseMs };
  const event = await claimWebhookEvent(eventId, now, lease);
  if (!event) return report;
  report.events++;
  const endpoints = new Map((await listWebhooks(event.ownerId)).map((endpoint) => [endpoint.webhookId, endpoint]));
  // Endpoints are chosen once, at the first round: those enabled and subscribed to the event's type then.
  const targets: Record<string, EventTarget> =
    event.targets ??
    Object.fromEntries(
      [...endpoints.values()]
        .filter((endpoint) => endpoint.enabled && endpoint.events.includes(event.type))
        .map((endpoint) => [endpoint.webhookId, { state: "pending", attempts: 0, nextAt: event.createdAt } satisfies EventTarget]),
    );
  await Promise.all(
    Object.entries(targets).map(async ([webhookId, target]) => {
      if (target.state !== "pending" || (target.nextAt ?? 0) > now) return;
      const endpoint = endpoints.get(webhookId);
      if (!endpoint?.enabled) {
        targets[webhookId] = { state: "skipped", attempts: target.attempts };
        report.outcomes.skipped++;
        return;
      }
      targets[webhookId] = await attempt(event, endpoint, target, options, report);
    }),
  );
  const pending = Object.values(targets).filter((target) => target.state === "pending");
  const nextDueAt = pending.length ? Math.min(...pending.map((target) => target.nextAt ?? now)) : undefined;
  if (!(await settleWebhookEvent(event, lease.token, { targets, nextDueAt, now }))) {
    logger.warn("webhook round outlived its lease; another dispatcher took the event over", { eventId });
  }
  return report;
}

async function attempt(event: WebhookEvent, endpoint: WebhookRecord, target: EventTarget, options: DispatchOptions, report: DispatchReport): Promise<EventTarget> {
  const { now } = options;
  const secret = await endpointSecret(endpoint);
  // The signature's timestamp is the real clock: receivers reject old ones (Standard Webhooks: 5 minutes).
  const headers = signatureHeaders(secret, event.eventId, Math.floor(Date.now() / 1000), event.payload);
  const started = performance.now();
  const outcome = await postWebhook(endpoint.url, event.payload, headers, options);
  const latencyMs = Math.round(performance.now() - started);
  const number = target.attempts + 1;
  await putDeliveryAttempt(
    endpoint.ownerId,
    {
      webhookId: endpoint.webhookId,
      eventId: event.eventId,
      type: event.type,
      attempt: number,
      at: isoUtc(now),
      outcome: outcome.ok ? "delivered" : "failed",
      ...(outcome.status !== undefined ? { status: outcome.status } : {}),
      ...(outcome.ok ? {} : { error: outcome.error }),
      latencyMs,
    },
    now,
  );
  report.outcomes[outcome.ok ? "delivered" : outcome.error === "blocked_address" ? "refused" : "failed"]++;
  const after = await recordEndpointOutcome(endpoint.ownerId, endpoint.webhookId, { ok: outcome.ok, now, disableAfterMs: options.disableAfterMs });
  if (outcome.ok) return { state: "delivered", attempts: number };
  if (!outcome.ok) logger.info("webhook delivery failed", { eventId: event.eventId, webhookId: endpoint.webhookId, attempt: number, error: outcome.error, status: outcome.status });
  const giveUpAt = event.createdAt + options.retryWindowMs;
  if (!after?.enabled || now >= giveUpAt) return { state: "failed", attempts: number };
  return { state: "pending", attempts: number, nextAt: Math.min(now + backoffMs(number), giveUpAt) };
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/**
 * The sweep: every event due by `now` on every shard of the due index, `concurrency` at a time, until no
 * more are due or `budgetMs` of `elapsed()` has passed (what is left stays due for the next run).
 */
export async function sweepDueEvents(options: DispatchOptions & { concurrency: number; budgetMs: number; elapsed: () => number }): Promise<DispatchReport> {
  const report = emptyReport();
  for (const shard of webhookDueShards()) {
    let after: Record<string, unknown> | undefined;
    do {
      if (options.elapsed() >= options.budgetMs) return report;
      const page = await dueWebhookEvents(shard, options.now, 100, after);
      await pool(page.eventIds, options.concurrency, (id) =>
        dispatchEvent(id, options, report).catch((error: unknown) => logger.error("webhook event not dispatched; it stays due", { eventId: id, error: error as Error })),
      );
      after = page.next;
    } while (after);
  }
  return report;
}

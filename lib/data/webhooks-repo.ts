import { DeleteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { tableNames } from "../config/env.js";
import { db } from "./client.js";
import { conditional, conditionFailed } from "./conditional.js";
import {
  deliveryKey,
  deliveryPrefix,
  ownerPartition,
  WEBHOOK_DUE_SHARDS,
  WEBHOOK_PREFIX,
  webhookDueShard,
  webhookEventKey,
  webhookKey,
} from "./keys.js";

/** The booking changes an endpoint may subscribe to. */
export const WEBHOOK_EVENT_TYPES = ["booking.created", "booking.rescheduled", "booking.cancelled"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** An owner's endpoint. The signing secret is stored sealed (lib/security/sealed.ts): the dispatcher opens it to sign. */
export interface WebhookRecord {
  ownerId: string;
  webhookId: string;
  url: string;
  events: WebhookEventType[];
  description?: string;
  sealedSecret: string;
  enabled: boolean;
  /** Why and when the dispatcher turned it off (absent while enabled). */
  disabledAt?: string;
  disabledReason?: string;
  /** Failed attempts since the last success, and when the first of them was (epoch ms). */
  consecutiveFailures: number;
  failingSince?: number;
  lastSuccessAt?: string;
  lastFailureAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** What became of one endpoint's delivery of an event. */
export interface EventTarget {
  state: "pending" | "delivered" | "failed" | "skipped";
  attempts: number;
  /** The next attempt is due then (epoch ms; pending only). */
  nextAt?: number;
}

/** An outbox event: one per booking change, written in the booking's own transaction. */
export interface WebhookEvent {
  eventId: string;
  ownerId: string;
  type: WebhookEventType;
  /** The change's instant (epoch ms): retries stop 24 h after it. */
  createdAt: number;
  /** The exact JSON body every endpoint receives (`{type, timestamp, data}`). */
  payload: string;
  state: "pending" | "done";
  dueAt: number;
  /** Endpoints chosen at the first dispatch (absent until then). */
  targets?: Record<string, EventTarget>;
  leaseUntil?: number;
  leaseToken?: string;
}

/** One attempt as the owner reads it. */
export interface DeliveryAttempt {
  webhookId: string;
  eventId: string;
  type: WebhookEventType;
  attempt: number;
  at: string;
  outcome: "delivered" | "failed";
  /** The endpoint's HTTP status, when it answered. */
  status?: number;
  /** Why it failed without a 2xx: `http_error`, `timeout`, `blocked_address`, `network_error`, `invalid_url`. */
  error?: string;
  latencyMs: number;
}

/** Delivered and given-up events, and attempt records, are kept this long (DynamoDB TTL). */
const KEEP_SECONDS = 30 * 24 * 3600;
const ttlFrom = (now: number) => Math.ceil(now / 1000) + KEEP_SECONDS;

function webhookFromItem(item: Record<string, unknown>): WebhookRecord {
  const { pk: _pk, sk: _sk, kind: _kind, ...rest } = item;
  return rest as unknown as WebhookRecord;
}

export async function insertWebhook(record: WebhookRecord): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableNames.webhooks,
      Item: { ...webhookKey(record.ownerId, record.webhookId), kind: "endpoint", ...record },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
}

export async function findWebhook(ownerId: string, webhookId: string): Promise<WebhookRecord | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableNames.webhooks, Key: webhookKey(ownerId, webhookId), ConsistentRead: true }));
  return Item ? webhookFromItem(Item) : undefined;
}

/** Every endpoint of an owner (one Query; at most a few dozen items). */
export async function listWebhooks(ownerId: string): Promise<WebhookRecord[]> {
  const records: WebhookRecord[] = [];
  let after: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableNames.webhooks,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": ownerPartition(ownerId).pk, ":prefix": WEBHOOK_PREFIX },
        ConsistentRead: true,
        ExclusiveStartKey: after,
      }),
    );
    for (const item of page.Items ?? []) records.push(webhookFromItem(item));
    after = page.LastEvaluatedKey;
  } while (after);
  return records;
}

/** Replaces the owner's changeable fields of an endpoint if it still exists; false when it was deleted meanwhile. */
export async function updateWebhook(
  ownerId: string,
  webhookId: string,
  change: { url?: string; events?: WebhookEventType[]; description?: string | null; enable?: boolean; disable?: boolean; updatedAt: string },
): Promise<WebhookRecord | undefined> {
  const sets = ["updatedAt = :updatedAt"];
  const removes: string[] = [];
  const values: Record<string, unknown> = { ":updatedAt": change.updatedAt };
  if (change.url !== undefined) (sets.push("#url = :url"), (values[":url"] = change.url));
  if (change.events !== undefined) (sets.push("events = :events"), (values[":events"] = change.events));
  if (change.description === null) removes.push("description");
  else if (change.description !== undefined) (sets.push("description = :description"), (values[":description"] = change.description));
  if (change.enable) {
    // Turned on again by its owner: a fresh start, as if it had never failed.
    sets.push("enabled = :true", "consecutiveFailures = :zero");
    removes.push("disabledAt", "disabledReason", "failingSince");
    Object.assign(values, { ":true": true, ":zero": 0 });
  } else if (change.disable) {
    sets.push("enabled = :false", "disabledAt = :updatedAt", "disabledReason = :byOwner");
    Object.assign(values, { ":false": false, ":byOwner": "by_owner" });
  }
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableNames.webhooks,
        Key: webhookKey(ownerId, webhookId),
        UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
        ConditionExpression: "attribute_exists(pk)",
        ...(change.url !== undefined ? { ExpressionAttributeNames: { "#url": "url" } } : {}),
        ExpressionAttributeValues: values,
        ReturnValues: "ALL_NEW",
      }),
    );
    return Attributes ? webhookFromItem(Attributes) : undefined;
  } catch (error) {
    if (conditionFailed(error)) return undefined;
    throw error;
  }
}

/**
 * Stores an endpoint's secret sealed again (under the current SERVICE_SECRET) in place of `from`; false when
 * the stored value is no longer `from` (sealed again meanwhile) or the endpoint is gone.
 */
export async function replaceSealedSecret(ownerId: string, webhookId: string, from: string, to: string): Promise<boolean> {
  return conditional(
    db().send(
      new UpdateCommand({
        TableName: tableNames.webhooks,
        Key: webhookKey(ownerId, webhookId),
        UpdateExpression: "SET sealedSecret = :to",
        ConditionExpression: "sealedSecret = :from",
        ExpressionAttributeValues: { ":from": from, ":to": to },
      }),
    ),
  );
}

/** Every endpoint of every owner, a page at a time (a Scan: for the rare maintenance pass, never a request). */
export async function* allWebhooks(): AsyncGenerator<WebhookRecord[]> {
  let after: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new ScanCommand({
        TableName: tableNames.webhooks,
        FilterExpression: "#kind = :endpoint",
        ExpressionAttributeNames: { "#kind": "kind" },
        ExpressionAttributeValues: { ":endpoint": "endpoint" },
        ExclusiveStartKey: after,
      }),
    );
    yield (page.Items ?? []).map(webhookFromItem);
    after = page.LastEvaluatedKey;
  } while (after);
}

/** Deletes an endpoint; false when there was none. Its attempt records stay until they expire. */
export async function deleteWebhook(ownerId: string, webhookId: string): Promise<boolean> {
  try {
    await db().send(new DeleteCommand({ TableName: tableNames.webhooks, Key: webhookKey(ownerId, webhookId), ConditionExpression: "attribute_exists(pk)" }));
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/**
 * Records the outcome of an attempt on the endpoint: a success clears its failure streak; a failure extends
 * it, and once the streak is `disableAfterMs` old the endpoint is turned off (`failing_24h`). Returns the
 * endpoint as it now is (undefined when it was deleted meanwhile).
 */
export async function recordEndpointOutcome(
  ownerId: string,
  webhookId: string,
  outcome: { ok: boolean; now: number; disableAfterMs: number },
): Promise<WebhookRecord | undefined> {
  const at = new Date(outcome.now).toISOString();
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableNames.webhooks,
        Key: webhookKey(ownerId, webhookId),
        ConditionExpression: "attribute_exists(pk)",
        ...(outcome.ok
          ? {
              UpdateExpression: "SET consecutiveFailures = :zero, lastSuccessAt = :at REMOVE failingSince",
              ExpressionAttributeValues: { ":zero": 0, ":at": at },
            }
          : {
              UpdateExpression: "SET failingSince = if_not_exists(failingSince, :now), lastFailureAt = :at ADD consecutiveFailures :one",
              ExpressionAttributeValues: { ":now": outcome.now, ":at": at, ":one": 1 },
            }),
        ReturnValues: "ALL_NEW",
      }),
    );
    const record = Attributes ? webhookFromItem(Attributes) : undefined;
    if (!outcome.ok && record?.enabled && record.failingSince !== undefined && outcome.now - record.failingSince >= outcome.disableAfterMs) {
      return await disableFailing(ownerId, webhookId, outcome.now, outcome.disableAfterMs);
    }
    return record;
  } catch (error) {
    if (conditionFailed(error)) return undefined;
    throw error;
  }
}

async function disableFailing(ownerId: string, webhookId: string, now: number, disableAfterMs: number): Promise<WebhookRecord | undefined> {
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableNames.webhooks,
        Key: webhookKey(ownerId, webhookId),
        UpdateExpression: "SET enabled = :false, disabledAt = :at, disabledReason = :reason, updatedAt = :at",
        // Still failing since then: a success in between (another dispatcher) keeps it on.
        ConditionExpression: "enabled = :true AND failingSince <= :cutoff",
        ExpressionAttributeValues: { ":false": false, ":true": true, ":at": new Date(now).toISOString(), ":reason": "failing_24h", ":cutoff": now - disableAfterMs },
        ReturnValues: "ALL_NEW",
      }),
    );
    return Attributes ? webhookFromItem(Attributes) : undefined;
  } catch (error) {
    if (conditionFailed(error)) return findWebhook(ownerId, webhookId);
    throw error;
  }
}

export async function putDeliveryAttempt(ownerId: string, attempt: DeliveryAttempt, now: number): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableNames.webhooks,
      Item: { ...deliveryKey(ownerId, attempt.webhookId, attempt.at, attempt.eventId, attempt.attempt), kind: "attempt", ...attempt, ttl: ttlFrom(now) },
    }),
  );
}

/** The latest `limit` attempts to an endpoint, newest first (one Query). */
export async function listDeliveryAttempts(ownerId: string, webhookId: string, limit: number): Promise<DeliveryAttempt[]> {
  const page = await db().send(
    new QueryCommand({
      TableName: tableNames.webhooks,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": ownerPartition(ownerId).pk, ":prefix": deliveryPrefix(webhookId) },
      ScanIndexForward: false,
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  return (page.Items ?? []).map((item) => {
    const { pk: _pk, sk: _sk, kind: _kind, ttl: _ttl, ...rest } = item;
    return rest as unknown as DeliveryAttempt;
  });
}

/** The Put of a new outbox event, for the transaction of the booking change it announces. */
export function outboxPut(event: Pick<WebhookEvent, "eventId" | "ownerId" | "type" | "createdAt" | "payload">) {
  return {
    Put: {
      TableName: tableNames.webhooks,
      Item: {
        ...webhookEventKey(event.eventId),
        kind: "event",
        ...event,
        state: "pending",
        dueAt: event.createdAt,
        dueShard: webhookDueShard(event.eventId),
      },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

function eventFromItem(item: Record<string, unknown>): WebhookEvent {
  const { pk: _pk, sk: _sk, kind: _kind, dueShard: _shard, ttl: _ttl, ...rest } = item;
  return rest as unknown as WebhookEvent;
}

/**
 * Takes a pending event that is due by `now` for one dispatch until `leaseUntil`: a conditional update, so
 * two dispatchers (the stream and the sweep, or two sweeps) never both deliver the same round. Undefined
 * when it is not pending, not due, or leased to someone else.
 */
export async function claimWebhookEvent(eventId: string, now: number, lease: { token: string; until: number }): Promise<WebhookEvent | undefined> {
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableNames.webhooks,
        Key: webhookEventKey(eventId),
        UpdateExpression: "SET leaseUntil = :until, leaseToken = :token",
        ConditionExpression: "#state = :pending AND dueAt <= :now AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":until": lease.until, ":token": lease.token, ":pending": "pending", ":now": now },
        ReturnValues: "ALL_NEW",
      }),
    );
    return Attributes ? eventFromItem(Attributes) : undefined;
  } catch (error) {
    if (conditionFailed(error)) return undefined;
    throw error;
  }
}

/**
 * Stores what a dispatch round did, under its lease: the targets, and either the next due time or `done`
 * (off the due index, expiring in 30 days). False when the lease was lost (another dispatcher took over).
 */
export async function settleWebhookEvent(
  event: WebhookEvent,
  leaseToken: string,
  outcome: { targets: Record<string, EventTarget>; nextDueAt: number | undefined; now: number },
): Promise<boolean> {
  const done = outcome.nextDueAt === undefined;
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableNames.webhooks,
        Key: webhookEventKey(event.eventId),
        UpdateExpression: done
          ? "SET targets = :targets, #state = :done, #ttl = :ttl REMOVE leaseUntil, leaseToken, dueShard"
          : "SET targets = :targets, dueAt = :due REMOVE leaseUntil, leaseToken",
        ConditionExpression: "leaseToken = :token",
        ExpressionAttributeNames: done ? { "#state": "state", "#ttl": "ttl" } : undefined,
        ExpressionAttributeValues: done
          ? { ":targets": outcome.targets, ":done": "done", ":ttl": ttlFrom(outcome.now), ":token": leaseToken }
          : { ":targets": outcome.targets, ":due": outcome.nextDueAt, ":token": leaseToken },
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/** Ids of pending events due by `now` on one shard of the sparse `byDue` index, oldest first, a page at a time. */
export async function dueWebhookEvents(
  shard: string,
  now: number,
  limit: number,
  after?: Record<string, unknown>,
): Promise<{ eventIds: string[]; next?: Record<string, unknown> }> {
  const page = await db().send(
    new QueryCommand({
      TableName: tableNames.webhooks,
      IndexName: "byDue",
      KeyConditionExpression: "dueShard = :shard AND dueAt <= :now",
      ExpressionAttributeValues: { ":shard": shard, ":now": now },
      Limit: limit,
      ExclusiveStartKey: after,
    }),
  );
  return { eventIds: (page.Items ?? []).map((item) => item.eventId as string), next: page.LastEvaluatedKey };
}

export const webhookDueShards = (): string[] => Array.from({ length: WEBHOOK_DUE_SHARDS }, (_, i) => String(i));

export async function findWebhookEvent(eventId: string): Promise<WebhookEvent | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableNames.webhooks, Key: webhookEventKey(eventId), ConsistentRead: true }));
  return Item ? eventFromItem(Item) : undefined;
}

import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandOutput,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import type { AvailabilitySpec, SlotSettings } from "../engine/index.js";
import { tableNames } from "../config/env.js";
import { calendarBusyFromItem, type CalendarBusySet } from "./calendar-repo.js";
import { eventTypeFromItem, type EventLocation, type EventTypeRecord } from "./event-types-repo.js";
import { openSealedAnywhere, seal } from "../security/sealed.js";
import { db } from "./client.js";
import { conditionFailed } from "./conditional.js";
import {
  bookingKey,
  bookingStartIndexValue,
  calendarBusyKey,
  cancelledStartIndexValue,
  bookingGuardKey,
  eventTypeKey,
  idempotencyKey,
  ownerPartition,
  scheduleKey,
  slotClaimKey,
  userKey,
} from "./keys.js";
import { userFromItem, type UserRecord } from "./users-repo.js";
import { outboxPut, type WebhookEvent } from "./webhooks-repo.js";

/** A webhook outbox event, put in the same transaction as the booking change it announces. */
type OutboxEvent = Pick<WebhookEvent, "eventId" | "ownerId" | "type" | "createdAt" | "payload">;

/** The owner's published availability and slot settings, and the version every change bumps. */
export interface ScheduleRecord {
  version: number;
  availability: AvailabilitySpec;
  settings: SlotSettings;
  updatedAt?: string;
}

type BookingStatus = "confirmed" | "cancelled";

export interface BookingRecord {
  bookingId: string;
  ownerId: string;
  start: number;
  end: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  invitee: { name: string; email?: string };
  note?: string;
  status: BookingStatus;
  cancelTokenHash: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt?: string;
  cancelledBy?: "owner" | "invitee";
  rescheduledFrom?: { start: number; end: number };
  /** Which API created it: the seed booking routes or /v1. */
  via: "seed" | "v1";
  /** The event type booked (absent: the default one, made from the owner's settings). */
  eventType?: string;
  /** The invitee's answers to the event type's questions, by question id. */
  answers?: Record<string, string>;
  /** The event type's location when it was booked. */
  location?: EventLocation;
  /** The calendar invite's SEQUENCE: 0 when booked, +1 on every reschedule and on the cancellation (absent on older bookings: 0). */
  sequence?: number;
}

/** What one slot search or booking attempt reads: two requests (a BatchGet and a Query). */
export interface OwnerSnapshot {
  user: UserRecord | undefined;
  schedule: ScheduleRecord | undefined;
  calendar: CalendarBusySet | undefined;
  bookings: BookingRecord[];
}

const isoKey = (ms: number) => new Date(ms).toISOString();

function scheduleFromItem(item: Record<string, unknown> | undefined): ScheduleRecord | undefined {
  if (!item) return undefined;
  return {
    version: item.version as number,
    availability: item.availability as AvailabilitySpec,
    settings: item.settings as SlotSettings,
    updatedAt: item.updatedAt as string | undefined,
  };
}

function bookingFromItem(item: Record<string, unknown>): BookingRecord {
  const { pk: _pk, sk: _sk, activeStart: _active, ...rest } = item;
  return rest as unknown as BookingRecord;
}

function bookingItem(booking: BookingRecord): Record<string, unknown> {
  return {
    ...bookingKey(booking.ownerId, booking.bookingId),
    ...booking,
    // Confirmed bookings sort by their start instant; cancelled ones under a prefix after every instant, so
    // that a range of instants never meets them and the owner's calendar feed still finds them by start.
    activeStart:
      booking.status === "confirmed"
        ? bookingStartIndexValue(isoKey(booking.start), booking.bookingId)
        : cancelledStartIndexValue(isoKey(booking.start), booking.bookingId),
  };
}

type KeysByTable = Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }>;

/**
 * Every item of `request` (strongly consistent BatchGetItem). Unprocessed keys only appear under
 * throttling; they are asked for again, up to five requests in all; `complete` says whether all came.
 */
async function batchGetConsistent(request: KeysByTable): Promise<{ items: Record<string, unknown>[]; complete: boolean }> {
  const items: Record<string, unknown>[] = [];
  let pending: KeysByTable | undefined = request;
  for (let attempt = 0; pending && Object.keys(pending).length > 0 && attempt < 5; attempt++) {
    const result: BatchGetCommandOutput = await db().send(new BatchGetCommand({ RequestItems: pending }));
    for (const list of Object.values(result.Responses ?? {})) items.push(...list);
    pending = result.UnprocessedKeys as KeysByTable | undefined;
  }
  return { items, complete: !pending || Object.keys(pending).length === 0 };
}

/**
 * The user, schedule and calendar busy set of an owner in one BatchGetItem (strongly consistent), and in
 * the same request the stored event type `eventTypeSlug` when one is named.
 */
export async function readOwnerHeads(
  ownerId: string,
  eventTypeSlug?: string,
): Promise<Pick<OwnerSnapshot, "user" | "schedule" | "calendar"> & { eventType?: EventTypeRecord }> {
  const scheduleKeys = [scheduleKey(ownerId), calendarBusyKey(ownerId)];
  if (eventTypeSlug !== undefined) scheduleKeys.push(eventTypeKey(ownerId, eventTypeSlug));
  const { items } = await batchGetConsistent({
    [tableNames.users]: { Keys: [userKey(ownerId)], ConsistentRead: true },
    [tableNames.schedules]: { Keys: scheduleKeys, ConsistentRead: true },
  });
  const find = (pk: string, sk?: string) => items.find((item) => item.pk === pk && (sk === undefined || item.sk === sk));
  const user = find(userKey(ownerId).pk);
  return {
    user: user && user.sk === undefined ? userFromItem(user) : undefined,
    schedule: scheduleFromItem(find(scheduleKey(ownerId).pk, "SCHEDULE")),
    calendar: calendarBusyFromItem(find(calendarBusyKey(ownerId).pk, "CALENDAR")),
    ...(eventTypeSlug === undefined ? {} : { eventType: eventTypeFromItem(find(ownerPartition(ownerId).pk, eventTypeKey(ownerId, eventTypeSlug).sk)) }),
  };
}

/** Confirmed bookings starting in [from, to), by start (the sparse `byStart` index, strongly consistent). */
export async function queryBookings(ownerId: string, from: number, to: number): Promise<BookingRecord[]> {
  const bookings: BookingRecord[] = [];
  let after: Record<string, unknown> | undefined;
  do {
    const page = await pageBookings(ownerId, from, to, undefined, after);
    bookings.push(...page.bookings.filter((booking) => booking.start < to));
    after = page.next;
  } while (after);
  return bookings;
}

/** One page of confirmed bookings by start (`limit` items, or DynamoDB's 1 MB page). */
export async function pageBookings(
  ownerId: string,
  from: number,
  to: number,
  limit: number | undefined,
  after?: Record<string, unknown>,
): Promise<{ bookings: BookingRecord[]; next?: Record<string, unknown> }> {
  const page = await db().send(
    new QueryCommand({
      TableName: tableNames.schedules,
      IndexName: "byStart",
      KeyConditionExpression: "pk = :pk AND activeStart BETWEEN :from AND :to",
      ExpressionAttributeValues: { ":pk": ownerPartition(ownerId).pk, ":from": isoKey(from), ":to": isoKey(to) },
      ConsistentRead: true,
      Limit: limit,
      ExclusiveStartKey: after,
    }),
  );
  return { bookings: (page.Items ?? []).map(bookingFromItem), next: page.LastEvaluatedKey };
}

/**
 * Cancelled bookings starting in [from, to), by start, at most `limit` (the `byStart` index under its
 * cancelled prefix; bookings cancelled before that prefix existed are not indexed and not listed).
 */
export async function queryCancelledBookings(ownerId: string, from: number, to: number, limit: number): Promise<BookingRecord[]> {
  const page = await db().send(
    new QueryCommand({
      TableName: tableNames.schedules,
      IndexName: "byStart",
      KeyConditionExpression: "pk = :pk AND activeStart BETWEEN :from AND :to",
      ExpressionAttributeValues: {
        ":pk": ownerPartition(ownerId).pk,
        ":from": cancelledStartIndexValue(isoKey(from), ""),
        ":to": cancelledStartIndexValue(isoKey(to), ""),
      },
      ConsistentRead: true,
      Limit: limit,
    }),
  );
  return (page.Items ?? []).map(bookingFromItem);
}

export async function findBooking(ownerId: string, bookingId: string): Promise<BookingRecord | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableNames.schedules, Key: bookingKey(ownerId, bookingId), ConsistentRead: true }),
  );
  return Item ? bookingFromItem(Item) : undefined;
}

export class VersionConflictError extends Error {}

/**
 * Replaces the owner's availability and settings if the schedule is still at `expectedVersion`
 * (0 = no schedule yet), bumping the version; throws VersionConflictError otherwise.
 */
export async function saveSchedule(
  ownerId: string,
  schedule: Omit<ScheduleRecord, "version">,
  expectedVersion: number | "any",
): Promise<number> {
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableNames.schedules,
        Key: scheduleKey(ownerId),
        UpdateExpression: "SET availability = :availability, settings = :settings, updatedAt = :updatedAt ADD version :one",
        ConditionExpression:
          expectedVersion === "any" ? undefined : expectedVersion === 0 ? "attribute_not_exists(pk)" : "version = :expected",
        ExpressionAttributeValues: {
          ":availability": schedule.availability,
          ":settings": schedule.settings,
          ":updatedAt": schedule.updatedAt,
          ":one": 1,
          ...(typeof expectedVersion === "number" && expectedVersion > 0 ? { ":expected": expectedVersion } : {}),
        },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    return Attributes?.version as number;
  } catch (error) {
    if (conditionFailed(error)) throw new VersionConflictError();
    throw error;
  }
}

/** What a booking change must still find true when it commits: the guards it read, unchanged. */
export interface CommitGuard {
  ownerId: string;
  /** Each guard with the version that was read (undefined: no guard item yet). */
  guards: { guard: string; version: number | undefined }[];
}

/** The versions of an owner's booking guards (one BatchGetItem, strongly consistent). */
export async function readBookingGuards(ownerId: string, guards: readonly string[]): Promise<CommitGuard> {
  const keys = guards.map((guard) => bookingGuardKey(ownerId, guard));
  const { items, complete } = await batchGetConsistent({ [tableNames.schedules]: { Keys: keys, ConsistentRead: true } });
  if (!complete) throw new Error("Booking guards could not be read (throttled)");
  const versions = new Map(items.map((item) => [item.sk, item.version as number]));
  return { ownerId, guards: guards.map((guard, i) => ({ guard, version: versions.get(keys[i]!.sk) })) };
}

interface IdempotencyRecord {
  key: string;
  requestHash: string;
  status: number;
  body: unknown;
  expiresAt: number;
}

type CommitOutcome = { ok: true } | { ok: false; reason: "stale" | "idempotency_key_exists" | "booking_changed" };

type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;

/** Each guard's version checked and bumped: a booking that raced another under one of its guards fails. */
function guardItems(commitGuard: CommitGuard): TransactItems {
  return commitGuard.guards.map(({ guard, version }) => ({
    Update: {
      TableName: tableNames.schedules,
      Key: bookingGuardKey(commitGuard.ownerId, guard),
      UpdateExpression: "ADD version :one",
      ...(version === undefined
        ? { ConditionExpression: "attribute_not_exists(pk)", ExpressionAttributeValues: { ":one": 1 } }
        : { ConditionExpression: "version = :expected", ExpressionAttributeValues: { ":one": 1, ":expected": version } }),
    },
  }));
}

async function commit(items: TransactItems, labels: string[]): Promise<CommitOutcome> {
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
    return { ok: true };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    const failed = reasons.map((reason, index) => (reason.Code === "ConditionalCheckFailed" ? labels[index] : undefined));
    if (failed.includes("idempotency")) return { ok: false, reason: "idempotency_key_exists" };
    if (failed.includes("booking")) return { ok: false, reason: "booking_changed" };
    // A changed guard, or a concurrent transaction on the same items.
    return { ok: false, reason: "stale" };
  }
}

/** The first answer is stored sealed: it holds the cancel token, a bearer secret. */
function idempotencyPut(ownerId: string, record: IdempotencyRecord) {
  const key = idempotencyKey(ownerId, record.key, record.requestHash);
  return {
    Put: {
      TableName: tableNames.idempotency,
      Item: { ...key, status: record.status, answer: seal(record.body, key.pk), ttl: Math.ceil(record.expiresAt / 1000) },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/**
 * Writes a new booking in one transaction with its guards checked and bumped (so a booking that raced
 * another in the same hours is refused, never written) and, if given, the idempotency record.
 */
export function insertBooking(guard: CommitGuard, booking: BookingRecord, idempotency?: IdempotencyRecord, outbox?: OutboxEvent): Promise<CommitOutcome> {
  const items: TransactItems = [
    ...guardItems(guard),
    { Put: { TableName: tableNames.schedules, Item: bookingItem(booking), ConditionExpression: "attribute_not_exists(pk)" } },
    ...(idempotency ? [idempotencyPut(guard.ownerId, idempotency)] : []),
    ...(outbox ? [outboxPut(outbox)] : []),
  ];
  return commit(items, [...guard.guards.map(() => "guard"), "booking", ...(idempotency ? ["idempotency"] : []), "outbox"]);
}

/**
 * Replaces a confirmed booking (reschedule or cancel) if it is still exactly as read, with the guards of
 * the time it moves onto (a cancellation frees time and guards nothing).
 */
export function replaceBooking(guard: CommitGuard, previous: BookingRecord, next: BookingRecord, outbox?: OutboxEvent): Promise<CommitOutcome> {
  const items: TransactItems = [
    ...guardItems(guard),
    {
      Put: {
        TableName: tableNames.schedules,
        Item: bookingItem(next),
        ConditionExpression: "#status = :confirmed AND #start = :start",
        ExpressionAttributeNames: { "#status": "status", "#start": "start" },
        ExpressionAttributeValues: { ":confirmed": "confirmed", ":start": previous.start },
      },
    },
    ...(outbox ? [outboxPut(outbox)] : []),
  ];
  return commit(items, [...guard.guards.map(() => "guard"), "booking", "outbox"]);
}

/** The first answer stored under this owner, key and request, if any. */
export async function findIdempotencyRecord(ownerId: string, key: string, requestHash: string): Promise<IdempotencyRecord | undefined> {
  const itemKey = idempotencyKey(ownerId, key, requestHash);
  const { Item } = await db().send(new GetCommand({ TableName: tableNames.idempotency, Key: itemKey, ConsistentRead: true }));
  if (!Item) return undefined;
  return {
    key,
    requestHash,
    status: Item.status as number,
    body: (await openSealedAnywhere(Item.answer as string, itemKey.pk)).value,
    expiresAt: (Item.ttl as number) * 1000,
  };
}

/**
 * Claims a slot start for `holder` until `expiresAt` (epoch ms), or extends the holder's own claim, or
 * takes over one that expired by `now` (the clock at the time of the call). Only the holder goes on to the
 * guarded transaction, so many requests for one slot do not all contend for its guards. Correctness
 * never rests on the claim: the transaction alone prevents overlap.
 */
export async function claimSlot(ownerId: string, start: number, holder: string, now: number, expiresAt: number): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableNames.idempotency,
        // `ttl` (epoch seconds) lets DynamoDB delete what is left; `expiresAt` (ms) decides takeovers.
        Item: { ...slotClaimKey(ownerId, isoKey(start)), holder, expiresAt, ttl: Math.ceil(expiresAt / 1000) },
        ConditionExpression: "attribute_not_exists(pk) OR holder = :holder OR expiresAt < :now",
        ExpressionAttributeValues: { ":now": now, ":holder": holder },
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/** Gives a claim up (only the holder's own). */
export async function releaseSlotClaim(ownerId: string, start: number, holder: string): Promise<void> {
  try {
    await db().send(
      new DeleteCommand({
        TableName: tableNames.idempotency,
        Key: slotClaimKey(ownerId, isoKey(start)),
        ConditionExpression: "holder = :holder",
        ExpressionAttributeValues: { ":holder": holder },
      }),
    );
  } catch (error) {
    if (!conditionFailed(error)) throw error;
  }
}

/**
 * The owner's calendar busy set: one item, `OWNER#<id>` / `CALENDAR` in the schedules table.
 *
 * The merged busy intervals are stored as one flat list of numbers `[s1, e1, s2, e2, …]` (epoch ms,
 * sorted, merged, touching ones joined), so one PutItem replaces the whole set and a reader never sees
 * half of one. At most MAX_STORED_BUSY_INTERVALS intervals are kept (about 100 KB, a quarter of the
 * 400 KB item limit); past that, `to` is cut back to the first interval left out, so a reader knows
 * how far the set is exact.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, DeleteCommand, GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { tableNames } from "../config/env.js";
import { db } from "./client.js";
import { calendarBusyKey } from "./keys.js";

export interface CalendarBusySet {
  /**
   * Changes exactly when the busy time from `syncedAt` on changes, so it can feed an ETag. A new set
   * starts at the epoch ms of its first write (a set that is deleted and created again never reuses an
   * earlier version), then goes up by one per change.
   */
  version: number;
  /** Sorted, merged, non-touching, half-open; may still hold intervals that ended after `syncedAt`. */
  intervals: { start: number; end: number }[];
  /**
   * When the set was last written (a 304, or a read in full that finds it the same within an hour of
   * this, leaves it as it was).
   */
  syncedAt: number;
  /** The set is exact on [from, to): busy time outside it is unknown. */
  from: number;
  to: number;
}

export const MAX_STORED_BUSY_INTERVALS = 5000;

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];
/** One conditional update inside a transaction. */
type TransactUpdate = NonNullable<TransactItem["Update"]>;

export function calendarBusyFromItem(item: Record<string, unknown> | undefined): CalendarBusySet | undefined {
  if (!item || !Array.isArray(item.busy)) return undefined;
  const flat = item.busy as number[];
  const intervals: { start: number; end: number }[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) intervals.push({ start: flat[i]!, end: flat[i + 1]! });
  return {
    version: item.version as number,
    intervals,
    syncedAt: item.syncedAt as number,
    from: item.from as number,
    to: item.to as number,
  };
}

export function calendarBusyItem(ownerId: string, set: CalendarBusySet): Record<string, unknown> {
  return {
    ...calendarBusyKey(ownerId),
    ownerId,
    version: set.version,
    busy: set.intervals.flatMap((interval) => [interval.start, interval.end]),
    count: set.intervals.length,
    syncedAt: set.syncedAt,
    from: set.from,
    to: set.to,
  };
}

export async function readCalendarBusy(ownerId: string): Promise<CalendarBusySet | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableNames.schedules, Key: calendarBusyKey(ownerId), ConsistentRead: true }),
  );
  return calendarBusyFromItem(Item);
}

/**
 * The busy sets of several owners (strongly consistent BatchGetItem, 100 keys a request). An owner is in
 * the map when the answer covered it (undefined: no set yet); one left unprocessed by throttling is not,
 * and is read on its own by whoever needs it.
 */
export async function readCalendarBusySets(ownerIds: readonly string[]): Promise<Map<string, CalendarBusySet | undefined>> {
  const sets = new Map<string, CalendarBusySet | undefined>();
  for (let i = 0; i < ownerIds.length; i += 100) {
    const chunk = ownerIds.slice(i, i + 100);
    const table = tableNames.schedules;
    const { Responses, UnprocessedKeys } = await db().send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: chunk.map(calendarBusyKey), ConsistentRead: true } } }),
    );
    const unprocessed = new Set((UnprocessedKeys?.[table]?.Keys ?? []).map((key) => String(key.pk)));
    const found = new Map((Responses?.[table] ?? []).map((item) => [String(item.ownerId), calendarBusyFromItem(item)]));
    for (const ownerId of chunk) if (!unprocessed.has(calendarBusyKey(ownerId).pk)) sets.set(ownerId, found.get(ownerId));
  }
  return sets;
}

export async function deleteCalendarBusy(ownerId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableNames.schedules, Key: calendarBusyKey(ownerId) }));
}

/**
 * Replaces the busy set and applies the user's sync update and the calendar presence in one transaction:
 * all or nothing. The put is conditional on the version read before (`undefined`: no set yet), the user
 * update on its own condition (the poller's lease). False when either condition failed.
 */
export async function saveCalendarBusy(
  ownerId: string,
  set: CalendarBusySet,
  expectedVersion: number | undefined,
  userUpdate: TransactUpdate,
  presence: TransactItem,
): Promise<boolean> {
  if (set.intervals.length > MAX_STORED_BUSY_INTERVALS) {
    throw new RangeError(`A busy set holds at most ${MAX_STORED_BUSY_INTERVALS} intervals, got ${set.intervals.length}`);
  }
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableNames.schedules,
              Item: calendarBusyItem(ownerId, set),
              ...(expectedVersion === undefined
                ? { ConditionExpression: "attribute_not_exists(pk)" }
                : { ConditionExpression: "version = :expected", ExpressionAttributeValues: { ":expected": expectedVersion } }),
            },
          },
          { Update: userUpdate },
          presence,
        ],
      }),
    );
    return true;
  } catch (error) {
    return conditionFailed(error);
  }
}

/** A sync that stores no new set (a 304): the user's update and the calendar presence, both or neither. */
export async function saveSyncWithoutSet(userUpdate: TransactUpdate, presence: TransactItem): Promise<boolean> {
  try {
    await db().send(new TransactWriteCommand({ TransactItems: [{ Update: userUpdate }, presence] }));
    return true;
  } catch (error) {
    return conditionFailed(error);
  }
}

function conditionFailed(error: unknown): false {
  if (error instanceof TransactionCanceledException) {
    const reasons = error.CancellationReasons ?? [];
    if (reasons.some((reason) => reason.Code === "ConditionalCheckFailed")) return false;
  }
  throw error;
}

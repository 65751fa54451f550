import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { settings, tableNames } from "../config/env.js";
import { isoUtc } from "../time/iso.js";
import { db } from "./client.js";
import { conditional, conditionFailed } from "./conditional.js";
import { calendarSyncShard, userKey } from "./keys.js";

export interface UserRecord {
  id: string;
  name: string;
  timezone: string;
  calendarUrl: string | null;
  apiKeyHash: string;
  createdAt: string;
  updatedAt: string;
  /** The poller's state for the user's feed; null when the user has no calendar URL. */
  calendarSync: CalendarSyncState | null;
}

/** What the poller needs of a user to sync its feed (what the due-user index lists, and a worker is sent). */
export type FeedUser = Pick<UserRecord, "id" | "timezone" | "calendarUrl" | "calendarSync">;

export interface FeedError {
  code: string;
  message: string;
  /** Epoch ms. */
  at: number;
}

/** Epoch ms throughout. */
interface CalendarSyncState {
  /** When the poller takes the feed next (while a poll holds it: when its lease runs out). */
  nextSyncAt: number;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  /** The latest failure, kept after later successes (compare `at` with lastSuccessAt). */
  lastError: FeedError | null;
  consecutiveFailures: number;
  feedEtag: string | null;
  feedLastModified: string | null;
  /** Merged busy intervals stored by the latest successful sync. */
  busyIntervalCount: number | null;
}

export class UserExistsError extends Error {}

/** Feed state that belongs to one calendar URL: removed whenever the URL (or the zone it is read in) changes. */
const FEED_STATE = ["syncLease", "feedEtag", "feedLastModified", "lastError", "consecutiveFailures", "lastAttemptAt", "lastSuccessAt", "busyIntervalCount"];

const numberOrNull = (value: unknown): number | null => (typeof value === "number" ? value : null);
const stringOrNull = (value: unknown): string | null => (typeof value === "string" ? value : null);

function syncStateFromItem(item: Record<string, unknown>): CalendarSyncState | null {
  if (typeof item.calendarUrl !== "string") return null;
  const error = item.lastError as FeedError | undefined;
  return {
    nextSyncAt: numberOrNull(item.nextSyncAt) ?? 0,
    lastAttemptAt: numberOrNull(item.lastAttemptAt),
    lastSuccessAt: numberOrNull(item.lastSuccessAt),
    lastError: error ? { code: error.code, message: error.message, at: error.at } : null,
    consecutiveFailures: numberOrNull(item.consecutiveFailures) ?? 0,
    feedEtag: stringOrNull(item.feedEtag),
    feedLastModified: stringOrNull(item.feedLastModified),
    busyIntervalCount: numberOrNull(item.busyIntervalCount),
  };
}

function fromItem(item: Record<string, unknown>): UserRecord {
  return {
    id: item.id as string,
    name: item.name as string,
    timezone: item.timezone as string,
    calendarUrl: (item.calendarUrl as string | undefined) ?? null,
    apiKeyHash: item.apiKeyHash as string,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    calendarSync: syncStateFromItem(item),
  };
}

/** A new user's feed state: due at once. */
export function initialCalendarSync(now: number): CalendarSyncState {
  return {
    nextSyncAt: now,
    lastAttemptAt: null,
    lastSuccessAt: null,
    lastError: null,
    consecutiveFailures: 0,
    feedEtag: null,
    feedLastModified: null,
    busyIntervalCount: null,
  };
}

/** Creates the user; throws UserExistsError when the id is taken (the database decides, not a prior read). */
export async function insertUser(user: UserRecord): Promise<void> {
  const { calendarSync, ...fields } = user;
  try {
    await db().send(
      new PutCommand({
        TableName: tableNames.users,
        Item: {
          ...userKey(user.id),
          ...fields,
          calendarUrl: user.calendarUrl ?? undefined,
          // Only users with a feed carry the index keys: the poller's index stays sparse.
          ...(user.calendarUrl && calendarSync
            ? { calSyncShard: calendarSyncShard(user.id, settings.calendarSync.shards), nextSyncAt: calendarSync.nextSyncAt }
            : {}),
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  } catch (error) {
    if (conditionFailed(error)) throw new UserExistsError(user.id);
    throw error;
  }
}

export async function findUser(userId: string): Promise<UserRecord | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableNames.users, Key: userKey(userId), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
}

export interface UserChanges {
  name?: string;
  timezone?: string;
  /** null removes the calendar URL. */
  calendarUrl?: string | null;
  apiKeyHash?: string;
}

/**
 * Applies the changes to an existing user and returns it; undefined when the user does not exist.
 * Setting a calendar URL (even the same one) makes the feed due at `now` with fresh feed state;
 * removing it takes the user out of the poller's index.
 */
export async function updateUserRecord(userId: string, changes: UserChanges, now: number): Promise<UserRecord | undefined> {
  const sets: string[] = ["#updatedAt = :updatedAt"];
  const removes: string[] = [];
  const names: Record<string, string> = { "#updatedAt": "updatedAt" };
  const values: Record<string, unknown> = { ":updatedAt": isoUtc(now) };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    if (value === null) {
      removes.push(`#${field}`);
    } else {
      sets.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  if (changes.calendarUrl !== undefined) {
    removes.push(...FEED_STATE);
    if (changes.calendarUrl === null) {
      removes.push("calSyncShard", "nextSyncAt");
    } else {
      sets.push("calSyncShard = :shard", "nextSyncAt = :now");
      values[":shard"] = calendarSyncShard(userId, settings.calendarSync.shards);
      values[":now"] = now;
    }
  }
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableNames.users,
        Key: userKey(userId),
        UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: "ALL_NEW",
      }),
    );
    return Attributes ? fromItem(Attributes) : undefined;
  } catch (error) {
    if (conditionFailed(error)) return undefined;
    throw error;
  }
}

/** For readers that fetch the user item together with others (one BatchGetItem). */
export const userFromItem = fromItem;

// --- the calendar poller's access to users (index byCalendarSync: calSyncShard, nextSyncAt)

interface DueUsersPage {
  users: UserRecord[];
  /** Where the next page starts; undefined when the shard has no more due users. */
  nextKey: Record<string, unknown> | undefined;
}

/** Users of one shard whose feed is due at `now`, most overdue first (one Query on the sparse index). */
export async function queryDueUsers(shard: string, now: number, limit: number, startKey?: Record<string, unknown>): Promise<DueUsersPage> {
  const { Items = [], LastEvaluatedKey } = await db().send(
    new QueryCommand({
      TableName: tableNames.users,
      IndexName: "byCalendarSync",
      KeyConditionExpression: "calSyncShard = :shard AND nextSyncAt <= :now",
      ExpressionAttributeValues: { ":shard": shard, ":now": now },
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return { users: Items.map(fromItem), nextKey: LastEvaluatedKey };
}

/**
 * Takes the user's feed for one sync: moves nextSyncAt to the lease end (so another run skips it, and a
 * crashed run's user comes back by itself) and records the attempt. The index is eventually consistent,
 * so the claim is conditional on what the index showed; undefined means someone else changed the user.
 * The claim also moves the user to its shard under the current shard count (`shards`), so a changed
 * count spreads every user anew within one refresh, without a backfill.
 */
export async function claimCalendarSync(
  user: FeedUser,
  lease: { token: string; until: number },
  now: number,
  shards: number,
): Promise<UserRecord | undefined> {
  if (!user.calendarUrl || !user.calendarSync) return undefined;
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableNames.users,
        Key: userKey(user.id),
        UpdateExpression: "SET nextSyncAt = :until, syncLease = :token, lastAttemptAt = :now, calSyncShard = :shard",
        ConditionExpression: "nextSyncAt = :seen AND calendarUrl = :url",
        ExpressionAttributeValues: {
          ":until": lease.until,
          ":token": lease.token,
          ":now": now,
          ":seen": user.calendarSync.nextSyncAt,
          ":url": user.calendarUrl,
          ":shard": calendarSyncShard(user.id, shards),
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return Attributes ? fromItem(Attributes) : undefined;
  } catch (error) {
    if (conditionFailed(error)) return undefined;
    throw error;
  }
}

interface SyncSuccess {
  now: number;
  nextSyncAt: number;
  /** undefined keeps what is stored (a 304). */
  feedEtag?: string | null;
  feedLastModified?: string | null;
  busyIntervalCount?: number;
}

/**
 * The user half of a successful sync, as an update conditional on the lease: a URL change, a removal or a
 * zone change in the meantime removes the lease, and then this sync's result is dropped.
 */
export function syncSuccessUpdate(userId: string, leaseToken: string, success: SyncSuccess) {
  const sets = ["nextSyncAt = :next", "lastSuccessAt = :now", "consecutiveFailures = :zero"];
  const removes = ["syncLease"];
  const values: Record<string, unknown> = { ":next": success.nextSyncAt, ":now": success.now, ":zero": 0, ":token": leaseToken };
  const optional: Array<[string, string | number | null | undefined]> = [
    ["feedEtag", success.feedEtag],
    ["feedLastModified", success.feedLastModified],
    ["busyIntervalCount", success.busyIntervalCount],
  ];
  for (const [field, value] of optional) {
    if (value === undefined) continue;
    if (value === null) removes.push(field);
    else {
      sets.push(`${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  return {
    TableName: tableNames.users,
    Key: userKey(userId),
    UpdateExpression: `SET ${sets.join(", ")} REMOVE ${removes.join(", ")}`,
    ConditionExpression: "syncLease = :token",
    ExpressionAttributeValues: values,
  };
}

/**
 * Records a successful sync that changed nothing stored but the user's own state (syncSuccessUpdate,
 * conditional on the lease); false when the lease was lost.
 */
export async function recordSyncSuccess(update: ReturnType<typeof syncSuccessUpdate>): Promise<boolean> {
  return conditional(db().send(new UpdateCommand(update)));
}

/** Records a failed sync and when to retry; false when the lease was lost. */
export async function recordSyncFailure(
  userId: string,
  leaseToken: string,
  failure: { error: FeedError; consecutiveFailures: number; nextSyncAt: number },
): Promise<boolean> {
  return conditional(
    db().send(
      new UpdateCommand({
        TableName: tableNames.users,
        Key: userKey(userId),
        UpdateExpression: "SET nextSyncAt = :next, lastError = :error, consecutiveFailures = :failures REMOVE syncLease",
        ConditionExpression: "syncLease = :token",
        ExpressionAttributeValues: {
          ":next": failure.nextSyncAt,
          ":error": failure.error,
          ":failures": failure.consecutiveFailures,
          ":token": leaseToken,
        },
      }),
    ),
  );
}

/**
 * Makes the feed due at `now` and forgets its validators, so the next poll reads it in full (after a zone
 * change, all-day and floating events move). Cancels a poll in flight. No-op for a user without a feed.
 */
export async function requestCalendarResync(userId: string, now: number): Promise<void> {
  await conditional(
    db().send(
      new UpdateCommand({
        TableName: tableNames.users,
        Key: userKey(userId),
        UpdateExpression: "SET nextSyncAt = :now REMOVE syncLease, feedEtag, feedLastModified",
        ConditionExpression: "attribute_exists(calSyncShard)",
        ExpressionAttributeValues: { ":now": now },
      }),
    ),
  );
}

/**
 * The finder's memory of shard counts: the highest count users may still be spread over (one item in the
 * users table, `POLLER#SYNC_SHARDS`), so that lowering CALENDAR_SYNC_SHARDS never strands the users
 * written into the shards above it. Never scanned; one GetItem a run.
 */
import { GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { tableNames } from "../config/env.js";
import { db } from "./client.js";
import { conditional } from "./conditional.js";
import { syncShardsStateKey } from "./keys.js";

export interface SyncShardsState {
  /** Users may be in shards 0 … highest − 1. */
  highest: number;
  /** Epoch ms since when the shards at and above the current count were seen empty; null when not. */
  emptySince: number | null;
}

export async function readSyncShardsState(): Promise<SyncShardsState | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableNames.users, Key: syncShardsStateKey, ConsistentRead: true }));
  if (!Item || typeof Item.highest !== "number") return undefined;
  return { highest: Item.highest, emptySince: typeof Item.emptySince === "number" ? Item.emptySince : null };
}

/** Raises `highest` to `count` (never lowers it); a no-op when it is already as high. */
export async function raiseSyncShards(count: number): Promise<void> {
  await conditional(
    db().send(
      new UpdateCommand({
        TableName: tableNames.users,
        Key: syncShardsStateKey,
        UpdateExpression: "SET highest = :count REMOVE emptySince",
        ConditionExpression: "attribute_not_exists(highest) OR highest < :count",
        ExpressionAttributeValues: { ":count": count },
      }),
    ),
  );
}

/**
 * Records what the finder saw of the shards at and above `count`: empty since `emptySince` (null: not
 * empty), or, with `lowerTo`, lowers `highest` to it. Conditional on the `highest` the finder read, so a
 * concurrent raise is never undone.
 */
export async function updateSyncShards(seenHighest: number, change: { emptySince: number | null } | { lowerTo: number }): Promise<boolean> {
  const update =
    "lowerTo" in change
      ? { UpdateExpression: "SET highest = :lower REMOVE emptySince", ExpressionAttributeValues: { ":seen": seenHighest, ":lower": change.lowerTo } }
      : change.emptySince === null
        ? { UpdateExpression: "REMOVE emptySince", ExpressionAttributeValues: { ":seen": seenHighest } }
        : { UpdateExpression: "SET emptySince = :since", ExpressionAttributeValues: { ":seen": seenHighest, ":since": change.emptySince } };
  return conditional(
    db().send(new UpdateCommand({ TableName: tableNames.users, Key: syncShardsStateKey, ConditionExpression: "highest = :seen", ...update })),
  );
}

/** Whether any user (due or not) is in the shard: one Query of at most one item on the sparse index. */
export async function shardHasUsers(shard: string): Promise<boolean> {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: tableNames.users,
      IndexName: "byCalendarSync",
      KeyConditionExpression: "calSyncShard = :shard",
      ExpressionAttributeValues: { ":shard": shard },
      Limit: 1,
    }),
  );
  return Items.length > 0;
}

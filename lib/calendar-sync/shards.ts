/**
 * Which shards of the due-user index a finder run reads. New writes spread users over the current count
 * (CALENDAR_SYNC_SHARDS); every claim moves a user to its shard under that count. Raising the count needs
 * nothing more. After a lowering, users written earlier into the shards above the new count are still
 * read, until those shards have been empty for `RETIRE_AFTER_MS` (every user there has been claimed once,
 * and moved, and no writer still running with the old count has put one back); only then are they dropped.
 */
import { calendarSyncShards } from "../data/keys.js";
import { raiseSyncShards, readSyncShardsState, shardHasUsers, updateSyncShards } from "../data/sync-shards-repo.js";

/** How long the shards above the count must stay empty before the finder stops reading them. */
export const RETIRE_AFTER_MS = 60 * 60_000;

export interface ShardPlan {
  /** The shards to read this run. */
  shards: string[];
  /** The highest count users may still be spread over (the finder's record). */
  highest: number;
  emptySince: number | null;
}

/** The shards to read at `now` with the current `count`: 0 … max(count, recorded highest) − 1. */
export async function shardsToRead(count: number): Promise<ShardPlan> {
  const state = await readSyncShardsState();
  if (!state || state.highest < count) {
    await raiseSyncShards(count);
    return { shards: calendarSyncShards(count), highest: count, emptySince: null };
  }
  return { shards: calendarSyncShards(state.highest), highest: state.highest, emptySince: state.emptySince };
}

/**
 * After a run, when shards above `count` are still read: record whether they are empty, and retire them
 * once they have been empty for RETIRE_AFTER_MS. Returns the shard count read from the next run on.
 */
export async function retireEmptyShards(plan: ShardPlan, count: number, now: number): Promise<number> {
  if (plan.highest <= count) return plan.highest;
  const above = calendarSyncShards(plan.highest).slice(count);
  const occupied = (await Promise.all(above.map(shardHasUsers))).some(Boolean);
  if (occupied) {
    if (plan.emptySince !== null) await updateSyncShards(plan.highest, { emptySince: null });
    return plan.highest;
  }
  if (plan.emptySince === null) {
    await updateSyncShards(plan.highest, { emptySince: now });
    return plan.highest;
  }
  if (now - plan.emptySince < RETIRE_AFTER_MS) return plan.highest;
  return (await updateSyncShards(plan.highest, { lowerTo: count })) ? count : plan.highest;
}

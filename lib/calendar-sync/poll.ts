/**
 * Syncing feeds in one process, `concurrency` at a time, until none is left or the time budget is spent:
 * `syncBatch` for the users a worker invocation was sent (lib/calendar-sync/dispatch.ts), and
 * `pollCalendarFeeds` for the due users of the index, most overdue first, read in this process (the
 * finder and a worker in one: the tests, and one-off runs). Users not reached stay due and are the most
 * overdue of the next run.
 */
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { readCalendarBusySets } from "../data/calendar-repo.js";
import type { FeedUser } from "../data/users-repo.js";
import { logger } from "../observability/logger.js";
import { DueUsers } from "./due-users.js";
import type { PollOptions } from "./options.js";
import { syncUser, type SyncOutcome, type UserSyncResult } from "./sync-feed.js";

export interface PollReport {
  now: number;
  /** Users synced (every outcome). */
  processed: number;
  outcomes: Record<SyncOutcome | "errored", number>;
  /** Why the run stopped taking users. */
  stoppedBy: "no_more_due" | "budget" | "max_users";
  /** Query pages read from the due-user index. */
  indexPages: number;
  elapsedMs: number;
  /** Per user, in the order they finished, with the run's elapsed time when each finished. */
  results: Array<(UserSyncResult | { userId: string; outcome: "errored"; message: string }) & { finishedAtMs: number }>;
}

/** The due users of the index (options.shards), synced in this process: at most `maxUsers` of them. */
export async function pollCalendarFeeds(options: PollOptions): Promise<PollReport> {
  const due = new DueUsers(options.now, options.maxUsers, options.pageSize, options.shards);
  const report = await syncUsers(() => due.next(), options, () => due.shareTaken);
  return { ...report, indexPages: due.pagesRead };
}

/**
 * The users a worker was sent, synced in this process (each claimed first: one taken meanwhile is
 * skipped). Their stored busy sets are read ahead in one BatchGetItem per 100 users.
 */
export async function syncBatch(users: readonly FeedUser[], options: PollOptions): Promise<PollReport> {
  const pending = [...users];
  const storedSets = await readCalendarBusySets(users.map((user) => user.id));
  return syncUsers(async () => pending.shift(), { ...options, storedSets }, () => false);
}

async function syncUsers(next: () => Promise<FeedUser | undefined>, options: PollOptions, shareTaken: () => boolean): Promise<PollReport> {
  const results: PollReport["results"] = [];
  let stoppedBy: PollReport["stoppedBy"] = "no_more_due";

  const worker = async () => {
    for (;;) {
      if (options.elapsed() >= options.budgetMs) {
        stoppedBy = "budget";
        return;
      }
      const user = await next();
      if (!user) {
        if (shareTaken() && stoppedBy === "no_more_due") stoppedBy = "max_users";
        return;
      }
      try {
        results.push({ ...(await syncUser(user, options)), finishedAtMs: options.elapsed() });
      } catch (error) {
        // Only the database failing lands here (a bad feed is an outcome); the user comes back after its lease.
        logger.error("calendar sync failed", { userId: user.id, error: error as Error });
        results.push({ userId: user.id, outcome: "errored", message: (error as Error)?.message ?? String(error), finishedAtMs: options.elapsed() });
      }
      // Let the I/O that arrived while this feed was being read (other feeds' answers) run before the next.
      await yieldToLoop();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));

  const outcomes: PollReport["outcomes"] = { updated: 0, unchanged: 0, not_modified: 0, failed: 0, skipped: 0, errored: 0 };
  for (const result of results) outcomes[result.outcome]++;
  return { now: options.now, processed: results.length, outcomes, stoppedBy, indexPages: 0, elapsedMs: options.elapsed(), results };
}

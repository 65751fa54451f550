/**
 * One poll run: the due users, most overdue first, synced by `concurrency` workers until none is left,
 * the run's share (`maxUsers`) is taken, or the time budget is spent. Users not reached stay due and
 * are the most overdue of the next run, so a large user base spreads over runs instead of overrunning one.
 */
import { setImmediate as yieldToLoop } from "node:timers/promises";
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

export async function pollCalendarFeeds(options: PollOptions): Promise<PollReport> {
  const due = new DueUsers(options.now, options.maxUsers, options.pageSize);
  const results: PollReport["results"] = [];
  let stoppedBy: PollReport["stoppedBy"] = "no_more_due";

  const worker = async () => {
    for (;;) {
      if (options.elapsed() >= options.budgetMs) {
        stoppedBy = "budget";
        return;
      }
      const user = await due.next();
      if (!user) {
        if (due.shareTaken && stoppedBy === "no_more_due") stoppedBy = "max_users";
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
  return { now: options.now, processed: results.length, outcomes, stoppedBy, indexPages: due.pagesRead, elapsedMs: options.elapsed(), results };
}

/**
 * The finder: one scheduled run reads the users due now from the sparse index, most overdue first across
 * its shards, and hands them to worker invocations in batches (`send`: an asynchronous Lambda invoke, see
 * invoke-worker.ts). It reads and sends, nothing more: each worker claims its users, reads their feeds
 * with its own concurrency and memory bounds, and records the outcomes. A batch that cannot be sent leaves
 * its users due; a batch sent twice (the next run found users not yet claimed) only costs the second
 * worker a failed conditional claim per user.
 */
import { logger } from "../observability/logger.js";
import { DueUsers } from "./due-users.js";
import { batchPayloads, syncBatchOf } from "./sync-batch.js";
import type { FeedUser } from "../data/users-repo.js";

export interface DispatchOptions {
  now: number;
  /** The shards of the index to read. */
  shards: string[];
  /** Users handed out by one run at most. */
  maxUsers: number;
  /** Users per worker invocation. */
  batchSize: number;
  /** Invocations being sent at once. */
  sendConcurrency: number;
  /** Due users read per Query page. */
  pageSize: number;
  /** No batch is started once `elapsed()` reaches this. */
  budgetMs: number;
  elapsed: () => number;
}

export interface DispatchReport {
  now: number;
  /** Users in the batches sent. */
  dispatched: number;
  batches: number;
  /** Batches whose invocation failed (their users stay due), and the users in them. */
  failedBatches: number;
  undispatched: number;
  stoppedBy: "no_more_due" | "budget" | "max_users";
  indexPages: number;
  elapsedMs: number;
}

/** Sends one batch (a JSON payload) to a worker; throws when it was not accepted. */
export type SendBatch = (payload: string) => Promise<void>;

export async function dispatchDueUsers(options: DispatchOptions, send: SendBatch): Promise<DispatchReport> {
  const due = new DueUsers(options.now, options.maxUsers, options.pageSize, options.shards);
  const report: DispatchReport = {
    now: options.now,
    dispatched: 0,
    batches: 0,
    failedBatches: 0,
    undispatched: 0,
    stoppedBy: "no_more_due",
    indexPages: 0,
    elapsedMs: 0,
  };

  // Batches are cut one at a time, so concurrent senders never interleave their users.
  let cutting: Promise<unknown> = Promise.resolve();
  const nextBatch = (): Promise<FeedUser[]> => {
    const batch = cutting.then(async () => {
      const users: FeedUser[] = [];
      while (users.length < options.batchSize) {
        const user = await due.next();
        if (!user) break;
        users.push(user);
      }
      return users;
    });
    cutting = batch.catch(() => undefined);
    return batch;
  };

  const sender = async () => {
    for (;;) {
      if (options.elapsed() >= options.budgetMs) {
        report.stoppedBy = "budget";
        return;
      }
      const users = await nextBatch();
      if (users.length === 0) return;
      for (const { payload, users: count } of batchPayloads(syncBatchOf(users))) {
        try {
          await send(payload);
          report.batches++;
          report.dispatched += count;
        } catch (error) {
          report.failedBatches++;
          report.undispatched += count;
          logger.error("calendar sync batch not sent; its users stay due", { users: count, error: error as Error });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.sendConcurrency) }, sender));

  if (report.stoppedBy === "no_more_due" && due.shareTaken) report.stoppedBy = "max_users";
  report.indexPages = due.pagesRead;
  report.elapsedMs = options.elapsed();
  return report;
}

/**
 * What the finder sends a worker invocation: the users to sync, as the due-user index listed them. The
 * worker claims each user conditionally on exactly what is listed here (`nextSyncAt`, `calendarUrl`), so
 * a stale, repeated or forged batch can only lead to skipped users, never to a sync the index did not ask
 * for. Asynchronous invocations carry at most 256 KB; batches are cut to stay well under it.
 */
import { z } from "zod";
import type { FeedUser } from "../data/users-repo.js";
import { userIdSchema } from "../users/user-id.js";

const epochMs = z.number().int().nonnegative();
const nullableEpochMs = epochMs.nullable();

const feedUserSchema = z.object({
  id: userIdSchema,
  timezone: z.string().min(1).max(64),
  calendarUrl: z.string().min(1).max(2048),
  calendarSync: z.object({
    nextSyncAt: epochMs,
    lastAttemptAt: nullableEpochMs,
    lastSuccessAt: nullableEpochMs,
    lastError: z.object({ code: z.string().max(64), message: z.string().max(1000), at: epochMs }).nullable(),
    consecutiveFailures: z.number().int().nonnegative(),
    feedEtag: z.string().max(1024).nullable(),
    feedLastModified: z.string().max(256).nullable(),
    busyIntervalCount: z.number().int().nonnegative().nullable(),
  }),
});

export const syncBatchSchema = z.object({ users: z.array(feedUserSchema).min(1).max(500) });
export type SyncBatch = z.infer<typeof syncBatchSchema>;

/** Under the 256 KB of an asynchronous invocation, with room to spare. */
export const MAX_BATCH_BYTES = 200 * 1024;

/** The batch of these users, as sent; users without a feed are left out. */
export function syncBatchOf(users: readonly FeedUser[]): SyncBatch {
  return {
    users: users.flatMap((user) =>
      user.calendarUrl && user.calendarSync ? [{ id: user.id, timezone: user.timezone, calendarUrl: user.calendarUrl, calendarSync: user.calendarSync }] : [],
    ),
  };
}

/** The batch as JSON payloads of at most `maxBytes` each (halved until they fit; one user always fits). */
export function batchPayloads(batch: SyncBatch, maxBytes = MAX_BATCH_BYTES): Array<{ payload: string; users: number }> {
  const payload = JSON.stringify(batch);
  if (Buffer.byteLength(payload) <= maxBytes || batch.users.length <= 1) return [{ payload, users: batch.users.length }];
  const half = Math.ceil(batch.users.length / 2);
  return [...batchPayloads({ users: batch.users.slice(0, half) }, maxBytes), ...batchPayloads({ users: batch.users.slice(half) }, maxBytes)];
}

/**
 * What the finder sends a worker invocation: the users to sync, as the due-user index listed them. The
 * worker claims each user conditionally on exactly what is listed here (`nextSyncAt`, `calendarUrl`), so
 * a stale, repeated or forged batch can only lead to skipped users, never to a sync the index did not ask
 * for. Asynchronous invocations carry at most 256 KB; batches are cut to stay well under it.
 */
// zod's tree-shakable build: the worker bundle carries the calendar reader and stays small.
import * as z from "zod/mini";
import type { FeedUser } from "../data/users-repo.js";

const count = z.number().check(z.int(), z.nonnegative());
const epochMs = count;
const text = (max: number) => z.string().check(z.maxLength(max));

const feedUserSchema = z.object({
  // Only ever a key: a claim needs the user's item to exist with this nextSyncAt and calendarUrl.
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  timezone: z.string().check(z.minLength(1), z.maxLength(64)),
  calendarUrl: z.string().check(z.minLength(1), z.maxLength(2048)),
  calendarSync: z.object({
    nextSyncAt: epochMs,
    lastAttemptAt: z.nullable(epochMs),
    lastSuccessAt: z.nullable(epochMs),
    lastError: z.nullable(z.object({ code: text(64), message: text(1000), at: epochMs })),
    consecutiveFailures: count,
    feedEtag: z.nullable(text(1024)),
    feedLastModified: z.nullable(text(256)),
    busyIntervalCount: z.nullable(count),
  }),
});

export const syncBatchSchema = z.object({ users: z.array(feedUserSchema).check(z.minLength(1), z.maxLength(500)) });
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

/**
 * One feed, one sync: claim the user, read the feed (conditionally when the stored set can be reused),
 * store the busy set and the calendar presence, and record the outcome on the user. Every failure of
 * the feed itself is recorded on the user and retried with backoff; nothing here throws for a bad feed.
 */
import { randomUUID } from "node:crypto";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { busyIntervalsFromIcs, CalendarParseError, type BusyInterval } from "../calendar/ics.js";
import { fetchFeed } from "../calendar/fetch-feed.js";
import { MAX_STORED_BUSY_INTERVALS, readCalendarBusy, saveCalendarBusy, saveSyncWithoutSet, type CalendarBusySet } from "../data/calendar-repo.js";
import { statusEntryWrite } from "../data/status-repo.js";
import {
  claimCalendarSync,
  recordSyncFailure,
  recordSyncSuccess,
  syncSuccessUpdate,
  type FeedError,
  type FeedUser,
  type UserRecord,
} from "../data/users-repo.js";
import type { Interval } from "../engine/types.js";
import { logger } from "../observability/logger.js";
import { metrics, MetricUnit } from "../observability/metrics.js";
import { mergeBusy, nextVersion, presenceBlock, type MergedBusy } from "./busy-set.js";
import { countEvents, splitFeed } from "./feed-work.js";
import { backoffMs, FULL_READ_EVERY_MS, UNCHANGED_SET_REWRITE_MS, type PollOptions } from "./options.js";

export type SyncOutcome =
  /** Read in full; the stored set changed (or was created). */
  | "updated"
  /** Read in full; the same busy time as stored. */
  | "unchanged"
  /** 304: the stored set was reused. */
  | "not_modified"
  /** Recorded as a failure; retried with backoff. */
  | "failed"
  /** Another writer got there first (another run, or the user changed the URL); nothing recorded. */
  | "skipped";

export interface UserSyncResult {
  userId: string;
  outcome: SyncOutcome;
  error?: FeedError;
  busyIntervals?: number;
}

const MESSAGE_LIMIT = 300;

class FeedFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** For the server's log only. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** Syncs one user the due-user index listed. */
export async function syncUser(listed: FeedUser, options: PollOptions): Promise<UserSyncResult> {
  const { now } = options;
  const token = randomUUID();
  const user = await claimCalendarSync(listed, { token, until: now + options.leaseMs }, now, options.shardCount);
  if (!user?.calendarUrl || !user.calendarSync) return { userId: listed.id, outcome: "skipped" };

  try {
    return await readAndStore(user, token, options);
  } catch (error) {
    if (!(error instanceof FeedFailure)) logger.error("calendar sync error", { userId: user.id, error: error as Error });
    // The user sees lastError: a feed's own failure says what went wrong, an internal one says nothing inside.
    const failure = error instanceof FeedFailure ? error : new FeedFailure("internal_error", "The feed could not be synced because of an internal error; it will be retried");
    const feedError: FeedError = { code: failure.code, message: failure.message.slice(0, MESSAGE_LIMIT), at: now };
    const failures = user.calendarSync.consecutiveFailures + 1;
    const recorded = await recordSyncFailure(user.id, token, {
      error: feedError,
      consecutiveFailures: failures,
      nextSyncAt: now + backoffMs(failures, options.maxBackoffMs),
    });
    logger.info("calendar feed failed", { userId: user.id, code: feedError.code, consecutiveFailures: failures, ...(failure.detail ? { detail: failure.detail } : {}) });
    return recorded ? { userId: user.id, outcome: "failed", error: feedError } : { userId: user.id, outcome: "skipped" };
  }
}

async function readAndStore(user: UserRecord, token: string, options: PollOptions): Promise<UserSyncResult> {
  const { now } = options;
  // The worker read every set of its batch at once; a user it did not cover is read here.
  const stored = options.storedSets?.has(user.id) ? options.storedSets.get(user.id) : await readCalendarBusy(user.id);
  const read = await readFeed(user, stored, options);

  if (read.status === "not_modified") {
    const intervals = stored?.intervals ?? [];
    const block = presenceBlock(intervals, now);
    const success = syncSuccessUpdate(user.id, token, { now, nextSyncAt: nextSync(options, block) });
    // The presence entry only when it changes; otherwise the user's state is the one write.
    const recorded = samePresenceAsStored(user, stored, block)
      ? await recordSyncSuccess(success)
      : await saveSyncWithoutSet(success, presenceWrite(user.id, block));
    if (!recorded) return { userId: user.id, outcome: "skipped" };
    return { userId: user.id, outcome: "not_modified", busyIntervals: intervals.length };
  }

  const { merged } = read;
  const version = nextVersion(stored, merged.intervals, now);
  const block = presenceBlock(merged.intervals, now);
  const success = { now, nextSyncAt: nextSync(options, block), feedEtag: read.etag ?? null, feedLastModified: read.lastModified ?? null };
  if (stored && version === stored.version && now - stored.syncedAt < UNCHANGED_SET_REWRITE_MS && samePresenceAsStored(user, stored, block)) {
    // The same busy time and presence as stored: the user's state is the one write (an hour at most).
    const recorded = await recordSyncSuccess(syncSuccessUpdate(user.id, token, success));
    if (!recorded) return { userId: user.id, outcome: "skipped" };
    return { userId: user.id, outcome: "unchanged", busyIntervals: merged.intervals.length };
  }

  const set: CalendarBusySet = { version, intervals: merged.intervals, syncedAt: now, from: now, to: merged.to };
  // The set, the user's state and the calendar presence in one transaction: a user who changed the feed
  // meanwhile (the lease is gone) or another writer of the set (the version moved) makes it write nothing.
  const saved = await saveCalendarBusy(
    user.id,
    set,
    stored?.version,
    syncSuccessUpdate(user.id, token, { ...success, busyIntervalCount: set.intervals.length }),
    presenceWrite(user.id, block),
  );
  if (!saved) return { userId: user.id, outcome: "skipped" };
  return { userId: user.id, outcome: stored && version === stored.version ? "unchanged" : "updated", busyIntervals: set.intervals.length };
}

type FeedRead = { status: "not_modified" } | { status: "read"; merged: MergedBusy; etag?: string; lastModified?: string };

/**
 * Fetches the feed (conditionally when the stored set can be reused) and expands it. Its own function so
 * the feed's text is garbage as soon as it is expanded, not held while the results are written.
 */
async function readFeed(user: UserRecord, stored: CalendarBusySet | undefined, options: PollOptions): Promise<FeedRead> {
  // Validators only when a 304 would leave a usable set: one read in full within the last day.
  const revalidate = stored !== undefined && options.now - stored.syncedAt < FULL_READ_EVERY_MS;
  // A big body holds its share of the run's gate from the moment it grows big until it is expanded.
  let release: (() => void) | undefined;
  let finished = false;
  const admitBigBody = async () => {
    const granted = await options.bigFeedGate.acquire(options.maxFeedBytes);
    if (finished) granted(); // the fetch gave up (timed out) while waiting
    else release = granted;
  };
  try {
    return await fetchAndExpand(user, options, revalidate, admitBigBody);
  } finally {
    finished = true;
    release?.();
  }
}

async function fetchAndExpand(user: UserRecord, options: PollOptions, revalidate: boolean, admitBigBody: () => Promise<void>): Promise<FeedRead> {
  const sync = user.calendarSync!;
  const fetched = await fetchFeed(user.calendarUrl!, {
    allowLoopback: options.allowLoopback,
    timeoutMs: options.fetchTimeoutMs,
    // Time blocked by other feeds' parsing does not count against the timeout; the run's own end still does.
    wallLimitMs: options.budgetMs + options.fetchTimeoutMs - options.elapsed(),
    maxBytes: options.maxFeedBytes,
    ...(revalidate && sync.feedEtag ? { etag: sync.feedEtag } : {}),
    ...(revalidate && sync.feedLastModified ? { lastModified: sync.feedLastModified } : {}),
    admitBigBody,
    admitAfterBytes: options.bigFeedBytes,
  });
  if (fetched.status === "error") throw new FeedFailure(fetched.code, fetched.message, fetched.detail);
  if (fetched.status === "not_modified") return fetched;
  metrics.addMetric("FeedBytes", MetricUnit.Bytes, Buffer.byteLength(fetched.body));
  const merged = await expandFeed(fetched.body, user.timezone, options);
  return { status: "read", merged, ...(fetched.etag === undefined ? {} : { etag: fetched.etag }), ...(fetched.lastModified === undefined ? {} : { lastModified: fetched.lastModified }) };
}

/**
 * The feed's text to merged busy time, or a FeedFailure: cut short, too many events (counted before
 * anything is expanded), unreadable, or recurrence too dense to expand in full (a partial set would show
 * the user free when they are not).
 */
async function expandFeed(body: string, ownerZone: string, options: PollOptions): Promise<MergedBusy> {
  // The parser reads whatever it can; a feed cut short would silently empty the set, so refuse it.
  if (!/^END:VCALENDAR\s*$/im.test(body)) {
    throw new FeedFailure("parse_error", "The feed is incomplete: it has no END:VCALENDAR");
  }
  const events = countEvents(body);
  if (events > options.maxFeedEvents) {
    throw new FeedFailure(
      "too_many_events",
      `The feed has ${events} events; at most ${options.maxFeedEvents} are read. Its busy time was not updated (the last busy time read is kept); a feed with less history will be read`,
    );
  }
  const to = options.now + options.horizonMs;
  const instances: BusyInterval[] = [];
  // A big feed is read in pieces (each series whole), so its memory peak is a piece's, not the feed's.
  for (const piece of splitFeed(body, options.parseChunkBytes)) {
    // Whatever arrived meanwhile (other feeds' answers) runs first: expanding holds the thread.
    await yieldToLoop();
    let result;
    try {
      result = busyIntervalsFromIcs(piece, { ownerZone, from: options.now, to });
    } catch (error) {
      if (error instanceof CalendarParseError) throw new FeedFailure("parse_error", `The feed could not be read as iCalendar: ${error.message}`);
      throw error;
    }
    if (result.stats.truncated) {
      throw new FeedFailure(
        "feed_too_complex",
        "The feed's recurring events repeat too often to be expanded in full (a rule every second or minute, for one). Its busy time was not updated (the last busy time read is kept)",
      );
    }
    for (const interval of result.intervals) instances.push(interval);
  }
  return mergeBusy(instances, to, MAX_STORED_BUSY_INTERVALS);
}

/**
 * Whether the calendar presence entry stored is already `block`. Every successful sync leaves it as the
 * block of the stored set at that sync's time (written, or found the same and left), so the entry stored
 * is `presenceBlock(stored set, lastSuccessAt)`; no earlier success (or no set) means it must be written.
 */
function samePresenceAsStored(user: UserRecord, stored: CalendarBusySet | undefined, block: Interval | undefined): boolean {
  const lastSuccessAt = user.calendarSync?.lastSuccessAt;
  if (stored === undefined || lastSuccessAt === null || lastSuccessAt === undefined) return false;
  const before = presenceBlock(stored.intervals, lastSuccessAt);
  return before?.start === block?.start && before?.end === block?.end;
}

/** The calendar presence entry for the block running now or next (`busy` until it ends), or its removal. */
function presenceWrite(userId: string, block: Interval | undefined) {
  return statusEntryWrite(userId, "calendar", block && { status: "busy", startsAt: block.start, expiresAt: block.end });
}

/**
 * After a success: in one refresh interval, or when the block just written ends if that is sooner, so the
 * block after it is written before it starts (give or take one poll).
 */
function nextSync(options: PollOptions, block: Interval | undefined): number {
  const regular = options.now + options.refreshMs;
  return block && block.end < regular ? Math.max(block.end, options.now + 1) : regular;
}

import { settings } from "../config/env.js";
import type { CalendarBusySet } from "../data/calendar-repo.js";
import { calendarSyncShards } from "../data/keys.js";
import { ByteGate } from "./feed-work.js";

const MINUTE = 60_000;

/**
 * Events a feed may have; past it the feed is refused before it is expanded (`too_many_events`). 20,000
 * events is years of a busy calendar's history; 70,000 tiny events in 5 MB took 2 s of the thread to read
 * (and ~400 MB when read whole, before feeds were read in pieces).
 */
export const MAX_FEED_EVENTS = 20_000;
/**
 * A body past this size asks the run's gate before it is read further; it holds a size cap's worth of
 * the gate until it is expanded. Smaller bodies (nearly every feed) never wait.
 */
export const BIG_FEED_BYTES = 1024 * 1024;
/** A feed bigger than this is expanded in pieces of about this size (see splitFeed). */
export const PARSE_CHUNK_BYTES = 1024 * 1024;
/** Big bodies held at once in one run (downloading past BIG_FEED_BYTES, or being expanded). */
export const BIG_FEEDS_IN_FLIGHT = 2;

/** Everything one poll run needs to know; `now` is the run's clock reading, taken once by the caller. */
export interface PollOptions {
  now: number;
  /** A feed is read again this long after a success. */
  refreshMs: number;
  /** Busy time is kept for [now, now + horizonMs). */
  horizonMs: number;
  /** Feeds in flight at once. */
  concurrency: number;
  /** No feed is started once `elapsed()` reaches this. */
  budgetMs: number;
  /** Users taken by this run at most. */
  maxUsers: number;
  fetchTimeoutMs: number;
  maxFeedBytes: number;
  /** A feed with more VEVENTs is refused before it is expanded. */
  maxFeedEvents: number;
  /** The run's gate on big bodies held at once, weighted by bytes (each takes `maxFeedBytes`). */
  bigFeedGate: ByteGate;
  /** A body past this size waits for the gate. */
  bigFeedBytes: number;
  /** A feed is expanded in pieces of about this size. */
  parseChunkBytes: number;
  maxBackoffMs: number;
  allowLoopback: boolean;
  /** How long the run has been going, in ms (a monotonic clock; injectable for tests). */
  elapsed: () => number;
  /** How long a claimed feed stays away from other runs (longer than any run can last). */
  leaseMs: number;
  /** Due users read per Query page. */
  pageSize: number;
  /** The current shard count: a claim moves its user to its shard under this count. */
  shardCount: number;
  /** The shards of the due-user index to read (the current count's, and higher ones still occupied). */
  shards: string[];
  /** The stored busy sets read ahead for a batch (a user not in the map is read on its own). */
  storedSets?: Map<string, CalendarBusySet | undefined>;
}

/** The options of a run started at `now`, from the environment (see lib/calendar-sync/README.md). */
export function pollOptionsFromSettings(now: number, elapsed: () => number): PollOptions {
  const s = settings.calendarSync;
  return {
    now,
    refreshMs: s.refreshMinutes * MINUTE,
    horizonMs: s.horizonDays * 24 * 60 * MINUTE,
    concurrency: Math.max(1, Math.floor(s.concurrency)),
    budgetMs: s.budgetSeconds * 1000,
    maxUsers: Math.max(1, Math.floor(s.maxUsersPerRun)),
    fetchTimeoutMs: s.fetchTimeoutSeconds * 1000,
    maxFeedBytes: Math.floor(s.maxFeedBytes),
    maxFeedEvents: MAX_FEED_EVENTS,
    bigFeedGate: new ByteGate(BIG_FEEDS_IN_FLIGHT * Math.floor(s.maxFeedBytes)),
    bigFeedBytes: BIG_FEED_BYTES,
    parseChunkBytes: PARSE_CHUNK_BYTES,
    maxBackoffMs: s.maxBackoffMinutes * MINUTE,
    allowLoopback: settings.allowLoopbackFeeds,
    elapsed,
    leaseMs: Math.max(5 * MINUTE, 2 * s.fetchTimeoutSeconds * 1000 + MINUTE),
    pageSize: 100,
    shardCount: s.shards,
    shards: calendarSyncShards(s.shards),
  };
}

/** After the n-th failure in a row, retry in 1, 2, 4, 8 … minutes, never later than the cap. */
export function backoffMs(consecutiveFailures: number, maxBackoffMs: number): number {
  const exponent = Math.min(Math.max(consecutiveFailures, 1) - 1, 30);
  return Math.min(MINUTE * 2 ** exponent, maxBackoffMs);
}

/**
 * A 304 can only confirm the span that was read in full; once that read is older than this, the feed is
 * read in full again (no validators sent), so the horizon keeps moving forward.
 */
export const FULL_READ_EVERY_MS = 24 * 60 * MINUTE;

/**
 * A read that finds the same busy time and presence as stored writes only the user's state, until the
 * stored set is this old: then it is written again (ended intervals trimmed, `from`/`to`/`syncedAt` moved).
 */
export const UNCHANGED_SET_REWRITE_MS = 60 * MINUTE;

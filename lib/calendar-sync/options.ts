import { settings } from "../config/env.js";
import { ByteGate } from "./feed-work.js";

const MINUTE = 60_000;

/**
 * Events a feed may have; past it the feed is refused before it is expanded (`too_many_events`). Reading a
 * feed costs about 4 KB of memory per event for a moment (70,000 tiny events in 5 MB peaked at ~400 MB);
 * 20,000 events is years of a busy calendar's history, at ~130 MB.
 */
export const MAX_FEED_EVENTS = 20_000;
/** Feed text being expanded at once in one run (a bigger feed goes alone). */
export const MAX_PARSE_BYTES_IN_FLIGHT = 8 * 1024 * 1024;

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
  /** The run's gate on feed text being expanded, weighted by bytes. */
  parseGate: ByteGate;
  maxBackoffMs: number;
  allowLoopback: boolean;
  /** How long the run has been going, in ms (a monotonic clock; injectable for tests). */
  elapsed: () => number;
  /** How long a claimed feed stays away from other runs (longer than any run can last). */
  leaseMs: number;
  /** Due users read per Query page. */
  pageSize: number;
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
    parseGate: new ByteGate(Math.max(MAX_PARSE_BYTES_IN_FLIGHT, Math.floor(s.maxFeedBytes))),
    maxBackoffMs: s.maxBackoffMinutes * MINUTE,
    allowLoopback: settings.allowLoopbackFeeds,
    elapsed,
    leaseMs: Math.max(5 * MINUTE, 2 * s.fetchTimeoutSeconds * 1000 + MINUTE),
    pageSize: 100,
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

// Presence rules, pure: which status a user shows at an instant.

export const PRESENCE_STATUSES = ["busy", "available"] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];
export type PresenceSource = "manual" | "calendar" | "default";

export const DEFAULT_DURATION_MINUTES = 30;
export const MAX_DURATION_MINUTES = 7 * 24 * 60;

/** One stored status: in force on [startsAt, expiresAt), epoch ms. */
export interface StatusEntry {
  status: PresenceStatus;
  startsAt: number;
  expiresAt: number;
}

interface Presence {
  status: PresenceStatus;
  source: PresenceSource;
  /** Epoch ms when this status stops applying; null for the default. */
  expiresAt: number | null;
}

const inForce = (entry: StatusEntry | undefined, now: number): entry is StatusEntry =>
  entry !== undefined && entry.startsAt <= now && now < entry.expiresAt;

/**
 * A manual status that has not expired wins; otherwise a running calendar event makes the user busy;
 * otherwise the user is available by default. Expired entries count as absent even before TTL deletes them.
 */
export function resolvePresence(
  entries: { manual?: StatusEntry; calendar?: StatusEntry },
  now: number,
): Presence {
  if (inForce(entries.manual, now)) {
    return { status: entries.manual.status, source: "manual", expiresAt: entries.manual.expiresAt };
  }
  if (inForce(entries.calendar, now)) {
    return { status: entries.calendar.status, source: "calendar", expiresAt: entries.calendar.expiresAt };
  }
  return { status: "available", source: "default", expiresAt: null };
}

/**
 * A manual status set now for `durationMinutes`. The expiry is rounded up to a whole second,
 * the precision of the TTL attribute and of the API's timestamps.
 */
export function manualStatus(status: PresenceStatus, durationMinutes: number, now: number): StatusEntry {
  const expiresAt = Math.ceil((now + durationMinutes * 60_000) / 1000) * 1000;
  return { status, startsAt: now, expiresAt };
}

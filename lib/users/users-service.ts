import { deleteCalendarBusy } from "../data/calendar-repo.js";
import { deleteStatusEntry } from "../data/status-repo.js";
import {
  findUser,
  initialCalendarSync,
  insertUser,
  requestCalendarResync,
  updateUserRecord,
  UserExistsError,
  type UserChanges,
  type UserRecord,
} from "../data/users-repo.js";
import { conflict, notFound } from "../errors.js";
import { isoUtc } from "../time/iso.js";
import { issueApiKey } from "./api-keys.js";
import { shownCalendarUrl, shownFeedErrorMessage } from "./calendar-url.js";
import { generateUserId } from "./user-id.js";

/** What the API shows of a user: never the key hash, nor the feed's validators. */
interface UserView {
  id: string;
  name: string;
  timezone: string;
  calendarUrl: string | null;
  createdAt: string;
  updatedAt: string;
  calendarSync: CalendarSyncView | null;
}

/** The poller's view of the user's feed, instants as ISO 8601 UTC. */
export interface CalendarSyncView {
  nextSyncAt: string;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: { code: string; message: string; at: string } | null;
  consecutiveFailures: number;
  busyIntervalCount: number | null;
}

const isoOrNull = (epochMs: number | null): string | null => (epochMs === null ? null : isoUtc(epochMs));

export function userView(user: UserRecord): UserView {
  const { id, name, timezone, calendarUrl, createdAt, updatedAt, calendarSync: sync } = user;
  const calendarSync: CalendarSyncView | null = sync
    ? {
        nextSyncAt: isoUtc(sync.nextSyncAt),
        lastAttemptAt: isoOrNull(sync.lastAttemptAt),
        lastSuccessAt: isoOrNull(sync.lastSuccessAt),
        lastError: sync.lastError
          ? { code: sync.lastError.code, message: shownFeedErrorMessage(sync.lastError.code, sync.lastError.message), at: isoUtc(sync.lastError.at) }
          : null,
        consecutiveFailures: sync.consecutiveFailures,
        busyIntervalCount: sync.busyIntervalCount,
      }
    : null;
  return { id, name, timezone, calendarUrl: shownCalendarUrl(calendarUrl), createdAt, updatedAt, calendarSync };
}

interface NewUser {
  id?: string;
  name?: string;
  timezone?: string;
  calendarUrl?: string | null;
}

export async function createUser(input: NewUser, now: number): Promise<UserView & { apiKey: string }> {
  const id = input.id ?? generateUserId();
  const key = issueApiKey(id);
  const stamp = isoUtc(now);
  const record: UserRecord = {
    id,
    name: input.name ?? id,
    timezone: input.timezone ?? "UTC",
    calendarUrl: input.calendarUrl ?? null,
    apiKeyHash: key.hash,
    createdAt: stamp,
    updatedAt: stamp,
    calendarSync: input.calendarUrl ? initialCalendarSync(now) : null,
  };
  try {
    await insertUser(record);
  } catch (error) {
    if (error instanceof UserExistsError) throw conflict(`User id '${id}' is taken`, "user_exists");
    throw error;
  }
  return { ...userView(record), apiKey: key.apiKey };
}

export async function requireUser(userId: string): Promise<UserRecord> {
  const user = await findUser(userId);
  if (!user) throw notFound(`No user '${userId}'`, "user_not_found");
  return user;
}

/**
 * A new or removed calendar URL drops what was read from the old feed (busy set and calendar status);
 * a new one is due at once. A zone change makes the feed due at once too: all-day and floating events move.
 */
export async function updateUser(userId: string, changes: UserChanges, now: number): Promise<UserView> {
  let updated = await updateUserRecord(userId, changes, now);
  if (!updated) throw notFound(`No user '${userId}'`, "user_not_found");
  if (changes.calendarUrl !== undefined) {
    await Promise.all([deleteCalendarBusy(userId), deleteStatusEntry(userId, "calendar")]);
  } else if (changes.timezone !== undefined && updated.calendarUrl) {
    await requestCalendarResync(userId, now);
    updated = (await findUser(userId)) ?? updated;
  }
  return userView(updated);
}

/** Replaces the user's key: the old one fails from the next request on. */
export async function rotateApiKey(userId: string, now: number): Promise<{ userId: string; apiKey: string }> {
  const key = issueApiKey(userId);
  await updateUser(userId, { apiKeyHash: key.hash }, now);
  return { userId, apiKey: key.apiKey };
}

import { deleteStatusEntry, readStatusEntries, writeStatusEntry } from "../data/status-repo.js";
import { findUser } from "../data/users-repo.js";
import { notFound } from "../errors.js";
import { isoUtc } from "../time/iso.js";
import { manualStatus, resolvePresence, type PresenceSource, type PresenceStatus } from "./presence.js";

interface PresenceView {
  userId: string;
  status: PresenceStatus;
  source: PresenceSource;
  /** ISO 8601 UTC, or null when the default applies. */
  expiresAt: string | null;
}

export async function presenceOf(userId: string, now: number): Promise<PresenceView> {
  const [user, entries] = await Promise.all([findUser(userId), readStatusEntries(userId)]);
  if (!user) throw notFound(`No user '${userId}'`, "user_not_found");
  const presence = resolvePresence(entries, now);
  return {
    userId,
    status: presence.status,
    source: presence.source,
    expiresAt: presence.expiresAt === null ? null : isoUtc(presence.expiresAt),
  };
}

/** Sets a manual status and returns what is now in force (the manual status itself). */
export async function setManualStatus(
  userId: string,
  status: PresenceStatus,
  durationMinutes: number,
  now: number,
): Promise<PresenceView> {
  const entry = manualStatus(status, durationMinutes, now);
  await writeStatusEntry(userId, "manual", entry);
  return { userId, status, source: "manual", expiresAt: isoUtc(entry.expiresAt) };
}

export async function clearManualStatus(userId: string, now: number): Promise<PresenceView> {
  await deleteStatusEntry(userId, "manual");
  return presenceOf(userId, now);
}

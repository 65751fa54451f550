import { readCalendarBusy } from "../data/calendar-repo.js";
import type { UserRecord } from "../data/users-repo.js";
import { isoUtc } from "../time/iso.js";
import { userView, type CalendarSyncView } from "../users/users-service.js";

export interface CalendarView {
  userId: string;
  calendarUrl: string | null;
  calendarSync: CalendarSyncView | null;
  busy: { version: number; syncedAt: string; from: string; to: string; intervals: { start: string; end: string }[] } | null;
}

/** What the poller knows of the user's feed: its state and the busy set stored from it. */
export async function calendarView(user: UserRecord): Promise<CalendarView> {
  const set = user.calendarUrl ? await readCalendarBusy(user.id) : undefined;
  // The URL and state as the user view shows them (credentials masked, stored messages made safe).
  const shown = userView(user);
  return {
    userId: user.id,
    calendarUrl: shown.calendarUrl,
    calendarSync: shown.calendarSync,
    busy: set
      ? {
          version: set.version,
          syncedAt: isoUtc(set.syncedAt),
          from: isoUtc(set.from),
          to: isoUtc(set.to),
          intervals: set.intervals.map((interval) => ({ start: isoUtc(interval.start), end: isoUtc(interval.end) })),
        }
      : null,
  };
}

import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { tableNames } from "../../lib/config/env.js";
import { calendarBusyItem } from "../../lib/data/calendar-repo.js";
import { db } from "../../lib/data/client.js";

/** Stores a calendar busy set for an owner, as the poller would after reading their feed. */
export async function storeCalendarBusy(ownerId: string, intervals: { start: number; end: number }[], version = 1): Promise<void> {
  const from = Math.min(...intervals.map((i) => i.start), Date.now());
  const to = Math.max(...intervals.map((i) => i.end), Date.now());
  await db().send(
    new PutCommand({
      TableName: tableNames.schedules,
      Item: calendarBusyItem(ownerId, { version, intervals, syncedAt: Date.now(), from, to }),
    }),
  );
}

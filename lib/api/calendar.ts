import { z } from "zod";
import { defineRoute } from "../http/contract.js";
import { userIdSchema } from "../users/user-id.js";
import { errors, isoInstant, userIdParams } from "./schemas.js";
import { calendarSyncSchema } from "./users.js";

const intervalSchema = z.object({ start: isoInstant, end: isoInstant }).meta({ id: "BusyInterval" });

const calendarBusySchema = z
  .object({
    userId: userIdSchema,
    calendarUrl: z.string().nullable(),
    calendarSync: calendarSyncSchema.nullable(),
    busy: z
      .object({
        version: z.number().int().meta({ description: "Changes exactly when busy time from the last read on changes" }),
        syncedAt: isoInstant.meta({
          description: "When the set was last written: a read in full that changed it, or found it the same an hour or more after its last write (calendarSync.lastSuccessAt is the latest read)",
        }),
        from: isoInstant,
        to: isoInstant.meta({ description: "The intervals are exact on [from, to)" }),
        intervals: z.array(intervalSchema).meta({ description: "Merged busy intervals, sorted, half-open" }),
      })
      .nullable()
      .meta({ description: "What the poller stored from the feed; null before the first successful read" }),
  })
  .meta({ id: "CalendarBusy" });

export const getCalendar = defineRoute({
  operationId: "getCalendar",
  method: "GET",
  path: "/v1/users/{userId}/calendar",
  summary: "The calendar feed's sync state and the busy intervals stored from it (the user's key, or the admin key)",
  tags: ["calendar"],
  auth: "self",
  params: userIdParams,
  responses: { 200: { description: "Sync state and stored busy time", schema: calendarBusySchema }, ...errors },
});

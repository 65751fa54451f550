import { z } from "zod";
import { defineRoute } from "../http/contract.js";
import { DEFAULT_DURATION_MINUTES, MAX_DURATION_MINUTES, PRESENCE_STATUSES } from "../presence/presence.js";
import { userIdSchema } from "../users/user-id.js";
import { errors, isoInstant, userIdParams } from "./schemas.js";

/** `busy` or `available`; surrounding spaces and case are forgiven. */
export const presenceStatusSchema = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.enum(PRESENCE_STATUSES, { error: "must be 'busy' or 'available'" }))
  .meta({ description: "busy or available" });

/** One second, the precision of an expiry: a shorter status would end before anyone could read it. */
const MIN_DURATION_MINUTES = 1 / 60;

/** Minutes, from one second to 7 days; numeric strings (`"45"`, `"0.5"`) are accepted as the seed app did. */
export const durationMinutesSchema = z
  .union([z.number(), z.string().trim().regex(/^\d{1,9}(\.\d{1,9})?$/, "must be a number of minutes").transform(Number)])
  .pipe(
    z
      .number()
      .min(MIN_DURATION_MINUTES, "must be at least one second (1/60 of a minute)")
      .max(MAX_DURATION_MINUTES, `must be at most ${MAX_DURATION_MINUTES} minutes (7 days)`),
  )
  .meta({ description: `Minutes, from one second (1/60) to 7 days; default ${DEFAULT_DURATION_MINUTES}` });

const presenceSchema = z
  .object({
    userId: userIdSchema,
    status: z.enum(PRESENCE_STATUSES),
    source: z.enum(["manual", "calendar", "default"]),
    expiresAt: isoInstant.nullable().meta({ description: "When this status ends; null for the default" }),
  })
  .meta({ id: "Presence" });

export const putStatus = defineRoute({
  operationId: "setStatus",
  method: "PUT",
  path: "/v1/users/{userId}/status",
  summary: "Set a manual status for a duration; it wins over the calendar until it expires",
  tags: ["presence"],
  auth: "self",
  params: userIdParams,
  body: z.strictObject({
    status: presenceStatusSchema,
    durationMinutes: durationMinutesSchema.optional(),
  }),
  responses: { 200: { description: "The status now in force", schema: presenceSchema }, ...errors },
});

export const getStatus = defineRoute({
  operationId: "getStatus",
  method: "GET",
  path: "/v1/users/{userId}/status",
  summary: "Read a user's status (public); expired statuses read as available at once",
  tags: ["presence"],
  auth: "public",
  params: userIdParams,
  responses: { 200: { description: "The status now in force", schema: presenceSchema }, 400: errors[400], 404: errors[404] },
});

export const clearStatus = defineRoute({
  operationId: "clearStatus",
  method: "DELETE",
  path: "/v1/users/{userId}/status",
  summary: "Clear the manual status; the calendar (or the default) applies again",
  tags: ["presence"],
  auth: "self",
  params: userIdParams,
  responses: { 200: { description: "The status now in force", schema: presenceSchema }, ...errors },
});

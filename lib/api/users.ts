import { z } from "zod";
import { defineRoute } from "../http/contract.js";
import { zoneSchema } from "../engine/schemas.js";
import { calendarUrlSchema } from "../users/calendar-url.js";
import { userIdSchema } from "../users/user-id.js";
import { errors, isoInstant, userIdParams } from "./schemas.js";

const nameSchema = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");

export const calendarSyncSchema = z
  .object({
    nextSyncAt: isoInstant.meta({ description: "When the poller reads the feed next" }),
    lastAttemptAt: isoInstant.nullable(),
    lastSuccessAt: isoInstant.nullable(),
    lastError: z
      .object({
        code: z.string().meta({ description: "timeout, too_large, http_error, not_calendar, parse_error, blocked_address, …" }),
        message: z.string(),
        at: isoInstant,
      })
      .nullable()
      .meta({ description: "The latest failure, kept after later successes" }),
    consecutiveFailures: z.number().int().meta({ description: "Failures since the last success; retries back off" }),
    busyIntervalCount: z.number().int().nullable().meta({ description: "Merged busy intervals stored by the latest successful read" }),
  })
  .meta({ id: "CalendarSync" });

const userSchema = z
  .object({
    id: userIdSchema,
    name: z.string(),
    timezone: z.string().meta({ description: "IANA time zone" }),
    calendarUrl: z.string().nullable(),
    createdAt: isoInstant,
    updatedAt: isoInstant,
    calendarSync: calendarSyncSchema.nullable().meta({ description: "The calendar feed's sync state; null without a calendar URL" }),
  })
  .meta({ id: "User" });

const userWithKeySchema = userSchema
  .extend({ apiKey: z.string().meta({ description: "Shown once; only its hash is stored" }) })
  .meta({ id: "UserWithApiKey" });

export const createUser = defineRoute({
  operationId: "createUser",
  method: "POST",
  path: "/v1/users",
  summary: "Create a user and issue their API key",
  tags: ["users"],
  auth: "admin",
  body: z.strictObject({
    id: userIdSchema.optional(),
    name: nameSchema.optional(),
    timezone: zoneSchema.optional(),
    calendarUrl: calendarUrlSchema.nullable().optional(),
  }),
  bodyOptional: true,
  responses: {
    201: { description: "Created; the API key is in the body, once", schema: userWithKeySchema },
    ...errors,
    409: { description: "The id is taken", schema: errors[409].schema },
  },
});

export const getUser = defineRoute({
  operationId: "getUser",
  method: "GET",
  path: "/v1/users/{userId}",
  summary: "Read a user (their own key, or the admin key)",
  tags: ["users"],
  auth: "self",
  params: userIdParams,
  responses: { 200: { description: "The user", schema: userSchema }, ...errors },
});

export const updateUser = defineRoute({
  operationId: "updateUser",
  method: "PATCH",
  path: "/v1/users/{userId}",
  summary: "Change a user's name, time zone or calendar feed URL (null removes the feed)",
  tags: ["users"],
  auth: "self",
  params: userIdParams,
  body: z
    .strictObject({
      name: nameSchema.optional(),
      timezone: zoneSchema.optional(),
      calendarUrl: calendarUrlSchema.nullable().optional(),
    })
    .refine((body) => Object.keys(body).length > 0, "give at least one of name, timezone, calendarUrl"),
  responses: { 200: { description: "The updated user", schema: userSchema }, ...errors },
});

export const rotateApiKey = defineRoute({
  operationId: "rotateApiKey",
  method: "POST",
  path: "/v1/users/{userId}/api-key",
  summary: "Issue a new API key; the old one stops working at once",
  tags: ["users"],
  auth: "self",
  params: userIdParams,
  responses: {
    200: {
      description: "The new key, shown once",
      schema: z.object({ userId: userIdSchema, apiKey: z.string() }).meta({ id: "RotatedApiKey" }),
    },
    ...errors,
  },
});

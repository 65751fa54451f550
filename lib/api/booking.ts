import { z } from "zod";
import {
  MAX_INTERVALS,
  MAX_RULES,
  dateOverrideSchema,
  dateRuleSchema,
  instantSchema,
  intervalSchema,
  localDateSchema,
  slotSettingsSchema,
  weeklyRuleSchema,
  zoneSchema,
} from "../engine/index.js";
import { answersSchema, eventLocationSchema, eventTypeSlugSchema } from "../event-types/schemas.js";
import { defineRoute } from "../http/contract.js";
import { userIdSchema } from "../users/user-id.js";
import { errorBodySchema, errors, isoInstant, userIdParams } from "./schemas.js";

const offsetInstant = z.string().meta({ format: "date-time", example: "2031-01-06T09:00:00+01:00" });
const intervalOut = z.object({ start: offsetInstant, end: offsetInstant }).meta({ id: "TimeSpan" });

const availabilityBodySchema = z
  .strictObject({
    timezone: zoneSchema.optional().meta({ description: "Zone of the rules; default: the user's zone" }),
    weekly: z.array(weeklyRuleSchema).max(MAX_RULES).optional(),
    dateRules: z.array(dateRuleSchema).max(MAX_RULES).optional(),
    intervals: z.array(intervalSchema).max(MAX_INTERVALS).optional(),
    overrides: z.array(dateOverrideSchema).max(MAX_RULES).optional(),
    blackouts: z.array(intervalSchema).max(MAX_INTERVALS).optional(),
    settings: slotSettingsSchema.optional(),
  })
  .refine((body) => (body.weekly?.length ?? 0) + (body.dateRules?.length ?? 0) + (body.overrides?.length ?? 0) <= MAX_RULES, {
    message: `at most ${MAX_RULES} weekly rules, date rules and overrides in all`,
  });

const availabilityOut = z
  .object({
    userId: userIdSchema,
    version: z.number(),
    timezone: z.string(),
    weekly: z.array(z.unknown()),
    dateRules: z.array(z.unknown()),
    intervals: z.array(z.object({ start: isoInstant, end: isoInstant })),
    overrides: z.array(z.unknown()),
    blackouts: z.array(z.object({ start: isoInstant, end: isoInstant })),
    settings: z.looseObject({ durationMinutes: z.number() }),
  })
  .meta({ id: "Availability" });

export const putAvailability = defineRoute({
  operationId: "putAvailability",
  method: "PUT",
  path: "/v1/users/{userId}/availability",
  summary: "Publish availability (weekly hours, date rules, intervals, overrides, blackouts) and slot settings",
  description:
    "Replaces the whole schedule. Rules are local times in `timezone`; a window may end at 24:00 but not cross midnight (split it). At most 200 rules.",
  tags: ["availability"],
  auth: "self",
  params: userIdParams,
  body: availabilityBodySchema,
  responses: { 200: { description: "The stored schedule", schema: availabilityOut }, ...errors },
});

export const getAvailability = defineRoute({
  operationId: "getAvailability",
  method: "GET",
  path: "/v1/users/{userId}/availability",
  summary: "Read the owner's availability and slot settings",
  tags: ["availability"],
  auth: "self",
  params: userIdParams,
  responses: { 200: { description: "The stored schedule", schema: availabilityOut }, ...errors },
});

/** Which event type a search, an explanation or a booking is about, and which of its lengths. */
const eventTypeChoice = {
  eventType: eventTypeSlugSchema.optional().meta({ description: "Event type slug; default: the default event type (the owner's slot settings)" }),
  durationMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(1440)
    .optional()
    .meta({ description: "One of the event type's lengths; default: its first (for a booking, the one its `end` gives)" }),
};

/** A window of local dates in a zone: at most 366 days. */
const dateWindowQuery = {
  from: localDateSchema,
  to: localDateSchema,
  timezone: zoneSchema.optional().meta({ description: "Zone of `from`/`to` and of the answer; default: the owner's" }),
};

export const searchSlots = defineRoute({
  operationId: "searchSlots",
  method: "GET",
  path: "/v1/users/{userId}/slots",
  summary: "Free slots of an owner between two dates (inclusive), shown in any zone",
  description:
    "Public, as on Calendly. Answers carry an ETag; send it back in If-None-Match to get 304 while nothing (rules, bookings, calendar, the clock's minute) changed.",
  tags: ["booking"],
  auth: "public",
  params: userIdParams,
  query: z.object({ ...dateWindowQuery, ...eventTypeChoice }),
  responses: {
    200: {
      description: "Slots, sorted",
      schema: z
        .object({
          userId: userIdSchema,
          timezone: z.string(),
          eventType: z.string().optional().meta({ description: "The event type searched, when the query names one" }),
          durationMinutes: z.number(),
          slots: z.array(intervalOut),
        })
        .meta({ id: "SlotList" }),
    },
    304: { description: "Not modified since the ETag in If-None-Match" },
    400: errors[400],
    404: { description: "No such user or event type", schema: errorBodySchema },
  },
});

const reasonSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    interval: z.object({ start: isoInstant, end: isoInstant }).optional(),
  })
  .meta({ id: "Reason" });

export const explainSlot = defineRoute({
  operationId: "explainSlot",
  method: "GET",
  path: "/v1/users/{userId}/slots/explain",
  summary: "Why a time is or is not offered (outside hours, booked, calendar busy, too soon, beyond the horizon, buffers…)",
  tags: ["booking"],
  auth: "public",
  params: userIdParams,
  query: z.object({
    start: instantSchema,
    end: instantSchema.optional().meta({ description: "Default: start + the slot length" }),
    ...eventTypeChoice,
  }),
  responses: {
    200: {
      description: "The verdict and every reason",
      schema: z.object({ offered: z.boolean(), slot: z.object({ start: isoInstant, end: isoInstant }), reasons: z.array(reasonSchema) }),
    },
    400: errors[400],
    404: { description: "No such user or event type", schema: errorBodySchema },
  },
});

const bookingSchema = z
  .object({
    id: z.string(),
    ownerId: userIdSchema,
    start: isoInstant,
    end: isoInstant,
    status: z.enum(["confirmed", "cancelled"]),
    invitee: z.object({ name: z.string(), email: z.string().optional() }),
    note: z.string().optional(),
    createdAt: isoInstant,
    updatedAt: isoInstant,
    cancelledAt: isoInstant.optional(),
    cancelledBy: z.enum(["owner", "invitee"]).optional(),
    rescheduledFrom: z.object({ start: isoInstant, end: isoInstant }).optional(),
    eventType: z.string().optional().meta({ description: "The event type booked; absent for the default one" }),
    answers: z.record(z.string(), z.string()).optional().meta({ description: "The invitee's answers, by question id" }),
    location: eventLocationSchema.optional().meta({ description: "The event type's location when it was booked" }),
    sequence: z
      .number()
      .int()
      .min(0)
      .meta({ description: "The calendar invite's SEQUENCE: 0 when booked, +1 on every reschedule and on the cancellation" }),
  })
  .meta({ id: "Booking" });

const bookingParams = z.object({ userId: userIdSchema, bookingId: z.string().regex(/^bk_[0-9a-f]{20}$/, "is not a booking id") });

/** A booking id, or the same id with `.ics` for its calendar invite (API Gateway has no path variable with a literal suffix). */
const bookingOrInviteParams = z.object({
  userId: userIdSchema,
  bookingId: z
    .string()
    .regex(/^bk_[0-9a-f]{20}(\.ics)?$/, "is not a booking id (or a booking id followed by .ics)")
    .meta({ description: "The booking's id; with `.ics` appended, its calendar invite (text/calendar)", example: "bk_0123456789abcdef0123.ics" }),
});

const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, "must be 1-200 visible ASCII characters")
  .meta({
    description:
      "Idempotency-Key header (use a random one, e.g. a UUID): the same key and body return the first answer for 24 h; keys are scoped by owner and request, so another body under the same key is another request",
  });

export const createBooking = defineRoute({
  operationId: "createBooking",
  method: "POST",
  path: "/v1/users/{userId}/bookings",
  summary: "Book an offered slot (public); send an Idempotency-Key header to make retries safe",
  tags: ["booking"],
  auth: "public",
  params: userIdParams,
  headers: z.object({ "idempotency-key": idempotencyKeySchema.optional() }),
  body: z.strictObject({
    start: instantSchema,
    end: instantSchema.optional(),
    invitee: z.strictObject({
      name: z.string().trim().min(1).max(200),
      email: z.email().max(320),
    }),
    note: z.string().max(2000).optional(),
    eventType: eventTypeChoice.eventType,
    durationMinutes: z.number().int().min(1).max(1440).optional().meta({ description: "One of the event type's lengths; default: the one `end` gives, else its first" }),
    answers: answersSchema.optional(),
  }),
  responses: {
    201: {
      description: "Booked. The cancel token lets the invitee cancel or reschedule; it is shown once.",
      schema: z.object({ booking: bookingSchema, cancelToken: z.string() }).meta({ id: "CreatedBooking" }),
    },
    400: errors[400],
    404: { description: "No such user or event type", schema: errorBodySchema },
    409: { description: "Taken (by a booking, a calendar event or a buffer): details.reasons", schema: errorBodySchema },
    422: { description: "Not an offered slot: details.reasons", schema: errorBodySchema },
  },
});

export const listBookings = defineRoute({
  operationId: "listBookings",
  method: "GET",
  path: "/v1/users/{userId}/bookings",
  summary: "The owner's confirmed bookings starting in [from, to), by start, paginated",
  tags: ["booking"],
  auth: "self",
  params: userIdParams,
  query: z.object({
    from: instantSchema.optional().meta({ description: "Default: now" }),
    to: instantSchema.optional().meta({ description: "Default: from + 366 days" }),
    limit: z.coerce.number().int().min(1).max(200).optional(),
    cursor: z
      .string()
      .max(2000)
      .optional()
      .meta({ description: "The previous page's nextCursor, as received, with the same from and to; anything else is a 400 invalid_cursor" }),
  }),
  responses: {
    200: {
      description: "One page",
      schema: z.object({ bookings: z.array(bookingSchema), nextCursor: z.string().nullable() }),
    },
    ...errors,
  },
});

export const getBooking = defineRoute({
  operationId: "getBooking",
  method: "GET",
  path: "/v1/users/{userId}/bookings/{bookingId}",
  summary: "One booking (the owner's key); `{bookingId}.ics`: its calendar invite (the owner's key, or the invitee's cancelToken)",
  description:
    "With `.ics` after the id, the booking's iCalendar object (`text/calendar`): METHOD:REQUEST while it stands, METHOD:CANCEL " +
    "(STATUS:CANCELLED) once cancelled, UID `<bookingId>@<invite domain>` for the booking's whole life, SEQUENCE the booking's " +
    "`sequence`, UTC times. The owner's copy holds the invitee's note and answers in DESCRIPTION; the invitee's copy " +
    "(`?cancelToken=`, the token of the booking's 201 answer: the booking page's \"add to calendar\") does not. The JSON " +
    "booking needs the owner's key (or the admin's).",
  tags: ["booking"],
  auth: "optional",
  params: bookingOrInviteParams,
  query: z.object({
    cancelToken: z.string().max(200).optional().meta({ description: "The invitee's cancel token: reads the calendar invite (`.ics`) without a key" }),
  }),
  responses: {
    200: { description: "The booking (JSON), or its calendar invite (`.ics`)", schema: bookingSchema, calendar: true },
    ...errors,
    403: { description: "The key may not act for this user, or the cancel token is not this booking's", schema: errorBodySchema },
    404: { description: "No such user or booking", schema: errorBodySchema },
  },
});

const tokenBody = z.strictObject({ cancelToken: z.string().max(200).optional() });

export const cancelBooking = defineRoute({
  operationId: "cancelBooking",
  method: "POST",
  path: "/v1/users/{userId}/bookings/{bookingId}/cancel",
  summary: "Cancel a future booking: the owner's key, or the invitee's cancel token in the body",
  tags: ["booking"],
  auth: "optional",
  params: bookingParams,
  body: tokenBody,
  bodyOptional: true,
  responses: { 200: { description: "The cancelled booking", schema: bookingSchema }, ...errors, 422: errors[409] },
});

export const rescheduleBooking = defineRoute({
  operationId: "rescheduleBooking",
  method: "POST",
  path: "/v1/users/{userId}/bookings/{bookingId}/reschedule",
  summary: "Move a future booking to another offered slot, atomically (owner's key or cancel token)",
  tags: ["booking"],
  auth: "optional",
  params: bookingParams,
  body: z.strictObject({ start: instantSchema, cancelToken: z.string().max(200).optional() }),
  responses: {
    200: { description: "The moved booking", schema: bookingSchema },
    ...errors,
    422: { description: "Not an offered slot", schema: errorBodySchema },
  },
});

export const findOverlap = defineRoute({
  operationId: "findOverlap",
  method: "GET",
  path: "/v1/overlap",
  summary: "When all of 2–20 users are free between two dates, optionally at least N minutes, optionally as slots",
  tags: ["overlap"],
  auth: "public",
  query: z.object({
    users: z
      .string()
      .transform((value) => [...new Set(value.split(",").map((id) => id.trim()))])
      .pipe(z.array(userIdSchema).min(2, "give at least two users").max(20, "at most 20 users"))
      .meta({ description: "Comma-separated user ids" }),
    ...dateWindowQuery,
    minMinutes: z.coerce.number().int().min(1).max(1440).optional(),
    slotMinutes: z.coerce.number().int().min(5).max(1440).optional(),
    stepMinutes: z.coerce.number().int().min(5).max(1440).optional(),
  }),
  responses: {
    200: {
      description: "Common free time (and slots), in `timezone`",
      schema: z.object({
        users: z.array(userIdSchema),
        timezone: z.string(),
        overlap: z.array(intervalOut),
        slots: z.array(intervalOut).optional(),
      }),
    },
    400: errors[400],
    404: errors[404],
  },
});

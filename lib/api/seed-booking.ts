import { z } from "zod";
import { localDateSchema } from "../engine/index.js";
import { defineRoute } from "../http/contract.js";
import { userIdSchema } from "../users/user-id.js";
import { errorBodySchema, errors } from "./schemas.js";

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/;

/** The seed's rule shape: dates `YYYY-MM-DD` (end inclusive), times `HH:MM` (24:00 allowed as an end). */
const seedRuleSchema = z
  .object({
    start_date: localDateSchema,
    end_date: localDateSchema,
    start_time: z.string().regex(TIME, "must be HH:MM").refine((t) => t !== "24:00", "24:00 is only valid as an end_time"),
    end_time: z.string().regex(TIME, "must be HH:MM (24:00 allowed)"),
  })
  .refine((rule) => rule.start_date <= rule.end_date, { message: "start_date must not be after end_date", path: ["end_date"] })
  .refine((rule) => rule.start_time < rule.end_time, { message: "start_time must be before end_time", path: ["end_time"] })
  .meta({ id: "SeedAvailabilityRule" });

export const seedSetAvailability = defineRoute({
  operationId: "seedSetAvailability",
  method: "POST",
  path: "/api/calendar/set_availability/{userId}",
  summary: "Seed route: add date-range rules (owner's zone); a rule overlapping another is refused",
  tags: ["seed"],
  auth: "self",
  params: z.object({ userId: userIdSchema }),
  body: z.object({ availability_rules: z.array(seedRuleSchema).max(200, "at most 200 rules") }),
  responses: {
    200: {
      description: "Stored; new_slots is a JSON string listing all of the owner's rules",
      schema: z.object({ message: z.string(), new_slots: z.string() }),
    },
    ...errors,
  },
});

const searchInput = z.object({ owner: userIdSchema, request_date: localDateSchema });
const slotsOut = z.object({
  available_slots: z.array(z.object({ start: z.string(), end: z.string() })),
});

export const seedSearchSlots = defineRoute({
  operationId: "seedSearchSlots",
  method: "GET",
  path: "/api/appointments/search_slots",
  summary: "Seed route: free 60-minute slots of an owner on one date (query, or a JSON body where the gateway passes one)",
  tags: ["seed"],
  auth: "public",
  query: searchInput.partial(),
  body: searchInput.partial(),
  bodyOptional: true,
  responses: { 200: { description: "Slots in the owner's local time", schema: slotsOut }, 400: errors[400], 404: errors[404] },
});

export const seedSearchSlotsPost = defineRoute({
  ...seedSearchSlots,
  operationId: "seedSearchSlotsPost",
  method: "POST",
  summary: "Seed route: the same search with a JSON body",
  query: undefined,
  body: searchInput,
  bodyOptional: false,
});

const localDateTime = z.string().regex(LOCAL_DATE_TIME, "must be YYYY-MM-DDTHH:MM");

export const seedBookSlot = defineRoute({
  operationId: "seedBookSlot",
  method: "POST",
  path: "/api/appointments/book_slot",
  summary: "Seed route: book an offered 60-minute slot (public)",
  tags: ["seed"],
  auth: "public",
  body: z.object({
    owner: userIdSchema,
    invitee: z.string().trim().min(1, "must not be empty").max(200),
    start_time: localDateTime,
    end_time: localDateTime,
  }),
  responses: {
    200: {
      description: "Booked",
      schema: z.object({
        message: z.literal("Appointment booked successfully"),
        appointment: z.object({ start: z.string(), end: z.string(), invitee: z.string(), owner: z.string() }),
      }),
    },
    400: errors[400],
    404: errors[404],
    409: { description: "Already booked (or under a calendar event)", schema: errorBodySchema },
    422: { description: "Not an offered slot", schema: errorBodySchema },
  },
});

const upcomingOut = z.object({
  upcoming_appointments: z.array(z.object({ invitee: z.string(), start_time: z.string(), end_time: z.string() })),
});

export const seedListUpcoming = defineRoute({
  operationId: "seedListUpcoming",
  method: "GET",
  path: "/appointments/list_upcoming/{userId}",
  summary: "Seed route: the owner's future appointments, by start",
  tags: ["seed"],
  auth: "self",
  params: z.object({ userId: userIdSchema }),
  responses: { 200: { description: "Upcoming", schema: upcomingOut }, ...errors },
});

export const seedListUpcomingByQuery = defineRoute({
  operationId: "seedListUpcomingByQuery",
  method: "GET",
  path: "/api/calendar/appointments/list_upcoming",
  summary: "Seed route: the same, with ?owner=",
  tags: ["seed"],
  auth: "user",
  query: z.object({ owner: userIdSchema }),
  responses: { 200: { description: "Upcoming", schema: upcomingOut }, ...errors },
});

import { z } from "zod";
import {
  eventLocationSchema,
  eventQuestionSchema,
  eventTypeDefinitionSchema,
  eventTypePatchSchema,
  eventTypeSlugSchema,
} from "../event-types/schemas.js";
import { defineRoute } from "../http/contract.js";
import { userIdSchema } from "../users/user-id.js";
import { errorBodySchema, errors, isoInstant, userIdParams } from "./schemas.js";

const eventTypeParams = z.object({ userId: userIdSchema, slug: eventTypeSlugSchema });

/** An event type as its owner reads it. */
export const eventTypeSchema = z
  .object({
    userId: userIdSchema,
    slug: z.string(),
    title: z.string(),
    description: z.string().optional(),
    durationMinutes: z.array(z.number().int()).meta({ description: "The lengths offered; the first is the default" }),
    location: eventLocationSchema.optional(),
    bufferBeforeMinutes: z.number().int().optional(),
    bufferAfterMinutes: z.number().int().optional(),
    minimumNoticeMinutes: z.number().int().optional(),
    horizonDays: z.number().int().optional(),
    maxPerDay: z.number().int().optional().meta({ description: "Bookings of this event type per owner-local date" }),
    stepMinutes: z.number().int().optional(),
    alignment: z.enum(["window", "clock"]).optional(),
    questions: z.array(eventQuestionSchema),
    hidden: z.boolean(),
    isDefault: z.boolean().meta({ description: "The default event type: the owner's slot settings, changed with PUT …/availability" }),
    version: z.number().int(),
    createdAt: isoInstant.optional(),
    updatedAt: isoInstant.optional(),
  })
  .meta({ id: "EventType" });

/** An event type as anyone reads it: no scheduling internals, and a link location only by its kind. */
export const publicEventTypeSchema = z
  .object({
    userId: userIdSchema,
    slug: z.string(),
    title: z.string(),
    description: z.string().optional(),
    durationMinutes: z.array(z.number().int()),
    location: z
      .union([z.object({ kind: z.literal("text"), text: z.string() }), z.object({ kind: z.literal("url") })])
      .optional()
      .meta({ description: "A link is given to the invitee in the booking's answer, not here" }),
    questions: z.array(eventQuestionSchema),
    isDefault: z.boolean(),
  })
  .meta({ id: "PublicEventType" });

const ownerOrPublic = z.union([eventTypeSchema, publicEventTypeSchema]);

const eventTypeErrors = {
  400: errors[400],
  401: errors[401],
  403: errors[403],
  404: { description: "No such user or event type", schema: errorBodySchema },
  415: errors[415],
} as const;

export const createEventType = defineRoute({
  operationId: "createEventType",
  method: "POST",
  path: "/v1/users/{userId}/event-types",
  summary: "Create an event type: title, lengths, location, buffers, notice, horizon, daily limit, slot step, questions",
  description: "The slug `default` is taken by the default event type, made from the owner's slot settings. At most 100 event types per owner.",
  tags: ["event types"],
  auth: "self",
  params: userIdParams,
  body: eventTypeDefinitionSchema.extend({ slug: eventTypeSlugSchema }),
  responses: {
    201: { description: "Created", schema: eventTypeSchema },
    ...eventTypeErrors,
    409: { description: "The slug is taken (or the owner has 100 event types)", schema: errorBodySchema },
  },
});

export const listEventTypes = defineRoute({
  operationId: "listEventTypes",
  method: "GET",
  path: "/v1/users/{userId}/event-types",
  summary: "An owner's event types, the default one first: all of them in full with the owner's key, else the public ones' public view",
  tags: ["event types"],
  auth: "optional",
  params: userIdParams,
  responses: {
    200: {
      description: "The event types",
      schema: z.object({ userId: userIdSchema, eventTypes: z.array(ownerOrPublic) }).meta({ id: "EventTypeList" }),
    },
    400: errors[400],
    401: errors[401],
    404: errors[404],
  },
});

export const getEventType = defineRoute({
  operationId: "getEventType",
  method: "GET",
  path: "/v1/users/{userId}/event-types/{slug}",
  summary: "One event type: in full with the owner's key (or the admin's), else its public view (hidden ones too, by their slug)",
  tags: ["event types"],
  auth: "optional",
  params: eventTypeParams,
  responses: {
    200: { description: "The event type", schema: ownerOrPublic },
    400: errors[400],
    401: errors[401],
    404: eventTypeErrors[404],
  },
});

export const updateEventType = defineRoute({
  operationId: "updateEventType",
  method: "PATCH",
  path: "/v1/users/{userId}/event-types/{slug}",
  summary: "Change an event type: the fields given replace the stored ones, null removes an optional one",
  description: "The default event type is changed through the owner's slot settings (PUT …/availability): a 409 here.",
  tags: ["event types"],
  auth: "self",
  params: eventTypeParams,
  body: eventTypePatchSchema,
  responses: {
    200: { description: "The changed event type", schema: eventTypeSchema },
    ...eventTypeErrors,
    409: { description: "The default event type, or too many concurrent changes", schema: errorBodySchema },
  },
});

export const deleteEventType = defineRoute({
  operationId: "deleteEventType",
  method: "DELETE",
  path: "/v1/users/{userId}/event-types/{slug}",
  summary: "Delete an event type; its bookings stay (with its slug and their answers)",
  tags: ["event types"],
  auth: "self",
  params: eventTypeParams,
  responses: {
    204: { description: "Deleted" },
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: eventTypeErrors[404],
    409: { description: "The default event type cannot be deleted", schema: errorBodySchema },
  },
});

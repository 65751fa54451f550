import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "../data/webhooks-repo.js";
import { defineRoute } from "../http/contract.js";
import { userIdSchema } from "../users/user-id.js";
import { errorBodySchema, errors, isoInstant, userIdParams } from "./schemas.js";

const webhookIdSchema = z.string().regex(/^wh_[0-9a-f]{16}$/, "must be a webhook id (wh_ and 16 hex digits)").meta({ example: "wh_0123456789abcdef" });
const webhookParams = z.object({ userId: userIdSchema, webhookId: webhookIdSchema });

const eventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);

/**
 * An endpoint's URL: http(s), at most 2,048 characters, a host, no credentials. Where it may point (https,
 * a public address) is checked on the resolved address at registration and at every delivery.
 */
const webhookUrlSchema = z
  .string()
  .trim()
  .max(2048, "must be at most 2048 characters")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "" && url.username === "" && url.password === "";
    } catch {
      return false;
    }
  }, "must be an https URL with a host and without credentials")
  .meta({ description: "Where deliveries are POSTed: https, on a public address", example: "https://example.com/hooks/bookings" });

const eventsSchema = z
  .array(eventTypeSchema)
  .min(1, "subscribe to at least one event type")
  .max(WEBHOOK_EVENT_TYPES.length * 2)
  .meta({ description: "The booking changes delivered; default: all three" });

const descriptionSchema = z.string().trim().min(1).max(200);

export const webhookSchema = z
  .object({
    id: z.string(),
    userId: userIdSchema,
    url: z.string(),
    events: z.array(eventTypeSchema),
    description: z.string().optional(),
    enabled: z.boolean().meta({ description: "false once turned off by the owner or after 24 h of failed deliveries" }),
    disabledAt: isoInstant.optional(),
    disabledReason: z.enum(["by_owner", "failing_24h"]).optional(),
    consecutiveFailures: z.number().int().meta({ description: "Failed attempts since the last success" }),
    failingSince: isoInstant.optional(),
    lastSuccessAt: isoInstant.optional(),
    lastFailureAt: isoInstant.optional(),
    createdAt: isoInstant,
    updatedAt: isoInstant,
  })
  .meta({ id: "Webhook" });

const webhookErrors = {
  400: errors[400],
  401: errors[401],
  403: errors[403],
  404: { description: "No such user or webhook", schema: errorBodySchema },
} as const;

export const createWebhook = defineRoute({
  operationId: "createWebhook",
  method: "POST",
  path: "/v1/users/{userId}/webhooks",
  summary: "Register a webhook endpoint for booking changes; the signing secret is in this answer only",
  description:
    "Deliveries follow Standard Webhooks: a POST of `{type, timestamp, data: {booking}}` with `webhook-id`, `webhook-timestamp` and `webhook-signature` (HMAC-SHA256 under the secret). A URL at a private, loopback or link-local address is a 400. At most 10 endpoints per owner.",
  tags: ["webhooks"],
  auth: "self",
  params: userIdParams,
  body: z.strictObject({ url: webhookUrlSchema, events: eventsSchema.optional(), description: descriptionSchema.optional() }),
  responses: {
    201: {
      description: "Registered",
      schema: z
        .object({ webhook: webhookSchema, secret: z.string().meta({ description: "`whsec_` + base64: shown once, keep it", example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }) })
        .meta({ id: "CreatedWebhook" }),
    },
    ...webhookErrors,
    409: { description: "The owner has 10 endpoints", schema: errorBodySchema },
    415: errors[415],
  },
});

export const listWebhooks = defineRoute({
  operationId: "listWebhooks",
  method: "GET",
  path: "/v1/users/{userId}/webhooks",
  summary: "An owner's webhook endpoints",
  tags: ["webhooks"],
  auth: "self",
  params: userIdParams,
  responses: {
    200: { description: "The endpoints", schema: z.object({ userId: userIdSchema, webhooks: z.array(webhookSchema) }).meta({ id: "WebhookList" }) },
    ...webhookErrors,
  },
});

export const getWebhook = defineRoute({
  operationId: "getWebhook",
  method: "GET",
  path: "/v1/users/{userId}/webhooks/{webhookId}",
  summary: "One webhook endpoint, with its delivery state",
  tags: ["webhooks"],
  auth: "self",
  params: webhookParams,
  responses: { 200: { description: "The endpoint", schema: webhookSchema }, ...webhookErrors },
});

export const updateWebhook = defineRoute({
  operationId: "updateWebhook",
  method: "PATCH",
  path: "/v1/users/{userId}/webhooks/{webhookId}",
  summary: "Change an endpoint's URL, events or description; `enabled: true` turns a disabled one on again",
  tags: ["webhooks"],
  auth: "self",
  params: webhookParams,
  body: z.strictObject({
    url: webhookUrlSchema.optional(),
    events: eventsSchema.optional(),
    description: descriptionSchema.nullable().optional(),
    enabled: z.boolean().optional(),
  }),
  responses: { 200: { description: "The changed endpoint", schema: webhookSchema }, ...webhookErrors, 415: errors[415] },
});

export const deleteWebhook = defineRoute({
  operationId: "deleteWebhook",
  method: "DELETE",
  path: "/v1/users/{userId}/webhooks/{webhookId}",
  summary: "Delete an endpoint: nothing more is delivered to it",
  tags: ["webhooks"],
  auth: "self",
  params: webhookParams,
  responses: { 204: { description: "Deleted" }, ...webhookErrors },
});

export const listWebhookDeliveries = defineRoute({
  operationId: "listWebhookDeliveries",
  method: "GET",
  path: "/v1/users/{userId}/webhooks/{webhookId}/deliveries",
  summary: "The latest delivery attempts to an endpoint, newest first (kept 30 days)",
  tags: ["webhooks"],
  auth: "self",
  params: webhookParams,
  query: z.object({ limit: z.coerce.number().int().min(1).max(100).optional().meta({ description: "Default 50" }) }),
  responses: {
    200: {
      description: "The attempts",
      schema: z
        .object({
          webhookId: z.string(),
          deliveries: z.array(
            z
              .object({
                eventId: z.string().meta({ description: "The `webhook-id` sent" }),
                type: eventTypeSchema,
                attempt: z.number().int().meta({ description: "1 for the first attempt at this event" }),
                at: isoInstant,
                outcome: z.enum(["delivered", "failed"]),
                status: z.number().int().optional().meta({ description: "The endpoint's HTTP status, when it answered" }),
                error: z.enum(["http_error", "timeout", "network_error", "blocked_address", "invalid_url"]).optional(),
                latencyMs: z.number().int(),
              })
              .meta({ id: "WebhookDelivery" }),
          ),
        })
        .meta({ id: "WebhookDeliveryList" }),
    },
    ...webhookErrors,
  },
});

import { z } from "zod";
import { defineRoute } from "../http/contract.js";
import { userIdSchema } from "../users/user-id.js";
import { errorBodySchema, errors, userIdParams } from "./schemas.js";

export const createBookingsFeedToken = defineRoute({
  operationId: "createBookingsFeedToken",
  method: "POST",
  path: "/v1/users/{userId}/bookings-feed-token",
  summary: "Issue (or rotate) the token of the owner's bookings feed; the previous one stops working at once",
  description:
    "The token is shown once and stored only as its SHA-256. It reads the feed and nothing else: it is not an API key. " +
    "Subscribe a calendar app to the answer's `path` (prefix it with the API's origin; `webcal://` works too).",
  tags: ["booking"],
  auth: "self",
  params: userIdParams,
  responses: {
    201: {
      description: "The new feed token, shown once, and the feed's path with it",
      schema: z
        .object({
          userId: userIdSchema,
          token: z.string(),
          path: z.string().meta({ example: "/v1/users/ann/bookings.ics?token=…" }),
        })
        .meta({ id: "BookingsFeedToken" }),
    },
    ...errors,
  },
});

export const revokeBookingsFeedToken = defineRoute({
  operationId: "revokeBookingsFeedToken",
  method: "DELETE",
  path: "/v1/users/{userId}/bookings-feed-token",
  summary: "Revoke the token of the owner's bookings feed (the feed answers 401 until a new one is issued)",
  tags: ["booking"],
  auth: "self",
  params: userIdParams,
  responses: { 204: { description: "Revoked (also when there was none)" }, ...errors },
});

export const getBookingsFeed = defineRoute({
  operationId: "getBookingsFeed",
  method: "GET",
  path: "/v1/users/{userId}/bookings.ics",
  summary: "The owner's bookings as an iCalendar subscription feed (the feed token in the query)",
  description:
    "Bookings starting from 30 days ago on: confirmed ones, and cancelled ones as STATUS:CANCELLED so that a subscribed " +
    "calendar removes them; at most 1,000 confirmed and 200 cancelled, by start. No METHOD (a subscription, not an " +
    "invitation); UIDs and SEQUENCE as in each booking's `.ics`; DESCRIPTION holds the invitee's note and answers.",
  tags: ["booking"],
  auth: "public",
  params: userIdParams,
  query: z.object({ token: z.string().min(1).max(200).meta({ description: "The feed token (POST …/bookings-feed-token)" }) }),
  responses: {
    200: { description: "The feed", calendar: true },
    400: errors[400],
    401: { description: "Missing, wrong or revoked feed token (or no such user)", schema: errorBodySchema },
  },
});

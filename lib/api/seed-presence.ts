import { z } from "zod";
import { defineRoute } from "../http/contract.js";
import { PRESENCE_STATUSES } from "../presence/presence.js";
import { userIdSchema } from "../users/user-id.js";
import { durationMinutesSchema, presenceStatusSchema } from "./presence.js";
import { errors, isoInstant } from "./schemas.js";

export const seedSetStatus = defineRoute({
  operationId: "seedSetStatus",
  method: "POST",
  path: "/set_status",
  summary: "Seed route: set the caller's status for `duration` minutes (default 30)",
  tags: ["seed"],
  auth: "user",
  tokenHeader: true,
  body: z.object({ status: presenceStatusSchema, duration: durationMinutesSchema.optional() }),
  responses: {
    200: {
      description: "Updated",
      schema: z.object({ message: z.literal("Status Updated"), status: z.enum(PRESENCE_STATUSES), expiration_time: isoInstant }),
    },
    ...errors,
  },
});

export const seedGetStatus = defineRoute({
  operationId: "seedGetStatus",
  method: "GET",
  path: "/get_status",
  summary: "Seed route: a user's status (public with user_id; otherwise the caller's own)",
  tags: ["seed"],
  auth: "optional",
  tokenHeader: true,
  query: z.object({ user_id: userIdSchema.optional() }),
  responses: {
    200: {
      description: "The status now in force",
      schema: z.object({
        user_id: userIdSchema,
        status: z.enum(PRESENCE_STATUSES),
        expiration_time: isoInstant.nullable(),
        source: z.enum(["manual", "calendar", "default"]),
      }),
    },
    400: errors[400],
    401: errors[401],
    404: errors[404],
  },
});

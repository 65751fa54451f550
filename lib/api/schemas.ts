import { z } from "zod";
import { userIdSchema } from "../users/user-id.js";

/** The error body every 4xx and 5xx carries. */
export const errorBodySchema = z
  .object({
    error: z.string().meta({ description: "Human-readable message" }),
    code: z.string().meta({ description: "Machine-readable code" }),
    details: z.unknown().optional(),
  })
  .meta({ id: "Error" });

export const userIdParams = z.object({ userId: userIdSchema });

/** ISO 8601 UTC instant as the API writes them. */
export const isoInstant = z.string().meta({ format: "date-time", example: "2030-09-27T09:00:00Z" });

export const errors = {
  400: { description: "Invalid request", schema: errorBodySchema },
  401: { description: "Missing or invalid API key", schema: errorBodySchema },
  403: { description: "The key may not act for this user", schema: errorBodySchema },
  404: { description: "No such user", schema: errorBodySchema },
  409: { description: "Conflict", schema: errorBodySchema },
  415: { description: "The body is not JSON", schema: errorBodySchema },
} as const;

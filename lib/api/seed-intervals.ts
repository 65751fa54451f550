import { z } from "zod";
import { instantSchema, MAX_INTERVALS } from "../engine/index.js";
import { defineRoute } from "../http/contract.js";
import { userIdSchema } from "../users/user-id.js";
import { errors, isoInstant } from "./schemas.js";

const intervalIn = z
  .object({ start_time: instantSchema, end_time: instantSchema })
  .refine((interval) => interval.end_time > interval.start_time, { message: "end_time must be after start_time", path: ["end_time"] });
const intervalOut = z.object({ start_time: isoInstant, end_time: isoInstant });

export const seedAddIntervals = defineRoute({
  operationId: "seedAddIntervals",
  method: "POST",
  path: "/availability",
  summary: "Seed route: add UTC availability intervals (ISO 8601 with an offset) to the caller's",
  tags: ["seed"],
  auth: "user",
  tokenHeader: true,
  body: z.object({
    user_id: userIdSchema,
    availability: z.array(intervalIn).max(MAX_INTERVALS),
  }),
  responses: {
    200: { description: "Stored", schema: z.object({ message: z.literal("Availability set successfully") }) },
    ...errors,
  },
});

export const seedGetIntervals = defineRoute({
  operationId: "seedGetIntervals",
  method: "GET",
  path: "/availability",
  summary: "Seed route: the caller's intervals that have not ended, merged and sorted",
  tags: ["seed"],
  auth: "user",
  tokenHeader: true,
  responses: {
    200: { description: "Intervals", schema: z.object({ user_id: userIdSchema, availability: z.array(intervalOut) }) },
    ...errors,
  },
});

const overlapOut = z.object({ overlap: z.array(intervalOut) });
const otherUser = z.object({ user_id_2: userIdSchema });

export const seedOverlap = defineRoute({
  operationId: "seedOverlap",
  method: "GET",
  path: "/overlap",
  summary: "Seed route: when the caller and user_id_2 are both free, from now on (query, or a JSON body on AWS)",
  tags: ["seed"],
  auth: "user",
  tokenHeader: true,
  query: otherUser.partial(),
  body: otherUser.partial(),
  bodyOptional: true,
  responses: { 200: { description: "Common free time", schema: overlapOut }, ...errors },
});

export const seedOverlapPost = defineRoute({
  ...seedOverlap,
  operationId: "seedOverlapPost",
  method: "POST",
  summary: "Seed route: the same with a JSON body",
  query: undefined,
  body: otherUser,
  bodyOptional: false,
});

export const seedOverlapByPath = defineRoute({
  operationId: "seedOverlapByPath",
  method: "GET",
  path: "/overlap/{userId2}",
  summary: "Seed route: the same with the other user in the path",
  tags: ["seed"],
  auth: "user",
  tokenHeader: true,
  params: z.object({ userId2: userIdSchema }),
  responses: { 200: { description: "Common free time", schema: overlapOut }, ...errors },
});

/**
 * The wire form of an event type's definition, its changes and a booking's answers: one source for
 * request validation, the stored form (a stored definition parses again as it is) and the OpenAPI document.
 */
import { z } from "zod";
import { slotSettingsSchema } from "../engine/index.js";
import type { EventLocation, EventQuestion, EventTypeDefinition } from "../data/event-types-repo.js";

/** The implicit event type made from the owner's schedule settings: it always exists and is changed there. */
export const DEFAULT_EVENT_TYPE = "default";
export const MAX_EVENT_TYPES = 100;
const MAX_DURATIONS = 10;
const MAX_QUESTIONS = 20;
const MAX_OPTIONS = 50;
export const SHORT_ANSWER_MAX = 300;
export const LONG_ANSWER_MAX = 5000;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const eventTypeSlugSchema = z
  .string()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(SLUG, "must be lowercase letters and digits, words joined by single hyphens (e.g. intro-call)")
  .meta({ description: "Event type slug: unique per owner, url-safe", example: "intro-call" });

const QUESTION_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const questionIdSchema = z
  .string()
  .regex(QUESTION_ID, "must be 1-40 lowercase letters, digits, '-' or '_', starting with a letter or digit")
  .meta({ example: "company" });

// The same bounds as the owner's slot settings (README "Numbers").
const settings = slotSettingsSchema.shape;
const minutesSchema = settings.durationMinutes;

const unique = (values: readonly (string | number)[]) => new Set(values).size === values.length;

const durationsSchema = z
  .union([minutesSchema, z.array(minutesSchema).min(1).max(MAX_DURATIONS)])
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .refine(unique, "durations must differ")
  .meta({ description: `Minutes: one length, or up to ${MAX_DURATIONS} choices (the first is the default); read back as a list` });

export const eventLocationSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("text"), text: z.string().trim().min(1).max(500) }),
    z.strictObject({
      kind: z.literal("url"),
      url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2000),
    }),
  ])
  .meta({ id: "EventLocation", description: "Where the meeting happens: text (an address, a phone number) or a link" }) satisfies z.ZodType<
  EventLocation,
  unknown
>;

const label = z.string().trim().min(1).max(300);
const requiredFlag = z.boolean().default(false);

export const eventQuestionSchema = z
  .discriminatedUnion("type", [
    z.strictObject({ id: questionIdSchema, label, type: z.enum(["short_text", "long_text"]), required: requiredFlag }),
    z.strictObject({
      id: questionIdSchema,
      label,
      type: z.literal("choice"),
      required: requiredFlag,
      options: z.array(z.string().trim().min(1).max(200)).min(1).max(MAX_OPTIONS).refine(unique, "options must differ"),
    }),
  ])
  .meta({
    id: "EventQuestion",
    description: `Asked at booking: short text (≤ ${SHORT_ANSWER_MAX} characters), long text (≤ ${LONG_ANSWER_MAX}) or one of the options`,
  }) satisfies z.ZodType<EventQuestion, unknown>;

const questionsSchema = z
  .array(eventQuestionSchema)
  .max(MAX_QUESTIONS)
  .refine((questions) => unique(questions.map((q) => q.id)), "question ids must differ");

/** Each field of a definition; scheduling fields share the slot settings' bounds. */
const definitionFields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(5000),
  durationMinutes: durationsSchema,
  location: eventLocationSchema,
  bufferBeforeMinutes: settings.bufferBeforeMinutes.unwrap(),
  bufferAfterMinutes: settings.bufferAfterMinutes.unwrap(),
  minimumNoticeMinutes: settings.minimumNoticeMinutes.unwrap(),
  horizonDays: settings.horizonDays.unwrap(),
  maxPerDay: settings.maxPerDay.unwrap().meta({ description: "Bookings of this event type per owner-local date" }),
  stepMinutes: settings.stepMinutes.unwrap(),
  alignment: settings.alignment.unwrap(),
  questions: questionsSchema,
  hidden: z.boolean().meta({ description: "Left out of the public listing; still readable and bookable by its slug" }),
};

/** A whole definition (create, and a stored one merged with a change). */
export const eventTypeDefinitionSchema = z.strictObject({
  title: definitionFields.title,
  description: definitionFields.description.optional(),
  durationMinutes: definitionFields.durationMinutes,
  location: definitionFields.location.optional(),
  bufferBeforeMinutes: definitionFields.bufferBeforeMinutes.optional(),
  bufferAfterMinutes: definitionFields.bufferAfterMinutes.optional(),
  minimumNoticeMinutes: definitionFields.minimumNoticeMinutes.optional(),
  horizonDays: definitionFields.horizonDays.optional(),
  maxPerDay: definitionFields.maxPerDay.optional(),
  stepMinutes: definitionFields.stepMinutes.optional(),
  alignment: definitionFields.alignment.optional(),
  questions: definitionFields.questions.default([]),
  hidden: definitionFields.hidden.default(false),
}) satisfies z.ZodType<EventTypeDefinition, unknown>;

/** Optional fields a change may remove with `null`. */
const REMOVABLE = [
  "description",
  "location",
  "bufferBeforeMinutes",
  "bufferAfterMinutes",
  "minimumNoticeMinutes",
  "horizonDays",
  "maxPerDay",
  "stepMinutes",
  "alignment",
] as const;

/** A change: the fields given replace the stored ones; `null` removes an optional one. */
export const eventTypePatchSchema = z
  .strictObject({
    title: definitionFields.title.optional(),
    description: definitionFields.description.nullable().optional(),
    durationMinutes: definitionFields.durationMinutes.optional(),
    location: definitionFields.location.nullable().optional(),
    bufferBeforeMinutes: definitionFields.bufferBeforeMinutes.nullable().optional(),
    bufferAfterMinutes: definitionFields.bufferAfterMinutes.nullable().optional(),
    minimumNoticeMinutes: definitionFields.minimumNoticeMinutes.nullable().optional(),
    horizonDays: definitionFields.horizonDays.nullable().optional(),
    maxPerDay: definitionFields.maxPerDay.nullable().optional(),
    stepMinutes: definitionFields.stepMinutes.nullable().optional(),
    alignment: definitionFields.alignment.nullable().optional(),
    questions: definitionFields.questions.optional(),
    hidden: definitionFields.hidden.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, "give at least one field to change");

export type EventTypePatch = z.output<typeof eventTypePatchSchema>;

/** The definition with a change applied (not yet validated as a whole). */
export function applyPatch(current: EventTypeDefinition, patch: EventTypePatch): Record<string, unknown> {
  const next: Record<string, unknown> = { ...current, ...patch };
  for (const field of REMOVABLE) if (next[field] === null) delete next[field];
  return next;
}

/** A booking's answers, by question id (checked against the event type's questions when it is read). */
export const answersSchema = z
  .record(questionIdSchema, z.string().max(LONG_ANSWER_MAX))
  .refine((answers) => Object.keys(answers).length <= MAX_QUESTIONS, `at most ${MAX_QUESTIONS} answers`)
  .meta({ description: "Answers to the event type's questions, by question id", example: { company: "Acme" } });

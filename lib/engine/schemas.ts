/**
 * zod schemas for the engine's inputs in their wire form (dates `YYYY-MM-DD`,
 * times `HH:MM`, instants ISO 8601 with an offset), parsing into the engine's
 * types (instants become epoch ms). The HTTP layer reuses them for request
 * validation and the OpenAPI document.
 */
import { z } from "zod";
import { MAX_RULES } from "./availability.js";
import { tryDayNumber, tryMinutesOfDay } from "./calendar-date.js";
import { tryParseInstant } from "./local-time.js";
import { isValidZone } from "./zone.js";
import type { AvailabilitySpec, Interval, IsoWeekday, SlotSettings } from "./types.js";

const MAX_WINDOWS_PER_DAY = 24;
export const MAX_INTERVALS = 5000;

/**
 * The spelling ICU prefers when it differs only in case (`europe/paris` →
 * `Europe/Paris`); otherwise the name as given, so that current names such as
 * `Asia/Kolkata` are not turned into ICU's legacy ids (`Asia/Calcutta`).
 */
function zoneSpelling(name: string): string {
  const icu = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  return icu.toLowerCase() === name.toLowerCase() ? icu : name;
}

export const zoneSchema = z
  .string()
  .transform((raw, ctx) => {
    const name = raw.trim();
    if (!isValidZone(name)) {
      ctx.addIssue({ code: "custom", message: `'${raw}' is not an IANA time zone (such as Europe/Paris)` });
      return z.NEVER;
    }
    return zoneSpelling(name);
  })
  .meta({ description: "IANA time zone", example: "Europe/Paris" });

export const localDateSchema = z
  .string()
  .refine((s) => tryDayNumber(s) !== undefined, { message: "must be a real date YYYY-MM-DD" })
  .meta({ description: "Calendar date in the owner's zone", example: "2031-01-06" });

const startTime = z
  .string()
  .refine((s) => tryMinutesOfDay(s, false) !== undefined, { message: "must be a time HH:MM from 00:00 to 23:59" })
  .meta({ example: "09:00" });
const endTime = z
  .string()
  .refine((s) => tryMinutesOfDay(s, true) !== undefined, { message: "must be a time HH:MM from 00:00 to 24:00" })
  .meta({ description: "24:00 is the next local midnight", example: "17:00" });

const endsAfterStart = (w: { start: string; end: string }) => (tryMinutesOfDay(w.end, true) ?? 0) > (tryMinutesOfDay(w.start, false) ?? 0);
const crossingMessage = {
  message: "end must be after start; a window crossing midnight must be split into start–24:00 and 00:00–end of the next day",
  path: ["end"],
};

export const localWindowSchema = z
  .object({ start: startTime, end: endTime })
  .refine(endsAfterStart, crossingMessage)
  .meta({ id: "LocalWindow", description: "Daily wall-clock window [start, end)" });

const windows = z.array(localWindowSchema).max(MAX_WINDOWS_PER_DAY);

export const weeklyRuleSchema = z
  .object({
    days: z
      .array(z.number().int().min(1).max(7).transform((d) => d as IsoWeekday))
      .min(1)
      .max(7)
      .meta({ description: "ISO weekdays, 1 = Monday … 7 = Sunday" }),
    windows: windows.min(1),
  })
  .meta({ id: "WeeklyRule" });

export const dateRuleSchema = z
  .object({ from: localDateSchema, to: localDateSchema, start: startTime, end: endTime })
  .refine((r) => r.from <= r.to, { message: "from must not be after to", path: ["to"] })
  .refine(endsAfterStart, crossingMessage)
  .meta({ id: "DateRule", description: "Every date from `from` to `to` (inclusive), start–end local" });

export const dateOverrideSchema = z
  .object({ date: localDateSchema, windows })
  .meta({ id: "DateOverride", description: "Other hours for one date; no windows = unavailable" });

export const instantSchema = z
  .string()
  .transform((s, ctx) => {
    const t = tryParseInstant(s);
    if (t === undefined) {
      ctx.addIssue({ code: "custom", message: "must be an ISO 8601 date-time with an offset (Z, +05:30 …)" });
      return z.NEVER;
    }
    return t;
  })
  .meta({ format: "date-time", example: "2031-01-06T09:00:00+01:00" });

export const intervalSchema = z
  .object({ start: instantSchema, end: instantSchema })
  .refine((x) => x.end > x.start, { message: "end must be after start", path: ["end"] })
  .meta({ id: "Interval", description: "Half-open [start, end)" }) as z.ZodType<Interval, { start: string; end: string }>;

export const availabilitySpecSchema = z
  .object({
    zone: zoneSchema,
    weekly: z.array(weeklyRuleSchema).optional(),
    dateRules: z.array(dateRuleSchema).optional(),
    intervals: z.array(intervalSchema).max(MAX_INTERVALS).optional(),
    overrides: z.array(dateOverrideSchema).optional(),
    blackouts: z.array(intervalSchema).max(MAX_INTERVALS).optional(),
  })
  .refine((a) => (a.weekly?.length ?? 0) + (a.dateRules?.length ?? 0) + (a.overrides?.length ?? 0) <= MAX_RULES, {
    message: `at most ${MAX_RULES} weekly rules, date rules and overrides in all`,
  })
  .meta({ id: "AvailabilitySpec" }) satisfies z.ZodType<AvailabilitySpec, unknown>;

/** A whole number of minutes, days or bookings within sensible bounds (no fractions, no 1e-131, no 1e308). */
const whole = (min: number, max: number) => z.number().int().min(min).max(max);

export const slotSettingsSchema = z
  .object({
    durationMinutes: whole(1, 1440),
    stepMinutes: whole(1, 1440).optional(),
    alignment: z.enum(["window", "clock"]).optional(),
    bufferBeforeMinutes: whole(0, 1440).optional(),
    bufferAfterMinutes: whole(0, 1440).optional(),
    minimumNoticeMinutes: whole(0, 525_600).optional(),
    horizonDays: whole(1, 3660).optional().meta({ description: "Whole days: a slot must start before now + horizonDays" }),
    maxPerDay: whole(0, 1000).optional(),
    displayZone: zoneSchema.optional(),
  })
  .meta({ id: "SlotSettings" }) satisfies z.ZodType<SlotSettings, unknown>;

import {
  availabilitySpecSchema,
  dateOverrideSchema,
  dateRuleSchema,
  intervalSchema,
  localWindowSchema,
  slotSettingsSchema,
  weeklyRuleSchema,
} from "../../../lib/engine/schemas.js";
import { availability } from "../../../lib/engine/availability.js";

const messages = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  r.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("rule schemas", () => {
  it("accept HH:MM windows with 24:00 only as an end", () => {
    expect(localWindowSchema.safeParse({ start: "00:00", end: "24:00" }).success).toBe(true);
    expect(localWindowSchema.safeParse({ start: "24:00", end: "24:00" }).success).toBe(false);
    expect(localWindowSchema.safeParse({ start: "9:00", end: "10:00" }).success).toBe(false);
    expect(localWindowSchema.safeParse({ start: "09:00", end: "24:01" }).success).toBe(false);
  });

  it("reject a window crossing midnight and say how to split it", () => {
    expect(messages(localWindowSchema.safeParse({ start: "22:00", end: "02:00" }))).toEqual([
      "end: end must be after start; a window crossing midnight must be split into start–24:00 and 00:00–end of the next day",
    ]);
  });

  it("reject impossible dates and reversed ranges", () => {
    const rule = { from: "2031-02-27", to: "2031-02-30", start: "09:00", end: "10:00" };
    expect(messages(dateRuleSchema.safeParse(rule))).toEqual(["to: must be a real date YYYY-MM-DD"]);
    expect(messages(dateRuleSchema.safeParse({ ...rule, to: "2031-02-26" }))).toEqual(["to: from must not be after to"]);
    expect(dateRuleSchema.safeParse({ ...rule, to: "2031-02-28" }).success).toBe(true);
    expect(dateOverrideSchema.safeParse({ date: "2032-02-29", windows: [] }).success).toBe(true);
    expect(dateOverrideSchema.safeParse({ date: "2031-02-29", windows: [] }).success).toBe(false);
  });

  it("check weekly rule days", () => {
    const windows = [{ start: "09:00", end: "17:00" }];
    expect(weeklyRuleSchema.safeParse({ days: [1, 7], windows }).success).toBe(true);
    expect(weeklyRuleSchema.safeParse({ days: [0], windows }).success).toBe(false);
    expect(weeklyRuleSchema.safeParse({ days: [1.5], windows }).success).toBe(false);
    expect(weeklyRuleSchema.safeParse({ days: [], windows }).success).toBe(false);
  });

  it("parse intervals with offsets into epoch ms and reject times without one", () => {
    expect(intervalSchema.parse({ start: "2031-01-06T14:30:00+05:30", end: "2031-01-06T10:00:00Z" })).toEqual({
      start: Date.parse("2031-01-06T09:00:00Z"),
      end: Date.parse("2031-01-06T10:00:00Z"),
    });
    expect(intervalSchema.safeParse({ start: "2031-01-06T09:00:00", end: "2031-01-06T10:00:00Z" }).success).toBe(false);
    expect(messages(intervalSchema.safeParse({ start: "2031-01-06T10:00:00Z", end: "2031-01-06T10:00:00Z" }))).toEqual([
      "end: end must be after start",
    ]);
  });

  it("validate a whole spec (zone, at most 200 rules) into something the engine expands", () => {
    const spec = availabilitySpecSchema.parse({
      zone: "europe/paris",
      weekly: [{ days: [1], windows: [{ start: "09:00", end: "10:00" }] }],
      blackouts: [{ start: "2031-01-06T08:30:00Z", end: "2031-01-06T08:45:00Z" }],
    });
    expect(spec.zone).toBe("Europe/Paris");
    expect(availability(spec, { from: "2031-01-06", to: "2031-01-06" })).toEqual([
      { start: Date.parse("2031-01-06T08:00:00Z"), end: Date.parse("2031-01-06T08:30:00Z") },
      { start: Date.parse("2031-01-06T08:45:00Z"), end: Date.parse("2031-01-06T09:00:00Z") },
    ]);
    expect(availabilitySpecSchema.safeParse({ zone: "Mars/Base" }).success).toBe(false);
    const many = Array.from({ length: 201 }, () => ({ from: "2031-01-01", to: "2031-01-01", start: "09:00", end: "10:00" }));
    expect(messages(availabilitySpecSchema.safeParse({ zone: "UTC", dateRules: many }))).toEqual([
      ": at most 200 weekly rules, date rules and overrides in all",
    ]);
  });

  it("validate slot settings", () => {
    expect(slotSettingsSchema.parse({ durationMinutes: 30, stepMinutes: 15, alignment: "clock", displayZone: "Asia/Kolkata" })).toEqual({
      durationMinutes: 30,
      stepMinutes: 15,
      alignment: "clock",
      displayZone: "Asia/Kolkata",
    });
    expect(slotSettingsSchema.parse({ durationMinutes: 30, displayZone: "Europe/Kyiv" }).displayZone).toBe("Europe/Kyiv"); // not ICU's Europe/Kiev
    for (const bad of [{ durationMinutes: 0 }, { durationMinutes: 30, alignment: "hour" }, { durationMinutes: 30, horizonDays: -1 }, { durationMinutes: 30, bufferBeforeMinutes: 2.5 }]) {
      expect(slotSettingsSchema.safeParse(bad).success).toBe(false);
    }
  });
});

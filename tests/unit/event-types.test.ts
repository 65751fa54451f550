import type { EventTypeRecord } from "../../lib/data/event-types-repo.js";
import type { BookingRecord } from "../../lib/data/schedules-repo.js";
import { dailyLimitGuard, guardsFor } from "../../lib/booking/time-guards.js";
import { DomainError } from "../../lib/errors.js";
import { checkAnswers } from "../../lib/event-types/answers.js";
import { resolveOffer } from "../../lib/event-types/offer.js";
import { applyPatch, eventTypeDefinitionSchema } from "../../lib/event-types/schemas.js";

const QUESTIONS = [
  { id: "company", label: "Company", type: "short_text" as const, required: true },
  { id: "agenda", label: "Agenda", type: "long_text" as const, required: false },
  { id: "size", label: "Size", type: "choice" as const, required: false, options: ["small", "large"] },
];

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error("expected a refusal");
};

describe("checkAnswers", () => {
  test("keeps trimmed answers and leaves blank optional ones out", () => {
    expect(checkAnswers(QUESTIONS, { company: " Acme ", agenda: "  ", size: "large" })).toEqual({ company: "Acme", size: "large" });
    expect(checkAnswers([], undefined)).toBeUndefined();
    expect(checkAnswers([], {})).toBeUndefined();
  });

  test("names every problem at once", () => {
    const error = refusal(() => checkAnswers(QUESTIONS, { size: "medium", extra: "x", agenda: "y".repeat(5001) }));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: "invalid", code: "invalid_answers" });
    expect((error.details as { question: string }[]).map((p) => p.question).sort()).toEqual(["agenda", "company", "extra", "size"]);
  });

  test("a short answer is at most 300 characters, a long one 5,000", () => {
    expect(checkAnswers(QUESTIONS, { company: "x".repeat(300) })).toEqual({ company: "x".repeat(300) });
    expect(refusal(() => checkAnswers(QUESTIONS, { company: "x".repeat(301) })).code).toBe("invalid_answers");
    expect(checkAnswers(QUESTIONS, { company: "a", agenda: "y".repeat(5000) })?.agenda).toHaveLength(5000);
  });

  test("inherited names are not questions", () => {
    expect(refusal(() => checkAnswers(QUESTIONS, JSON.parse('{"company":"a","__proto__":"x"}'))).code).toBe("invalid_answers");
    expect(refusal(() => checkAnswers([], { toString: "x" })).code).toBe("invalid_answers");
  });
});

const stored = (fields: Partial<EventTypeRecord> = {}): EventTypeRecord => ({
  ownerId: "ann",
  slug: "intro",
  title: "Intro",
  durationMinutes: [30, 60],
  questions: [],
  hidden: false,
  version: 1,
  createdAt: "2031-01-01T00:00:00Z",
  updatedAt: "2031-01-01T00:00:00Z",
  ...fields,
});

const booking = (start: string, eventType?: string): BookingRecord =>
  ({ bookingId: start, start: Date.parse(start), end: Date.parse(start) + 1_800_000, ...(eventType ? { eventType } : {}) }) as BookingRecord;

describe("resolveOffer", () => {
  const owner = { durationMinutes: 45, bufferAfterMinutes: 5, maxPerDay: 2 };

  test("no event type, or `default`: the owner's settings; a length other than theirs is a 400", () => {
    expect(resolveOffer(owner, undefined, undefined).settings).toEqual(owner);
    expect(resolveOffer(owner, undefined, { slug: "default", durationMinutes: 45 }).settings).toEqual(owner);
    expect(refusal(() => resolveOffer(owner, undefined, { durationMinutes: 30 })).code).toBe("duration_not_offered");
  });

  test("a stored type: its fields as settings, the length asked for, else the preferred one, else the first", () => {
    const type = stored({ bufferBeforeMinutes: 10, horizonDays: 30, stepMinutes: 15, alignment: "clock" });
    expect(resolveOffer(owner, type, { slug: "intro" }).settings).toEqual({
      durationMinutes: 30,
      bufferBeforeMinutes: 10,
      horizonDays: 30,
      stepMinutes: 15,
      alignment: "clock",
    });
    expect(resolveOffer(owner, type, { slug: "intro", durationMinutes: 60 }).settings.durationMinutes).toBe(60);
    expect(resolveOffer(owner, type, { slug: "intro" }, 60).settings.durationMinutes).toBe(60);
    expect(resolveOffer(owner, type, { slug: "intro" }, 45).settings.durationMinutes).toBe(30);
    expect(refusal(() => resolveOffer(owner, type, { slug: "intro", durationMinutes: 45 })).code).toBe("duration_not_offered");
    expect(refusal(() => resolveOffer(owner, undefined, { slug: "intro" })).code).toBe("event_type_not_found");
  });

  test("each type counts its own bookings per owner-local date; the default type those without a type", () => {
    const bookings = [
      booking("2031-01-06T09:00:00Z"),
      booking("2031-01-06T23:30:00Z", "intro"),
      booking("2031-01-07T09:00:00Z", "intro"),
      booking("2031-01-06T10:00:00Z", "other"),
    ];
    expect(resolveOffer(owner, undefined, undefined).countsPerDay(bookings, "UTC")).toEqual({ "2031-01-06": 1 });
    // 23:30 UTC is the next day in Paris.
    expect(resolveOffer(owner, stored(), { slug: "intro" }).countsPerDay(bookings, "Europe/Paris")).toEqual({ "2031-01-07": 2 });
  });
});

describe("guards across event types", () => {
  test("a type's daily limit has its own day guard; the default type keeps the plain date", () => {
    expect(dailyLimitGuard("2031-01-06", undefined)).toBe("2031-01-06");
    expect(dailyLimitGuard("2031-01-06", "intro")).toBe("2031-01-06#intro");
    const hour = 3_600_000;
    const t = Date.UTC(2031, 0, 6, 9);
    // A 30-minute booking with 30 minutes after and a 60-minute one starting at its end share the 09 hour.
    const short = guardsFor({ start: t, end: t + hour }, undefined);
    const long = guardsFor({ start: t + hour / 2, end: t + 1.5 * hour }, dailyLimitGuard("2031-01-06", "long"));
    expect(short.filter((guard) => long.includes(guard))).toEqual(["2031-01-06T09"]);
  });
});

describe("definitions", () => {
  test("a stored definition parses again as it is, and a change removes fields with null", () => {
    const definition = eventTypeDefinitionSchema.parse({
      title: "Intro",
      durationMinutes: 30,
      maxPerDay: 3,
      questions: [{ id: "q", label: "Q", type: "choice", options: ["a"] }],
    });
    expect(definition).toEqual({
      title: "Intro",
      durationMinutes: [30],
      maxPerDay: 3,
      questions: [{ id: "q", label: "Q", type: "choice", required: false, options: ["a"] }],
      hidden: false,
    });
    expect(eventTypeDefinitionSchema.parse(definition)).toEqual(definition);
    expect(applyPatch(definition, { maxPerDay: null, title: "New" })).toEqual({ ...definition, title: "New", maxPerDay: undefined });
  });
});

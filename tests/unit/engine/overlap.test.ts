import fc from "fast-check";
import { cutIntoSlots, overlap, overlapSlots, type PersonSchedule } from "../../../lib/engine/overlap.js";
import type { Interval } from "../../../lib/engine/types.js";
import { Bitmap } from "./support/oracle.js";
import { propertyRuns } from "../../support/property-runs.js";

const Z = (iso: string) => Date.parse(iso);
const iv = (a: string, b: string): Interval => ({ start: Z(a), end: Z(b) });
const H = 3_600_000;

describe("overlap of N people", () => {
  const range = iv("2031-01-06T00:00:00Z", "2031-01-08T00:00:00Z");

  it("finds when everyone is free, across zones, minus bookings and calendar busy time", () => {
    const ann: PersonSchedule = {
      availability: { zone: "Europe/Paris", weekly: [{ days: [1, 2], windows: [{ start: "09:00", end: "17:00" }] }] }, // 08–16Z
      bookings: [{ ...iv("2031-01-06T10:00:00Z", "2031-01-06T11:00:00Z"), bufferAfterMinutes: 15 }],
    };
    const bob: PersonSchedule = {
      availability: { zone: "America/New_York", weekly: [{ days: [1], windows: [{ start: "08:00", end: "12:00" }] }] }, // 13–17Z
      calendarBusy: [iv("2031-01-06T14:00:00Z", "2031-01-06T14:30:00Z")],
    };
    const cat: PersonSchedule = { availability: [iv("2031-01-06T09:00:00Z", "2031-01-06T18:00:00Z")] };
    expect(overlap([ann, bob, cat], { range })).toEqual([iv("2031-01-06T13:00:00Z", "2031-01-06T14:00:00Z"), iv("2031-01-06T14:30:00Z", "2031-01-06T16:00:00Z")]);
    expect(overlap([ann, bob, cat], { range, minLengthMinutes: 61 })).toEqual([iv("2031-01-06T14:30:00Z", "2031-01-06T16:00:00Z")]);
    expect(overlap([ann, cat], { range, now: Z("2031-01-06T10:30:00Z") })).toEqual([iv("2031-01-06T11:15:00Z", "2031-01-06T16:00:00Z")]);
  });

  it("excludes intervals that only touch, and gives nothing for no people", () => {
    const a: PersonSchedule = { availability: [iv("2031-01-06T09:00:00Z", "2031-01-06T10:00:00Z")] };
    const b: PersonSchedule = { availability: [iv("2031-01-06T10:00:00Z", "2031-01-06T11:00:00Z")] };
    expect(overlap([a, b], { range })).toEqual([]);
    expect(overlap([], { range })).toEqual([]);
    expect(overlap([a], { range, now: Z("2031-01-09T00:00:00Z") })).toEqual([]);
  });

  it("cuts common time into meeting slots from each interval's start or on a zone's clock", () => {
    const a: PersonSchedule = { availability: [iv("2031-01-06T09:10:00Z", "2031-01-06T11:40:00Z")] };
    const b: PersonSchedule = { availability: [iv("2031-01-06T08:00:00Z", "2031-01-06T12:00:00Z")] };
    const starts = (xs: Interval[]) => xs.map((x) => new Date(x.start).toISOString().slice(11, 16));
    expect(starts(overlapSlots([a, b], { range, slot: { durationMinutes: 60 } }))).toEqual(["09:10", "10:10"]);
    expect(starts(overlapSlots([a, b], { range, slot: { durationMinutes: 60, stepMinutes: 30, alignment: "clock" } }))).toEqual(["09:30", "10:00", "10:30"]);
    expect(starts(overlapSlots([a, b], { range, slot: { durationMinutes: 60, alignment: "clock", zone: "Asia/Kolkata" } }))).toEqual(["09:30", "10:30"]);
  });
});

describe("overlap agrees with a minute-grid model", () => {
  const BASE = Z("2031-01-06T00:00:00Z");
  const M = 60_000;
  const span = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: -2, max: 30 })).map(([s, l]) => ({ start: BASE + s * 5 * M, end: BASE + (s + l) * 5 * M }));
  const person = fc.record({
    availability: fc.array(span, { maxLength: 5 }),
    bookings: fc.array(fc.tuple(span, fc.constantFrom(0, 5, 10)).map(([x, b]) => ({ ...x, bufferBeforeMinutes: b, bufferAfterMinutes: b })), { maxLength: 3 }),
    calendarBusy: fc.array(span, { maxLength: 3 }),
  });
  const toMin = (xs: Interval[]) => xs.map((x) => ({ start: (x.start - BASE) / M, end: (x.end - BASE) / M }));

  it("common free time, minimum length and slots", () => {
    fc.assert(
      fc.property(
        fc.array(person, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 700 }),
        fc.constantFrom(0, 15, 30),
        fc.constantFrom(10, 15, 30),
        fc.constantFrom(5, 15, 20),
        (people, nowMin, minLen, dur, step) => {
          let all: Bitmap | undefined;
          for (const p of people) {
            const free = Bitmap.of(-60, 800, toMin(p.availability));
            for (const b of p.bookings) if (b.end > b.start) free.fill((b.start - BASE) / M - b.bufferBeforeMinutes, (b.end - BASE) / M + b.bufferAfterMinutes, 0);
            for (const c of p.calendarBusy) free.fill((c.start - BASE) / M, (c.end - BASE) / M, 0);
            all = all ? all.map2(free, (x, y) => x && y) : free;
          }
          all!.fill(-60, nowMin, 0);
          const expected = all!.runs().filter((r) => r.end - r.start >= minLen);
          const options = { range: { start: BASE - 10 * H, end: BASE + 20 * H }, now: BASE + nowMin * M, minLengthMinutes: minLen };
          expect(toMin(overlap(people, options))).toEqual(expected);
          const slots: Interval[] = [];
          for (const r of expected) for (let t = r.start; t + dur <= r.end; t += step) slots.push({ start: t, end: t + dur });
          expect(toMin(overlapSlots(people, { ...options, slot: { durationMinutes: dur, stepMinutes: step } }))).toEqual(slots);
        },
      ),
      { numRuns: propertyRuns(2000) },
    );
  });

  it("cutting never yields a slot outside its interval", () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 6 }), fc.constantFrom(5, 15, 25), (xs, dur) => {
        const slots = cutIntoSlots(xs, { durationMinutes: dur, stepMinutes: 5, alignment: "clock" });
        const cover = Bitmap.of(0, 700, toMin(xs));
        for (const s of toMin(slots)) {
          expect(cover.all(s.start, s.end)).toBe(true);
          expect(s.start % 5).toBe(0);
        }
      }),
      { numRuns: propertyRuns(1000) },
    );
  });
});

import {
  availability,
  availabilityBetween,
  expandRules,
  overlappingDateRules,
} from "../../../lib/engine/availability.js";
import { EngineInputError } from "../../../lib/engine/errors.js";
import type { AvailabilitySpec, DateRule } from "../../../lib/engine/types.js";

const Z = (iso: string) => Date.parse(iso);
const iv = (a: string, b: string) => ({ start: Z(a), end: Z(b) });
const WEEKDAYS = [1, 2, 3, 4, 5] as const;

describe("rule expansion", () => {
  it("expands weekly rules with several windows per day in the owner's zone", () => {
    const spec: AvailabilitySpec = {
      zone: "Europe/Paris",
      weekly: [{ days: [...WEEKDAYS], windows: [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "17:00" }] }],
    };
    // 2031-01-10 is a Friday, 2031-01-11 a Saturday.
    expect(availability(spec, { from: "2031-01-10", to: "2031-01-11" })).toEqual([
      iv("2031-01-10T08:00:00Z", "2031-01-10T11:00:00Z"),
      iv("2031-01-10T12:00:00Z", "2031-01-10T16:00:00Z"),
    ]);
  });

  it("expands the seed's date-range rules, end date inclusive", () => {
    const spec: AvailabilitySpec = { zone: "UTC", dateRules: [{ from: "2030-12-01", to: "2030-12-03", start: "09:00", end: "12:00" }] };
    expect(availability(spec, { from: "2030-11-30", to: "2030-12-05" })).toEqual([
      iv("2030-12-01T09:00:00Z", "2030-12-01T12:00:00Z"),
      iv("2030-12-02T09:00:00Z", "2030-12-02T12:00:00Z"),
      iv("2030-12-03T09:00:00Z", "2030-12-03T12:00:00Z"),
    ]);
  });

  it("merges duplicate, overlapping and touching rules of one date into one window", () => {
    const spec: AvailabilitySpec = {
      zone: "UTC",
      weekly: [{ days: [1], windows: [{ start: "09:00", end: "11:00" }, { start: "09:00", end: "11:00" }] }],
      dateRules: [
        { from: "2031-01-06", to: "2031-01-06", start: "10:30", end: "12:00" },
        { from: "2031-01-06", to: "2031-01-06", start: "12:00", end: "13:00" },
      ],
    };
    expect(expandRules(spec, { from: "2031-01-06", to: "2031-01-06" })).toEqual([
      { ...iv("2031-01-06T09:00:00Z", "2031-01-06T13:00:00Z"), date: "2031-01-06" },
    ]);
  });

  it("lets an override replace a date's rule hours, or empty it", () => {
    const spec: AvailabilitySpec = {
      zone: "UTC",
      weekly: [{ days: [1, 2], windows: [{ start: "09:00", end: "17:00" }] }],
      overrides: [
        { date: "2031-01-06", windows: [{ start: "14:00", end: "15:00" }] },
        { date: "2031-01-06", windows: [{ start: "16:00", end: "18:00" }] },
        { date: "2031-01-07", windows: [] },
      ],
    };
    expect(availability(spec, { from: "2031-01-06", to: "2031-01-07" })).toEqual([
      iv("2031-01-06T14:00:00Z", "2031-01-06T15:00:00Z"),
      iv("2031-01-06T16:00:00Z", "2031-01-06T18:00:00Z"),
    ]);
  });

  it("adds explicit intervals, removes blackouts, and clips to the requested dates", () => {
    const spec: AvailabilitySpec = {
      zone: "Asia/Kolkata",
      weekly: [{ days: [1], windows: [{ start: "09:00", end: "17:00" }] }],
      intervals: [iv("2031-01-05T20:00:00Z", "2031-01-06T02:00:00Z"), iv("2031-01-06T11:30:00Z", "2031-01-06T12:30:00Z")],
      blackouts: [iv("2031-01-06T05:00:00Z", "2031-01-06T06:00:00Z")],
    };
    // 2031-01-06 in Kolkata is 2031-01-05T18:30Z … 2031-01-06T18:30Z.
    expect(availability(spec, { from: "2031-01-06", to: "2031-01-06" })).toEqual([
      iv("2031-01-05T20:00:00Z", "2031-01-06T02:00:00Z"),
      iv("2031-01-06T03:30:00Z", "2031-01-06T05:00:00Z"),
      iv("2031-01-06T06:00:00Z", "2031-01-06T12:30:00Z"), // 17:00 local = 11:30Z touches the interval
    ]);
  });

  it("cuts windows at the owner's local midnight but joins availability across it", () => {
    const spec: AvailabilitySpec = {
      zone: "UTC",
      weekly: [
        { days: [1], windows: [{ start: "22:00", end: "24:00" }] },
        { days: [2], windows: [{ start: "00:00", end: "02:00" }] },
      ],
    };
    expect(expandRules(spec, { from: "2031-01-06", to: "2031-01-07" })).toEqual([
      { ...iv("2031-01-06T22:00:00Z", "2031-01-07T00:00:00Z"), date: "2031-01-06" },
      { ...iv("2031-01-07T00:00:00Z", "2031-01-07T02:00:00Z"), date: "2031-01-07" },
    ]);
    expect(availability(spec, { from: "2031-01-06", to: "2031-01-07" })).toEqual([iv("2031-01-06T22:00:00Z", "2031-01-07T02:00:00Z")]);
  });

  it("expands over a UTC range whatever local dates it covers", () => {
    const spec: AvailabilitySpec = { zone: "Pacific/Chatham", weekly: [{ days: [1, 2, 3, 4, 5, 6, 7], windows: [{ start: "09:00", end: "10:00" }] }] };
    // 09:00 +13:45 on 2031-01-07 is 2031-01-06T19:15Z.
    expect(availabilityBetween(spec, iv("2031-01-06T19:30:00Z", "2031-01-07T20:00:00Z"))).toEqual([
      iv("2031-01-06T19:30:00Z", "2031-01-06T20:15:00Z"),
      iv("2031-01-07T19:15:00Z", "2031-01-07T20:00:00Z"),
    ]);
    expect(availabilityBetween(spec, iv("2031-01-07T00:00:00Z", "2031-01-07T00:00:00Z"))).toEqual([]);
  });

  it("gives nothing for an owner without rules", () => {
    expect(availability({ zone: "UTC" }, { from: "2031-01-01", to: "2031-12-31" })).toEqual([]);
  });
});

describe("rule validation", () => {
  const expand = (spec: AvailabilitySpec) => () => availability(spec, { from: "2031-01-06", to: "2031-01-06" });

  it("rejects a window crossing midnight (it is not split) and says how to write it", () => {
    const spec: AvailabilitySpec = { zone: "UTC", weekly: [{ days: [1], windows: [{ start: "22:00", end: "02:00" }] }] };
    expect(expand(spec)).toThrow(EngineInputError);
    expect(expand(spec)).toThrow("weekly[0].windows[0]: window 22:00–02:00 does not end after it starts; a window crossing midnight must be split into 22:00–24:00 and 00:00–02:00 of the next day");
  });

  it.each([
    ["an empty window", { start: "09:00", end: "09:00" }],
    ["24:00 as a start", { start: "24:00", end: "24:00" }],
    ["a bad time", { start: "9:00", end: "10:00" }],
    ["minutes over 59", { start: "09:60", end: "10:00" }],
    ["24:30", { start: "09:00", end: "24:30" }],
  ])("rejects %s", (_what, window) => {
    expect(expand({ zone: "UTC", dateRules: [{ from: "2031-01-06", to: "2031-01-06", ...window }] })).toThrow(EngineInputError);
  });

  it("accepts 24:00 as an end and 00:00 as a start", () => {
    expect(expand({ zone: "UTC", overrides: [{ date: "2031-01-06", windows: [{ start: "00:00", end: "24:00" }] }] })()).toEqual([
      iv("2031-01-06T00:00:00Z", "2031-01-07T00:00:00Z"),
    ]);
  });

  it("rejects impossible dates, reversed date ranges, bad weekdays, unknown zones and too many rules", () => {
    const rule = (from: string, to: string): DateRule => ({ from, to, start: "09:00", end: "10:00" });
    expect(expand({ zone: "UTC", dateRules: [rule("2031-02-30", "2031-03-01")] })).toThrow(/dateRules\[0\]\.from: "2031-02-30" is not a date/);
    expect(expand({ zone: "UTC", dateRules: [rule("2031-03-02", "2031-03-01")] })).toThrow(/after/);
    expect(expand({ zone: "UTC", weekly: [{ days: [0 as 1], windows: [] }] })).toThrow(/ISO weekday/);
    expect(expand({ zone: "Europe/Pariss" })).toThrow(/IANA/);
    expect(expand({ zone: "UTC", dateRules: Array.from({ length: 201 }, () => rule("2031-01-01", "2031-01-02")) })).toThrow(/at most 200/);
    expect(() => availability({ zone: "UTC" }, { from: "2031-01-07", to: "2031-01-06" })).toThrow(/after/);
    expect(() => availability({ zone: "UTC" }, { from: "2001-01-01", to: "2031-01-01" })).toThrow(/at most 3700 dates/);
  });
});

describe("the seed's overlap check for date rules", () => {
  const rule = (from: string, to: string, start: string, end: string): DateRule => ({ from, to, start, end });

  it("finds overlapping and identical rules, and lets touching ones be", () => {
    const rules = [
      rule("2030-12-01", "2030-12-05", "09:00", "12:00"),
      rule("2030-12-05", "2030-12-06", "11:00", "13:00"), // overlaps #0 on 12-05 11:00–12:00
      rule("2030-12-01", "2030-12-05", "12:00", "14:00"), // touches #0, overlaps #1 on 12-05
      rule("2030-12-06", "2030-12-09", "09:00", "11:00"), // touches #1 in time only
      rule("2030-12-10", "2030-12-10", "09:00", "12:00"),
      rule("2030-12-10", "2030-12-10", "09:00", "12:00"), // identical to #4
    ];
    expect(overlappingDateRules(rules)).toEqual([
      [0, 1],
      [1, 2],
      [4, 5],
    ]);
    expect(overlappingDateRules([])).toEqual([]);
  });
});
